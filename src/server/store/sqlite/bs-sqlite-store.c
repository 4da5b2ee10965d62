/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store"

#include "config.h"

#include <string.h>

#include "bs-natural-order.h"
#include "bs-search-tokenizer.h"
#include "bs-sqlite-store-private.h"
#include "bs-store-engine.h"

#define BUSY_TIMEOUT_MS 5000

struct _BsSqliteStore
{
  BsStore parent_instance;

  sqlite3 *db;               /* (owned) */
  char *path;                /* (owned) */
  GHashTable *statements;    /* (owned): SQL text (static) → sqlite3_stmt (owned) */
  guint transaction_depth;
  gboolean ending_transaction;
  GPtrArray *categories;     /* (owned) (nullable): BsCategoryCount, of categories_version */
  gint64 categories_version;
};

/* How many virtual machine steps a query takes between looks at its budget: a look
 * costs a clock read, some microseconds of work apart. */
#define BUDGET_CHECK_STEPS 1000

G_DEFINE_FINAL_TYPE (BsSqliteStore, bs_sqlite_store, BS_TYPE_STORE)

static void
bs_sqlite_store_finalize (GObject *object)
{
  BsSqliteStore *self = BS_SQLITE_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_free (self->path);

  G_OBJECT_CLASS (bs_sqlite_store_parent_class)->finalize (object);
}

static void
finalize_statement (gpointer statement)
{
  sqlite3_finalize (statement);
}

static void
bs_sqlite_store_init (BsSqliteStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

gboolean
bs_sqlite_fail (BsStore  *self,
                GError  **error)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  /* Extended result codes are on: the primary code is the low byte. */
  int code = sqlite3_errcode (engine->db) & 0xff;
  BsStoreError kind = BS_STORE_ERROR_FAILED;

  if (code == SQLITE_INTERRUPT && bs_store_is_cancelled (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Database %s: the query was cancelled",
                   engine->path);
      return FALSE;
    }
  if (code == SQLITE_INTERRUPT)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OVER_BUDGET,
                   "Database %s: the query took longer than its budget", engine->path);
      return FALSE;
    }
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    kind = BS_STORE_ERROR_BUSY;
  else if (code == SQLITE_FULL || code == SQLITE_READONLY || code == SQLITE_IOERR)
    kind = BS_STORE_ERROR_STORAGE;
  else if (code == SQLITE_CONSTRAINT)
    kind = sqlite3_extended_errcode (engine->db) == SQLITE_CONSTRAINT_UNIQUE ||
           sqlite3_extended_errcode (engine->db) == SQLITE_CONSTRAINT_PRIMARYKEY
             ? BS_STORE_ERROR_EXISTS
             : BS_STORE_ERROR_INVALID;

  g_set_error (error, BS_STORE_ERROR, kind, "Database %s: %s", engine->path,
               sqlite3_errmsg (engine->db));
  return FALSE;
}

sqlite3 *
bs_sqlite_get_db (BsStore *self)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  return engine->db;
}

gboolean
bs_sqlite_exec (BsStore     *self,
                const char  *sql,
                GError     **error)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  if (sqlite3_exec (engine->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return bs_sqlite_fail (self, error);
  return TRUE;
}

/* Statements are prepared once per connection and kept; @sql must be a string literal,
 * since its address is the cache key. */
BsStatement *
bs_sqlite_prepare (BsStore     *self,
                   const char  *sql,
                   GError     **error)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  sqlite3_stmt *statement = g_hash_table_lookup (engine->statements, sql);

  if (statement != NULL)
    return statement;

  if (sqlite3_prepare_v3 (engine->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL)
      != SQLITE_OK)
    {
      bs_sqlite_fail (self, error);
      return NULL;
    }
  g_hash_table_insert (engine->statements, (gpointer) sql, statement);
  return statement;
}

gboolean
bs_sqlite_step_done (BsStore     *self,
                     BsStatement *statement,
                     GError     **error)
{
  if (sqlite3_step (statement) != SQLITE_DONE)
    return bs_sqlite_fail (self, error);
  return TRUE;
}

