/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A shopper's search text as FTS5 queries of the books_by_word index. Every word is a
 * quoted FTS5 string, so no user text is ever FTS syntax; the queries are bound as
 * parameters, never pasted into SQL. */
typedef struct
{
  char *match;           /* every word by stem, the last one also as a prefix from 2 characters */
  char *phrase;          /* all words as one phrase, by stem */
  char *single_word;     /* (nullable): the word as typed, when there is only one */
} BsSearchQuery;

#define BS_SEARCH_MIN_PREFIX 2

BsSearchQuery *bs_search_query_new  (const char    *text);
void           bs_search_query_free (BsSearchQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsSearchQuery, bs_search_query_free)

G_END_DECLS
