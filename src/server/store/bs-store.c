/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store"

#include "config.h"

#include <string.h>

#include "bs-natural-order.h"
#include "bs-search-tokenizer.h"
#include "bs-store-private.h"

#define BUSY_TIMEOUT_MS 5000

struct _BsStore
{
  GObject parent_instance;

  sqlite3 *db;               /* (owned) */
  char *path;                /* (owned) */
  GHashTable *statements;    /* (owned): SQL text (static) → sqlite3_stmt (owned) */
  guint transaction_depth;
  gint64 deadline;           /* monotonic µs; 0: no budget */
  GCancellable *cancellable; /* (owned) (nullable) */
  GPtrArray *categories;     /* (owned) (nullable): BsCategoryCount, of categories_version */
  gint64 categories_version;
  BsStoreProgressFunc progress_func;
  gpointer progress_data;
  gboolean catalog_changed;  /* in the transaction under way */
  GHashTable *kept_replies;  /* (owned) (nullable): key → GBytes, of kept_generation */
  guint kept_generation;
};

/* Counts the catalog's committed changes made by any store of this process. A running
 * server is the only process that can change its database (its lock keeps any other
 * out), so a reply built at one generation stays true until the next. */
static gint catalog_generation;

#define MAX_KEPT_REPLIES 4096

/* How many virtual machine steps a query takes between looks at its budget: a look
 * costs a clock read, some microseconds of work apart. */
#define BUDGET_CHECK_STEPS 1000

G_DEFINE_FINAL_TYPE (BsStore, bs_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (bs-store-error-quark, bs_store_error)

void
bs_category_count_free (BsCategoryCount *category)
{
  g_free (category->name);
  g_free (category);
}

void
bs_cover_free (BsCover *cover)
{
  if (cover == NULL)
    return;
  g_free (cover->content_type);
  g_free (cover->etag);
  g_clear_pointer (&cover->bytes, g_bytes_unref);
  g_free (cover);
}

void
bs_customer_free (BsCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->customer_id);
  g_free (customer->username);
  g_free (customer->display_name);
  if (customer->password_hash != NULL)
    memset (customer->password_hash, 0, strlen (customer->password_hash));
  g_free (customer->password_hash);
  g_free (customer);
}

void
bs_line_item_free (BsLineItem *item)
{
  if (item == NULL)
    return;
  bs_book_record_free (item->book);
  g_free (item);
}

void
bs_order_record_free (BsOrderRecord *order)
{
  if (order == NULL)
    return;
  g_free (order->order_id);
  g_free (order->customer_id);
  g_clear_pointer (&order->lines, g_ptr_array_unref);
  g_free (order);
}

void
bs_person_free (BsPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->id);
  g_free (person->name);
  g_free (person);
}

void
bs_bestseller_free (BsBestseller *bestseller)
{
  if (bestseller == NULL)
    return;
  bs_book_record_free (bestseller->book);
  g_free (bestseller);
}

static void
bs_store_finalize (GObject *object)
{
  BsStore *self = BS_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->kept_replies, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (bs_store_parent_class)->finalize (object);
}

static void
bs_store_class_init (BsStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_store_finalize;
}

static void
finalize_statement (gpointer statement)
{
  sqlite3_finalize (statement);
}

static void
bs_store_init (BsStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

gboolean
bs_store_fail (BsStore  *self,
               GError  **error)
{
  /* Extended result codes are on: the primary code is the low byte. */
  int code = sqlite3_errcode (self->db) & 0xff;
  BsStoreError kind = BS_STORE_ERROR_FAILED;

  if (code == SQLITE_INTERRUPT && g_cancellable_is_cancelled (self->cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Database %s: the query was cancelled",
                   self->path);
      return FALSE;
    }
  if (code == SQLITE_INTERRUPT)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OVER_BUDGET,
                   "Database %s: the query took longer than its budget", self->path);
      return FALSE;
    }
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    kind = BS_STORE_ERROR_BUSY;
  else if (code == SQLITE_CONSTRAINT)
    kind = sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE ||
           sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_PRIMARYKEY
             ? BS_STORE_ERROR_EXISTS
             : BS_STORE_ERROR_INVALID;

  g_set_error (error, BS_STORE_ERROR, kind, "Database %s: %s", self->path,
               sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3 *
bs_store_get_db (BsStore *self)
{
  return self->db;
}

gboolean
bs_store_exec (BsStore     *self,
               const char  *sql,
               GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return bs_store_fail (self, error);
  return TRUE;
}

/* Statements are prepared once per connection and kept; @sql must be a string literal,
 * since its address is the cache key. */
BsStatement *
bs_store_prepare (BsStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (self->statements, sql);

  if (statement != NULL)
    return statement;

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL)
      != SQLITE_OK)
    {
      bs_store_fail (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, statement);
  return statement;
}

