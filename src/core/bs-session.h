/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-cache.h"
#include "bs-client.h"
#include "bs-token-store.h"

G_BEGIN_DECLS

#define BS_TYPE_SESSION (bs_session_get_type ())
G_DECLARE_FINAL_TYPE (BsSession, bs_session, BS, SESSION, GObject)

BsSession  *bs_session_new               (BsClient      *client,
                                          BsTokenStore  *tokens,
                                          BsCache       *cache,
                                          const char    *server_id);
BsAccount  *bs_session_get_account       (BsSession     *self);
const char *bs_session_get_customer_id   (BsSession     *self);
gboolean    bs_session_is_signed_in      (BsSession     *self);
void        bs_session_sign_in_async     (BsSession     *self,
                                          const char    *username,
                                          const char    *password,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
gboolean    bs_session_sign_in_finish    (BsSession     *self,
                                          GAsyncResult  *result,
                                          GError       **error);
void        bs_session_restore_async     (BsSession     *self,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
gboolean    bs_session_restore_finish    (BsSession     *self,
                                          GAsyncResult  *result,
                                          GError       **error);
void        bs_session_sign_out_async    (BsSession     *self,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
gboolean    bs_session_sign_out_finish   (BsSession     *self,
                                          GAsyncResult  *result,
                                          GError       **error);
char       *bs_session_snapshot_name     (BsSession     *self,
                                          const char    *what);

G_END_DECLS
