/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-search-query"

#include "config.h"

#include "bs-search-query.h"
#include "bs-search-tokenizer.h"

/* What FTS5's unicode61 tokenizer keeps in a token: letters, numbers and marks. */
static gboolean
is_token_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
    default:
      return FALSE;
    }
}

static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gboolean in_word = *p != '\0' && is_token_char (g_utf8_get_char (p));

      if (in_word && start == NULL)
        start = p;
      else if (!in_word && start != NULL)
        {
          g_ptr_array_add (words, g_strndup (start, p - start));
          start = NULL;
        }
      if (*p == '\0')
        break;
    }
  return words;
}

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

  words = split_words (text);
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
