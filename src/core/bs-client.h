/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "bs-call-log.h"
#include "bs-client-error.h"
#include "bs-client-json.h"

G_BEGIN_DECLS

#define BS_TYPE_CLIENT (bs_client_get_type ())
G_DECLARE_FINAL_TYPE (BsClient, bs_client, BS, CLIENT, GObject)

BsClient    *bs_client_new           (const char  *base_url,
                                      SoupSession *session);
const char  *bs_client_get_base_url  (BsClient    *self);
SoupSession *bs_client_get_session   (BsClient    *self);
const char  *bs_client_get_token     (BsClient    *self);
void         bs_client_set_token     (BsClient    *self,
                                      const char  *token);
BsCallLog   *bs_client_get_call_log  (BsClient    *self);

/* Every call: _async with a GCancellable, then _finish. Results are owned by the caller. */
#define BS_CLIENT_DECLARE_CALL(name, result_type, ...)                                       \
  void        bs_client_##name##_async (BsClient *self, ##__VA_ARGS__,                        \
                                        GCancellable *cancellable,                           \
                                        GAsyncReadyCallback callback, gpointer user_data);   \
  result_type bs_client_##name##_finish (BsClient *self, GAsyncResult *result, GError **error);

#define BS_CLIENT_DECLARE_CALL0(name, result_type)                                           \
  void        bs_client_##name##_async (BsClient *self, GCancellable *cancellable,            \
                                        GAsyncReadyCallback callback, gpointer user_data);   \
  result_type bs_client_##name##_finish (BsClient *self, GAsyncResult *result, GError **error);

BS_CLIENT_DECLARE_CALL0 (get_health, BsServerHealth *)
BS_CLIENT_DECLARE_CALL (list_books, BsBookPage *, const char *if_none_match)
BS_CLIENT_DECLARE_CALL (get_book, BsBook *, const char *book_id)
BS_CLIENT_DECLARE_CALL0 (list_categories, GPtrArray *)
BS_CLIENT_DECLARE_CALL (search, GPtrArray *, const char *text, guint offset, guint limit)
BS_CLIENT_DECLARE_CALL0 (list_bestsellers, GPtrArray *)
BS_CLIENT_DECLARE_CALL (sign_up, char *, const char *username, const char *password,
                        const char *display_name)
BS_CLIENT_DECLARE_CALL (sign_in, BsAccount *, const char *username, const char *password)
BS_CLIENT_DECLARE_CALL (sign_out, gboolean, gboolean everywhere)
BS_CLIENT_DECLARE_CALL0 (whoami, BsAccount *)
BS_CLIENT_DECLARE_CALL (change_password, gboolean, const char *old_password,
                        const char *new_password)
BS_CLIENT_DECLARE_CALL (delete_account, gboolean, const char *password)
BS_CLIENT_DECLARE_CALL0 (list_cart, GPtrArray *)
BS_CLIENT_DECLARE_CALL (add_to_cart, BsCartItem *, const char *book_id, int quantity)
BS_CLIENT_DECLARE_CALL (set_cart_quantity, BsCartItem *, const char *book_id, int quantity)
BS_CLIENT_DECLARE_CALL (remove_from_cart, gboolean, const char *book_id)
BS_CLIENT_DECLARE_CALL0 (list_orders, GPtrArray *)
BS_CLIENT_DECLARE_CALL0 (checkout, BsOrder *)
BS_CLIENT_DECLARE_CALL0 (list_friends, BsFriendLists *)
BS_CLIENT_DECLARE_CALL (request_friend, char *, const char *username)
BS_CLIENT_DECLARE_CALL (accept_friend, gboolean, const char *customer_id)
BS_CLIENT_DECLARE_CALL (remove_friend, gboolean, const char *id)
BS_CLIENT_DECLARE_CALL (list_recommendations, GPtrArray *, guint limit)
BS_CLIENT_DECLARE_CALL (list_friends_who_bought, GPtrArray *, const char *book_id)
BS_CLIENT_DECLARE_CALL (get_cover, GBytes *, const char *book_id)

G_END_DECLS
