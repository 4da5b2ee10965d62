/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "bs-catalog-file.h"
#include "bs-pg-store.h"
#include "bs-synthetic-catalog.h"
#include "bs-sqlite-store-private.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* The store over a real SQLite file in a temp folder. */

typedef struct
{
  char *dir;
  char *path;
  BsStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = bs_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = bs_store_open (fixture->path, &error);
  g_assert_no_error (error);
  bs_store_migrate (fixture->store, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  bs_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static GPtrArray *
books_of (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  GPtrArray *books = bs_catalog_file_parse (bytes, &error);

  g_assert_no_error (error);
  return books;
}

static void
test_server_id_is_stable (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = bs_store_get_meta (fixture->store, "server_id", &error);
  g_autofree char *second = NULL;
  g_autoptr(BsStore) reopened = NULL;

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (first));

  reopened = bs_store_open (fixture->path, &error);
  g_assert_no_error (error);
  bs_store_migrate (reopened, &error);
  g_assert_no_error (error);
  second = bs_store_get_meta (reopened, "server_id", &error);
  g_assert_cmpstr (first, ==, second);
}

static void
test_newer_schema_is_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_false (bs_store_migrate (fixture->store, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_TOO_NEW);
}

static void
test_upsert_bumps_version_only_on_change (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GPtrArray) books = books_of ("[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\","
                                         "\"category\":\"C\",\"price\":1.5,\"rating\":3}]");
  g_autoptr(GPtrArray) changed = books_of ("[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\","
                                           "\"category\":\"C\",\"price\":1.75,\"rating\":3}]");
  g_autoptr(GError) error = NULL;
  gint64 version = bs_store_get_catalog_version (fixture->store, &error);
  guint n_changed = 99;

  bs_store_upsert_books (fixture->store, books, &n_changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpint (bs_store_get_catalog_version (fixture->store, NULL), ==, version + 1);

  bs_store_upsert_books (fixture->store, books, &n_changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 0);
  g_assert_cmpint (bs_store_get_catalog_version (fixture->store, NULL), ==, version + 1);

  bs_store_upsert_books (fixture->store, changed, &n_changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpint (bs_store_get_catalog_version (fixture->store, NULL), ==, version + 2);
  g_assert_cmpint (bs_store_count_books (fixture->store, NULL, NULL), ==, 1);
}

static void
test_covers_follow_their_book (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) books = books_of ("[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\","
                                         "\"category\":\"C\",\"price\":1,\"rating\":3},"
                                         "{\"bookId\":\"b\",\"name\":\"B\",\"author\":\"X\","
                                         "\"category\":\"C\",\"price\":1,\"rating\":3}]");
  g_autoptr(GPtrArray) renamed = books_of ("[{\"bookId\":\"a\",\"name\":\"A2\",\"author\":\"X\","
                                           "\"category\":\"C\",\"price\":1,\"rating\":3},"
                                           "{\"bookId\":\"b\",\"name\":\"B2\",\"author\":\"X\","
                                           "\"category\":\"C\",\"price\":1,\"rating\":3}]");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("png-ish", 7);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCover) imported = NULL;
  g_autoptr(BsCover) drawn = NULL;

  bs_store_upsert_books (fixture->store, books, NULL, &error);
  g_assert_no_error (error);
  bs_store_put_cover (fixture->store, "a", "image/png", bytes, TRUE, &error);
  g_assert_no_error (error);
  bs_store_put_cover (fixture->store, "b", "image/jpeg", bytes, FALSE, &error);
  g_assert_no_error (error);

  /* A cover of an unknown book is refused by the foreign key. */
  g_assert_false (bs_store_put_cover (fixture->store, "zz", "image/png", bytes, FALSE, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Renaming drops the drawn cover, never an imported one. */
  bs_store_upsert_books (fixture->store, renamed, NULL, &error);
  g_assert_no_error (error);
  drawn = bs_store_get_cover (fixture->store, "a", &error);
  g_assert_null (drawn);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  imported = bs_store_get_cover (fixture->store, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imported->content_type, ==, "image/jpeg");

  /* Removing a book removes its cover. */
  bs_store_remove_book (fixture->store, "b", &error);
  g_assert_no_error (error);
  g_assert_null (bs_store_get_cover (fixture->store, "b", &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND);
}

static void
test_nested_transactions (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) kept = books_of ("[{\"bookId\":\"kept\",\"name\":\"K\",\"author\":\"X\","
                                        "\"category\":\"C\",\"price\":1,\"rating\":3}]");
  g_autoptr(GPtrArray) dropped = books_of ("[{\"bookId\":\"dropped\",\"name\":\"D\","
                                           "\"author\":\"X\",\"category\":\"C\",\"price\":1,"
                                           "\"rating\":3}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsBookRecord) kept_book = NULL;

  g_assert_true (bs_store_begin (fixture->store, &error));
  g_assert_true (bs_store_upsert_books (fixture->store, kept, NULL, &error));
  g_assert_true (bs_store_begin (fixture->store, &error));
  g_assert_true (bs_store_upsert_books (fixture->store, dropped, NULL, &error));
  bs_store_rollback (fixture->store);
  g_assert_true (bs_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (bs_store_count_books (fixture->store, NULL, NULL), ==, 1);
  kept_book = bs_store_get_book (fixture->store, "kept", NULL);
  g_assert_nonnull (kept_book);
}

static void
test_bad_catalogs (void)
{
  const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "{}", "JSON array of books" },
    { "[1]", "Entry 1 of the catalog is not an object" },
    { "[{\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":1,\"rating\":3}]",
      "bookId must be 1 to 64" },
    { "[{\"bookId\":\"a b\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":1,"
      "\"rating\":3}]", "bookId must be" },
    { "[{\"bookId\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
      "\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":1,\"rating\":3}]",
      "bookId must be" },
    { "[{\"bookId\":\"a\",\"name\":\"  \",\"author\":\"X\",\"category\":\"C\",\"price\":1,"
      "\"rating\":3}]", "name must be 1 to 512 characters and not blank" },
    { "[{\"bookId\":\"a\",\"name\":7,\"author\":\"X\",\"category\":\"C\",\"price\":1,"
      "\"rating\":3}]", "name must be a string" },
    { "[{\"bookId\":\"a\",\"name\":\"A\",\"category\":\"C\",\"price\":1,\"rating\":3}]",
      "author must be a string" },
    { "[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":-1,"
      "\"rating\":3}]", "price must be a number from 0 to 1000000" },
    { "[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":1.999,"
      "\"rating\":3}]", "at most 2 decimals" },
    { "[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":\"1\","
      "\"rating\":3}]", "price must be" },
    { "[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":1,"
      "\"rating\":5.1}]", "rating must be a number from 0 to 5 with at most 1 decimal" },
    { "[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":1,"
      "\"rating\":4.55}]", "rating must be" },
    { "[{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\",\"price\":1,"
      "\"rating\":3},{\"bookId\":\"a\",\"name\":\"A\",\"author\":\"X\",\"category\":\"C\","
      "\"price\":1,\"rating\":3}]", "Entry 2 of the catalog repeats the id a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].json, strlen (cases[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) books = bs_catalog_file_parse (bytes, &error);

      g_assert_null (books);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
    }
}

static void
test_demo_catalog_shape (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalog",
                                                 "demo-books.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = bs_catalog_file_load (path, &error);
  g_autoptr(GHashTable) per_category = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_cmpuint (books->len, ==, 84);
  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_category, book->category));

      g_hash_table_insert (per_category, book->category, GUINT_TO_POINTER (count + 1));
    }
  g_assert_cmpuint (g_hash_table_size (per_category), ==, 7);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (per_category, "Woodwork")), ==, 12);
}

