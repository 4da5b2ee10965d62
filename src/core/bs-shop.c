/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-shop"

#include "config.h"

#include "bs-shop.h"

/* The app's view of one server: the catalog, the signed-in customer's cart and orders,
 * and whether the server can be reached. Starting shows the cached snapshots first, then
 * asks the server and keeps its answers — in the models and, at once, on disk. Offline,
 * the snapshots stay on show. */

struct _BsShop
{
  GObject parent_instance;

  BsClient *client;        /* (owned) */
  BsCache *cache;          /* (owned) */
  BsTokenStore *tokens;    /* (owned) */
  BsSession *session;      /* (owned) (nullable): once the server's id is known */
  BsCatalog *catalog;      /* (owned) */
  BsCart *cart;            /* (owned) */
  GListStore *orders;      /* (owned): BsOrder */
  char *server_id;         /* (owned) (nullable) */
  gboolean offline;
  gboolean starting;
  GCancellable *cancellable; /* (owned) */
};

G_DEFINE_FINAL_TYPE (BsShop, bs_shop, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_OFFLINE,
  PROP_SERVER_ID,
  PROP_STARTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_shop_dispose (GObject *object)
{
  BsShop *self = BS_SHOP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bs_shop_parent_class)->dispose (object);
}

static void
bs_shop_finalize (GObject *object)
{
  BsShop *self = BS_SHOP (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  g_clear_object (&self->tokens);
  g_clear_object (&self->catalog);
  g_clear_object (&self->cart);
  g_clear_object (&self->orders);
  g_clear_object (&self->cancellable);
  g_free (self->server_id);

  G_OBJECT_CLASS (bs_shop_parent_class)->finalize (object);
}

static void
bs_shop_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  BsShop *self = BS_SHOP (object);

  switch (prop_id)
    {
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_SERVER_ID:
      g_value_set_string (value, self->server_id);
      break;
    case PROP_STARTING:
      g_value_set_boolean (value, self->starting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_shop_class_init (BsShopClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_shop_dispose;
  object_class->finalize = bs_shop_finalize;
  object_class->get_property = bs_shop_get_property;

  /* TRUE while the server cannot be reached: what is shown comes from the snapshots. */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SERVER_ID] =
    g_param_spec_string ("server-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE until a start has tried both the snapshots and the server: an empty catalog
   * means nothing before that. */
  properties[PROP_STARTING] =
    g_param_spec_boolean ("starting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_shop_init (BsShop *self)
{
  self->catalog = bs_catalog_new ();
  self->cart = bs_cart_new ();
  self->orders = g_list_store_new (BS_TYPE_ORDER);
  self->cancellable = g_cancellable_new ();
}

BsShop *
bs_shop_new (BsClient     *client,
             BsCache      *cache,
             BsTokenStore *tokens)
{
  BsShop *self;

  g_return_val_if_fail (BS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (BS_IS_CACHE (cache), NULL);
  g_return_val_if_fail (BS_IS_TOKEN_STORE (tokens), NULL);

  self = g_object_new (BS_TYPE_SHOP, NULL);
  self->client = g_object_ref (client);
  self->cache = g_object_ref (cache);
  self->tokens = g_object_ref (tokens);
  return self;
}

BsClient *
bs_shop_get_client (BsShop *self)
{
  return self->client;
}

BsCache *
bs_shop_get_cache (BsShop *self)
{
  return self->cache;
}

BsCatalog *
bs_shop_get_catalog (BsShop *self)
{
  return self->catalog;
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

BsSession *
bs_shop_get_session (BsShop *self)
{
  return self->session;
}

const char *
bs_shop_get_server_id (BsShop *self)
{
  return self->server_id;
}

gboolean
bs_shop_is_starting (BsShop *self)
{
  return self->starting;
}

gboolean
bs_shop_is_offline (BsShop *self)
{
  return self->offline;
}

static void
set_offline (BsShop   *self,
             gboolean  offline)
{
  if (self->offline == offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

/* A transport failure means offline; any answer, even an error, means online. */
static void
note_reachability (BsShop       *self,
                   const GError *error)
{
  if (error == NULL)
    set_offline (self, FALSE);
  else if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE) ||
           g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_TIMEOUT))
    set_offline (self, TRUE);
}

/* A new customer's cart and orders come in; a customer who left takes theirs along. */
static void
signed_in_changed_cb (BsShop *self)
{
  if (bs_session_is_signed_in (self->session))
    {
      bs_shop_refresh_customer (self);
      return;
    }
  bs_cart_replace (self->cart, g_ptr_array_new ());
  g_list_store_remove_all (self->orders);
}

static void
set_server (BsShop     *self,
            const char *server_id)
{
  if (g_strcmp0 (self->server_id, server_id) == 0)
    return;
  g_free (self->server_id);
  self->server_id = g_strdup (server_id);
  g_clear_object (&self->session);
  self->session = bs_session_new (self->client, self->tokens, self->cache, server_id);
  g_signal_connect_object (self->session, "notify::signed-in", G_CALLBACK (signed_in_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_ID]);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bs_cache_save_finish (BS_CACHE (source), result, &error))
    g_warning ("Could not keep a snapshot: %s", error->message);
}

static void
keep (BsShop         *self,
      const char     *name,
      BsSnapshotKind  kind,
      GPtrArray      *models,
      const char     *tag)
{
  if (self->server_id != NULL && name != NULL)
    bs_cache_save_async (self->cache, self->server_id, name, kind, models, tag, NULL, saved_cb,
                         NULL);
}

/* The customer's cart and orders: from the server, else from the snapshots. */

static void
orders_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BsShop) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = bs_client_list_orders_finish (BS_CLIENT (source), result, &error);
  g_autofree char *name = NULL;

  note_reachability (self, error);
  if (orders == NULL)
    return;
  g_list_store_splice (self->orders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->orders)),
                       orders->pdata, orders->len);
  name = bs_session_snapshot_name (self->session, "orders");
  keep (self, name, BS_SNAPSHOT_ORDERS, orders, NULL);
}

static void
cart_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BsShop) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = bs_client_list_cart_finish (BS_CLIENT (source), result, &error);
  g_autofree char *name = NULL;

  note_reachability (self, error);
  if (items == NULL)
    return;
  bs_cart_replace (self->cart, items);
  name = bs_session_snapshot_name (self->session, "cart");
  keep (self, name, BS_SNAPSHOT_CART, items, NULL);
}

