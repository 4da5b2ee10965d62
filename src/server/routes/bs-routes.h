/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-request.h"

G_BEGIN_DECLS

const char *bs_routes_api_path (const char *path);
void        bs_routes_dispatch (BsRequest  *request);

BsBookRecord *bs_routes_get_book_or_reply (BsRequest  *request,
                                           const char *book_id);
void          bs_routes_write_lines       (BsJsonWriter   *writer,
                                           GPtrArray      *lines,
                                           BsBookJsonForm  form,
                                           const char     *count_key);

/* bs-routes-catalog.c */
void bs_route_list_books      (BsRequest *request);
void bs_route_get_book        (BsRequest *request);
void bs_route_list_categories (BsRequest *request);

/* bs-routes-covers.c */
void bs_route_get_image       (BsRequest *request);

/* bs-routes-bestsellers.c */
GBytes *bs_bestsellers_json       (BsStore   *store,
                                   GError   **error);
void bs_route_bestsellers         (BsRequest *request);

/* bs-routes-social.c */
void bs_route_list_friends        (BsRequest *request);
void bs_route_request_friend      (BsRequest *request);
void bs_route_accept_friend       (BsRequest *request);
void bs_route_remove_friend       (BsRequest *request);
void bs_route_recommendations     (BsRequest *request);
void bs_route_friends_who_bought  (BsRequest *request);

/* bs-routes-search.c */
void bs_route_search          (BsRequest *request);

/* bs-routes-service.c */
void bs_route_health          (BsRequest *request);
void bs_route_init            (BsRequest *request);

/* bs-routes-accounts.c */
void bs_route_signup          (BsRequest *request);
void bs_route_signin          (BsRequest *request);
void bs_route_signout         (BsRequest *request);
void bs_route_whoami          (BsRequest *request);
void bs_route_change_password (BsRequest *request);
void bs_route_delete_account  (BsRequest *request);

/* bs-routes-cart.c */
void bs_route_list_cart         (BsRequest *request);
void bs_route_get_cart_line     (BsRequest *request);
void bs_route_add_to_cart       (BsRequest *request);
void bs_route_set_cart_quantity (BsRequest *request);
void bs_route_remove_from_cart  (BsRequest *request);

/* bs-routes-orders.c */
void bs_route_list_orders     (BsRequest *request);
void bs_route_checkout        (BsRequest *request);

G_END_DECLS
