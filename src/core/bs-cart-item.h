/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-book-line.h"

G_BEGIN_DECLS

#define BS_TYPE_CART_ITEM (bs_cart_item_get_type ())
G_DECLARE_FINAL_TYPE (BsCartItem, bs_cart_item, BS, CART_ITEM, BsBookLine)

BsCartItem *bs_cart_item_new            (BsBook     *book,
                                         int         quantity);
BsBook     *bs_cart_item_get_book       (BsCartItem *self);
int         bs_cart_item_get_quantity   (BsCartItem *self);
void        bs_cart_item_set_quantity   (BsCartItem *self,
                                         int         quantity);
gint64      bs_cart_item_get_unit_price (BsCartItem *self);
gint64      bs_cart_item_get_subtotal   (BsCartItem *self);

G_END_DECLS
