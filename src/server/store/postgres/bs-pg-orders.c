/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-orders"

#include "config.h"

#include "bs-order-event.h"

#include "bs-json-writer.h"
#include "bs-pg-store-private.h"

/* Orders with their lines come back in one query, so that an order and its lines are
 * read from one snapshot: the order's columns, then its line (NULL columns when it has
 * none), a row per line. */
#define ORDER_SELECT \
  "SELECT o.order_seq, o.order_id, o.customer_id, o.order_date, o.total_cents, l.line_no," \
  " l.book_id, l.name, l.author, l.category, l.price_cents, l.rating_tenths, l.quantity " \
  "FROM orders o LEFT JOIN order_lines l ON l.order_seq = o.order_seq "
#define LINE_NO_COLUMN 5
#define FIRST_BOOK_COLUMN 6
#define QUANTITY_COLUMN 12

/* The orders in @result (ORDER_SELECT, rows of one order together, lines in order). */
static GPtrArray *
read_orders (const PGresult *result)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_order_record_free);
  BsOrderRecord *order = NULL;
  gint64 order_seq = -1;

  for (int row = 0; row < PQntuples (result); row++)
    {
      if (order == NULL || bs_pg_get_int64 (result, row, 0) != order_seq)
        {
          order_seq = bs_pg_get_int64 (result, row, 0);
          order = g_new0 (BsOrderRecord, 1);
          order->order_id = bs_pg_dup_text (result, row, 1);
          order->customer_id = bs_pg_dup_text (result, row, 2);
          order->order_date = bs_pg_get_int64 (result, row, 3);
          order->total_cents = bs_pg_get_int64 (result, row, 4);
          order->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_line_item_free);
          g_ptr_array_add (orders, order);
        }
      if (!PQgetisnull (result, row, LINE_NO_COLUMN))
        {
          BsLineItem *item = g_new0 (BsLineItem, 1);

          item->book = bs_pg_read_book (result, row, FIRST_BOOK_COLUMN);
          item->quantity = bs_pg_get_int64 (result, row, QUANTITY_COLUMN);
          g_ptr_array_add (order->lines, item);
        }
    }
  return orders;
}

/* The order a checkout with this key already placed; NULL without an error if none. */
static BsOrderRecord *
find_by_idempotency_key (BsStore     *self,
                         const char  *customer_id,
                         const char  *key,
                         GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 ORDER_SELECT "WHERE o.customer_id = $1 AND o.idempotency_key = $2 "
                 "ORDER BY l.line_no",
                 "ss", customer_id, key);
  g_autoptr(GPtrArray) orders = NULL;

  if (result == NULL)
    return NULL;
  orders = read_orders (result);
  if (orders->len == 0)
    return NULL;
  return g_ptr_array_steal_index (orders, 0);
}

static gint64
insert_order (BsStore              *self,
              const BsOrderRecord  *order,
              const char           *idempotency_key,
              GError              **error)
{
  return bs_pg_query_int64 (self, error, -1,
                            "INSERT INTO orders (order_id, customer_id, order_date, total_cents,"
                            " idempotency_key) VALUES ($1, $2, $3, $4, $5) RETURNING order_seq",
                            "ssxxs", order->order_id, order->customer_id, order->order_date,
                            order->total_cents, idempotency_key);
}

static gboolean
insert_line (BsStore           *self,
             gint64             order_seq,
             guint              line_no,
             const char        *customer_id,
             const BsLineItem  *item,
             GError           **error)
{
  const BsBookRecord *book = item->book;

  return bs_pg_run (self, error,
                    "INSERT INTO order_lines (order_seq, line_no, " BOOK_COLUMNS ", quantity) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    "xissssxix", order_seq, (int) line_no, book->book_id, book->name,
                    book->author, book->category, book->price_cents, book->rating_tenths,
                    item->quantity) &&
         bs_pg_run (self, error,
                    "INSERT INTO purchases (customer_id, book_id, order_seq) VALUES ($1, $2, $3)",
                    "ssx", customer_id, book->book_id, order_seq);
}

/* The order's event for the best-seller stream: its books and quantities, written as the
 * SQLite engine writes them. */
static gboolean
append_order_event (BsStore              *self,
                    const BsOrderRecord  *order,
                    GError              **error)
{
  g_autofree char *lines = bs_order_event_write (order);

  return bs_pg_run (self, error, "INSERT INTO order_log (order_id, lines) VALUES ($1, $2)",
                    "ss", order->order_id, lines);
}

/* Removes the lines the order took, and only those: a line another node added meanwhile
 * (a new line has no row the checkout could lock) stays in the cart. */
static gboolean
empty_cart (BsStore              *self,
            const BsOrderRecord  *order,
            GError              **error)
{
  for (guint i = 0; i < order->lines->len; i++)
    {
      const BsLineItem *item = g_ptr_array_index (order->lines, i);

      if (!bs_pg_run (self, error, "DELETE FROM cart_lines WHERE customer_id = $1 AND book_id = $2",
                      "ss", order->customer_id, item->book->book_id))
        return FALSE;
    }
  return TRUE;
}

