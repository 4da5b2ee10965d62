/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-shop"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-shop-private.h"

/* Changing the signed-in customer's cart, and checking out. Cart lines change through a
 * queue per line: one call at a time reaches the server, in the order the user chose; a
 * choice still waiting is replaced by a newer one; and the server's answer is shown only
 * when no newer choice waits, so an older answer never undoes a newer choice on screen.
 * A checkout waits for the lines' changes still on their way. */

typedef struct
{
  gboolean add;        /* adds @quantity copies; else sets the line to @quantity, 0 removes it */
  int quantity;
  GTask *task;         /* (owned) */
} LineChange;

typedef struct
{
  BsShop *shop;        /* (unowned): each change's task holds it */
  char *book_id;
  GQueue changes;      /* LineChange; the head is with the server */
  guint64 epoch;
  gboolean detached;   /* its customer left: answers only go back to the callers */
} LineQueue;

static void
line_queue_free (gpointer data)
{
  LineQueue *line = data;

  g_assert (g_queue_is_empty (&line->changes));
  g_free (line->book_id);
  g_free (line);
}

static void
line_change_finish (LineChange *change,
                    GError     *error,
                    BsCartItem *item)
{
  if (error != NULL)
    g_task_return_error (change->task, error);
  else if (change->add)
    g_task_return_pointer (change->task, g_object_ref (item), g_object_unref);
  else
    g_task_return_boolean (change->task, TRUE);
  g_object_unref (change->task);
  g_free (change);
}

static void send_head                (LineQueue    *line);
static void send_waiting_checkouts   (BsShop       *self);
static void fail_waiting_checkouts   (BsShop       *self,
                                      const GError *error);

/* The server's answer to the change at the head of @line. The queue moves on before
 * the caller hears of it: its callback may change the cart again. */
static void
line_answered (LineQueue  *line,
               BsCartItem *item,
               GError     *error)
{
  LineChange *change = g_queue_pop_head (&line->changes);
  BsShop *self = line->shop;
  gboolean current = !line->detached && line->epoch == self->customer_epoch;

  if (current)
    bs_shop_note_reachability (self, error);
  if (current && error == NULL && g_queue_is_empty (&line->changes))
    {
      if (item != NULL)
        bs_cart_update (self->cart, item);
      else
        bs_cart_remove (self->cart, line->book_id);
      bs_shop_changed_here (self, BS_SHOP_CART);
    }
  /* The cart on screen may be wrong now: ask the server what it holds. A checkout
   * waiting for this change would not order what the cart showed. */
  if (current && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      bs_shop_refresh_part (self, BS_SHOP_CART);
      fail_waiting_checkouts (self, error);
    }
  if (!current && error == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Another customer signed in");

  if (!g_queue_is_empty (&line->changes))
    send_head (line);
  else if (line->detached)
    line_queue_free (line);
  else
    {
      g_hash_table_remove (self->lines, line->book_id);
      if (g_hash_table_size (self->lines) == 0)
        send_waiting_checkouts (self);
    }
  line_change_finish (change, error, item);
}

/* The answer to the change at the head of @line: the line as the server has it now. */
static void
line_changed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LineQueue *line = user_data;
  LineChange *change = g_queue_peek_head (&line->changes);
  BsClient *client = BS_CLIENT (source);
  GError *error = NULL;
  g_autoptr(BsCartItem) item = NULL;

  if (change->add)
    item = bs_client_add_to_cart_finish (client, result, &error);
  else if (change->quantity > 0)
    item = bs_client_set_cart_quantity_finish (client, result, &error);
  else
    bs_client_remove_from_cart_finish (client, result, &error);
  line_answered (line, item, error);
}

/* A change once sent is never cancelled: what the user chose reaches the server, even
 * when they sign out or quit right after. Only the answer may go unheard. */
static void
send_head (LineQueue *line)
{
  BsShop *self = line->shop;
  LineChange *change = g_queue_peek_head (&line->changes);

  if (change->add)
    bs_client_add_to_cart_async (self->client, line->book_id, change->quantity, NULL,
                                 line_changed_cb, line);
  else if (change->quantity > 0)
    bs_client_set_cart_quantity_async (self->client, line->book_id, change->quantity, NULL,
                                       line_changed_cb, line);
  else
    bs_client_remove_from_cart_async (self->client, line->book_id, NULL, line_changed_cb, line);
}

static void
enqueue (BsShop     *self,
         const char *book_id,
         LineChange *change)
{
  LineQueue *line = g_hash_table_lookup (self->lines, book_id);
  LineChange *waiting;

  if (line == NULL)
    {
      line = g_new0 (LineQueue, 1);
      line->shop = self;
      line->book_id = g_strdup (book_id);
      line->epoch = self->customer_epoch;
      g_hash_table_insert (self->lines, line->book_id, line);
    }
  /* A quantity still waiting for its turn is no longer wanted: the newer one takes its
   * place (and its caller hears so last, as its callback may change the cart again). */
  waiting = g_queue_get_length (&line->changes) > 1 ? g_queue_peek_tail (&line->changes) : NULL;
  if (!change->add && waiting != NULL && !waiting->add)
    g_queue_pop_tail (&line->changes);
  else
    waiting = NULL;
  g_queue_push_tail (&line->changes, change);
  if (g_queue_get_length (&line->changes) == 1)
    send_head (line);
  if (waiting != NULL)
    line_change_finish (waiting, NULL, NULL);
}

/* Every line's changes go on for their callers, but no answer touches the cart on
 * screen any more. Callers hear of the changes dropped once the lines are let go. */