static void
test_synthetic_is_deterministic (void)
{
  g_autoptr(GPtrArray) small = bs_synthetic_catalog_new (10);
  g_autoptr(GPtrArray) large = bs_synthetic_catalog_new (1000);

  for (guint i = 0; i < small->len; i++)
    g_assert_true (bs_book_record_equal (g_ptr_array_index (small, i),
                                         g_ptr_array_index (large, i)));
  g_assert_cmpstr (((BsBookRecord *) g_ptr_array_index (large, 999))->book_id, ==, "s1000");
}

/* A method an engine leaves out would be a call through NULL on its first use. */
static void
test_engine_fills_every_method (Fixture       *fixture,
                                gconstpointer  data)
{
  const GType engines[] = { BS_TYPE_SQLITE_STORE, BS_TYPE_PG_STORE };

  for (guint e = 0; e < G_N_ELEMENTS (engines); e++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (engines[e]);
      gpointer *method = (gpointer *) ((char *) klass + sizeof (GObjectClass));
      gpointer *end = (gpointer *) ((char *) klass + sizeof (BsStoreClass));
      guint count = 0;

      for (; method < end; method++, count++)
        if (*method == NULL)
          g_error ("%s leaves method %u of BsStoreClass unset", g_type_name (engines[e]), count);
      g_assert_cmpuint (count, >=, 50);
    }
}

