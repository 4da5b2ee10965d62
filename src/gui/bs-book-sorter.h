/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The orders Browse offers, as its "Sort by" list has them. */
typedef enum
{
  BS_BOOK_ORDER_CATALOG,
  BS_BOOK_ORDER_TITLE,
  BS_BOOK_ORDER_PRICE,
  BS_BOOK_ORDER_RATING,
} BsBookOrder;

GtkSorter   *bs_book_sorter_new (BsBookOrder order);
GListModel  *bs_book_orders_new (void);
BsBookOrder  bs_book_order_at   (guint       position);

G_END_DECLS
