/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-books"

#include "config.h"

#include "bs-pg-store-private.h"

/* Books in catalog order; @limit 0 means all of them. */
static GPtrArray *
bs_pg_store_list_books (BsStore     *self,
                        const char  *category,
                        guint        offset,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(PGresult) result = NULL;

  /* LIMIT NULL is no limit. */
  if (category != NULL)
    result = bs_pg_query (self, error,
                          "SELECT " BOOK_COLUMNS " FROM books WHERE category = $1 "
                          "ORDER BY seq LIMIT NULLIF ($2::bigint, 0) OFFSET $3::bigint",
                          "sxx", category, (gint64) limit, (gint64) offset);
  else
    result = bs_pg_query (self, error,
                          "SELECT " BOOK_COLUMNS " FROM books "
                          "ORDER BY seq LIMIT NULLIF ($1::bigint, 0) OFFSET $2::bigint",
                          "xx", (gint64) limit, (gint64) offset);
  if (result == NULL)
    return NULL;
  return bs_pg_read_rows (result, bs_pg_read_book_row, (GDestroyNotify) bs_book_record_free);
}

/* Categories in the order their first book appears in the catalog, and the catalog
 * version they were counted at, read in one statement so that the two agree even when
 * another node changes the catalog meanwhile. An empty catalog still has its version
 * row, with no category beside it. */
static GPtrArray *
count_categories (BsStore  *self,
                  gint64   *out_version,
                  GError  **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 "SELECT m.value::bigint, c.category, c.books FROM meta m LEFT JOIN ("
                 "  SELECT category, count(*) AS books, min(seq) AS first_seq FROM books"
                 "  GROUP BY category) c ON true "
                 "WHERE m.key = 'catalog_version' ORDER BY c.first_seq",
                 "");
  GPtrArray *categories;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_FAILED,
                           "The database has no catalog version");
      return NULL;
    }

  *out_version = bs_pg_get_int64 (result, 0, 0);
  categories = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_category_count_free);
  for (int row = 0; row < PQntuples (result); row++)
    {
      BsCategoryCount *category;

      if (PQgetisnull (result, row, 1))
        continue;
      category = g_new0 (BsCategoryCount, 1);
      category->name = bs_pg_dup_text (result, row, 1);
      category->count = (guint) bs_pg_get_int64 (result, row, 2);
      g_ptr_array_add (categories, category);
    }
  return categories;
}

/* The categories as counted at @version: counted once, then kept. A count made inside a
 * transaction may see changes that are rolled back later and so is not kept; every
 * count kept was committed, and a committed version is never reused. */
static GPtrArray *
categories_at (BsStore  *self,
               gint64    version,
               GError  **error)
{
  GPtrArray *categories = bs_pg_get_kept_categories (self, version);
  gint64 counted_version = 0;

  if (categories != NULL)
    return categories;
  categories = count_categories (self, &counted_version, error);
  if (categories != NULL && !bs_pg_in_transaction (self))
    bs_pg_keep_categories (self, counted_version, categories);
  return categories;
}

/* How many books there are, in @category or in all; -1 on error. Counted from the kept
 * categories: counting a big category's books on every page of it would cost more than
 * the page. */
static gint64
bs_pg_store_count_books (BsStore     *self,
                         const char  *category,
                         GError     **error)
{
  g_autoptr(GPtrArray) categories = NULL;
  gint64 version = bs_store_get_catalog_version (self, error);
  gint64 count = 0;

  if (version < 0 || (categories = categories_at (self, version, error)) == NULL)
    return -1;
  for (guint i = 0; i < categories->len; i++)
    {
      const BsCategoryCount *counted = g_ptr_array_index (categories, i);

      if (category == NULL || g_str_equal (counted->name, category))
        count += counted->count;
    }
  return count;
}

static BsBookRecord *
bs_pg_store_get_book (BsStore     *self,
                      const char  *book_id,
                      GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "SELECT " BOOK_COLUMNS " FROM books WHERE book_id = $1", "s", book_id);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No book with id %s", book_id);
      return NULL;
    }
  return bs_pg_read_book (result, 0, 0);
}