static void
detach_lines (BsShop *self)
{
  g_autoptr(GPtrArray) dropped = g_ptr_array_new ();
  GHashTableIter iter;
  LineQueue *line;

  g_hash_table_iter_init (&iter, self->lines);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &line))
    {
      /* What has not gone yet never goes: the next customer's token would carry it. */
      while (g_queue_get_length (&line->changes) > 1)
        g_ptr_array_add (dropped, g_queue_pop_tail (&line->changes));
      line->detached = TRUE;
      g_hash_table_iter_steal (&iter);
    }
  for (guint i = 0; i < dropped->len; i++)
    line_change_finish (g_ptr_array_index (dropped, i),
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The customer left"), NULL);
}

/* Adds @copies of a book; the line shows once the server has it. */
void
bs_shop_add_to_cart_async (BsShop              *self,
                           const char          *book_id,
                           int                  copies,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  LineChange *change;
  GTask *task;

  g_return_if_fail (BS_IS_SHOP (self));
  g_return_if_fail (book_id != NULL);

  task = bs_shop_customer_task_new (self, bs_shop_add_to_cart_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  change = g_new0 (LineChange, 1);
  change->add = TRUE;
  change->quantity = copies;
  change->task = task;
  enqueue (self, book_id, change);
}

BsCartItem *
bs_shop_add_to_cart_finish (BsShop        *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sets a line to @quantity copies (0 removes it), on screen at once; the server follows.
 * A line not in the cart (taken out a moment ago, say) shows when the server has it. */
void
bs_shop_set_quantity_async (BsShop              *self,
                            const char          *book_id,
                            int                  quantity,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  LineChange *change;
  GTask *task;

  g_return_if_fail (BS_IS_SHOP (self));
  g_return_if_fail (book_id != NULL);
  g_return_if_fail (quantity >= 0 && quantity <= 99);

  task = bs_shop_customer_task_new (self, bs_shop_set_quantity_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  /* Shown at once; before the cart has loaded, with the server's answer. */
  if (self->loaded[BS_SHOP_CART])
    {
      BsCartItem *shown = bs_cart_lookup (self->cart, book_id);

      if (quantity == 0)
        bs_cart_remove (self->cart, book_id);
      else if (shown != NULL)
        bs_cart_item_set_quantity (shown, quantity);
      bs_shop_changed_here (self, BS_SHOP_CART);
    }

  change = g_new0 (LineChange, 1);
  change->quantity = quantity;
  change->task = task;
  enqueue (self, book_id, change);
}

gboolean
bs_shop_set_quantity_finish (BsShop        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Checking out */

static void
ordered_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsOrder) order = bs_client_checkout_finish (BS_CLIENT (source), result, &error);
  guint64 epoch = GPOINTER_TO_SIZE (g_task_get_task_data (task));

  if (epoch == self->customer_epoch)
    bs_shop_note_reachability (self, error);
  if (order == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The cart became this order: both show at once, and nothing older comes back. */
  if (epoch == self->customer_epoch)
    {
      bs_cart_clear (self->cart);
      bs_shop_changed_here (self, BS_SHOP_CART);
      g_list_store_insert (self->orders, 0, order);
      bs_shop_changed_here (self, BS_SHOP_ORDERS);
      bs_shop_refresh_part (self, BS_SHOP_RECOMMENDATIONS);
    }
  g_task_return_pointer (task, g_steal_pointer (&order), g_object_unref);
}

static void
send_checkout (BsShop *self,
               GTask  *task)
{
  bs_client_checkout_async (self->client, g_task_get_cancellable (task), ordered_cb, task);
}

static void
send_waiting_checkouts (BsShop *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->checkouts_waiting);

  self->checkouts_waiting = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    send_checkout (self, g_ptr_array_index (waiting, i));
}

/* Checkouts that must not go: a change they waited for failed, or the customer left. */
static void
fail_waiting_checkouts (BsShop       *self,
                        const GError *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->checkouts_waiting);

  self->checkouts_waiting = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

static void
drop_waiting_checkouts (BsShop *self)
{
  g_autoptr(GError) left = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The customer left");

  fail_waiting_checkouts (self, left);
}

/* Orders what the cart holds on the server, once every quantity chosen before has
 * reached it: the order is what the cart showed. A retry after a lost answer orders
 * once: the client sends the same idempotency key. */
void
bs_shop_checkout_async (BsShop              *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (BS_IS_SHOP (self));

  task = bs_shop_customer_task_new (self, bs_shop_checkout_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  g_task_set_task_data (task, GSIZE_TO_POINTER (self->customer_epoch), NULL);
  if (g_hash_table_size (self->lines) > 0)
    g_ptr_array_add (self->checkouts_waiting, task);
  else
    send_checkout (self, task);
}

BsOrder *
bs_shop_checkout_finish (BsShop        *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bs_shop_cart_init (BsShop *self)
{
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, line_queue_free);
  self->checkouts_waiting = g_ptr_array_new ();
}

/* The customer left: their cart changes finish without touching the screen, and their
 * checkouts waiting do not go. */
void
bs_shop_cart_detach (BsShop *self)
{
  if (self->lines != NULL)
    detach_lines (self);
  if (self->checkouts_waiting != NULL)
    drop_waiting_checkouts (self);
}

void
bs_shop_cart_dispose (BsShop *self)
{
  bs_shop_cart_detach (self);
  g_clear_pointer (&self->lines, g_hash_table_unref);
  g_clear_pointer (&self->checkouts_waiting, g_ptr_array_unref);
}
