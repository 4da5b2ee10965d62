/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-shop"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-shop-private.h"

/* The signed-in customer's cart, orders and recommendations (and a saved copy of their
 * friends). Each shows the newest of what the snapshot and the server said, by
 * BsFreshness, and every change is saved at once: a start while the server is down
 * finds what was last on screen.
 * Changing the cart and checking out are in bs-shop-cart.c. */

#define RECOMMENDATIONS_LIMIT 12

static BsFreshness *
freshness_of (BsShop     *self,
              BsShopPart  part)
{
  return &self->freshness[part];
}

/* Saving */

static char *
snapshot_name (BsShop     *self,
               const char *what)
{
  return self->signed_in ? bs_session_snapshot_name (self->session, what) : NULL;
}

static GPtrArray *
items_of (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));
  return items;
}

static const char *
part_name (BsShopPart part)
{
  const char *names[] = { "cart", "orders", "recommendations" };

  return names[part];
}

static const BsSnapshotKind part_kinds[] = { BS_SNAPSHOT_CART, BS_SNAPSHOT_ORDERS, BS_SNAPSHOT_BOOK_COUNTS };

static GListModel *
part_model (BsShop     *self,
            BsShopPart  part)
{
  switch (part)
    {
    case BS_SHOP_CART:
      return G_LIST_MODEL (self->cart);
    case BS_SHOP_ORDERS:
      return G_LIST_MODEL (self->orders);
    case BS_SHOP_RECOMMENDATIONS:
      return G_LIST_MODEL (self->recommendations);
    case BS_SHOP_N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static void
keep_part (BsShop     *self,
           BsShopPart  part)
{
  g_autofree char *name = snapshot_name (self, part_name (part));
  g_autoptr(GPtrArray) items = items_of (part_model (self, part));

  bs_shop_keep (self, name, part_kinds[part], items, NULL);
}

/* Shows @models as @part, saved or fresh. */
static void
show_part (BsShop     *self,
           BsShopPart  part,
           GPtrArray  *models)
{
  if (part == BS_SHOP_CART)
    bs_cart_replace (self->cart, models);
  else
    {
      GListStore *store = G_LIST_STORE (part_model (self, part));

      g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), models->pdata,
                           models->len);
    }
  bs_shop_set_loaded (self, part, TRUE);
}


/* A change made here, after the server took it: newer than every load in flight, so
 * shown and saved at once. Before the customer's part has loaded, though, what is shown
 * is not all of theirs: it is neither saved nor allowed to beat the loads in flight,
 * and the server is asked again, as the load in flight may have been answered before
 * the change. */
void
bs_shop_changed_here (BsShop     *self,
                      BsShopPart  part)
{
  if (!self->loaded[part])
    {
      bs_shop_refresh_part (self, part);
      return;
    }
  bs_freshness_local (freshness_of (self, part));
  keep_part (self, part);
}

/* Loading: a snapshot, the server, or both */

typedef struct
{
  BsShop *shop;        /* (owned) */
  BsShopPart part;
  guint64 generation;
  guint64 epoch;       /* whose data this is */
  GTask *group;        /* (owned) (nullable): a refresh waiting for several loads */
} Load;

static Load *
load_new (BsShop     *self,
          BsShopPart  part,
          GTask      *group)
{
  Load *load = g_new0 (Load, 1);

  load->shop = g_object_ref (self);
  load->part = part;
  load->generation = bs_freshness_ask (freshness_of (self, part));
  load->epoch = self->customer_epoch;
  load->group = group != NULL ? g_object_ref (group) : NULL;
  return load;
}

static gboolean
load_is_current (Load *load)
{
  return load->epoch == load->shop->customer_epoch;
}

/* A refresh of several parts: done when all are, failed with the first failure. */
typedef struct
{
  guint pending;
  GError *error;
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_clear_error (&group->error);
  g_free (group);
}

static void
load_done (Load         *load,
           const GError *error)
{
  if (load->group != NULL)
    {
      Group *group = g_task_get_task_data (load->group);

      if (error != NULL && group->error == NULL)
        group->error = g_error_copy (error);
      if (--group->pending == 0)
        {
          if (group->error != NULL)
            g_task_return_error (load->group, g_steal_pointer (&group->error));
          else
            g_task_return_boolean (load->group, TRUE);
        }
    }
  g_clear_object (&load->group);
  g_object_unref (load->shop);
  g_free (load);
}

