/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cart-item"

#include "config.h"

#include "bs-cart-item.h"

/* A line of the cart: a book at its current catalog price, and how many copies, which
 * change ("quantity" and "subtotal" are notified). */

#define MAX_QUANTITY 99

struct _BsCartItem
{
  BsBookLine parent_instance;
};

G_DEFINE_FINAL_TYPE (BsCartItem, bs_cart_item, BS_TYPE_BOOK_LINE)

enum
{
  PROP_0,
  PROP_UNIT_PRICE,
  PROP_SUBTOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_cart_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsCartItem *self = BS_CART_ITEM (object);

  switch (prop_id)
    {
    case PROP_UNIT_PRICE:
      g_value_set_int64 (value, bs_cart_item_get_unit_price (self));
      break;
    case PROP_SUBTOTAL:
      g_value_set_int64 (value, bs_cart_item_get_subtotal (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_cart_item_class_init (BsCartItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bs_cart_item_get_property;

  /* In cents: the book's catalog price now. */
  properties[PROP_UNIT_PRICE] =
    g_param_spec_int64 ("unit-price", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTOTAL] =
    g_param_spec_int64 ("subtotal", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_cart_item_init (BsCartItem *self)
{
}

BsCartItem *
bs_cart_item_new (BsBook *book,
                  int     quantity)
{
  g_return_val_if_fail (BS_IS_BOOK (book), NULL);
  g_return_val_if_fail (quantity >= 1 && quantity <= MAX_QUANTITY, NULL);

  return g_object_new (BS_TYPE_CART_ITEM, "book", book, "quantity", (gint64) quantity, NULL);
}

BsBook *
bs_cart_item_get_book (BsCartItem *self)
{
  return bs_book_line_get_book (BS_BOOK_LINE (self));
}

int
bs_cart_item_get_quantity (BsCartItem *self)
{
  return (int) bs_book_line_get_quantity (BS_BOOK_LINE (self));
}

void
bs_cart_item_set_quantity (BsCartItem *self,
                           int         quantity)
{
  g_return_if_fail (BS_IS_CART_ITEM (self));
  g_return_if_fail (quantity >= 1 && quantity <= MAX_QUANTITY);

  if (bs_cart_item_get_quantity (self) == quantity)
    return;
  bs_book_line_set_quantity (BS_BOOK_LINE (self), quantity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTOTAL]);
}

gint64
bs_cart_item_get_unit_price (BsCartItem *self)
{
  BsBook *book;

  g_return_val_if_fail (BS_IS_CART_ITEM (self), 0);

  book = bs_cart_item_get_book (self);
  return book != NULL ? bs_book_get_price (book) : 0;
}

gint64
bs_cart_item_get_subtotal (BsCartItem *self)
{
  g_return_val_if_fail (BS_IS_CART_ITEM (self), 0);

  return bs_cart_item_get_unit_price (self) * bs_cart_item_get_quantity (self);
}