gboolean
bs_store_step_done (BsStore     *self,
                    BsStatement *statement,
                    GError     **error)
{
  if (sqlite3_step (statement) != SQLITE_DONE)
    return bs_store_fail (self, error);
  return TRUE;
}

char *
bs_statement_dup_text (BsStatement *statement,
                       int          column)
{
  return g_strdup ((const char *) sqlite3_column_text (statement, column));
}

/* Every row of @statement, each read by @read, or %NULL with @error set when stepping
 * failed. */
GPtrArray *
bs_store_read_rows (BsStore         *self,
                    BsStatement     *statement,
                    BsRowReadFunc    read,
                    GDestroyNotify   free_func,
                    GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (statement));
  if (rc != SQLITE_DONE)
    {
      bs_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static int
natural_collation_cb (void       *data,
                      int         a_length,
                      const void *a,
                      int         b_length,
                      const void *b)
{
  return bs_natural_compare (a, (gsize) a_length, b, (gsize) b_length);
}

/* The categories as counted at catalog version @version, if that is the version kept. */
GPtrArray *
bs_store_get_kept_categories (BsStore *self,
                              gint64   version)
{
  return self->categories != NULL && self->categories_version == version
           ? g_ptr_array_ref (self->categories)
           : NULL;
}

void
bs_store_keep_categories (BsStore   *self,
                          gint64     version,
                          GPtrArray *categories)
{
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = g_ptr_array_ref (categories);
  self->categories_version = version;
}

guint
bs_store_get_catalog_generation (void)
{
  return (guint) g_atomic_int_get (&catalog_generation);
}

void
bs_store_note_catalog_changed (BsStore *self)
{
  self->catalog_changed = TRUE;
}

/* A reply kept under @key at catalog generation @generation, if that is the one kept. */
GBytes *
bs_store_get_kept_reply (BsStore    *self,
                         const char *key,
                         guint       generation)
{
  GBytes *reply;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  if (self->kept_replies == NULL || self->kept_generation != generation)
    return NULL;
  reply = g_hash_table_lookup (self->kept_replies, key);
  return reply != NULL ? g_bytes_ref (reply) : NULL;
}

/* Keeps @reply, built from what the catalog was at @generation (read before building
 * it: a change committed meanwhile makes it stale, never wrongly fresh). */
void
bs_store_keep_reply (BsStore    *self,
                     const char *key,
                     guint       generation,
                     GBytes     *reply)
{
  g_return_if_fail (BS_IS_STORE (self));

  if (self->kept_replies == NULL || self->kept_generation != generation ||
      g_hash_table_size (self->kept_replies) >= MAX_KEPT_REPLIES)
    {
      g_clear_pointer (&self->kept_replies, g_hash_table_unref);
      self->kept_replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) g_bytes_unref);
      self->kept_generation = generation;
    }
  g_hash_table_replace (self->kept_replies, g_strdup (key), g_bytes_ref (reply));
}

/* SQLite's progress handler: non-zero interrupts the query running. */
static int
over_budget_cb (gpointer data)
{
  BsStore *self = data;

  return (self->deadline != 0 && g_get_monotonic_time () > self->deadline) ||
         g_cancellable_is_cancelled (self->cancellable);
}

/* Every query from now on this connection stops, with BS_STORE_ERROR_OVER_BUDGET, once
 * the monotonic clock passes @deadline (0: never), or, with G_IO_ERROR_CANCELLED, once
 * @cancellable is cancelled. A transaction a query was in is rolled back whole. */
void
bs_store_set_budget (BsStore      *self,
                     gint64        deadline,
                     GCancellable *cancellable)
{
  g_return_if_fail (BS_IS_STORE (self));

  self->deadline = deadline;
  g_set_object (&self->cancellable, cancellable);
}

/* Long operations (storing many books, working out search answers) report how far
 * they are through @func. */
void
bs_store_set_progress_func (BsStore             *self,
                            BsStoreProgressFunc  func,
                            gpointer             user_data)
{
  g_return_if_fail (BS_IS_STORE (self));

  self->progress_func = func;
  self->progress_data = user_data;
}

void
bs_store_report_progress (BsStore    *self,
                          const char *task,
                          guint       done,
                          guint       total)
{
  if (self->progress_func != NULL)
    self->progress_func (task, done, total, self->progress_data);
}

