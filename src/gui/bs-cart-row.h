/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bs-cart-item.h"
#include "bs-cover-loader.h"

G_BEGIN_DECLS

#define BS_TYPE_CART_ROW (bs_cart_row_get_type ())
G_DECLARE_FINAL_TYPE (BsCartRow, bs_cart_row, BS, CART_ROW, GtkWidget)

BsCartItem *bs_cart_row_get_item (BsCartRow  *self);
void        bs_cart_row_set_item (BsCartRow  *self,
                                  BsCartItem *item);

G_END_DECLS
