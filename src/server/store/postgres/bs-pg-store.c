/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-store"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

#include "bs-pg-store-private.h"

/* The shop on PostgreSQL, or anything that speaks its protocol: one libpq connection per
 * store, statements prepared once per connection, each query's wait bounded by the
 * store's budget (a query past it is cancelled on the server), and a lost connection
 * made again with a growing pause between attempts. */

#define BUDGET_CHECK_MS 20
#define FIRST_RECONNECT_PAUSE_US (100 * G_TIME_SPAN_MILLISECOND)
#define LONGEST_RECONNECT_PAUSE_US (5 * G_TIME_SPAN_SECOND)

struct _BsPgStore
{
  BsStore parent_instance;

  char *uri;
  PGconn *conn;
  GHashTable *prepared;       /* sql (by address) → statement name */
  guint transaction_depth;
  gboolean ending_transaction;
  gint64 reconnect_pause;
  gint64 next_reconnect;      /* monotonic time of the next attempt */
  gboolean listening;         /* to the workers' wake-ups, on this connection */
  gboolean lost;              /* the loss of the connection was reported */
  gboolean in_read;           /* inside begin_read … end_read */
  gint64 categories_version;
  GPtrArray *categories;      /* (nullable): counted at categories_version */
};

G_DEFINE_FINAL_TYPE (BsPgStore, bs_pg_store, BS_TYPE_STORE)

static void
bs_pg_store_finalize (GObject *object)
{
  BsPgStore *self = BS_PG_STORE (object);

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->prepared, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_free (self->uri);
  G_OBJECT_CLASS (bs_pg_store_parent_class)->finalize (object);
}

static void
bs_pg_store_init (BsPgStore *self)
{
  self->prepared = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->reconnect_pause = FIRST_RECONNECT_PAUSE_US;
}

/* Any libpq connection URI. */
gboolean
bs_pg_store_is_location (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* @uri as messages may show it: user, host, port and database, never a password (which
 * a URI may hold in its user part or as a parameter). */
char *
bs_pg_store_describe (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL;
  char *description;

  if (options == NULL)
    return g_strdup ("a PostgreSQL URI that cannot be read");
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      if (g_str_equal (option->keyword, "user"))
        user = option->val;
      else if (g_str_equal (option->keyword, "host"))
        host = option->val;
      else if (g_str_equal (option->keyword, "port"))
        port = option->val;
      else if (g_str_equal (option->keyword, "dbname"))
        dbname = option->val;
    }
  description = g_strdup_printf ("postgresql://%s%s%s%s%s/%s", user != NULL ? user : "",
                                 user != NULL ? "@" : "", host != NULL ? host : "",
                                 port != NULL ? ":" : "", port != NULL ? port : "",
                                 dbname != NULL ? dbname : "");
  PQconninfoFree (options);
  return description;
}

/* libpq's notices (a ROLLBACK with no transaction left, say) are for debugging only. */
static void
notice_cb (void       *data,
           const char *message)
{
  g_debug ("%s", message);
}

const char *
bs_pg_get_location (BsStore *self)
{
  return BS_PG_STORE (self)->uri;
}

gboolean
bs_pg_in_transaction (BsStore *self)
{
  return BS_PG_STORE (self)->transaction_depth > 0;
}

GPtrArray *
bs_pg_get_kept_categories (BsStore *self,
                           gint64   version)
{
  BsPgStore *engine = BS_PG_STORE (self);

  if (engine->categories == NULL || engine->categories_version != version)
    return NULL;
  return g_ptr_array_ref (engine->categories);
}

void
bs_pg_keep_categories (BsStore   *self,
                       gint64     version,
                       GPtrArray *categories)
{
  BsPgStore *engine = BS_PG_STORE (self);

  g_clear_pointer (&engine->categories, g_ptr_array_unref);
  engine->categories = g_ptr_array_ref (categories);
  engine->categories_version = version;
}

static gboolean
connection_lost (BsPgStore *self)
{
  return PQstatus (self->conn) != CONNECTION_OK;
}

