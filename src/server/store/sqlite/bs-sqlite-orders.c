/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-orders"

#include "config.h"

#include "bs-order-event.h"

#include "bs-json-writer.h"
#include "bs-sqlite-store-private.h"

#define ORDER_COLUMNS "order_seq, order_id, customer_id, order_date, total_cents"

static GPtrArray *
read_order_lines (BsStore  *self,
                  gint64    order_seq,
                  GError  **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT " BOOK_COLUMNS ", quantity FROM order_lines "
                       "WHERE order_seq = ?1 ORDER BY line_no",
                       error);

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "x", order_seq);
  return bs_sqlite_read_rows (self, statement, bs_statement_read_line_item,
                              (GDestroyNotify) bs_line_item_free, error);
}

/* Reads the order in the current row of @statement (ORDER_COLUMNS), lines included. */
static BsOrderRecord *
read_order (BsStore      *self,
            BsStatement  *statement,
            GError      **error)
{
  g_autoptr(BsOrderRecord) order = g_new0 (BsOrderRecord, 1);
  gint64 order_seq = sqlite3_column_int64 (statement, 0);

  order->order_id = bs_statement_dup_text (statement, 1);
  order->customer_id = bs_statement_dup_text (statement, 2);
  order->order_date = sqlite3_column_int64 (statement, 3);
  order->total_cents = sqlite3_column_int64 (statement, 4);
  order->lines = read_order_lines (self, order_seq, error);
  if (order->lines == NULL)
    return NULL;
  return g_steal_pointer (&order);
}

/* The order a checkout with this key already placed; NULL without an error if none. */
static BsOrderRecord *
find_by_idempotency_key (BsStore     *self,
                         const char  *customer_id,
                         const char  *key,
                         GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT " ORDER_COLUMNS " FROM orders "
                       "WHERE customer_id = ?1 AND idempotency_key = ?2",
                       error);
  int rc;

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "ss", customer_id, key);
  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW)
    return read_order (self, statement, error);
  if (rc != SQLITE_DONE)
    bs_sqlite_fail (self, error);
  return NULL;
}

static gint64
insert_order (BsStore        *self,
              const BsOrderRecord  *order,
              const char     *idempotency_key,
              GError        **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "INSERT INTO orders (order_id, customer_id, order_date, total_cents,"
                       " idempotency_key) VALUES (?1, ?2, ?3, ?4, ?5)",
                       error);

  if (statement == NULL)
    return -1;
  bs_statement_bind (statement, "ssxxs", order->order_id, order->customer_id,
                     order->order_date, order->total_cents, idempotency_key);
  if (!bs_sqlite_step_done (self, statement, error))
    return -1;
  return sqlite3_last_insert_rowid (bs_sqlite_get_db (self));
}

static gboolean
insert_line (BsStore          *self,
             gint64            order_seq,
             guint             line_no,
             const char       *customer_id,
             const BsLineItem *item,
             GError          **error)
{
  g_autoptr(BsStatement) line =
    bs_sqlite_prepare (self,
                       "INSERT INTO order_lines (order_seq, line_no, " BOOK_COLUMNS ", quantity) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                       error);
  g_autoptr(BsStatement) edge = NULL;
  const BsBookRecord *book = item->book;

  if (line == NULL)
    return FALSE;
  bs_statement_bind (line, "xissssxix", order_seq, (int) line_no, book->book_id,
                     book->name, book->author, book->category, book->price_cents,
                     book->rating_tenths, item->quantity);
  if (!bs_sqlite_step_done (self, line, error))
    return FALSE;

  edge = bs_sqlite_prepare (self,
                            "INSERT INTO purchases (customer_id, book_id, order_seq) "
                            "VALUES (?1, ?2, ?3)",
                            error);
  if (edge == NULL)
    return FALSE;
  bs_statement_bind (edge, "ssx", customer_id, book->book_id, order_seq);
  return bs_sqlite_step_done (self, edge, error);
}

/* The order's event for the best-seller stream: its books and quantities. */
static gboolean
append_order_event (BsStore        *self,
                    const BsOrderRecord  *order,
                    GError        **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "INSERT INTO order_log (order_id, lines) VALUES (?1, ?2)", error);
  g_autofree char *lines = bs_order_event_write (order);

  if (statement == NULL)
    return FALSE;
  bs_statement_bind (statement, "ss", order->order_id, lines);
  return bs_sqlite_step_done (self, statement, error);
}

static gboolean
empty_cart (BsStore     *self,
            const char  *customer_id,
            GError     **error)
{
  return bs_sqlite_run (self, error,
                        "DELETE FROM cart_lines WHERE customer_id = ?1",
                        "s", customer_id);
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
  if (!append_order_event (self, order, error) || !empty_cart (self, customer_id, error))
    return NULL;

  *out_replayed = FALSE;
  return g_steal_pointer (&order);
}

/* Turns the cart into an order at catalog prices, with its purchase edges and its event
 * in the order log, in one transaction committed durably — or changes nothing. With an
 * idempotency key that already placed an order, returns that order instead. */
static BsOrderRecord *
bs_sqlite_store_checkout (BsStore     *self,
                          const char  *customer_id,
                          const char  *idempotency_key,
                          gint64       now,
                          gboolean    *out_replayed,
                          GError     **error)
{
  g_autoptr(BsOrderRecord) order = NULL;
  gboolean replayed = FALSE;
  gboolean committed;

  g_return_val_if_fail (customer_id != NULL, NULL);

  if (!bs_sqlite_set_durable (self, TRUE, error))
    return NULL;
  if (!bs_store_begin (self, error))
    {
      bs_sqlite_set_durable (self, FALSE, NULL);
      return NULL;
    }

  order = place_order (self, customer_id, idempotency_key, now, &replayed, error);
  if (order == NULL)
    {
      bs_store_rollback (self);
      bs_sqlite_set_durable (self, FALSE, NULL);
      return NULL;
    }

  committed = bs_store_commit (self, error);
  bs_sqlite_set_durable (self, FALSE, NULL);
  if (!committed)
    return NULL;

  if (out_replayed != NULL)
    *out_replayed = replayed;
  return g_steal_pointer (&order);
}

/* The customer's orders, newest first. */
static GPtrArray *
bs_sqlite_store_list_orders (BsStore     *self,
                             const char  *customer_id,
                             GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT " ORDER_COLUMNS " FROM orders WHERE customer_id = ?1 "
                       "ORDER BY order_date DESC, order_seq DESC",
                       error);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_order_record_free);
  int rc;

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "s", customer_id);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      BsOrderRecord *order = read_order (self, statement, error);

      if (order == NULL)
        return NULL;
      g_ptr_array_add (orders, order);
    }
  if (rc != SQLITE_DONE)
    {
      bs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&orders);
}

static gint64
bs_sqlite_store_count_orders (BsStore  *self,
                              GError  **error)
{
  return bs_sqlite_query_int64 (self, "SELECT count(*) FROM orders", error);
}

void
bs_sqlite_store_orders_install (BsStoreClass *klass)
{
  klass->checkout = bs_sqlite_store_checkout;
  klass->list_orders = bs_sqlite_store_list_orders;
  klass->count_orders = bs_sqlite_store_count_orders;
}