static void
cached_orders_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsShop) self = user_data;
  g_autoptr(GPtrArray) orders = bs_cache_load_finish (BS_CACHE (source), result, NULL, NULL);

  if (orders != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->orders)) == 0)
    g_list_store_splice (self->orders, 0, 0, orders->pdata, orders->len);
}

static void
cached_cart_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BsShop) self = user_data;
  g_autoptr(GPtrArray) items = bs_cache_load_finish (BS_CACHE (source), result, NULL, NULL);

  if (items != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->cart)) == 0)
    bs_cart_replace (self->cart, items);
}

/* Shows the signed-in customer's cached cart and orders, then asks the server. */
void
bs_shop_refresh_customer (BsShop *self)
{
  g_autofree char *cart = NULL;
  g_autofree char *orders = NULL;

  g_return_if_fail (BS_IS_SHOP (self));

  if (self->session == NULL || !bs_session_is_signed_in (self->session))
    return;
  cart = bs_session_snapshot_name (self->session, "cart");
  orders = bs_session_snapshot_name (self->session, "orders");
  bs_cache_load_async (self->cache, self->server_id, cart, BS_SNAPSHOT_CART, self->cancellable,
                       cached_cart_cb, g_object_ref (self));
  bs_cache_load_async (self->cache, self->server_id, orders, BS_SNAPSHOT_ORDERS, self->cancellable,
                       cached_orders_cb, g_object_ref (self));
  bs_client_list_cart_async (self->client, self->cancellable, cart_cb, g_object_ref (self));
  bs_client_list_orders_async (self->client, self->cancellable, orders_cb, g_object_ref (self));
}

/* Starting: snapshot, health, catalog, session */

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Without a saved session the restore asks nothing of the server: FALSE without an
   * error says nothing about whether it can be reached. Signing in loads the cart. */
  if (bs_session_restore_finish (BS_SESSION (source), result, &error))
    note_reachability (self, NULL);
  else if (error != NULL)
    note_reachability (self, error);
  g_task_return_boolean (task, TRUE);
}

