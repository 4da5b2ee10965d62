/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-search-query"

#include "config.h"

#include "bs-search-query.h"
#include "bs-search-tokenizer.h"
#include "bs-search-words.h"

/* Returns NULL when @text holds no word at all (only punctuation, say). @text must be
 * valid UTF-8. Words hold only letters, numbers and marks, so quoting cannot be
 * escaped. */
BsSearchQuery *
bs_search_query_new (const char *text)
{
  g_autoptr(GPtrArray) words = NULL;
  BsSearchQuery *query;
  const char *last;
  GString *match;
  GString *phrase;

  g_return_val_if_fail (text != NULL && g_utf8_validate (text, -1, NULL), NULL);

  words = bs_search_words_split (text);
  if (words->len == 0)
    return NULL;

  query = g_new0 (BsSearchQuery, 1);
  last = g_ptr_array_index (words, words->len - 1);
  match = g_string_new (NULL);
  for (guint i = 0; i + 1 < words->len; i++)
    g_string_append_printf (match, "\"%s\" AND ", (char *) g_ptr_array_index (words, i));
  if (g_utf8_strlen (last, -1) >= BS_SEARCH_MIN_PREFIX)
    g_string_append_printf (match, "(\"%s\" OR \"" BS_SEARCH_AS_WRITTEN "%s\"*)", last, last);
  else
    g_string_append_printf (match, "\"%s\"", last);
  query->match = g_string_free (match, FALSE);

  phrase = g_string_new ("\"");
  for (guint i = 0; i < words->len; i++)
    g_string_append_printf (phrase, "%s%s", i > 0 ? " " : "", (char *) g_ptr_array_index (words, i));
  g_string_append_c (phrase, '"');
  query->phrase = g_string_free (phrase, FALSE);
  if (words->len == 1)
    query->single_word = g_strdup (last);
  return query;
}

void
bs_search_query_free (BsSearchQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->match);
  g_free (query->phrase);
  g_free (query->single_word);
  g_free (query);
}
