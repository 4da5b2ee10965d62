/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-cache.h"
#include "bs-cart.h"
#include "bs-catalog.h"
#include "bs-client.h"
#include "bs-session.h"
#include "bs-token-store.h"

G_BEGIN_DECLS

#define BS_TYPE_SHOP (bs_shop_get_type ())
G_DECLARE_FINAL_TYPE (BsShop, bs_shop, BS, SHOP, GObject)

BsShop     *bs_shop_new           (BsClient      *client,
                                   BsCache       *cache,
                                   BsTokenStore  *tokens);
BsClient   *bs_shop_get_client    (BsShop        *self);
BsCache    *bs_shop_get_cache     (BsShop        *self);
BsCatalog  *bs_shop_get_catalog   (BsShop        *self);
BsCart     *bs_shop_get_cart      (BsShop        *self);
GListModel *bs_shop_get_orders    (BsShop        *self);
BsSession  *bs_shop_get_session   (BsShop        *self);
const char *bs_shop_get_server_id (BsShop        *self);
gboolean    bs_shop_is_offline    (BsShop        *self);
gboolean    bs_shop_is_starting   (BsShop        *self);
void        bs_shop_start_async   (BsShop        *self,
                                   GCancellable  *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer       user_data);
gboolean    bs_shop_start_finish  (BsShop        *self,
                                   GAsyncResult  *result,
                                   GError       **error);
void        bs_shop_refresh_customer (BsShop     *self);

G_END_DECLS
