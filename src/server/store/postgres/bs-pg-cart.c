/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-cart"

#include "config.h"

#include "bs-pg-store-private.h"

#define MAX_QUANTITY 99

/* A cart line always carries the book as the catalog has it now: its price is the
 * current price, never one remembered from when the line was added. */
#define CART_LINE_SELECT                                                                  \
  "SELECT b.book_id, b.name, b.author, b.category, b.price_cents, b.rating_tenths, "     \
  "c.quantity FROM cart_lines c JOIN books b ON b.book_id = c.book_id "

static GPtrArray *
bs_pg_store_list_cart (BsStore     *self,
                       const char  *customer_id,
                       GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, CART_LINE_SELECT "WHERE c.customer_id = $1 ORDER BY c.line_seq",
                 "s", customer_id);

  if (result == NULL)
    return NULL;
  return bs_pg_read_rows (result, bs_pg_read_line_item, (GDestroyNotify) bs_line_item_free);
}

static BsLineItem *
bs_pg_store_get_cart_line (BsStore     *self,
                           const char  *customer_id,
                           const char  *book_id,
                           GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, CART_LINE_SELECT "WHERE c.customer_id = $1 AND c.book_id = $2",
                 "ss", customer_id, book_id);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "%s is not in the cart", book_id);
      return NULL;
    }
  return bs_pg_read_line_item (result, 0);
}

static gboolean
require_book (BsStore     *self,
              const char  *book_id,
              GError     **error)
{
  g_autoptr(BsBookRecord) book = bs_store_get_book (self, book_id, error);

  return book != NULL;
}

/* Adds @quantity copies; a line that would pass 99 copies is refused and left as it was. */
static BsLineItem *
bs_pg_store_add_to_cart (BsStore     *self,
                         const char  *customer_id,
                         const char  *book_id,
                         int          quantity,
                         GError     **error)
{
  g_autoptr(BsLineItem) current = NULL;
  g_autoptr(GError) local_error = NULL;
  BsLineItem *line;
  int total = quantity;

  g_return_val_if_fail (quantity >= 1 && quantity <= MAX_QUANTITY, NULL);

  if (!bs_store_begin (self, error))
    return NULL;

  if (!require_book (self, book_id, error))
    goto fail;
  /* Nodes adding to one cart at once take turns from here to the commit, so that each
   * reads the quantity the other wrote: a line that is not there yet has no row to lock,
   * so the customer's row is locked instead (without blocking the foreign-key checks of
   * other tables that name the customer). */
  if (!bs_pg_run (self, error,
                  "SELECT 1 FROM customers WHERE customer_id = $1 FOR NO KEY UPDATE",
                  "s", customer_id))
    goto fail;
  current = bs_store_get_cart_line (self, customer_id, book_id, &local_error);
  if (current != NULL)
    total += (int) current->quantity;
  else if (!g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }

  if (total > MAX_QUANTITY)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_LIMIT,
                   "A cart line holds at most %d copies; this one has %d already",
                   MAX_QUANTITY, current != NULL ? (int) current->quantity : 0);
      goto fail;
    }

  line = bs_store_set_cart_quantity (self, customer_id, book_id, total, error);
  if (line == NULL)
    goto fail;
  if (!bs_store_commit (self, error))
    {
      bs_line_item_free (line);
      return NULL;
    }
  return line;

fail:
  bs_store_rollback (self);
  return NULL;
}

/* Sets a line to 1–99 copies, creating it at the end of the cart if it is new. */
static BsLineItem *
bs_pg_store_set_cart_quantity (BsStore     *self,
                               const char  *customer_id,
                               const char  *book_id,
                               int          quantity,
                               GError     **error)
{
  g_return_val_if_fail (quantity >= 1 && quantity <= MAX_QUANTITY, NULL);

  if (!require_book (self, book_id, error))
    return NULL;

  if (!bs_pg_run (self, error,
                  "INSERT INTO cart_lines (customer_id, book_id, quantity) "
                  "VALUES ($1, $2, $3) ON CONFLICT (customer_id, book_id) "
                  "DO UPDATE SET quantity = excluded.quantity",
                  "ssi", customer_id, book_id, quantity))
    return NULL;

  return bs_store_get_cart_line (self, customer_id, book_id, error);
}

static gboolean
bs_pg_store_remove_from_cart (BsStore     *self,
                              const char  *customer_id,
                              const char  *book_id,
                              GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "DELETE FROM cart_lines WHERE customer_id = $1 AND book_id = $2",
                 "ss", customer_id, book_id);

  if (result == NULL)
    return FALSE;
  if (g_str_equal (PQcmdTuples (result), "0"))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "%s is not in the cart", book_id);
      return FALSE;
    }
  return TRUE;
}

void
bs_pg_store_cart_install (BsStoreClass *klass)
{
  klass->list_cart = bs_pg_store_list_cart;
  klass->get_cart_line = bs_pg_store_get_cart_line;
  klass->add_to_cart = bs_pg_store_add_to_cart;
  klass->set_cart_quantity = bs_pg_store_set_cart_quantity;
  klass->remove_from_cart = bs_pg_store_remove_from_cart;
}
