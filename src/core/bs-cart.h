/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-cart-item.h"

G_BEGIN_DECLS

#define BS_TYPE_CART (bs_cart_get_type ())
G_DECLARE_FINAL_TYPE (BsCart, bs_cart, BS, CART, GObject)

BsCart     *bs_cart_new        (void);
void        bs_cart_replace    (BsCart     *self,
                                GPtrArray  *items);
void        bs_cart_clear      (BsCart     *self);
void        bs_cart_update     (BsCart     *self,
                                BsCartItem *item);
gboolean    bs_cart_remove     (BsCart     *self,
                                const char *book_id);
BsCartItem *bs_cart_lookup     (BsCart     *self,
                                const char *book_id);
guint       bs_cart_get_count  (BsCart     *self);
gint64      bs_cart_get_total  (BsCart     *self);

G_END_DECLS
