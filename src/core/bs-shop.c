/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-shop"

#include "config.h"

#include "bs-shop-private.h"

/* The app's view of one server: the catalog, the live best sellers, whether the server
 * can be reached, who is signed in and that customer's data (bs-shop-customer.c).
 * Starting shows the cached snapshots first, then asks the server and keeps its answers
 * — in the models and, at once, on disk. Offline, the snapshots stay on show. */

G_DEFINE_FINAL_TYPE (BsShop, bs_shop, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_OFFLINE,
  PROP_SERVER_ID,
  PROP_STARTING,
  PROP_SIGNED_IN,
  PROP_CUSTOMER_ID,
  PROP_BESTSELLERS_LOADED,
  PROP_CART_LOADED,
  PROP_ORDERS_LOADED,
  PROP_RECOMMENDATIONS_LOADED,
  PROP_CART_FAILED,
  PROP_ORDERS_FAILED,
  PROP_RECOMMENDATIONS_FAILED,
  PROP_CLIENT,
  PROP_CACHE,
  PROP_TOKEN_STORE,
  PROP_REMEMBERED_AS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint64
bs_freshness_ask (BsFreshness *freshness)
{
  return ++freshness->asked;
}

gboolean
bs_freshness_take (BsFreshness *freshness,
                   guint64      generation)
{
  if (generation <= freshness->shown)
    return FALSE;
  freshness->shown = generation;
  return TRUE;
}

void
bs_freshness_local (BsFreshness *freshness)
{
  freshness->shown = ++freshness->asked;
}

/* Stops everything of this shop: the live best sellers, calls in flight, cart changes
 * still queued. Safe to call twice; dispose calls it too. */
void
bs_shop_stop (BsShop *self)
{
  g_return_if_fail (BS_IS_SHOP (self));

  g_cancellable_cancel (self->cancellable);
  bs_live_bestsellers_stop (self->bestsellers);
  bs_shop_customer_cancel (self);
}

static void
bs_shop_dispose (GObject *object)
{
  BsShop *self = BS_SHOP (object);

  if (self->bestsellers != NULL)
    bs_shop_stop (self);
  bs_shop_customer_dispose (self);
  g_clear_object (&self->session);
  g_clear_object (&self->bestsellers);
  g_clear_object (&self->cover_cache);

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
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->heard_board, g_ptr_array_unref);
  g_free (self->server_id);
  g_free (self->remembered_as);
  g_free (self->catalog_saved_for);
  g_free (self->customer_id);

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
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;
    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;
    case PROP_BESTSELLERS_LOADED:
      g_value_set_boolean (value, bs_live_bestsellers_is_loaded (self->bestsellers));
      break;
    case PROP_CART_LOADED:
    case PROP_ORDERS_LOADED:
    case PROP_RECOMMENDATIONS_LOADED:
      g_value_set_boolean (value, self->loaded[prop_id - PROP_CART_LOADED]);
      break;
    case PROP_CART_FAILED:
    case PROP_ORDERS_FAILED:
    case PROP_RECOMMENDATIONS_FAILED:
      g_value_set_boolean (value, self->failed[prop_id - PROP_CART_FAILED]);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_TOKEN_STORE:
      g_value_set_object (value, self->tokens);
      break;
    case PROP_REMEMBERED_AS:
      g_value_set_string (value, self->remembered_as);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_shop_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  BsShop *self = BS_SHOP (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_TOKEN_STORE:
      self->tokens = g_value_dup_object (value);
      break;
    case PROP_REMEMBERED_AS:
      self->remembered_as = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void bestsellers_loaded_cb (BsShop *self);
static void board_received_cb     (BsShop    *self,
                                   GPtrArray *board);

static void
bs_shop_constructed (GObject *object)
{
  BsShop *self = BS_SHOP (object);
  g_autofree char *covers_dir = bs_cache_get_covers_dir (self->cache);

  G_OBJECT_CLASS (bs_shop_parent_class)->constructed (object);

  self->bestsellers = bs_live_bestsellers_new (self->client);
  g_signal_connect_object (self->bestsellers, "notify::loaded", G_CALLBACK (bestsellers_loaded_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bestsellers, "board-received", G_CALLBACK (board_received_cb),
                           self, G_CONNECT_SWAPPED);
  /* Covers are kept per server; the id is set once the server has said it. */
  self->cover_cache = bs_cover_cache_new (self->client, "unknown", covers_dir,
                                          BS_COVER_CACHE_DEFAULT_MAX_BYTES);
}

static void
bs_shop_class_init (BsShopClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_shop_dispose;
  object_class->finalize = bs_shop_finalize;
  object_class->get_property = bs_shop_get_property;
  object_class->set_property = bs_shop_set_property;
  object_class->constructed = bs_shop_constructed;

  /* TRUE while the server cannot be reached: what is shown comes from the snapshots. */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SERVER_ID] =
    g_param_spec_string ("server-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE from the shop's making until a start has tried both the snapshots and the
   * server: an empty model means nothing before that. */
  properties[PROP_STARTING] =
    g_param_spec_boolean ("starting", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Whose data is shown; changes with signed-in, and from one customer to another. */
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE once the best sellers shown are a board, the server's or a saved one. */
  properties[PROP_BESTSELLERS_LOADED] =
    g_param_spec_boolean ("bestsellers-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE while the signed-in customer's cart, orders or recommendations on show are
   * theirs, saved or fresh: before that, an empty list says nothing. */
  properties[PROP_CART_LOADED] =
    g_param_spec_boolean ("cart-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ORDERS_LOADED] =
    g_param_spec_boolean ("orders-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RECOMMENDATIONS_LOADED] =
    g_param_spec_boolean ("recommendations-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE while the customer's part is not loaded and the server answered its last
   * load with an error: there is nothing to show, and waiting will not change that. */
  properties[PROP_CART_FAILED] =
    g_param_spec_boolean ("cart-failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ORDERS_FAILED] =
    g_param_spec_boolean ("orders-failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RECOMMENDATIONS_FAILED] =
    g_param_spec_boolean ("recommendations-failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, BS_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, BS_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_STORE] =
    g_param_spec_object ("token-store", NULL, NULL, BS_TYPE_TOKEN_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The key this shop's server id is kept under in the cache, so that a start shows the
   * snapshots before the server answers: set for a server whose address changes from
   * one start to the next (the built-in one listens on a free port); NULL: its URL. */
  properties[PROP_REMEMBERED_AS] =
    g_param_spec_string ("remembered-as", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

void
bs_shop_set_loaded (BsShop     *self,
                    BsShopPart  part,
                    gboolean    loaded)
{
  if (self->loaded[part] == loaded)
    return;
  self->loaded[part] = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CART_LOADED + part]);
}

void
bs_shop_set_failed (BsShop     *self,
                    BsShopPart  part,
                    gboolean    failed)
{
  if (self->failed[part] == failed)
    return;
  self->failed[part] = failed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CART_FAILED + part]);
}

gboolean
bs_shop_get_cart_failed (BsShop *self)
{
  return self->failed[BS_SHOP_CART];
}

gboolean
bs_shop_get_orders_failed (BsShop *self)
{
  return self->failed[BS_SHOP_ORDERS];
}

gboolean
bs_shop_get_cart_loaded (BsShop *self)
{
  return self->loaded[BS_SHOP_CART];
}

gboolean
bs_shop_get_orders_loaded (BsShop *self)
{
  return self->loaded[BS_SHOP_ORDERS];
}

gboolean
bs_shop_get_recommendations_loaded (BsShop *self)
{
  return self->loaded[BS_SHOP_RECOMMENDATIONS];
}

static void
bs_shop_init (BsShop *self)
{
  self->catalog = bs_catalog_new ();
  self->cancellable = g_cancellable_new ();
  self->starting = TRUE;
  bs_shop_customer_init (self);
}

static void
bestsellers_loaded_cb (BsShop *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BESTSELLERS_LOADED]);
}

/* The board may come before the server has said its id: it is kept once the id is
 * known (bs_shop_set_server). */
static void
board_received_cb (BsShop    *self,
                   GPtrArray *board)
{
  g_clear_pointer (&self->heard_board, g_ptr_array_unref);
  self->heard_board = g_ptr_array_ref (board);
  bs_shop_keep (self, "bestsellers", BS_SNAPSHOT_BOOK_COUNTS, board, NULL);
}

BsShop *
bs_shop_new (BsClient     *client,
             BsCache      *cache,
             BsTokenStore *tokens)
{
  g_return_val_if_fail (BS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (BS_IS_CACHE (cache), NULL);
  g_return_val_if_fail (BS_IS_TOKEN_STORE (tokens), NULL);

  return g_object_new (BS_TYPE_SHOP, "client", client, "cache", cache, "token-store", tokens,
                       NULL);
}

/* The server's address, or %NULL for a shop remembered by a name of its own (the
 * built-in one). */
const char *
bs_shop_get_address (BsShop *self)
{
  g_return_val_if_fail (BS_IS_SHOP (self), NULL);

  return self->remembered_as == NULL ? bs_client_get_base_url (self->client) : NULL;
}

/* The covers of this shop's server, kept on disk. */
BsCoverCache *
bs_shop_get_cover_cache (BsShop *self)
{
  g_return_val_if_fail (BS_IS_SHOP (self), NULL);

  return self->cover_cache;
}

const char *
bs_shop_remembered_as (BsShop *self)
{
  return self->remembered_as != NULL ? self->remembered_as : bs_client_get_base_url (self->client);
}

BsClient *
bs_shop_get_client (BsShop *self)
{
  return self->client;
}

/* Where sign-ins are kept, and whether they outlast this run ("persistent"). */
BsTokenStore *
bs_shop_get_token_store (BsShop *self)
{
  return self->tokens;
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

/* The best sellers, live: BsBookCount, most sold first. */
GListModel *
bs_shop_get_bestsellers (BsShop *self)
{
  return bs_live_bestsellers_get_model (self->bestsellers);
}

gboolean
bs_shop_get_bestsellers_loaded (BsShop *self)
{
  return bs_live_bestsellers_is_loaded (self->bestsellers);
}

BsSession *
bs_shop_get_session (BsShop *self)
{
  return self->session;
}

/* The signed-in customer, or NULL. */
BsAccount *
bs_shop_get_account (BsShop *self)
{
  return self->signed_in ? bs_session_get_account (self->session) : NULL;
}

gboolean
bs_shop_is_signed_in (BsShop *self)
{
  return self->signed_in;
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
void
bs_shop_note_reachability (BsShop       *self,
                           const GError *error)
{
  if (error == NULL)
    set_offline (self, FALSE);
  else if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE) ||
           g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_TIMEOUT))
    set_offline (self, TRUE);
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

/* Keeps @models as the snapshot @name of this server, once its id is known. */
void
bs_shop_keep (BsShop         *self,
              const char     *name,
              BsSnapshotKind  kind,
              GPtrArray      *models,
              const char     *tag)
{
  if (self->server_id != NULL && name != NULL)
    bs_cache_save_async (self->cache, self->server_id, name, kind, models, tag, NULL, saved_cb,
                         NULL);
}

/* Whoever the session has signed in is the shop's customer: their data comes in, or
 * goes with them; one customer signing in over another is both. */
static void
session_changed_cb (BsShop *self)
{
  const char *customer_id = self->session != NULL ? bs_session_get_customer_id (self->session) : NULL;
  gboolean was_signed_in = self->signed_in;

  if (g_strcmp0 (customer_id, self->customer_id) == 0)
    return;
  if (self->signed_in)
    bs_shop_customer_left (self);
  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);
  self->signed_in = customer_id != NULL;
  if (self->signed_in)
    bs_shop_customer_arrived (self);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
  if (was_signed_in != self->signed_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
saved_board_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BsShop) self = user_data;
  g_autoptr(GPtrArray) board = bs_cache_load_finish (BS_CACHE (source), result, NULL, NULL);

  if (board != NULL)
    bs_live_bestsellers_show_saved (self->bestsellers, board);
}

void
bs_shop_set_server (BsShop     *self,
                    const char *server_id)
{
  if (g_strcmp0 (self->server_id, server_id) == 0)
    return;
  g_free (self->server_id);
  self->server_id = g_strdup (server_id);
  bs_cover_cache_set_server_id (self->cover_cache, server_id);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->session = bs_session_new (self->client, self->tokens, self->cache, server_id);
  g_signal_connect_object (self->session, "notify::customer-id", G_CALLBACK (session_changed_cb), self,
                           G_CONNECT_SWAPPED);
  session_changed_cb (self);
  if (self->heard_board != NULL)
    bs_shop_keep (self, "bestsellers", BS_SNAPSHOT_BOOK_COUNTS, self->heard_board, NULL);
  else
    bs_cache_load_async (self->cache, server_id, "bestsellers", BS_SNAPSHOT_BOOK_COUNTS,
                         self->cancellable, saved_board_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_ID]);
}

void
bs_shop_set_starting (BsShop   *self,
                      gboolean  starting)
{
  if (self->starting == starting)
    return;
  self->starting = starting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTING]);
}

