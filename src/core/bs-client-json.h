/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-book.h"
#include "bs-book-count.h"
#include "bs-cart-item.h"
#include "bs-client-types.h"
#include "bs-friend.h"
#include "bs-friend-request.h"
#include "bs-order.h"

G_BEGIN_DECLS

/* What a cart change left: the line as the server has it, or none when it was removed. */
typedef struct
{
  BsCartItem *item;     /* (owned) (nullable) */
} BsCartChange;

void bs_cart_change_free (BsCartChange *change);

/* One of the bs_json_to_…() below, as a routine to run on a worker thread. */
typedef gpointer (*BsJsonParseFunc) (JsonNode  *root,
                                     GError   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCartChange, bs_cart_change_free)

/* Turn the service's JSON into models, checking every member's type: anything else is
 * BS_CLIENT_ERROR_INVALID_RESPONSE. Safe on any thread. */
BsBook         *bs_json_to_book          (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_books         (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_cart          (JsonNode  *node,
                                          GError   **error);
BsOrder        *bs_json_to_order         (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_orders        (JsonNode  *node,
                                          GError   **error);
BsFriendLists  *bs_json_to_friend_lists  (JsonNode  *node,
                                          GError   **error);
BsAccount      *bs_json_to_account       (JsonNode  *node,
                                          GError   **error);
BsServerHealth *bs_json_to_health        (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_bestsellers   (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_recommendations (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_people        (JsonNode  *node,
                                          GError   **error);
BsAccount      *bs_json_to_session       (JsonNode  *node,
                                          GError   **error);
char           *bs_json_to_customer_id   (JsonNode  *node,
                                          GError   **error);
char           *bs_json_to_request_id    (JsonNode  *node,
                                          GError   **error);
BsCartChange   *bs_json_to_cart_change   (JsonNode  *node,
                                          GError   **error);
char           *bs_json_error_message    (const char *data,
                                          gsize       length);

void            bs_json_parse_async      (GBytes              *data,
                                          BsJsonParseFunc      parse,
                                          GDestroyNotify       result_free,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gpointer        bs_json_parse_finish     (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
