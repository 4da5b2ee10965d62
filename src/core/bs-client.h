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

/* Every call has the GIO shape: _async with a GCancellable, then _finish. Results are
 * owned by the caller. */

void bs_client_get_health_async (BsClient            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
BsServerHealth *bs_client_get_health_finish (BsClient     *self,
                                             GAsyncResult *result,
                                             GError       **error);

void bs_client_list_books_async (BsClient            *self,
                                 const char          *if_none_match,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
BsBookPage *bs_client_list_books_finish (BsClient     *self,
                                         GAsyncResult *result,
                                         GError       **error);

void bs_client_get_book_async (BsClient            *self,
                               const char          *book_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data);
BsBook *bs_client_get_book_finish (BsClient     *self,
                                   GAsyncResult *result,
                                   GError       **error);

void bs_client_search_async (BsClient            *self,
                             const char          *text,
                             guint               offset,
                             guint               limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);
GPtrArray *bs_client_search_finish (BsClient     *self,
                                    GAsyncResult *result,
                                    GError       **error);

void bs_client_list_bestsellers_async (BsClient            *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
GPtrArray *bs_client_list_bestsellers_finish (BsClient     *self,
                                              GAsyncResult *result,
                                              GError       **error);

void bs_client_sign_up_async (BsClient            *self,
                              const char          *username,
                              const char          *password,
                              const char          *display_name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
char *bs_client_sign_up_finish (BsClient     *self,
                                GAsyncResult *result,
                                GError       **error);

void bs_client_sign_in_async (BsClient            *self,
                              const char          *username,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data);
BsAccount *bs_client_sign_in_finish (BsClient     *self,
                                     GAsyncResult *result,
                                     GError       **error);

void bs_client_sign_out_async (BsClient            *self,
                               gboolean            everywhere,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data);
gboolean bs_client_sign_out_finish (BsClient     *self,
                                    GAsyncResult *result,
                                    GError       **error);

void bs_client_whoami_async (BsClient            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);
BsAccount *bs_client_whoami_finish (BsClient     *self,
                                    GAsyncResult *result,
                                    GError       **error);

void bs_client_list_cart_async (BsClient            *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
GPtrArray *bs_client_list_cart_finish (BsClient     *self,
                                       GAsyncResult *result,
                                       GError       **error);

void bs_client_add_to_cart_async (BsClient            *self,
                                  const char          *book_id,
                                  int                 quantity,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
BsCartItem *bs_client_add_to_cart_finish (BsClient     *self,
                                          GAsyncResult *result,
                                          GError       **error);

void bs_client_set_cart_quantity_async (BsClient            *self,
                                        const char          *book_id,
                                        int                 quantity,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
BsCartItem *bs_client_set_cart_quantity_finish (BsClient     *self,
                                                GAsyncResult *result,
                                                GError       **error);

void bs_client_remove_from_cart_async (BsClient            *self,
                                       const char          *book_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean bs_client_remove_from_cart_finish (BsClient     *self,
                                            GAsyncResult *result,
                                            GError       **error);

void bs_client_list_orders_async (BsClient            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
GPtrArray *bs_client_list_orders_finish (BsClient     *self,
                                         GAsyncResult *result,
                                         GError       **error);

void bs_client_checkout_async (BsClient            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data);
BsOrder *bs_client_checkout_finish (BsClient     *self,
                                    GAsyncResult *result,
                                    GError       **error);

void bs_client_list_friends_async (BsClient            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
BsFriendLists *bs_client_list_friends_finish (BsClient     *self,
                                              GAsyncResult *result,
                                              GError       **error);

void bs_client_request_friend_async (BsClient            *self,
                                     const char          *username,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
char *bs_client_request_friend_finish (BsClient     *self,
                                       GAsyncResult *result,
                                       GError       **error);

void bs_client_accept_friend_async (BsClient            *self,
                                    const char          *customer_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean bs_client_accept_friend_finish (BsClient     *self,
                                         GAsyncResult *result,
                                         GError       **error);

void bs_client_remove_friend_async (BsClient            *self,
                                    const char          *id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean bs_client_remove_friend_finish (BsClient     *self,
                                         GAsyncResult *result,
                                         GError       **error);

void bs_client_list_recommendations_async (BsClient            *self,
                                           guint               limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GPtrArray *bs_client_list_recommendations_finish (BsClient     *self,
                                                  GAsyncResult *result,
                                                  GError       **error);

void bs_client_list_friends_who_bought_async (BsClient            *self,
                                              const char          *book_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
GPtrArray *bs_client_list_friends_who_bought_finish (BsClient     *self,
                                                     GAsyncResult *result,
                                                     GError       **error);

void bs_client_get_cover_async (BsClient            *self,
                                const char          *book_id,
                                const char          *if_none_match,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
BsCoverAnswer *bs_client_get_cover_finish (BsClient      *self,
                                           GAsyncResult  *result,
                                           GError       **error);

G_END_DECLS
