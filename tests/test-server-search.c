/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-catalog-file.h"
#include "bs-synthetic-catalog.h"
#include "bs-natural-order.h"
#include "bs-search-query.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* GET /api/search on the demo catalog: stemming, search as you type, ranking, paging,
 * hostile input, and indexes that follow the catalog. */

static BsTestServer *shop;

static GPtrArray *
search (const char *encoded_query)
{
  g_autofree char *path = g_strconcat ("/api/search?q=", encoded_query, NULL);
  g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", path, NULL, NULL);
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *books;

  g_assert_cmpuint (response->status, ==, 200);
  root = bs_test_response_json (response);
  books = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (books); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                            json_array_get_object_element (books, i), "bookId")));
  return ids;
}

static gboolean
contains (GPtrArray  *ids,
          const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

static GPtrArray *
category_ids (const char *encoded_category)
{
  g_autofree char *path = g_strconcat ("/api/books?category=", encoded_category, NULL);
  g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", path, NULL, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);
  JsonArray *books = json_node_get_array (root);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (books); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                            json_array_get_object_element (books, i), "bookId")));
  return ids;
}

static void
upsert (const char *book_id,
        const char *name,
        const char *author)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (shop->db_path, &error);
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);

  g_assert_no_error (error);
  g_ptr_array_add (books, bs_book_record_new (book_id, name, author, "Cookbooks", 999, 40));
  bs_store_upsert_books (store, books, NULL, &error);
  g_assert_no_error (error);
}

static void
test_stemming (void)
{
  g_autoptr(GPtrArray) databases = search ("databases");
  g_autoptr(GPtrArray) recipe = search ("recipe");
  g_autoptr(GPtrArray) cooked = NULL;

  /* "databases" finds "Database …" titles and the Database category by their stem. */
  g_assert_true (contains (databases, "b5"));
  g_assert_true (contains (databases, "b40"));
  g_assert_true (contains (recipe, "b2"));
  g_assert_true (contains (recipe, "b3"));

  upsert ("stem-1", "Cooking for Two", "Sam Sifton");
  cooked = search ("cooked");
  g_assert_cmpuint (cooked->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (cooked, 0), ==, "stem-1");
}

/* Every prefix of the last word from 2 characters on keeps the Home Improvement books,
 * even where stems would not ("Improvem"). */
static void
test_search_as_you_type (void)
{
  const char *word = "Improvement";
  g_autoptr(GPtrArray) expected = category_ids ("Home%20Improvement");

  g_assert_cmpuint (expected->len, ==, 12);
  for (gsize length = 2; length <= strlen (word); length++)
    {
      g_autofree char *prefix = g_strndup (word, length);
      g_autofree char *query = g_strconcat ("Home%20", prefix, NULL);
      g_autoptr(GPtrArray) found = search (query);

      g_test_message ("Home %s", prefix);
      for (guint i = 0; i < expected->len; i++)
        g_assert_true (contains (found, g_ptr_array_index (expected, i)));
    }
}

