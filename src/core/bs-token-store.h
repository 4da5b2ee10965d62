/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_TYPE_TOKEN_STORE (bs_token_store_get_type ())
G_DECLARE_FINAL_TYPE (BsTokenStore, bs_token_store, BS, TOKEN_STORE, GObject)

BsTokenStore *bs_token_store_new            (const char    *file);
gboolean      bs_token_store_is_persistent  (BsTokenStore  *self);
void          bs_token_store_save_async     (BsTokenStore  *self,
                                             const char    *server_id,
                                             const char    *token,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean      bs_token_store_save_finish    (BsTokenStore  *self,
                                             GAsyncResult  *result,
                                             GError       **error);
void          bs_token_store_load_async     (BsTokenStore  *self,
                                             const char    *server_id,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
char         *bs_token_store_load_finish    (BsTokenStore  *self,
                                             GAsyncResult  *result,
                                             GError       **error);
void          bs_token_store_forget         (BsTokenStore  *self,
                                             const char    *server_id);

G_END_DECLS