/* Maps a failed result's SQLSTATE onto the store's errors. */
static gboolean
fail_with_result (BsPgStore      *self,
                  const PGresult *result,
                  GError        **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->conn);
  g_autofree char *where = bs_pg_store_describe (self->uri);
  g_autofree char *text = g_strchomp (g_strdup (message));
  int kind = BS_STORE_ERROR_FAILED;

  if (state == NULL || connection_lost (self) || g_str_has_prefix (state, "08") ||
      g_str_equal (state, "57P01") || g_str_equal (state, "57P02") || g_str_equal (state, "57P03"))
    kind = BS_STORE_ERROR_UNREACHABLE;    /* the database is restarting or out of reach */
  else if (g_str_equal (state, "57014"))
    {
      if (bs_store_is_cancelled (BS_STORE (self)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Database %s: the query was cancelled",
                       where);
          return FALSE;
        }
      kind = BS_STORE_ERROR_OVER_BUDGET;
    }
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01"))
    kind = BS_STORE_ERROR_CONFLICT;       /* serialization failure, deadlock */
  else if (g_str_equal (state, "55P03"))
    kind = BS_STORE_ERROR_BUSY;           /* lock not free */
  else if (g_str_has_prefix (state, "53") || g_str_equal (state, "25006"))
    kind = BS_STORE_ERROR_STORAGE;        /* disk full, out of resources, read-only */
  else if (g_str_equal (state, "23505"))
    kind = BS_STORE_ERROR_EXISTS;
  else if (g_str_has_prefix (state, "23") || g_str_has_prefix (state, "22"))
    kind = BS_STORE_ERROR_INVALID;

  g_set_error (error, BS_STORE_ERROR, kind, "Database %s: %s", where, text);
  return FALSE;
}

/* Makes the connection again when it was lost, outside a transaction and not more often
 * than the pause allows, which doubles after each failure. */
static gboolean
ensure_connected (BsPgStore  *self,
                  GError    **error)
{
  g_autofree char *where = NULL;
  gint64 now;

  if (!connection_lost (self))
    return TRUE;

  where = bs_pg_store_describe (self->uri);
  if (!self->lost)
    {
      g_message ("Database %s: lost the connection; connecting again", where);
      self->lost = TRUE;
    }
  now = g_get_monotonic_time ();
  /* Never inside a transaction or a read snapshot: what follows would run outside it. */
  if (self->transaction_depth == 0 && !self->in_read && now >= self->next_reconnect)
    {
      PQreset (self->conn);
      g_hash_table_remove_all (self->prepared);
      self->listening = FALSE;
      if (!connection_lost (self))
        {
          g_message ("Database %s: connected again", where);
          self->lost = FALSE;
          self->reconnect_pause = FIRST_RECONNECT_PAUSE_US;
          return TRUE;
        }
      self->next_reconnect = now + self->reconnect_pause;
      self->reconnect_pause = MIN (self->reconnect_pause * 2, LONGEST_RECONNECT_PAUSE_US);
    }
  g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_UNREACHABLE, "Database %s cannot be reached: %s",
               where, PQerrorMessage (self->conn));
  return FALSE;
}

/* Waits for the query sent to finish, cancelling it on the server once the store's budget
 * is spent; returns its last result. A cancel that comes too late cannot hit the next
 * statement: PQcancel() returns only once the server has taken the request, on this
 * thread, before the next statement is sent, and a server idle between statements
 * ignores it. */
static PGresult *
wait_for_result (BsPgStore *self)
{
  gboolean cancel_sent = FALSE;
  PGresult *last = NULL;
  PGresult *result;

  for (;;)
    {
      while (PQisBusy (self->conn))
        {
          struct pollfd fd = { PQsocket (self->conn), POLLIN, 0 };

          if (!cancel_sent && !self->ending_transaction && bs_store_is_over_budget (BS_STORE (self)))
            {
              PGcancel *cancel = PQgetCancel (self->conn);
              char reason[256];

              if (cancel != NULL)
                {
                  PQcancel (cancel, reason, sizeof reason);
                  PQfreeCancel (cancel);
                }
              cancel_sent = TRUE;
            }
          if (poll (&fd, 1, BUDGET_CHECK_MS) < 0 && errno != EINTR)
            break;
          if (!PQconsumeInput (self->conn))
            break;
        }
      result = PQgetResult (self->conn);
      if (result == NULL)
        break;
      if (last != NULL)
        PQclear (last);
      last = result;
    }
  return last;
}

