/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-order-line"

#include "config.h"

#include "bs-order-line.h"

/* A line of a placed order: the book as it was then, and how many copies. */

struct _BsOrderLine
{
  BsBookLine parent_instance;
};

G_DEFINE_FINAL_TYPE (BsOrderLine, bs_order_line, BS_TYPE_BOOK_LINE)

static void
bs_order_line_class_init (BsOrderLineClass *klass)
{
}

static void
bs_order_line_init (BsOrderLine *self)
{
}

BsOrderLine *
bs_order_line_new (BsBook *book,
                   int     quantity)
{
  return g_object_new (BS_TYPE_ORDER_LINE, "book", book, "quantity", (gint64) quantity, NULL);
}

BsBook *
bs_order_line_get_book (BsOrderLine *self)
{
  return bs_book_line_get_book (BS_BOOK_LINE (self));
}

int
bs_order_line_get_quantity (BsOrderLine *self)
{
  return (int) bs_book_line_get_quantity (BS_BOOK_LINE (self));
}