static void
restore_session (GTask *task)
{
  BsShop *self = g_task_get_source_object (task);

  if (self->session == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  bs_session_restore_async (self->session, g_task_get_cancellable (task), restored_cb,
                            g_object_ref (task));
}

static void
catalog_filled_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  bs_catalog_replace_finish (BS_CATALOG (source), result, NULL);
  restore_session (task);
}

static void
books_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsBookPage) page = bs_client_list_books_finish (BS_CLIENT (source), result, &error);

  note_reachability (self, error);
  if (page == NULL || page->not_modified)
    {
      restore_session (task);
      return;
    }
  keep (self, "catalog", BS_SNAPSHOT_BOOKS, page->books, page->etag);
  bs_catalog_replace_async (self->catalog, page->books, page->etag, g_task_get_cancellable (task),
                            catalog_filled_cb, g_object_ref (task));
}

static void
cached_catalog_filled_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);

  bs_catalog_replace_finish (BS_CATALOG (source), result, NULL);
  /* Then the server, asked whether that copy is still current. */
  bs_client_list_books_async (self->client, bs_catalog_get_etag (self->catalog),
                              g_task_get_cancellable (task), books_cb, g_object_ref (task));
}

static void
cached_catalog_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autofree char *etag = NULL;
  g_autoptr(GPtrArray) books = bs_cache_load_finish (BS_CACHE (source), result, &etag, NULL);

  if (books != NULL)
    {
      bs_catalog_replace_async (self->catalog, books, etag, g_task_get_cancellable (task),
                                cached_catalog_filled_cb, g_object_ref (task));
      return;
    }
  bs_client_list_books_async (self->client, NULL, g_task_get_cancellable (task), books_cb,
                              g_object_ref (task));
}

static void
load_cached_catalog (GTask *task)
{
  BsShop *self = g_task_get_source_object (task);

  if (self->server_id == NULL)
    {
      bs_client_list_books_async (self->client, NULL, g_task_get_cancellable (task), books_cb,
                                  g_object_ref (task));
      return;
    }
  bs_cache_load_async (self->cache, self->server_id, "catalog", BS_SNAPSHOT_BOOKS,
                       g_task_get_cancellable (task), cached_catalog_cb, g_object_ref (task));
}

static void
health_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsServerHealth) health = bs_client_get_health_finish (BS_CLIENT (source), result, &error);

  note_reachability (self, error);
  if (health != NULL)
    {
      g_autoptr(GError) save_error = NULL;

      set_server (self, health->server_id);
      if (!bs_cache_set_server_id_for_url (self->cache, bs_client_get_base_url (self->client),
                                           health->server_id, &save_error))
        g_warning ("Could not remember the server: %s", save_error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  load_cached_catalog (g_steal_pointer (&task));
}

static void
set_starting (BsShop   *self,
              gboolean  starting)
{
  if (self->starting == starting)
    return;
  self->starting = starting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTING]);
}

/* The steps above report to this task; it ends the start for its caller. */
static void
start_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) caller = user_data;
  g_autoptr(GError) error = NULL;

  set_starting (BS_SHOP (source), FALSE);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (caller, TRUE);
  else
    g_task_return_error (caller, g_steal_pointer (&error));
}

/* Shows what the cache has for this server, then whatever the server has now. Completes
 * once both were tried; offline is no error. */
void
bs_shop_start_async (BsShop              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *caller = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) task = g_task_new (self, cancellable, start_done_cb, caller);
  g_autofree char *known = NULL;

  g_return_if_fail (BS_IS_SHOP (self));

  g_task_set_source_tag (caller, bs_shop_start_async);
  g_task_set_source_tag (task, bs_shop_start_async);
  set_starting (self, TRUE);
  /* A server seen before: its id is known before it answers, or if it never does. */
  known = bs_cache_get_server_id_for_url (self->cache, bs_client_get_base_url (self->client));
  if (known != NULL)
    set_server (self, known);
  bs_client_get_health_async (self->client, cancellable, health_cb, g_steal_pointer (&task));
}

gboolean
bs_shop_start_finish (BsShop        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