static BsOrderRecord *
place_order (BsStore     *self,
             const char  *customer_id,
             const char  *idempotency_key,
             gint64       now,
             gboolean    *out_replayed,
             GError     **error)
{
  g_autoptr(BsOrderRecord) order = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 order_seq;

  /* One customer's checkouts run one after another, whichever nodes they reach: the
   * second to come finds the first's order under the same key rather than placing
   * another. The unique index on the key stays as the backstop. Rows that merely refer
   * to the customer (a sign-in's session) need not wait for this lock. */
  if (!bs_pg_run (self, error,
                  "SELECT 1 FROM customers WHERE customer_id = $1 FOR NO KEY UPDATE",
                  "s", customer_id))
    return NULL;

  if (idempotency_key != NULL)
    {
      order = find_by_idempotency_key (self, customer_id, idempotency_key, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (order != NULL)
        {
          *out_replayed = TRUE;
          return g_steal_pointer (&order);
        }
    }

  /* Adding to the cart takes the customer's lock above; changing or removing a line
   * locks just that line, so the lines are locked too: the cart read here is then the
   * cart emptied below. */
  if (!bs_pg_run (self, error, "SELECT 1 FROM cart_lines WHERE customer_id = $1 FOR UPDATE",
                  "s", customer_id))
    return NULL;
  order = g_new0 (BsOrderRecord, 1);
  order->lines = bs_store_list_cart (self, customer_id, error);
  if (order->lines == NULL)
    return NULL;
  if (order->lines->len == 0)
    {
      g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_EMPTY, "Your cart is empty");
      return NULL;
    }

  bs_order_record_price (order, customer_id, now);

  order_seq = insert_order (self, order, idempotency_key, error);
  if (order_seq < 0)
    return NULL;
  for (guint i = 0; i < order->lines->len; i++)
    if (!insert_line (self, order_seq, i, customer_id, g_ptr_array_index (order->lines, i), error))
      return NULL;
  if (!append_order_event (self, order, error) || !empty_cart (self, order, error))
    return NULL;

  *out_replayed = FALSE;
  return g_steal_pointer (&order);
}

/* How often a checkout is tried when PostgreSQL rolled it back to break a deadlock or a
 * serialization conflict: the next try usually goes through. */
#define CHECKOUT_TRIES 3

static BsOrderRecord *
check_out_once (BsStore     *self,
                const char  *customer_id,
                const char  *idempotency_key,
                gint64       now,
                gboolean    *out_replayed,
                GError     **error)
{
  g_autoptr(BsOrderRecord) order = NULL;

  if (!bs_store_begin (self, error))
    return NULL;
  order = place_order (self, customer_id, idempotency_key, now, out_replayed, error);
  if (order == NULL)
    {
      bs_store_rollback (self);
      return NULL;
    }
  if (!bs_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&order);
}

/* Turns the cart into an order at catalog prices, with its purchase edges and its event
 * in the order log, in one transaction — or changes nothing. With an idempotency key
 * that already placed an order, returns that order instead. PostgreSQL's commit is
 * durable by itself. */
static BsOrderRecord *
bs_pg_store_checkout (BsStore     *self,
                      const char  *customer_id,
                      const char  *idempotency_key,
                      gint64       now,
                      gboolean    *out_replayed,
                      GError     **error)
{
  g_autoptr(BsOrderRecord) order = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean replayed = FALSE;

  g_return_val_if_fail (customer_id != NULL, NULL);

  /* Inside a caller's transaction the caller decides what to do again: not this. */
  for (guint try = 1; order == NULL; try++)
    {
      g_clear_error (&local_error);
      order = check_out_once (self, customer_id, idempotency_key, now, &replayed, &local_error);
      if (order == NULL &&
          (try == CHECKOUT_TRIES || bs_pg_in_transaction (self) ||
           !g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_CONFLICT)))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (out_replayed != NULL)
    *out_replayed = replayed;
  return g_steal_pointer (&order);
}

/* The customer's orders, newest first. */
static GPtrArray *
bs_pg_store_list_orders (BsStore     *self,
                         const char  *customer_id,
                         GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 ORDER_SELECT "WHERE o.customer_id = $1 "
                 "ORDER BY o.order_date DESC, o.order_seq DESC, l.line_no",
                 "s", customer_id);

  if (result == NULL)
    return NULL;
  return read_orders (result);
}

static gint64
bs_pg_store_count_orders (BsStore  *self,
                          GError  **error)
{
  return bs_pg_query_int64 (self, error, 0, "SELECT count(*) FROM orders", "");
}

void
bs_pg_store_orders_install (BsStoreClass *klass)
{
  klass->checkout = bs_pg_store_checkout;
  klass->list_orders = bs_pg_store_list_orders;
  klass->count_orders = bs_pg_store_count_orders;
}