static gboolean
result_ok (const PGresult *result)
{
  ExecStatusType status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

static PGresult *
exec_result (BsPgStore   *self,
             const char  *sql,
             GError     **error)
{
  PGresult *result;

  if (!ensure_connected (self, error))
    return NULL;
  if (!PQsendQuery (self->conn, sql))
    {
      fail_with_result (self, NULL, error);
      return NULL;
    }
  result = wait_for_result (self);
  if (!result_ok (result))
    {
      fail_with_result (self, result, error);
      g_clear_pointer (&result, PQclear);
    }
  return result;
}

gboolean
bs_pg_exec (BsStore     *self,
            const char  *sql,
            GError     **error)
{
  g_autoptr(PGresult) result = exec_result (BS_PG_STORE (self), sql, error);

  return result != NULL;
}

/* The name @sql is prepared under on this connection, preparing it the first time. */
static const char *
prepared_name (BsPgStore   *self,
               const char  *sql,
               int          n_params,
               GError     **error)
{
  const char *name = g_hash_table_lookup (self->prepared, sql);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *new_name = NULL;

  if (name != NULL)
    return name;

  new_name = g_strdup_printf ("bs%u", g_hash_table_size (self->prepared) + 1);
  if (!PQsendPrepare (self->conn, new_name, sql, n_params, NULL))
    {
      fail_with_result (self, NULL, error);
      return NULL;
    }
  result = wait_for_result (self);
  if (!result_ok (result))
    {
      fail_with_result (self, result, error);
      return NULL;
    }
  g_hash_table_insert (self->prepared, (gpointer) sql, g_steal_pointer (&new_name));
  return g_hash_table_lookup (self->prepared, sql);
}

typedef struct
{
  int n;
  const char *values[16];
  int lengths[16];
  int formats[16];
  GPtrArray *texts;   /* owns the numbers written as text */
} Params;

static void
params_read (Params      *params,
             const char  *types,
             va_list      values)
{
  params->texts = g_ptr_array_new_with_free_func (g_free);
  for (const char *type = types; *type != '\0'; type++)
    {
      int i = params->n++;
      char *text = NULL;

      g_assert (i < (int) G_N_ELEMENTS (params->values));
      params->formats[i] = 0;
      params->lengths[i] = 0;
      switch (*type)
        {
        case 's':
          params->values[i] = va_arg (values, const char *);
          break;
        case 'x':
          text = g_strdup_printf ("%" G_GINT64_FORMAT, va_arg (values, gint64));
          break;
        case 'i':
          text = g_strdup_printf ("%d", va_arg (values, int));
          break;
        case 'b':
          params->values[i] = va_arg (values, gboolean) ? "true" : "false";
          break;
        case 'h':
          params->values[i] = (const char *) va_arg (values, const guint8 *);
          params->lengths[i] = BS_SESSION_TOKEN_HASH_SIZE;
          params->formats[i] = 1;
          break;
        case 'y':
          {
            GBytes *bytes = va_arg (values, GBytes *);
            gsize size;

            params->values[i] = g_bytes_get_data (bytes, &size);
            params->lengths[i] = (int) size;
            params->formats[i] = 1;
            if (params->values[i] == NULL)
              params->values[i] = "";
          }
          break;
        default:
          g_assert_not_reached ();
        }
      if (text != NULL)
        {
          g_ptr_array_add (params->texts, text);
          params->values[i] = text;
        }
    }
}

static PGresult *
query_valist (BsStore     *self,
              GError     **error,
              const char  *sql,
              const char  *types,
              va_list      values)
{
  BsPgStore *engine = BS_PG_STORE (self);
  Params params = { 0 };
  g_autoptr(GPtrArray) texts = NULL;
  const char *name;
  PGresult *result;

  params_read (&params, types, values);
  texts = params.texts;
  if (!ensure_connected (engine, error))
    return NULL;
  name = prepared_name (engine, sql, params.n, error);
  if (name == NULL)
    return NULL;
  if (!PQsendQueryPrepared (engine->conn, name, params.n, params.values, params.lengths,
                            params.formats, 0))
    {
      fail_with_result (engine, NULL, error);
      return NULL;
    }
  result = wait_for_result (engine);
  if (!result_ok (result))
    {
      fail_with_result (engine, result, error);
      g_clear_pointer (&result, PQclear);
    }
  return result;
}

PGresult *
bs_pg_query (BsStore     *self,
             GError     **error,
             const char  *sql,
             const char  *types,
             ...)
{
  va_list values;
  PGresult *result;

  va_start (values, types);
  result = query_valist (self, error, sql, types, values);
  va_end (values);
  return result;
}

gboolean
bs_pg_run (BsStore     *self,
           GError     **error,
           const char  *sql,
           const char  *types,
           ...)
{
  va_list values;
  g_autoptr(PGresult) result = NULL;

  va_start (values, types);
  result = query_valist (self, error, sql, types, values);
  va_end (values);
  return result != NULL;
}

gint64
bs_pg_query_int64 (BsStore     *self,
                   GError     **error,
                   gint64       if_none,
                   const char  *sql,
                   const char  *types,
                   ...)
{
  va_list values;
  g_autoptr(PGresult) result = NULL;

  va_start (values, types);
  result = query_valist (self, error, sql, types, values);
  va_end (values);
  if (result == NULL)
    return -1;
  if (PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return if_none;
  return bs_pg_get_int64 (result, 0, 0);
}

char *
bs_pg_dup_text (const PGresult *result,
                int             row,
                int             column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return g_strdup (PQgetvalue (result, row, column));
}

gint64
bs_pg_get_int64 (const PGresult *result,
                 int             row,
                 int             column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* A bytea column, sent as text ("\x…" hex). */
GBytes *
bs_pg_get_bytes (const PGresult *result,
                 int             row,
                 int             column)
{
  size_t length = 0;
  guchar *data = PQunescapeBytea ((const guchar *) PQgetvalue (result, row, column), &length);
  GBytes *bytes;

  if (data == NULL)
    return NULL;
  bytes = g_bytes_new (data, length);
  PQfreemem (data);
  return bytes;
}

BsBookRecord *
bs_pg_read_book (const PGresult *result,
                 int             row,
                 int             first_column)
{
  return bs_book_record_new (PQgetvalue (result, row, first_column),
                             PQgetvalue (result, row, first_column + 1),
                             PQgetvalue (result, row, first_column + 2),
                             PQgetvalue (result, row, first_column + 3),
                             bs_pg_get_int64 (result, row, first_column + 4),
                             (int) bs_pg_get_int64 (result, row, first_column + 5));
}

gpointer
bs_pg_read_book_row (const PGresult *result,
                     int             row)
{
  return bs_pg_read_book (result, row, 0);
}

gpointer
bs_pg_read_line_item (const PGresult *result,
                      int             row)
{
  BsLineItem *item = g_new0 (BsLineItem, 1);

  item->book = bs_pg_read_book (result, row, 0);
  item->quantity = bs_pg_get_int64 (result, row, 6);
  return item;
}

GPtrArray *
bs_pg_read_rows (const PGresult  *result,
                 BsPgRowReadFunc  read,
                 GDestroyNotify   free_func)
{
  GPtrArray *rows = g_ptr_array_new_full (PQntuples (result), free_func);

  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (rows, read (result, row));
  return rows;
}

/* How often a server that answers but turns the node away is asked at start. */
#define START_REFUSALS 3

/* A database that cannot be reached at start, or refuses us, is an error for the operator
 * to see; one lost later is reconnected to (ensure_connected). */
BsStore *
bs_pg_store_open (const char  *uri,
                  GError     **error)
{
  g_autoptr(BsPgStore) self = g_object_new (BS_TYPE_PG_STORE, NULL);
  g_autofree char *where = bs_pg_store_describe (uri);

  /* Defaults the URI may override (it comes last): times as numbers in UTC, no notices,
   * READ COMMITTED whatever the server's default (the row locks rely on seeing what was
   * committed while they waited), and a database host that stops answering found out
   * within seconds, not minutes.
   * They stay with the connection when it is made again. */
  const char * const keywords[] = { "connect_timeout", "keepalives_idle", "keepalives_interval",
                                    "keepalives_count", "tcp_user_timeout", "options", "dbname",
                                    NULL };
  const char * const values[] = { "5", "10", "5", "3", "10000",
                                  "-c client_min_messages=warning -c TimeZone=UTC "
                                  "-c default_transaction_isolation=read\\ committed", uri, NULL };

  self->uri = g_strdup (uri);
  /* A server that answers a ping is up and turned us away. That may pass (a server full
   * of nodes starting together, or one that came up just now), so it is asked again
   * twice; then waiting will not help. Its reasons come as text only, in the server's
   * language, so they are not read. */
  for (guint refused = 0;; refused++)
    {
      g_autofree char *reason = NULL;

      g_clear_pointer (&self->conn, PQfinish);
      self->conn = PQconnectdbParams (keywords, values, TRUE);
      if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
        break;
      reason = g_strchomp (g_strdup (self->conn != NULL ? PQerrorMessage (self->conn) : "out of memory"));
      if (PQpingParams (keywords, values, TRUE) != PQPING_OK)
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_UNREACHABLE, "Database %s cannot be reached: %s",
                       where, reason);
          return NULL;
        }
      if (refused == START_REFUSALS - 1)
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_REFUSED, "Database %s refused the connection: %s",
                       where, reason);
          return NULL;
        }
      g_usleep ((refused + 1) * G_USEC_PER_SEC / 2);
    }
  PQsetNoticeProcessor (self->conn, notice_cb, NULL);
  return BS_STORE (g_steal_pointer (&self));
}