static GPtrArray *
search_ids (BsStore    *store,
            const char *text,
            guint       offset,
            guint       limit,
            gboolean    every_hit)
{
  g_autoptr(BsSearchQuery) query = bs_search_query_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  books = every_hit ? bs_sqlite_search_every_hit (store, query, offset, limit, &error)
                    : bs_store_search_books (store, text, offset, limit, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < books->len; i++)
    g_ptr_array_add (ids, g_strdup (((BsBookRecord *) g_ptr_array_index (books, i))->book_id));
  return ids;
}

static void
assert_same_ids (GPtrArray  *found,
                 GPtrArray  *expected,
                 const char *text)
{
  g_test_message ("Searching for '%s'", text);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (g_ptr_array_index (found, i), ==, g_ptr_array_index (expected, i));
}

/* The kept answers to common searches are exactly what ranking every hit gives, page by
 * page; they are what a search reads; and a change to the catalog stops them being read
 * until they are worked out again. */
static void
test_search_answers_are_the_reference (Fixture       *fixture,
                                       gconstpointer  data)
{
  const char * const texts[] = { "the", "The", "OF", "and", "a", "th", "ga", "sto", "lo",
                                 "garden", "Science", "gardens" };
  const struct { guint offset, limit; } pages[] = { { 0, 20 }, { 0, 200 }, { 20, 20 }, { 190, 10 } };
  g_autoptr(GPtrArray) books = bs_synthetic_catalog_new (4000);
  g_autoptr(GPtrArray) tampered = NULL;
  g_autoptr(GPtrArray) stale = NULL;
  g_autoptr(GPtrArray) reference = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kept;

  bs_store_upsert_books (fixture->store, books, NULL, &error);
  g_assert_no_error (error);
  bs_store_refresh_search_answers (fixture->store, 400, &error);
  g_assert_no_error (error);
  kept = bs_sqlite_query_int64 (fixture->store, "SELECT count (DISTINCT word) FROM search_answers", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept, >, 10);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
      {
        g_autoptr(GPtrArray) found = search_ids (fixture->store, texts[i], pages[p].offset, pages[p].limit, FALSE);
        g_autoptr(GPtrArray) expected = search_ids (fixture->store, texts[i], pages[p].offset, pages[p].limit, TRUE);

        assert_same_ids (found, expected, texts[i]);
      }
  for (guint rank = 1; rank <= 40; rank++)
    {
      const char *word = bs_synthetic_title_word (rank);
      g_autoptr(GPtrArray) found = search_ids (fixture->store, word, 0, 20, FALSE);
      g_autoptr(GPtrArray) expected = search_ids (fixture->store, word, 0, 20, TRUE);

      assert_same_ids (found, expected, word);
    }

  /* A search reads the kept answer: swap its first two books and the search shows them
   * swapped. */
  reference = search_ids (fixture->store, "the", 0, 20, TRUE);
  bs_sqlite_exec (fixture->store,
                 "UPDATE search_answers SET rank = -1 WHERE word = 'the' AND rank = 0;"
                 "UPDATE search_answers SET rank = 0 WHERE word = 'the' AND rank = 1;"
                 "UPDATE search_answers SET rank = 1 WHERE word = 'the' AND rank = -1;", &error);
  g_assert_no_error (error);
  tampered = search_ids (fixture->store, "the", 0, 20, FALSE);
  g_assert_cmpstr (g_ptr_array_index (tampered, 0), ==, g_ptr_array_index (reference, 1));
  g_assert_cmpstr (g_ptr_array_index (tampered, 1), ==, g_ptr_array_index (reference, 0));

  /* Once the catalog changes, the answers are stale and every hit is ranked again,
   * even though the swapped page is still full. */
  added = books_of ("[{\"bookId\":\"x1\",\"name\":\"The The\",\"author\":\"Ann Bo\","
                    "\"category\":\"Art\",\"price\":1,\"rating\":1}]");
  bs_store_upsert_books (fixture->store, added, NULL, &error);
  g_assert_no_error (error);
  stale = search_ids (fixture->store, "the", 0, 20, FALSE);
  changed = search_ids (fixture->store, "the", 0, 20, TRUE);
  assert_same_ids (stale, changed, "the");
  g_assert_true (g_ptr_array_find_with_equal_func (changed, "x1", g_str_equal, NULL));
}