static void
test_ranking (void)
{
  const struct {
    const char *query;
    const char *first;
    guint max_results;   /* 0: any number */
  } cases[] = {
    { "garten%20cookbook", "b1", 1 },
    { "Recursion", "b13", 0 },
    { "Database%20Design%20for%20Mere%20Mortals%3A%20A%20Hands-On%20Guide%20to%20Relational%20"
      "Database%20Design", "b5", 0 },
    { "Woodwork%20Joints", "b84", 0 },
    { "Blake%20Crouch", "b13", 0 },
    { "Ina%20Garten", "b1", 0 },
    { "seven%20databases", "b40", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = search (cases[i].query);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpuint (found->len, >, 0);
      g_assert_cmpstr (g_ptr_array_index (found, 0), ==, cases[i].first);
      if (cases[i].max_results > 0)
        g_assert_cmpuint (found->len, <=, cases[i].max_results);
    }
}

static void
test_every_word_must_match (void)
{
  g_autoptr(GPtrArray) both = search ("garten%20zebra");

  g_assert_cmpuint (both->len, ==, 0);
}

static void
test_paging_is_stable (void)
{
  g_autoptr(BsTestResponse) whole = bs_test_request (shop, "GET", "/api/search?q=the&limit=15",
                                                     NULL, NULL);
  g_autoptr(GString) joined = g_string_new ("[");

  g_assert_cmpuint (whole->status, ==, 200);
  for (guint offset = 0; offset < 15; offset += 5)
    {
      g_autofree char *path = g_strdup_printf ("/api/search?q=the&offset=%u&limit=5", offset);
      g_autoptr(BsTestResponse) page = bs_test_request (shop, "GET", path, NULL, NULL);
      const char *text = bs_test_response_text (page);

      g_assert_cmpuint (page->status, ==, 200);
      if (offset > 0)
        g_string_append_c (joined, ',');
      g_string_append_len (joined, text + 1, strlen (text) - 2);
    }
  g_string_append_c (joined, ']');
  g_assert_cmpstr (joined->str, ==, bs_test_response_text (whole));
}

static void
test_hostile_input (void)
{
  g_autofree char *longest = g_strnfill (256, 'a');
  g_autofree char *too_long = g_strnfill (257, 'a');
  g_autofree char *longest_query = g_strconcat ("/api/search?q=", longest, NULL);
  g_autofree char *too_long_query = g_strconcat ("/api/search?q=", too_long, NULL);
  const struct {
    const char *path;
    guint status;
  } cases[] = {
    { "/api/search?q=%22", 200 },
    { "/api/search?q=*", 200 },
    { "/api/search?q=a*", 200 },
    { "/api/search?q=NEAR(", 200 },
    { "/api/search?q=NEAR(a%20b)", 200 },
    { "/api/search?q=-", 200 },
    { "/api/search?q=-garten", 200 },
    { "/api/search?q=%5E", 200 },
    { "/api/search?q=:", 200 },
    { "/api/search?q=name:x", 200 },
    { "/api/search?q=name:garten", 200 },
    { "/api/search?q=%27%3B%20DROP%20TABLE%20books%3B%20--", 200 },
    { "/api/search?q=garten%20AND%20OR%20NOT", 200 },
    { "/api/search?q=%22unterminated", 200 },
    { "/api/search?q=(%20)%20%7B%7D%20%5B%5D", 200 },
    { "/api/search?q=%E2%80%94%E2%80%94", 200 },
    { "/api/search?q=caf%C3%A9", 200 },
    { longest_query, 200 },
    { too_long_query, 400 },
    { "/api/search?q=%FF%FE", 400 },
    { "/api/search?q=", 400 },
    { "/api/search?q=%20%20", 400 },
    { "/api/search", 400 },
    { "/api/search?q=garten&limit=0", 400 },
    { "/api/search?q=garten&offset=-3", 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", cases[i].path, NULL, NULL);

      g_test_message ("%s", cases[i].path);
      g_assert_cmpuint (response->status, ==, cases[i].status);
      if (cases[i].status == 400)
        bs_test_assert_error (response, 400, NULL);
    }

  /* "name:garten" is two words, not a column filter: Ina Garten's name field has no "name". */
  {
    g_autoptr(GPtrArray) column = search ("name:garten");
    g_assert_cmpuint (column->len, ==, 0);
  }
  {
    g_autoptr(BsTestResponse) books = bs_test_request (shop, "GET", "/api/books?limit=1", NULL, NULL);
    g_assert_cmpuint (books->status, ==, 200);
  }
}

static void
test_indexes_follow_the_catalog (void)
{
  g_autoptr(GPtrArray) before = search ("zymurgy");
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) old_word = NULL;
  g_autoptr(GPtrArray) new_word = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;

  g_assert_cmpuint (before->len, ==, 0);
  upsert ("idx-1", "Zymurgy for Brewers", "Hop Smith");
  added = search ("zymur");
  g_assert_cmpuint (added->len, ==, 1);

  upsert ("idx-1", "Fermentation for Brewers", "Hop Smith");
  old_word = search ("zymurgy");
  new_word = search ("fermentation");
  g_assert_cmpuint (old_word->len, ==, 0);
  g_assert_true (contains (new_word, "idx-1"));

  store = bs_store_open (shop->db_path, &error);
  g_assert_no_error (error);
  bs_store_remove_book (store, "idx-1", &error);
  g_assert_no_error (error);
  removed = search ("fermentation");
  g_assert_false (contains (removed, "idx-1"));
}

static void
test_synthetic_books_are_searchable (void)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (shop->db_path, &error);
  g_autoptr(GPtrArray) books = NULL;
  const BsBookRecord *s7;
  g_autofree char *escaped = NULL;

  g_assert_no_error (error);
  books = bs_synthetic_catalog_new (50);
  bs_store_upsert_books (store, books, NULL, &error);
  g_assert_no_error (error);
  s7 = g_ptr_array_index (books, 6);
  escaped = g_uri_escape_string (s7->name, NULL, FALSE);
  found = search (escaped);
  g_assert_cmpuint (found->len, >, 0);
  g_assert_cmpstr (g_ptr_array_index (found, 0), ==, "s7");
}