static gboolean
bs_pg_store_migrate (BsStore  *self,
                     GError  **error)
{
  return bs_pg_schema_migrate (self, error);
}

/* Transactions nest: the outermost is BEGIN, inner ones are savepoints. Any failed
 * statement aborts the whole transaction in PostgreSQL, so callers roll back on error. */
static gboolean
bs_pg_store_begin (BsStore  *self,
                   GError  **error)
{
  BsPgStore *engine = BS_PG_STORE (self);
  g_autofree char *sql = engine->transaction_depth == 0
                           ? g_strdup ("BEGIN")
                           : g_strdup_printf ("SAVEPOINT level%u", engine->transaction_depth);

  if (!bs_pg_exec (self, sql, error))
    return FALSE;
  engine->transaction_depth++;
  return TRUE;
}

/* Ends a transaction whatever the budget says: one a query ran out of budget in must
 * still end. */
static void
end_transaction (BsPgStore  *self,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (connection_lost (self))
    return;
  self->ending_transaction = TRUE;
  if (!bs_pg_exec (BS_STORE (self), sql, &error))
    g_warning ("Could not end a transaction (%s): %s", sql, error->message);
  self->ending_transaction = FALSE;
}

static void
bs_pg_store_rollback (BsStore *self)
{
  BsPgStore *engine = BS_PG_STORE (self);
  g_autofree char *sql = NULL;

  g_return_if_fail (engine->transaction_depth > 0);

  engine->transaction_depth--;
  if (engine->transaction_depth == 0)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO level%u; RELEASE level%u", engine->transaction_depth,
                           engine->transaction_depth);
  end_transaction (engine, sql);
  if (engine->transaction_depth == 0)
    bs_store_transaction_ended (self, FALSE);
}

