/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-order-line.h"

G_BEGIN_DECLS

#define BS_TYPE_ORDER (bs_order_get_type ())
G_DECLARE_FINAL_TYPE (BsOrder, bs_order, BS, ORDER, GObject)

BsOrder    *bs_order_new          (const char *order_id,
                                   GDateTime  *date,
                                   gint64      total,
                                   GPtrArray  *lines);
const char *bs_order_get_order_id (BsOrder    *self);
GDateTime  *bs_order_get_date     (BsOrder    *self);
gint64      bs_order_get_total    (BsOrder    *self);
GListModel *bs_order_get_lines    (BsOrder    *self);

G_END_DECLS