static void
test_natural_order (void)
{
  const struct {
    const char *a;
    const char *b;
    int sign;
  } cases[] = {
    { "b9", "b10", -1 }, { "b10", "b9", 1 }, { "b10", "b10", 0 }, { "b2", "b2a", -1 },
    { "a", "b", -1 }, { "b007", "b7", 0 }, { "s100", "s99", 1 }, { "", "a", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int result = bs_natural_compare (cases[i].a, strlen (cases[i].a), cases[i].b, strlen (cases[i].b));

      g_assert_cmpint (result < 0 ? -1 : result > 0 ? 1 : 0, ==, cases[i].sign);
    }
}

static void
test_query_quoting (void)
{
  g_autoptr(BsSearchQuery) query = bs_search_query_new ("name:x \"NEAR( a*b -c ^d");
  g_autoptr(BsSearchQuery) nothing = bs_search_query_new ("*** \" ( )");
  g_autoptr(BsSearchQuery) short_last = bs_search_query_new ("home i");
  g_autoptr(BsSearchQuery) prefix = bs_search_query_new ("ga");

  g_assert_cmpstr (query->match, ==,
                   "\"name\" AND \"x\" AND \"NEAR\" AND \"a\" AND \"b\" AND \"c\" AND \"d\"");
  g_assert_cmpstr (query->phrase, ==, "\"name x NEAR a b c d\"");
  g_assert_null (query->single_word);
  g_assert_null (nothing);
  g_assert_cmpstr (short_last->match, ==, "\"home\" AND \"i\"");
  g_assert_cmpstr (prefix->match, ==, "(\"ga\" OR \"\001ga\"*)");
  g_assert_cmpstr (prefix->single_word, ==, "ga");
}

/* A search past its budget answers 503 with Retry-After, in JSON, and the shop goes on
 * answering. (A budget of a microsecond is spent before a search for a prefix that
 * half the demo catalog's books hold is done.) */
static void
test_over_budget (void)
{
  g_autoptr(BsTestServer) hurried = bs_test_server_new_configured (&(BsServerConfig) {
    .n_threads = 1,
    .demo = TRUE,
    .search_budget_us = 1,
  });
  g_autoptr(BsTestResponse) response = bs_test_request (hurried, "GET", "/api/search?q=co", NULL, NULL);
  g_autoptr(BsTestResponse) books = NULL;

  bs_test_assert_error (response, 503, "took too long");
  g_assert_cmpstr (bs_test_response_header (response, "Retry-After"), ==, "5");
  books = bs_test_request (hurried, "GET", "/api/books/b1", NULL, NULL);
  g_assert_cmpuint (books->status, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  shop = bs_test_server_new (TRUE, 2);

  g_test_add_func ("/search/stemming", test_stemming);
  g_test_add_func ("/search/as-you-type", test_search_as_you_type);
  g_test_add_func ("/search/ranking", test_ranking);
  g_test_add_func ("/search/every-word-must-match", test_every_word_must_match);
  g_test_add_func ("/search/paging-is-stable", test_paging_is_stable);
  g_test_add_func ("/search/hostile-input", test_hostile_input);
  g_test_add_func ("/search/indexes-follow-the-catalog", test_indexes_follow_the_catalog);
  g_test_add_func ("/search/synthetic-books", test_synthetic_books_are_searchable);
  g_test_add_func ("/search/natural-order", test_natural_order);
  g_test_add_func ("/search/query-quoting", test_query_quoting);
  g_test_add_func ("/search/over-budget", test_over_budget);

  status = g_test_run ();
  bs_test_server_free (shop);
  return status;
}