static void
bind_values (BsStatement *statement,
             const char  *types,
             va_list      values)
{
  int index = 1;

  for (const char *type = types; *type != '\0'; type++, index++)
    {
      switch (*type)
        {
        case 's':
          sqlite3_bind_text (statement, index, va_arg (values, const char *), -1, SQLITE_STATIC);
          break;
        case 'x':
          sqlite3_bind_int64 (statement, index, va_arg (values, gint64));
          break;
        case 'i':
          sqlite3_bind_int (statement, index, va_arg (values, int));
          break;
        case 'h':
          {
            const guint8 *hash = va_arg (values, const guint8 *);

            if (hash != NULL)
              sqlite3_bind_blob (statement, index, hash, BS_SESSION_TOKEN_HASH_SIZE, SQLITE_STATIC);
            else
              sqlite3_bind_null (statement, index);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* Binds the values after @types to @statement's parameters 1, 2, …, one letter of
 * @types each: 's' a string (which must outlive the statement's use), 'x' a gint64,
 * 'i' an int, 'h' a session token hash (%NULL binds NULL). */
void
bs_statement_bind (BsStatement *statement,
                   const char  *types,
                   ...)
{
  va_list values;

  va_start (values, types);
  bind_values (statement, types, values);
  va_end (values);
}

/* Runs @sql, which returns no rows, with the values after @types bound as by
 * bs_statement_bind(). */
gboolean
bs_sqlite_run (BsStore     *self,
               GError     **error,
               const char  *sql,
               const char  *types,
               ...)
{
  g_autoptr(BsStatement) statement = bs_sqlite_prepare (self, sql, error);
  va_list values;

  if (statement == NULL)
    return FALSE;
  va_start (values, types);
  bind_values (statement, types, values);
  va_end (values);
  return bs_sqlite_step_done (self, statement, error);
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
bs_sqlite_read_rows (BsStore         *self,
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
      bs_sqlite_fail (self, error);
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
bs_sqlite_get_kept_categories (BsStore *self,
                               gint64   version)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  return engine->categories != NULL && engine->categories_version == version
           ? g_ptr_array_ref (engine->categories)
           : NULL;
}

void
bs_sqlite_keep_categories (BsStore   *self,
                           gint64     version,
                           GPtrArray *categories)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  g_clear_pointer (&engine->categories, g_ptr_array_unref);
  engine->categories = g_ptr_array_ref (categories);
  engine->categories_version = version;
}

/* SQLite's progress handler: non-zero interrupts the query running. */
static int
over_budget_cb (gpointer data)
{
  BsSqliteStore *self = data;

  return !self->ending_transaction && bs_store_is_over_budget (BS_STORE (self));
}

BsStore *
bs_sqlite_store_open (const char  *path,
                      GError     **error)
{
  g_autoptr(BsSqliteStore) self = g_object_new (BS_TYPE_SQLITE_STORE, NULL);
  BsStore *store = BS_STORE (self);
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
      bs_sqlite_fail (store, error);
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
  if (!bs_sqlite_exec (store, "PRAGMA journal_mode = WAL", error) ||
      !bs_sqlite_exec (store, "PRAGMA synchronous = NORMAL", error) ||
      !bs_sqlite_exec (store, "PRAGMA foreign_keys = ON", error))
    return NULL;

  return BS_STORE (g_steal_pointer (&self));
}

static gboolean
bs_sqlite_store_migrate (BsStore  *self,
                         GError  **error)
{
  return bs_sqlite_schema_migrate (self, error);
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE (so a writer never has to upgrade
 * a read snapshot and fail with SQLITE_BUSY), inner ones are savepoints. */
static gboolean
bs_sqlite_store_begin (BsStore  *self,
                       GError  **error)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  g_autofree char *sql = NULL;

  if (engine->transaction_depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT level%u", engine->transaction_depth);

  if (!bs_sqlite_exec (self, sql, error))
    return FALSE;
  engine->transaction_depth++;
  return TRUE;
}

static gboolean
bs_sqlite_store_commit (BsStore  *self,
                        GError  **error)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (engine->transaction_depth > 0, FALSE);

  if (engine->transaction_depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE level%u", engine->transaction_depth - 1);

  if (!bs_sqlite_exec (self, sql, error))
    {
      bs_store_rollback (self);
      return FALSE;
    }
  engine->transaction_depth--;
  if (engine->transaction_depth == 0)
    bs_store_transaction_ended (self, TRUE);
  return TRUE;
}

/* Ends a transaction whatever the budget says: one a query ran out of budget in must
 * still end. SQLite may have rolled it back already, when the interrupted query wrote. */
static void
end_transaction (BsStore    *self,
                 const char *sql)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);

  if (sqlite3_get_autocommit (engine->db))
    return;
  engine->ending_transaction = TRUE;
  if (sqlite3_exec (engine->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_warning ("Could not end a transaction (%s): %s", sql, sqlite3_errmsg (engine->db));
  engine->ending_transaction = FALSE;
}

static void
bs_sqlite_store_rollback (BsStore *self)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  g_autofree char *sql = NULL;

  g_return_if_fail (engine->transaction_depth > 0);

  engine->transaction_depth--;
  if (engine->transaction_depth == 0)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO level%u; RELEASE level%u",
                           engine->transaction_depth, engine->transaction_depth);
  end_transaction (self, sql);
  if (engine->transaction_depth == 0)
    bs_store_transaction_ended (self, FALSE);
}

/* A read snapshot, so that several queries see one version of the database. */
static gboolean
bs_sqlite_store_begin_read (BsStore  *self,
                            GError  **error)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  g_return_val_if_fail (engine->transaction_depth == 0, FALSE);

  return bs_sqlite_exec (self, "BEGIN DEFERRED", error);
}

static void
bs_sqlite_store_end_read (BsStore *self)
{
  end_transaction (self, "COMMIT");
}

/* Returns the value of @key, or %NULL without an error when it is not set. */
static char *
bs_sqlite_store_get_meta (BsStore     *self,
                          const char  *key,
                          GError     **error)
{
  g_autoptr(BsStatement) statement = NULL;
  int rc;

  statement = bs_sqlite_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "s", key);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    return bs_statement_dup_text (statement, 0);
  if (rc != SQLITE_DONE)
    bs_sqlite_fail (self, error);
  return NULL;
}

static gboolean
bs_sqlite_store_set_meta (BsStore     *self,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  return bs_sqlite_run (self, error,
                        "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        "ss", key, value);
}

static gboolean
bs_sqlite_store_checkpoint (BsStore  *self,
                            GError  **error)
{
  return bs_sqlite_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

static gboolean
bs_sqlite_store_backup (BsStore     *self,
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

  statement = bs_sqlite_prepare (self, "VACUUM INTO ?1", error);
  if (statement == NULL)
    return FALSE;
  bs_statement_bind (statement, "s", path);
  return bs_sqlite_step_done (self, statement, error);
}

/* FULL makes a commit durable across power loss, for commits that acknowledge money;
 * everything else commits with NORMAL. Inside a transaction it changes nothing: the
 * outermost commit decides. */
gboolean
bs_sqlite_set_durable (BsStore   *self,
                       gboolean   durable,
                       GError   **error)
{
  BsSqliteStore *engine = BS_SQLITE_STORE (self);
  if (engine->transaction_depth > 0)
    return TRUE;

  return bs_sqlite_exec (self, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                         error);
}

/* Runs a query of one integer, such as a count; -1 on error. */
gint64
bs_sqlite_query_int64 (BsStore     *self,
                       const char  *sql,
                       GError     **error)
{
  g_autoptr(BsStatement) statement = bs_sqlite_prepare (self, sql, error);

  if (statement == NULL)
    return -1;
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      bs_sqlite_fail (self, error);
      return -1;
    }
  return sqlite3_column_int64 (statement, 0);
}

/* Only this process writes the database (the server's flock). */
static guint
bs_sqlite_store_get_catalog_generation (BsStore *self)
{
  return bs_store_get_process_catalog_generation ();
}

static void
bs_sqlite_store_class_init (BsSqliteStoreClass *klass)
{
  BsStoreClass *store_class = BS_STORE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bs_sqlite_store_finalize;

  store_class->migrate = bs_sqlite_store_migrate;
  store_class->begin = bs_sqlite_store_begin;
  store_class->commit = bs_sqlite_store_commit;
  store_class->rollback = bs_sqlite_store_rollback;
  store_class->begin_read = bs_sqlite_store_begin_read;
  store_class->end_read = bs_sqlite_store_end_read;
  store_class->get_meta = bs_sqlite_store_get_meta;
  store_class->set_meta = bs_sqlite_store_set_meta;
  store_class->checkpoint = bs_sqlite_store_checkpoint;
  store_class->backup = bs_sqlite_store_backup;
  store_class->get_catalog_generation = bs_sqlite_store_get_catalog_generation;

  bs_sqlite_store_accounts_install (store_class);
  bs_sqlite_store_attempts_install (store_class);
  bs_sqlite_store_bestsellers_install (store_class);
  bs_sqlite_store_books_install (store_class);
  bs_sqlite_store_cart_install (store_class);
  bs_sqlite_store_covers_install (store_class);
  bs_sqlite_store_orders_install (store_class);
  bs_sqlite_store_search_install (store_class);
  bs_sqlite_store_search_answers_install (store_class);
  bs_sqlite_store_social_install (store_class);
}