BsStore *
bs_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(BsStore) self = g_object_new (BS_TYPE_STORE, NULL);
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_FAILED,
                       "Database %s: out of memory", path);
          return NULL;
        }
      bs_store_fail (self, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_create_collation_v2 (self->db, "bs_natural", SQLITE_UTF8, NULL, natural_collation_cb, NULL);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_progress_handler (self->db, BUDGET_CHECK_STEPS, over_budget_cb, self);
  if (!bs_search_tokenizer_register (self->db, error))
    return NULL;

  /* Reading the journal mode is the first access to the file, so this is where a file
   * that is not a database is found out. */
  if (!bs_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !bs_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !bs_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
bs_store_migrate (BsStore  *self,
                  GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return bs_store_schema_migrate (self, error);
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE (so a writer never has to upgrade
 * a read snapshot and fail with SQLITE_BUSY), inner ones are savepoints. */
gboolean
bs_store_begin (BsStore  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  if (self->transaction_depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT level%u", self->transaction_depth);

  if (!bs_store_exec (self, sql, error))
    return FALSE;
  self->transaction_depth++;
  return TRUE;
}

gboolean
bs_store_commit (BsStore  *self,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE level%u", self->transaction_depth - 1);

  if (!bs_store_exec (self, sql, error))
    {
      bs_store_rollback (self);
      return FALSE;
    }
  self->transaction_depth--;
  if (self->transaction_depth == 0 && self->catalog_changed)
    {
      self->catalog_changed = FALSE;
      g_atomic_int_inc (&catalog_generation);
    }
  return TRUE;
}

/* Ends a transaction whatever the budget says: one a query ran out of budget in must
 * still end. SQLite may have rolled it back already, when the interrupted query wrote. */
static void
end_transaction (BsStore    *self,
                 const char *sql)
{
  gint64 deadline = self->deadline;
  g_autoptr(GCancellable) cancellable = NULL;

  if (sqlite3_get_autocommit (self->db))
    return;
  cancellable = g_steal_pointer (&self->cancellable);
  self->deadline = 0;
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("Could not end a transaction (%s): %s", sql, sqlite3_errmsg (self->db));
  self->deadline = deadline;
  self->cancellable = g_steal_pointer (&cancellable);
}

void
bs_store_rollback (BsStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (self->transaction_depth > 0);

  self->transaction_depth--;
  if (self->transaction_depth == 0)
    {
      sql = g_strdup ("ROLLBACK");
      self->catalog_changed = FALSE;
    }
  else
    sql = g_strdup_printf ("ROLLBACK TO level%u; RELEASE level%u",
                           self->transaction_depth, self->transaction_depth);
  end_transaction (self, sql);
}

/* A read snapshot, so that several queries see one version of the database. */
gboolean
bs_store_begin_read (BsStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (self->transaction_depth == 0, FALSE);

  return bs_store_exec (self, "BEGIN DEFERRED", error);
}

void
bs_store_end_read (BsStore *self)
{
  end_transaction (self, "COMMIT");
}

/* Returns the value of @key, or %NULL without an error when it is not set. */
char *
bs_store_get_meta (BsStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(BsStatement) statement = NULL;
  int rc;

  statement = bs_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    return bs_statement_dup_text (statement, 0);
  if (rc != SQLITE_DONE)
    bs_store_fail (self, error);
  return NULL;
}

gboolean
bs_store_set_meta (BsStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_store_prepare (self,
                      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, value, -1, SQLITE_STATIC);
  return bs_store_step_done (self, statement, error);
}

gboolean
bs_store_checkpoint (BsStore  *self,
                     GError  **error)
{
  return bs_store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

gboolean
bs_store_backup (BsStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(BsStatement) statement = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_INVALID,
                   "Backup file %s already exists; choose a new name", path);
      return FALSE;
    }

  statement = bs_store_prepare (self, "VACUUM INTO ?1", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, path, -1, SQLITE_STATIC);
  return bs_store_step_done (self, statement, error);
}

/* FULL makes a commit durable across power loss, for commits that acknowledge money;
 * everything else commits with NORMAL. Inside a transaction it changes nothing: the
 * outermost commit decides. */
gboolean
bs_store_set_durable (BsStore   *self,
                      gboolean   durable,
                      GError   **error)
{
  if (self->transaction_depth > 0)
    return TRUE;

  return bs_store_exec (self, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                        error);
}

static void
free_thread_stores (gpointer data)
{
  g_hash_table_unref (data);
}

/* A connection of the calling thread's own, for worker-pool threads that read the
 * database: opened on first use, closed when the thread ends. */
BsStore *
bs_store_for_this_thread (const char  *path,
                          GError     **error)
{
  static GPrivate stores = G_PRIVATE_INIT (free_thread_stores);
  GHashTable *by_path = g_private_get (&stores);
  BsStore *store;

  if (by_path == NULL)
    {
      by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&stores, by_path);
    }

  store = g_hash_table_lookup (by_path, path);
  if (store == NULL)
    {
      store = bs_store_open (path, error);
      if (store == NULL)
        return NULL;
      g_hash_table_insert (by_path, g_strdup (path), store);
    }
  return store;
}

/* Runs a query of one integer, such as a count; -1 on error. */
gint64
bs_store_query_int64 (BsStore     *self,
                      const char  *sql,
                      GError     **error)
{
  g_autoptr(BsStatement) statement = bs_store_prepare (self, sql, error);

  if (statement == NULL)
    return -1;
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      bs_store_fail (self, error);
      return -1;
    }
  return sqlite3_column_int64 (statement, 0);
}
