/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* Marks a word as written (folded, not stemmed), in the index and in queries. It is a
 * control character, so no word of a shopper's search can hold it. */
#define BS_SEARCH_AS_WRITTEN "\x01"

gboolean bs_search_tokenizer_register (sqlite3  *db,
                                       GError  **error);

G_END_DECLS