static gboolean
bs_pg_store_commit (BsStore  *self,
                    GError  **error)
{
  BsPgStore *engine = BS_PG_STORE (self);
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;
  gboolean done;

  g_return_val_if_fail (engine->transaction_depth > 0, FALSE);

  if (engine->transaction_depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE level%u", engine->transaction_depth - 1);

  engine->ending_transaction = TRUE;
  result = exec_result (engine, sql, error);
  engine->ending_transaction = FALSE;
  /* COMMIT of a transaction a statement failed in rolls it back, and says so. */
  done = result != NULL && !g_str_equal (PQcmdStatus (result), "ROLLBACK");
  if (result != NULL && !done)
    g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_FAILED,
                         "The transaction was rolled back: one of its statements failed");
  if (!done)
    {
      bs_store_rollback (self);
      return FALSE;
    }
  engine->transaction_depth--;
  if (engine->transaction_depth == 0)
    bs_store_transaction_ended (self, TRUE);
  return TRUE;
}

/* A read snapshot, so that several queries see one version of the database. */
static gboolean
bs_pg_store_begin_read (BsStore  *self,
                        GError  **error)
{
  BsPgStore *engine = BS_PG_STORE (self);

  g_return_val_if_fail (engine->transaction_depth == 0, FALSE);

  if (!bs_pg_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  engine->in_read = TRUE;
  return TRUE;
}

static void
bs_pg_store_end_read (BsStore *self)
{
  BsPgStore *engine = BS_PG_STORE (self);

  end_transaction (engine, "COMMIT");
  engine->in_read = FALSE;
}

/* The value of @key, or %NULL without an error when it is not set. */
static char *
bs_pg_store_get_meta (BsStore     *self,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(PGresult) result = bs_pg_query (self, error, "SELECT value FROM meta WHERE key = $1", "s", key);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  return bs_pg_dup_text (result, 0, 0);
}

static gboolean
bs_pg_store_set_meta (BsStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  return bs_pg_run (self, error,
                    "INSERT INTO meta (key, value) VALUES ($1, $2) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    "ss", key, value);
}

/* PostgreSQL checkpoints by itself. */
static gboolean
bs_pg_store_checkpoint (BsStore  *self,
                        GError  **error)
{
  return TRUE;
}

static gboolean
bs_pg_store_backup (BsStore     *self,
                    const char  *path,
                    GError     **error)
{
  g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_INVALID,
                       "A PostgreSQL database is backed up with its own tools (pg_dump)");
  return FALSE;
}

/* Waits for a wake-up sent by any node (bs-pg-schema.c's triggers), for @wake_fd, or
 * for @timeout_us. */
static gboolean
bs_pg_store_wait_for_orders (BsStore  *self,
                             int       wake_fd,
                             gint64    timeout_us,
                             GError  **error)
{
  BsPgStore *engine = BS_PG_STORE (self);
  struct pollfd fds[2];
  PGnotify *notice;

  if (!engine->listening)
    {
      if (!bs_pg_exec (self, "LISTEN bs_orders; LISTEN bs_bestsellers", error))
        return FALSE;
      engine->listening = TRUE;
    }
  /* Wake-ups read in with the answers to the round's queries are waiting already. */
  if (!PQconsumeInput (engine->conn))
    {
      engine->listening = FALSE;
      return fail_with_result (engine, NULL, error);
    }
  if ((notice = PQnotifies (engine->conn)) != NULL)
    {
      do
        PQfreemem (notice);
      while ((notice = PQnotifies (engine->conn)) != NULL);
      return TRUE;
    }
  fds[0] = (struct pollfd) { PQsocket (engine->conn), POLLIN, 0 };
  fds[1] = (struct pollfd) { wake_fd, POLLIN, 0 };
  if (poll (fds, 2, (int) (timeout_us / 1000)) < 0 && errno != EINTR)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot wait for orders: %s",
                   g_strerror (errno));
      return FALSE;
    }
  if (!PQconsumeInput (engine->conn))
    {
      engine->listening = FALSE;
      return fail_with_result (engine, NULL, error);
    }
  while ((notice = PQnotifies (engine->conn)) != NULL)
    PQfreemem (notice);
  return TRUE;
}

