/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bs-order.h"

G_BEGIN_DECLS

#define BS_TYPE_ORDER_ROW (bs_order_row_get_type ())
G_DECLARE_FINAL_TYPE (BsOrderRow, bs_order_row, BS, ORDER_ROW, GtkWidget)

void bs_order_row_set_order (BsOrderRow *self,
                             BsOrder    *order);

G_END_DECLS
