/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-books"

#include "config.h"

#include "bs-sqlite-store-private.h"

/* Reads the six BOOK_COLUMNS starting at @first_column. */
BsBookRecord *
bs_statement_read_book (BsStatement *statement,
                        int          first_column)
{
  const int c = first_column;

  return bs_book_record_new ((const char *) sqlite3_column_text (statement, c),
                             (const char *) sqlite3_column_text (statement, c + 1),
                             (const char *) sqlite3_column_text (statement, c + 2),
                             (const char *) sqlite3_column_text (statement, c + 3),
                             sqlite3_column_int64 (statement, c + 4),
                             sqlite3_column_int (statement, c + 5));
}

/* A book (BOOK_COLUMNS) from the first column. */
gpointer
bs_statement_read_book_row (BsStatement *statement)
{
  return bs_statement_read_book (statement, 0);
}

/* A book (BOOK_COLUMNS) and its quantity after it. */
gpointer
bs_statement_read_line_item (BsStatement *statement)
{
  BsLineItem *item = g_new0 (BsLineItem, 1);

  item->book = bs_statement_read_book (statement, 0);
  item->quantity = sqlite3_column_int64 (statement, 6);
  return item;
}

/* Books in catalog order; @limit 0 means all of them. */
static GPtrArray *
bs_sqlite_store_list_books (BsStore     *self,
                            const char  *category,
                            guint        offset,
                            guint        limit,
                            GError     **error)
{
  g_autoptr(BsStatement) statement = NULL;

  if (category != NULL)
    {
      statement = bs_sqlite_prepare (self,
                                     "SELECT " BOOK_COLUMNS " FROM books WHERE category = ?1 "
                                     "ORDER BY seq LIMIT ?2 OFFSET ?3",
                                     error);
      if (statement == NULL)
        return NULL;
      bs_statement_bind (statement, "s", category);
    }
  else
    {
      statement = bs_sqlite_prepare (self,
                                     "SELECT " BOOK_COLUMNS " FROM books "
                                     "ORDER BY seq LIMIT ?2 OFFSET ?3",
                                     error);
      if (statement == NULL)
        return NULL;
    }
  sqlite3_bind_int64 (statement, 2, limit == 0 ? -1 : (gint64) limit);
  sqlite3_bind_int64 (statement, 3, offset);

  return bs_sqlite_read_rows (self, statement, bs_statement_read_book_row,
                              (GDestroyNotify) bs_book_record_free, error);
}

static GPtrArray *count_categories (BsStore  *self,
                                    GError  **error);

/* The categories as counted at @version: counted once, then kept. */
static GPtrArray *
categories_at (BsStore  *self,
               gint64    version,
               GError  **error)
{
  GPtrArray *categories = bs_sqlite_get_kept_categories (self, version);

  if (categories == NULL)
    {
      categories = count_categories (self, error);
      if (categories != NULL)
        bs_sqlite_keep_categories (self, version, categories);
    }
  return categories;
}

/* How many books there are, in @category or in all; -1 on error. Counted from the kept
 * categories: counting a big category's books on every page of it would cost more than
 * the page. */
static gint64
bs_sqlite_store_count_books (BsStore     *self,
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
bs_sqlite_store_get_book (BsStore     *self,
                          const char  *book_id,
                          GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "SELECT " BOOK_COLUMNS " FROM books WHERE book_id = ?1", error);
  int rc;

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "s", book_id);

  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    return bs_statement_read_book (statement, 0);
  if (rc == SQLITE_DONE)
    g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No book with id %s", book_id);
  else
    bs_sqlite_fail (self, error);
  return NULL;
}

static gpointer
read_category_count (BsStatement *statement)
{
  BsCategoryCount *category = g_new0 (BsCategoryCount, 1);

  category->name = bs_statement_dup_text (statement, 0);
  category->count = (guint) sqlite3_column_int64 (statement, 1);
  return category;
}

