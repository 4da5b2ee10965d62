/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-request.h"

G_BEGIN_DECLS

void bs_routes_dispatch       (BsRequest *request);

/* bs-routes-catalog.c */
void bs_route_list_books      (BsRequest *request);
void bs_route_get_book        (BsRequest *request);
void bs_route_list_categories (BsRequest *request);

/* bs-routes-covers.c */
void bs_route_get_image       (BsRequest *request);

/* bs-routes-service.c */
void bs_route_health          (BsRequest *request);
void bs_route_init            (BsRequest *request);

G_END_DECLS