/* Other nodes change the catalog too: its version in the database is the generation. */
static guint
bs_pg_store_get_catalog_generation (BsStore *self)
{
  static gint unknown = 0;
  gint64 version = bs_store_get_catalog_version (self, NULL);

  /* Unknown: a number no kept reply has, different every time (versions are small). */
  if (version < 0)
    return G_MAXUINT - (guint) g_atomic_int_add (&unknown, 1) % (G_MAXUINT / 2);
  return (guint) version;
}

static void
bs_pg_store_class_init (BsPgStoreClass *klass)
{
  BsStoreClass *store_class = BS_STORE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bs_pg_store_finalize;

  store_class->migrate = bs_pg_store_migrate;
  store_class->begin = bs_pg_store_begin;
  store_class->commit = bs_pg_store_commit;
  store_class->rollback = bs_pg_store_rollback;
  store_class->begin_read = bs_pg_store_begin_read;
  store_class->end_read = bs_pg_store_end_read;
  store_class->get_meta = bs_pg_store_get_meta;
  store_class->set_meta = bs_pg_store_set_meta;
  store_class->checkpoint = bs_pg_store_checkpoint;
  store_class->backup = bs_pg_store_backup;
  store_class->wait_for_orders = bs_pg_store_wait_for_orders;
  store_class->get_catalog_generation = bs_pg_store_get_catalog_generation;

  bs_pg_store_accounts_install (store_class);
  bs_pg_store_attempts_install (store_class);
  bs_pg_store_bestsellers_install (store_class);
  bs_pg_store_books_install (store_class);
  bs_pg_store_cart_install (store_class);
  bs_pg_store_covers_install (store_class);
  bs_pg_store_orders_install (store_class);
  bs_pg_store_search_install (store_class);
  bs_pg_store_social_install (store_class);
  bs_pg_store_stream_install (store_class);
}