/* Counts for ever, unless stopped. */
#define ENDLESS_COUNT \
  "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
#define ENDLESS_WRITE \
  "INSERT INTO meta (key, value) " \
  "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT 'k' || x, 'v' FROM n"

/* A query past its budget stops with OVER_BUDGET, a cancelled one with CANCELLED; the
 * transaction it was in rolls back whole, and the store goes on as before. */
static void
test_budget_stops_queries (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *kept = NULL;

  bs_store_set_budget (fixture->store, g_get_monotonic_time () + 50 * 1000, NULL);
  g_assert_cmpint (bs_sqlite_query_int64 (fixture->store, ENDLESS_COUNT, &error), ==, -1);
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OVER_BUDGET);
  g_clear_error (&error);

  /* A write past its budget: SQLite rolls the transaction back itself. */
  bs_store_set_budget (fixture->store, g_get_monotonic_time () + 50 * 1000, NULL);
  g_assert_true (bs_store_begin (fixture->store, &error));
  g_assert_true (bs_store_set_meta (fixture->store, "budget-test", "written", &error));
  g_assert_false (bs_sqlite_exec (fixture->store, ENDLESS_WRITE, &error));
  g_assert_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OVER_BUDGET);
  g_clear_error (&error);
  bs_store_rollback (fixture->store);

  /* A read cancelled in a write transaction: the rollback undoes what it wrote. */
  bs_store_set_budget (fixture->store, 0, cancellable);
  g_assert_true (bs_store_begin (fixture->store, &error));
  g_assert_true (bs_store_set_meta (fixture->store, "budget-test", "written", &error));
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (bs_sqlite_query_int64 (fixture->store, ENDLESS_COUNT, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  bs_store_rollback (fixture->store);

  bs_store_set_budget (fixture->store, 0, NULL);
  kept = bs_store_get_meta (fixture->store, "budget-test", &error);
  g_assert_no_error (error);
  g_assert_null (kept);
  g_assert_cmpint (bs_sqlite_query_int64 (fixture->store, "SELECT count(*) FROM meta WHERE key LIKE 'k%'",
                                         &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/engine-fills-every-method", Fixture, NULL, fixture_set_up,
              test_engine_fills_every_method, fixture_tear_down);
  g_test_add ("/store/server-id-is-stable", Fixture, NULL, fixture_set_up,
              test_server_id_is_stable, fixture_tear_down);
  g_test_add ("/store/newer-schema-is-refused", Fixture, NULL, fixture_set_up,
              test_newer_schema_is_refused, fixture_tear_down);
  g_test_add ("/store/upsert-bumps-version-only-on-change", Fixture, NULL, fixture_set_up,
              test_upsert_bumps_version_only_on_change, fixture_tear_down);
  g_test_add ("/store/covers-follow-their-book", Fixture, NULL, fixture_set_up,
              test_covers_follow_their_book, fixture_tear_down);
  g_test_add ("/store/nested-transactions", Fixture, NULL, fixture_set_up,
              test_nested_transactions, fixture_tear_down);
  g_test_add ("/store/budget-stops-queries", Fixture, NULL, fixture_set_up,
              test_budget_stops_queries, fixture_tear_down);
  g_test_add ("/store/search-answers-are-the-reference", Fixture, NULL, fixture_set_up,
              test_search_answers_are_the_reference, fixture_tear_down);
  g_test_add_func ("/catalog-file/bad", test_bad_catalogs);
  g_test_add_func ("/catalog-file/demo-shape", test_demo_catalog_shape);
  g_test_add_func ("/catalog-file/synthetic-is-deterministic", test_synthetic_is_deterministic);

  return g_test_run ();
}
