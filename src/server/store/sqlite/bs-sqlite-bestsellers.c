/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-bestsellers"

#include "config.h"

#include "bs-order-event.h"
#include "bs-sqlite-store-private.h"

/* The leaderboard is a view of the order log kept by a stream processor: events are
 * applied in order from a stored offset, and the offset moves in the same transaction
 * as the quantities, so every order counts exactly once, whatever crashes between. */

#define OFFSET_KEY "bestsellers_offset"

static gboolean
add_quantity (BsStore     *self,
              const char  *book_id,
              gint64       quantity,
              GError     **error)
{
  return bs_sqlite_run (self, error,
                        "INSERT INTO bestsellers (book_id, quantity) VALUES (?1, ?2) "
                        "ON CONFLICT (book_id) DO UPDATE SET quantity = quantity + excluded.quantity",
                        "sx", book_id, (gint64) quantity);
}

static gboolean
add_line_cb (const char  *book_id,
             gint64       quantity,
             gpointer     store,
             GError     **error)
{
  return add_quantity (store, book_id, quantity, error);
}

static gboolean
apply_event (BsStore     *self,
             gint64       event_offset,
             const char  *lines,
             GError     **error)
{
  return bs_order_event_foreach_line (lines, event_offset, add_line_cb, self, error);
}

static gboolean
set_offset (BsStore  *self,
            gint64    event_offset,
            GError  **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, event_offset);

  return bs_store_set_meta (self, OFFSET_KEY, text, error);
}

static gint64
read_offset (BsStore  *self,
             GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = bs_store_get_meta (self, OFFSET_KEY, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* Applies up to @max_events events after the stored offset. Returns how many it
 * applied, or -1 on error (and then nothing changed). */
static gint64
bs_sqlite_store_consume_orders (BsStore  *self,
                                guint     max_events,
                                GError  **error)
{
  g_autoptr(BsStatement) statement = NULL;
  gint64 offset;
  gint64 applied = 0;
  int rc;

  if (!bs_store_begin (self, error))
    return -1;

  offset = read_offset (self, error);
  if (offset < 0)
    goto fail;
  statement = bs_sqlite_prepare (self,
                                 "SELECT event_offset, lines FROM order_log "
                                 "WHERE event_offset > ?1 ORDER BY event_offset LIMIT ?2",
                                 error);
  if (statement == NULL)
    goto fail;
  bs_statement_bind (statement, "xx", (gint64) offset, (gint64) max_events);

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      offset = sqlite3_column_int64 (statement, 0);
      if (!apply_event (self, offset, (const char *) sqlite3_column_text (statement, 1), error))
        goto fail;
      applied++;
    }
  if (rc != SQLITE_DONE)
    {
      bs_sqlite_fail (self, error);
      goto fail;
    }
  bs_statement_reset (g_steal_pointer (&statement));

  if (applied > 0 && !set_offset (self, offset, error))
    goto fail;
  if (!bs_store_commit (self, error))
    return -1;
  return applied;

fail:
  bs_store_rollback (self);
  return -1;
}

/* Recomputes the leaderboard from the whole order log, in one transaction. */
static gboolean
bs_sqlite_store_rebuild_bestsellers (BsStore  *self,
                                     GError  **error)
{
  gint64 applied;

  if (!bs_store_begin (self, error))
    return FALSE;
  if (!bs_sqlite_exec (self, "DELETE FROM bestsellers", error) || !set_offset (self, 0, error))
    goto fail;
  do
    applied = bs_store_consume_orders (self, 1000, error);
  while (applied > 0);
  if (applied < 0)
    goto fail;
  return bs_store_commit (self, error);

fail:
  bs_store_rollback (self);
  return FALSE;
}

/* The top @limit books still in the catalog: most sold first, ties by id in natural
 * order. */
static GPtrArray *
bs_sqlite_store_list_bestsellers (BsStore  *self,
                                  guint     limit,
                                  GError  **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT b.book_id, b.name, b.author, b.category, b.price_cents,"
                       " b.rating_tenths, s.quantity FROM bestsellers s "
                       "JOIN books b ON b.book_id = s.book_id WHERE s.quantity > 0 "
                       "ORDER BY s.quantity DESC, b.book_id COLLATE bs_natural LIMIT ?1",
                       error);

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "x", (gint64) limit);
  return bs_sqlite_read_rows (self, statement, bs_statement_read_line_item,
                              (GDestroyNotify) bs_line_item_free, error);
}

/* Order events the leaderboard has not taken in yet. */
static gint64
bs_sqlite_store_get_stream_lag (BsStore  *self,
                                GError  **error)
{
  return bs_sqlite_query_int64 (self,
                                "SELECT count (*) FROM order_log WHERE event_offset > "
                                "(SELECT CAST (value AS INTEGER) FROM meta "
                                " WHERE key = '" OFFSET_KEY "')",
                                error);
}

/* One process owns an SQLite database (the server's flock): it always leads. */
static gboolean
bs_sqlite_store_hold_lease (BsStore     *self,
                            const char  *name,
                            const char  *holder,
                            gint64       ttl_ms,
                            GError     **error)
{
  return TRUE;
}

/* The offset moves whenever the leaderboard does. */
static gint64
bs_sqlite_store_get_bestsellers_version (BsStore  *self,
                                         GError  **error)
{
  return bs_sqlite_query_int64 (self,
                                "SELECT CAST (value AS INTEGER) FROM meta WHERE key = '" OFFSET_KEY "'",
                                error);
}

/* News of orders come from this process's own checkouts (bs_stream_worker_wake). */
static gboolean
bs_sqlite_store_wait_for_orders (BsStore  *self,
                                 int       wake_fd,
                                 gint64    timeout_us,
                                 GError  **error)
{
  return FALSE;
}

void
bs_sqlite_store_bestsellers_install (BsStoreClass *klass)
{
  klass->hold_lease = bs_sqlite_store_hold_lease;
  klass->get_bestsellers_version = bs_sqlite_store_get_bestsellers_version;
  klass->wait_for_orders = bs_sqlite_store_wait_for_orders;
  klass->consume_orders = bs_sqlite_store_consume_orders;
  klass->rebuild_bestsellers = bs_sqlite_store_rebuild_bestsellers;
  klass->list_bestsellers = bs_sqlite_store_list_bestsellers;
  klass->get_stream_lag = bs_sqlite_store_get_stream_lag;
}