/* The categories with their counts, in catalog order. Counting reads every book, so
 * the count is kept until the catalog changes. No read snapshot is needed, unlike on
 * SQLite: a count carries the version it was made at (count_categories). */
static GPtrArray *
bs_pg_store_list_categories (BsStore  *self,
                             GError  **error)
{
  gint64 version = bs_store_get_catalog_version (self, error);

  if (version < 0)
    return NULL;
  return categories_at (self, version, error);
}

/* A number that changes with every change to the catalog, for ETags. */
static gint64
bs_pg_store_get_catalog_version (BsStore  *self,
                                 GError  **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "SELECT value::bigint FROM meta WHERE key = 'catalog_version'", "");

  if (result == NULL)
    return -1;
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_FAILED,
                           "The database has no catalog version");
      return -1;
    }
  return bs_pg_get_int64 (result, 0, 0);
}

/* The meta row stays locked until the transaction ends, so nodes changing the catalog
 * at once take turns and each change gets a version of its own. */
static gboolean
bump_catalog_version (BsStore  *self,
                      GError  **error)
{
  bs_store_note_catalog_changed (self);
  return bs_pg_run (self, error,
                    "UPDATE meta SET value = (value::bigint + 1)::text "
                    "WHERE key = 'catalog_version'",
                    "");
}

/* Inserts new books at the end of the catalog and updates changed ones in place, all in
 * one transaction: a bad row leaves the catalog as it was. */
static gboolean
bs_pg_store_upsert_books (BsStore    *self,
                          GPtrArray  *books,
                          guint      *out_changed,
                          GError    **error)
{
  guint changed = 0;

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (books != NULL, FALSE);

  if (!bs_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);
      /* An unchanged book is not written, so it does not count as changed. */
      g_autoptr(PGresult) result =
        bs_pg_query (self, error,
                     "INSERT INTO books AS b (" BOOK_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6) "
                     "ON CONFLICT (book_id) DO UPDATE SET "
                     "  name = excluded.name, author = excluded.author,"
                     "  category = excluded.category, price_cents = excluded.price_cents,"
                     "  rating_tenths = excluded.rating_tenths "
                     "WHERE (b.name, b.author, b.category, b.price_cents, b.rating_tenths) "
                     "  IS DISTINCT FROM (excluded.name, excluded.author, excluded.category,"
                     "  excluded.price_cents, excluded.rating_tenths)",
                     "ssssxi", book->book_id, book->name, book->author, book->category,
                     book->price_cents, book->rating_tenths);

      if (result == NULL)
        {
          g_prefix_error (error, "Book %s: ", book->book_id);
          goto fail;
        }
      changed += (guint) g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
      bs_store_report_progress (self, "Storing books", i + 1, books->len);
    }

  if (changed > 0 && !bump_catalog_version (self, error))
    goto fail;
  if (!bs_store_commit (self, error))
    return FALSE;

  if (out_changed != NULL)
    *out_changed = changed;
  return TRUE;

fail:
  bs_store_rollback (self);
  return FALSE;
}

static gboolean
bs_pg_store_remove_book (BsStore     *self,
                         const char  *book_id,
                         GError     **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!bs_store_begin (self, error))
    return FALSE;

  result = bs_pg_query (self, error, "DELETE FROM books WHERE book_id = $1", "s", book_id);
  if (result == NULL)
    goto fail;
  if (g_str_equal (PQcmdTuples (result), "0"))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No book with id %s", book_id);
      goto fail;
    }
  if (!bump_catalog_version (self, error))
    goto fail;
  return bs_store_commit (self, error);

fail:
  bs_store_rollback (self);
  return FALSE;
}

void
bs_pg_store_books_install (BsStoreClass *klass)
{
  klass->list_books = bs_pg_store_list_books;
  klass->count_books = bs_pg_store_count_books;
  klass->get_book = bs_pg_store_get_book;
  klass->list_categories = bs_pg_store_list_categories;
  klass->get_catalog_version = bs_pg_store_get_catalog_version;
  klass->upsert_books = bs_pg_store_upsert_books;
  klass->remove_book = bs_pg_store_remove_book;
}