static void
saved_part_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GPtrArray) models = bs_cache_load_finish (BS_CACHE (source), result, NULL, NULL);

  if (models != NULL && load_is_current (load) &&
      bs_freshness_take (freshness_of (load->shop, load->part), load->generation))
    show_part (load->shop, load->part, models);
  load_done (load, NULL);
}

static void
fetched_part (Load      *load,
              GPtrArray *models,
              GError    *error)
{
  BsShop *self = load->shop;

  if (load_is_current (load))
    {
      bs_shop_note_reachability (self, error);
      if (models != NULL && bs_freshness_take (freshness_of (self, load->part), load->generation))
        {
          show_part (self, load->part, models);
          keep_part (self, load->part);
        }
      /* The server answered, with an error: offline, the offline state says it all. */
      if (models != NULL)
        bs_shop_set_failed (self, load->part, FALSE);
      else if (!bs_shop_is_offline (self) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bs_shop_set_failed (self, load->part, TRUE);
    }
  else if (error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Another customer signed in");
  load_done (load, error);
  g_clear_error (&error);
}

static void
part_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Load *load = user_data;
  BsClient *client = BS_CLIENT (source);
  GError *error = NULL;
  g_autoptr(GPtrArray) models = NULL;

  switch (load->part)
    {
    case BS_SHOP_CART:
      models = bs_client_list_cart_finish (client, result, &error);
      break;
    case BS_SHOP_ORDERS:
      models = bs_client_list_orders_finish (client, result, &error);
      break;
    case BS_SHOP_RECOMMENDATIONS:
      models = bs_client_list_recommendations_finish (client, result, &error);
      break;
    case BS_SHOP_N_PARTS:
    default:
      g_assert_not_reached ();
    }
  fetched_part (load, models, error);
}

static void
fetch_part (BsShop     *self,
            BsShopPart  part,
            GTask      *group)
{
  Load *load = load_new (self, part, group);

  switch (part)
    {
    case BS_SHOP_CART:
      bs_client_list_cart_async (self->client, self->customer, part_fetched_cb, load);
      break;
    case BS_SHOP_ORDERS:
      bs_client_list_orders_async (self->client, self->customer, part_fetched_cb, load);
      break;
    case BS_SHOP_RECOMMENDATIONS:
      bs_client_list_recommendations_async (self->client, RECOMMENDATIONS_LIMIT, self->customer,
                                            part_fetched_cb, load);
      break;
    case BS_SHOP_N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static void
load_saved_part (BsShop     *self,
                 BsShopPart  part)
{
  g_autofree char *name = snapshot_name (self, part_name (part));

  bs_cache_load_async (self->cache, self->server_id, name, part_kinds[part], self->customer,
                       saved_part_cb, load_new (self, part, NULL));
}

/* A customer signed in: what was saved of theirs shows at once, then what the server
 * says. */
void
bs_shop_customer_arrived (BsShop *self)
{
  bs_shop_customer_cancel (self);
  for (BsShopPart part = 0; part < BS_SHOP_N_PARTS; part++)
    load_saved_part (self, part);
  for (BsShopPart part = 0; part < BS_SHOP_N_PARTS; part++)
    fetch_part (self, part, NULL);
}

/* The customer left: their data goes from the screen (the session forgets the saved
 * copies). */
void
bs_shop_customer_left (BsShop *self)
{
  bs_shop_customer_cancel (self);
  for (BsShopPart part = 0; part < BS_SHOP_N_PARTS; part++)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      bs_freshness_local (freshness_of (self, part));
      show_part (self, part, none);
      bs_shop_set_loaded (self, part, FALSE);
      bs_shop_set_failed (self, part, FALSE);
    }
}

/* Asks the server for the customer's cart, orders and recommendations; done when all
 * three answered or failed. Offline, what is shown stays. */
void
bs_shop_refresh_customer_async (BsShop              *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Group *group;

  g_return_if_fail (BS_IS_SHOP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bs_shop_refresh_customer_async);
  if (!self->signed_in)
    {
      g_task_return_new_error (task, BS_CLIENT_ERROR, BS_CLIENT_ERROR_UNAUTHORIZED,
                               _("Nobody is signed in"));
      return;
    }
  group = g_new0 (Group, 1);
  group->pending = BS_SHOP_N_PARTS;
  g_task_set_task_data (task, group, group_free);
  for (BsShopPart part = 0; part < BS_SHOP_N_PARTS; part++)
    fetch_part (self, part, task);
}

gboolean
bs_shop_refresh_customer_finish (BsShop        *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What friends bought, asked for again: friends may have bought something since. */
void
bs_shop_refresh_recommendations (BsShop *self)
{
  g_return_if_fail (BS_IS_SHOP (self));

  if (self->signed_in)
    fetch_part (self, BS_SHOP_RECOMMENDATIONS, NULL);
}

void
bs_shop_refresh_part (BsShop     *self,
                      BsShopPart  part)
{
  if (self->signed_in)
    fetch_part (self, part, NULL);
}

/* A task of the signed-in customer's, or %NULL, with the task already failed, when
 * nobody is signed in. */
GTask *
bs_shop_customer_task_new (BsShop              *self,
                           gpointer             source_tag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (!self->signed_in)
    {
      g_task_return_new_error (task, BS_CLIENT_ERROR, BS_CLIENT_ERROR_UNAUTHORIZED,
                               _("Nobody is signed in"));
      g_clear_object (&task);
    }
  return task;
}

/* Friends: the window asks the server itself; the shop keeps its last answer. */

static void
saved_friends_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = bs_cache_load_finish (BS_CACHE (source), result, NULL, &error);
  BsFriendLists *friends;

  if (lists == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  friends = g_new0 (BsFriendLists, 1);
  friends->friends = g_ptr_array_ref (g_ptr_array_index (lists, 0));
  friends->incoming = g_ptr_array_ref (g_ptr_array_index (lists, 1));
  friends->outgoing = g_ptr_array_ref (g_ptr_array_index (lists, 2));
  g_task_return_pointer (task, friends, (GDestroyNotify) bs_friend_lists_free);
}

/* The signed-in customer's friends as last kept; an error when none were. */
void
bs_shop_load_friends_async (BsShop              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *name = NULL;
  GTask *task;

  g_return_if_fail (BS_IS_SHOP (self));

  task = bs_shop_customer_task_new (self, bs_shop_load_friends_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  name = snapshot_name (self, "friends");
  bs_cache_load_async (self->cache, self->server_id, name, BS_SNAPSHOT_FRIENDS, cancellable,
                       saved_friends_cb, task);
}

BsFriendLists *
bs_shop_load_friends_finish (BsShop        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
bs_shop_keep_friends (BsShop        *self,
                      BsFriendLists *lists)
{
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_return_if_fail (BS_IS_SHOP (self));

  name = snapshot_name (self, "friends");
  g_ptr_array_add (models, g_ptr_array_ref (lists->friends));
  g_ptr_array_add (models, g_ptr_array_ref (lists->incoming));
  g_ptr_array_add (models, g_ptr_array_ref (lists->outgoing));
  bs_shop_keep (self, name, BS_SNAPSHOT_FRIENDS, models, NULL);
}

/* Life */

/* Stops the customer's loads and lets their cart changes finish without touching the
 * screen. */
void
bs_shop_customer_cancel (BsShop *self)
{
  self->customer_epoch++;
  g_cancellable_cancel (self->customer);
  g_clear_object (&self->customer);
  self->customer = g_cancellable_new ();
  bs_shop_cart_detach (self);
}

void
bs_shop_customer_init (BsShop *self)
{
  self->cart = bs_cart_new ();
  self->orders = g_list_store_new (BS_TYPE_ORDER);
  self->recommendations = g_list_store_new (BS_TYPE_BOOK_COUNT);
  self->customer = g_cancellable_new ();
  bs_shop_cart_init (self);
}

void
bs_shop_customer_dispose (BsShop *self)
{
  bs_shop_cart_dispose (self);
  g_clear_object (&self->customer);
  g_clear_object (&self->cart);
  g_clear_object (&self->orders);
  g_clear_object (&self->recommendations);
}

BsCart *
bs_shop_get_cart (BsShop *self)
{
  return self->cart;
}

GListModel *
bs_shop_get_orders (BsShop *self)
{
  return G_LIST_MODEL (self->orders);
}

/* What the customer's friends bought: BsBookCount, a book and how many friends. */
GListModel *
bs_shop_get_recommendations (BsShop *self)
{
  return G_LIST_MODEL (self->recommendations);
}
