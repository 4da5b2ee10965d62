/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "bs-book-line.h"

G_BEGIN_DECLS

#define BS_TYPE_ORDER_LINE (bs_order_line_get_type ())
G_DECLARE_FINAL_TYPE (BsOrderLine, bs_order_line, BS, ORDER_LINE, BsBookLine)

BsOrderLine *bs_order_line_new (BsBook *book, int quantity);
BsBook      *bs_order_line_get_book (BsOrderLine *self);
int          bs_order_line_get_quantity (BsOrderLine *self);

G_END_DECLS
