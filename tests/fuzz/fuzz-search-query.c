/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-search-query.h"
#include "bs-sqlite-store.h"
#include "bs-store.h"
#include "fuzz.h"

/* A shopper's search text, as far as the route lets it through (UTF-8, no NUL, at
 * most BS_SEARCH_MAX_LENGTH characters), run against a real FTS5 index: no text may
 * come out as FTS5 or SQL syntax, so every search answers, with or without hits. */

static BsStore *
open_store (void)
{
  static const char *names[] = { "Database Design for Mere Mortals", "The Classic Fairy Tales",
                                 "NEAR AND FAR: a \"quoted\" title", "Ünïcödé — 本 OR NOT" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  BsStore *store = bs_store_open (":memory:", &error);

  g_assert_no_error (error);
  g_assert_true (bs_store_migrate (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i + 1);

      g_ptr_array_add (books, bs_book_record_new (id, names[i], "Author Name", "Category", 1000, 40));
    }
  g_assert_true (bs_store_upsert_books (store, books, NULL, &error));
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static BsStore *store;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(BsSearchQuery) query = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autoptr(GError) error = NULL;

  if (strlen (text) != size || !g_utf8_validate (text, -1, NULL) ||
      g_utf8_strlen (text, -1) > BS_SEARCH_MAX_LENGTH)
    return 0;
  if (store == NULL)
    store = open_store ();

  query = bs_search_query_new (text);
  books = bs_store_search_books (store, text, 0, 20, &error);
  if (books == NULL)
    g_error ("Search for “%s” failed: %s", text, error->message);
  g_assert_true (query != NULL || books->len == 0);
  return 0;
}
