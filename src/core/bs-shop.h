/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-cache.h"
#include "bs-cart.h"
#include "bs-catalog.h"
#include "bs-client.h"
#include "bs-cover-cache.h"
#include "bs-session.h"
#include "bs-token-store.h"

G_BEGIN_DECLS

#define BS_TYPE_SHOP (bs_shop_get_type ())
G_DECLARE_FINAL_TYPE (BsShop, bs_shop, BS, SHOP, GObject)

BsShop     *bs_shop_new                (BsClient      *client,
                                        BsCache       *cache,
                                        BsTokenStore  *tokens);
const char *bs_shop_get_address        (BsShop        *self);
BsCoverCache *bs_shop_get_cover_cache  (BsShop        *self);
void        bs_shop_show_saved         (BsShop        *self);
BsClient   *bs_shop_get_client         (BsShop        *self);
BsTokenStore *bs_shop_get_token_store  (BsShop        *self);
BsCache    *bs_shop_get_cache          (BsShop        *self);
BsCatalog  *bs_shop_get_catalog        (BsShop        *self);
GListModel *bs_shop_get_bestsellers    (BsShop        *self);
gboolean    bs_shop_get_bestsellers_loaded (BsShop    *self);
BsCart     *bs_shop_get_cart           (BsShop        *self);
GListModel *bs_shop_get_orders         (BsShop        *self);
GListModel *bs_shop_get_recommendations (BsShop       *self);
gboolean    bs_shop_get_recommendations_loaded (BsShop *self);
BsSession  *bs_shop_get_session        (BsShop        *self);
BsAccount  *bs_shop_get_account        (BsShop        *self);
gboolean    bs_shop_is_signed_in       (BsShop        *self);
gboolean    bs_shop_get_cart_loaded    (BsShop        *self);
gboolean    bs_shop_get_orders_loaded  (BsShop        *self);
gboolean    bs_shop_get_cart_failed    (BsShop        *self);
gboolean    bs_shop_get_orders_failed  (BsShop        *self);
const char *bs_shop_get_server_id      (BsShop        *self);
gboolean    bs_shop_is_offline         (BsShop        *self);
gboolean    bs_shop_is_starting        (BsShop        *self);

void        bs_shop_start_async        (BsShop        *self,
                                        GCancellable  *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer       user_data);
gboolean    bs_shop_start_finish       (BsShop        *self,
                                        GAsyncResult  *result,
                                        GError       **error);
void        bs_shop_stop               (BsShop        *self);

void        bs_shop_refresh_customer_async  (BsShop              *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    bs_shop_refresh_customer_finish (BsShop              *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        bs_shop_refresh_recommendations (BsShop              *self);

void        bs_shop_add_to_cart_async       (BsShop              *self,
                                             const char          *book_id,
                                             int                  copies,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
BsCartItem *bs_shop_add_to_cart_finish      (BsShop              *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        bs_shop_set_quantity_async      (BsShop              *self,
                                             const char          *book_id,
                                             int                  quantity,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    bs_shop_set_quantity_finish     (BsShop              *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        bs_shop_checkout_async          (BsShop              *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
BsOrder    *bs_shop_checkout_finish         (BsShop              *self,
                                             GAsyncResult        *result,
                                             GError             **error);

void           bs_shop_load_friends_async   (BsShop              *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
BsFriendLists *bs_shop_load_friends_finish  (BsShop              *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void           bs_shop_keep_friends         (BsShop              *self,
                                             BsFriendLists       *lists);

G_END_DECLS
