/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-bestsellers"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bs-order-event.h"
#include "bs-pg-store-private.h"

/* The leaderboard is a view of the order log kept by a stream processor, as on SQLite.
 * Offsets come from a sequence and, with many nodes writing, do not commit in order, so
 * there is no stored offset: each event is marked counted in the same transaction that
 * adds its quantities, and every order counts exactly once, whatever crashes between.
 * Workers on several nodes share the log by skipping the events another has locked. */

#define VERSION_KEY "bestsellers_version"

/* Adds one line of an event to @quantities, book id → copies. */
static gboolean
add_line_cb (const char  *book_id,
             gint64       quantity,
             gpointer     quantities,
             GError     **error)
{
  gint64 *total = g_hash_table_lookup (quantities, book_id);

  if (total == NULL)
    {
      total = g_new0 (gint64, 1);
      g_hash_table_insert (quantities, g_strdup (book_id), total);
    }
  *total += quantity;
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds the copies to the leaderboard, book by book in one order for every worker, so
 * that two workers updating the same books wait for each other instead of deadlocking. */
static gboolean
add_quantities (BsStore     *self,
                GHashTable  *quantities,
                GError     **error)
{
  guint n_books = 0;
  g_autofree const char **book_ids =
    (const char **) g_hash_table_get_keys_as_array (quantities, &n_books);

  qsort (book_ids, n_books, sizeof *book_ids, compare_strings);
  for (guint i = 0; i < n_books; i++)
    {
      const gint64 *quantity = g_hash_table_lookup (quantities, book_ids[i]);

      if (!bs_pg_run (self, error,
                      "INSERT INTO bestsellers (book_id, quantity) VALUES ($1, $2) "
                      "ON CONFLICT (book_id) DO UPDATE "
                      "SET quantity = bestsellers.quantity + excluded.quantity",
                      "sx", book_ids[i], *quantity))
        return FALSE;
    }
  return TRUE;
}

/* Tells every node that the leaderboard changed: they push it when its version moves
 * (and the schema's trigger wakes them when it commits). */
static gboolean
bump_version (BsStore  *self,
              GError  **error)
{
  return bs_pg_run (self, error,
                    "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = '" VERSION_KEY "'",
                    "");
}

/* Counts up to @max_events events not counted yet, oldest first. Returns how many it
 * counted, or -1 on error (and then nothing changed). Fewer than @max_events may come
 * back while more wait: those another node is counting at that moment. */
static gint64
bs_pg_store_consume_orders (BsStore  *self,
                            guint     max_events,
                            GError  **error)
{
  g_autoptr(PGresult) events = NULL;
  g_autoptr(GHashTable) quantities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) offsets = g_string_new ("{");
  int n_events;

  if (!bs_store_begin (self, error))
    return -1;

  /* A rebuild holds the leaderboard to itself until it is done (see below). */
  if (!bs_pg_exec (self, "LOCK TABLE bestsellers IN ROW EXCLUSIVE MODE", error))
    goto fail;
  events = bs_pg_query (self, error,
                        "SELECT event_offset, lines FROM order_log WHERE NOT counted "
                        "ORDER BY event_offset LIMIT $1 FOR UPDATE SKIP LOCKED",
                        "x", (gint64) max_events);
  if (events == NULL)
    goto fail;

  n_events = PQntuples (events);
  for (int row = 0; row < n_events; row++)
    {
      gint64 event_offset = bs_pg_get_int64 (events, row, 0);

      if (!bs_order_event_foreach_line (PQgetvalue (events, row, 1), event_offset, add_line_cb, quantities,
                                        error))
        goto fail;
      g_string_append_printf (offsets, "%s%" G_GINT64_FORMAT, row > 0 ? "," : "", event_offset);
    }
  g_string_append_c (offsets, '}');

  if (n_events > 0 &&
      (!add_quantities (self, quantities, error) ||
       !bs_pg_run (self, error,
                   "UPDATE order_log SET counted = true WHERE event_offset = ANY ($1::bigint[])",
                   "s", offsets->str) ||
       !bump_version (self, error)))
    goto fail;
  if (!bs_store_commit (self, error))
    return -1;
  return n_events;

fail:
  bs_store_rollback (self);
  return -1;
}

/* Recomputes the leaderboard from the whole order log, in one transaction. The table
 * lock waits for the workers counting now and keeps others out until the rebuild
 * commits, so none adds to a leaderboard being cleared; checkouts and readers go on. */
static gboolean
bs_pg_store_rebuild_bestsellers (BsStore  *self,
                                 GError  **error)
{
  gint64 applied;

  if (!bs_store_begin (self, error))
    return FALSE;
  if (!bs_pg_exec (self, "LOCK TABLE bestsellers IN EXCLUSIVE MODE", error) ||
      !bs_pg_exec (self, "DELETE FROM bestsellers", error) ||
      !bs_pg_exec (self, "UPDATE order_log SET counted = false WHERE counted", error) ||
      !bump_version (self, error))
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
bs_pg_store_list_bestsellers (BsStore  *self,
                              guint     limit,
                              GError  **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 "SELECT b.book_id, b.name, b.author, b.category, b.price_cents,"
                 " b.rating_tenths, s.quantity FROM bestsellers s "
                 "JOIN books b ON b.book_id = s.book_id WHERE s.quantity > 0 "
                 "ORDER BY s.quantity DESC, bs_natural_key (b.book_id) LIMIT $1",
                 "x", (gint64) limit);

  if (result == NULL)
    return NULL;
  return bs_pg_read_rows (result, bs_pg_read_line_item, (GDestroyNotify) bs_line_item_free);
}

/* Order events the leaderboard has not taken in yet. */
static gint64
bs_pg_store_get_stream_lag (BsStore  *self,
                            GError  **error)
{
  return bs_pg_query_int64 (self, error, 0, "SELECT count(*) FROM order_log WHERE NOT counted", "");
}

void
bs_pg_store_bestsellers_install (BsStoreClass *klass)
{
  klass->consume_orders = bs_pg_store_consume_orders;
  klass->rebuild_bestsellers = bs_pg_store_rebuild_bestsellers;
  klass->list_bestsellers = bs_pg_store_list_bestsellers;
  klass->get_stream_lag = bs_pg_store_get_stream_lag;
}
