/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-book.h"
#include "bs-book-count.h"
#include "bs-cart-item.h"
#include "bs-category.h"
#include "bs-client-types.h"
#include "bs-friend.h"
#include "bs-order.h"

G_BEGIN_DECLS

/* Turn the service's JSON into models, checking every member's type: anything else is
 * BS_CLIENT_ERROR_INVALID_RESPONSE. Safe on any thread. */
BsBook         *bs_json_to_book          (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_books         (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_categories    (JsonNode  *node,
                                          GError   **error);
BsCartItem     *bs_json_to_cart_line     (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_cart          (JsonNode  *node,
                                          GError   **error);
BsOrder        *bs_json_to_order         (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_orders        (JsonNode  *node,
                                          GError   **error);
GPtrArray      *bs_json_to_book_counts   (JsonNode  *node,
                                          const char *count_member,
                                          GError   **error);
GPtrArray      *bs_json_to_friends       (JsonNode  *node,
                                          const char *id_member,
                                          const char *name_member,
                                          GError   **error);
BsFriendLists  *bs_json_to_friend_lists  (JsonNode  *node,
                                          GError   **error);
BsAccount      *bs_json_to_account       (JsonNode  *node,
                                          GError   **error);
BsServerHealth *bs_json_to_health        (JsonNode  *node,
                                          GError   **error);

G_END_DECLS