/* Categories in the order their first book appears in the catalog. */
static GPtrArray *
count_categories (BsStore  *self,
                  GError  **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT category, count(*) FROM books GROUP BY category ORDER BY min(seq)",
                       error);

  if (statement == NULL)
    return NULL;
  return bs_sqlite_read_rows (self, statement, read_category_count,
                              (GDestroyNotify) bs_category_count_free, error);
}

/* The categories with their counts, in catalog order. Counting reads every book, so
 * the count is kept until the catalog changes. */
static GPtrArray *
bs_sqlite_store_list_categories (BsStore  *self,
                                 GError  **error)
{
  g_autoptr(GPtrArray) categories = NULL;
  gint64 version;

  if (!bs_store_begin_read (self, error))
    return NULL;
  version = bs_store_get_catalog_version (self, error);
  if (version >= 0)
    categories = categories_at (self, version, error);
  bs_store_end_read (self);
  return g_steal_pointer (&categories);
}

/* A number that changes with every change to the catalog, for ETags. */
static gint64
bs_sqlite_store_get_catalog_version (BsStore  *self,
                                     GError  **error)
{
  return bs_sqlite_query_int64 (self,
                                "SELECT CAST(value AS INTEGER) FROM meta "
                                "WHERE key = 'catalog_version'",
                                error);
}

static gboolean
bump_catalog_version (BsStore  *self,
                      GError  **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                       "WHERE key = 'catalog_version'",
                       error);

  bs_store_note_catalog_changed (self);
  return statement != NULL && bs_sqlite_step_done (self, statement, error);
}

/* Inserts new books at the end of the catalog and updates changed ones in place, all in
 * one transaction: a bad row leaves the catalog as it was. */
static gboolean
bs_sqlite_store_upsert_books (BsStore    *self,
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
      g_autoptr(BsStatement) statement =
        bs_sqlite_prepare (self,
                           "INSERT INTO books (" BOOK_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                           "ON CONFLICT (book_id) DO UPDATE SET "
                           "  name = excluded.name, author = excluded.author,"
                           "  category = excluded.category, price_cents = excluded.price_cents,"
                           "  rating_tenths = excluded.rating_tenths "
                           "WHERE (name, author, category, price_cents, rating_tenths) IS NOT "
                           "  (excluded.name, excluded.author, excluded.category,"
                           "   excluded.price_cents, excluded.rating_tenths)",
                           error);

      if (statement == NULL)
        goto fail;
      bs_statement_bind (statement, "ssssxi", book->book_id, book->name, book->author,
                         book->category, book->price_cents, book->rating_tenths);
      if (!bs_sqlite_step_done (self, statement, error))
        {
          g_prefix_error (error, "Book %s: ", book->book_id);
          goto fail;
        }
      changed += (guint) sqlite3_changes (bs_sqlite_get_db (self));
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
bs_sqlite_store_remove_book (BsStore     *self,
                             const char  *book_id,
                             GError     **error)
{
  g_autoptr(BsStatement) statement = NULL;

  if (!bs_store_begin (self, error))
    return FALSE;

  statement = bs_sqlite_prepare (self, "DELETE FROM books WHERE book_id = ?1", error);
  if (statement == NULL)
    goto fail;
  bs_statement_bind (statement, "s", book_id);
  if (!bs_sqlite_step_done (self, statement, error))
    goto fail;
  if (sqlite3_changes (bs_sqlite_get_db (self)) == 0)
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
bs_sqlite_store_books_install (BsStoreClass *klass)
{
  klass->list_books = bs_sqlite_store_list_books;
  klass->count_books = bs_sqlite_store_count_books;
  klass->get_book = bs_sqlite_store_get_book;
  klass->list_categories = bs_sqlite_store_list_categories;
  klass->get_catalog_version = bs_sqlite_store_get_catalog_version;
  klass->upsert_books = bs_sqlite_store_upsert_books;
  klass->remove_book = bs_sqlite_store_remove_book;
}
