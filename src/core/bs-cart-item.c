/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cart-item"

#include "config.h"

#include "bs-cart-item.h"

/* A line of the cart: a book at its current catalog price, and how many copies. */

struct _BsCartItem
{
  GObject parent_instance;

  BsBook *book; /* (owned) */
  int quantity;
};

G_DEFINE_FINAL_TYPE (BsCartItem, bs_cart_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BOOK,
  PROP_QUANTITY,
  PROP_UNIT_PRICE,
  PROP_SUBTOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_cart_item_finalize (GObject *object)
{
  BsCartItem *self = BS_CART_ITEM (object);

  g_clear_object (&self->book);

  G_OBJECT_CLASS (bs_cart_item_parent_class)->finalize (object);
}

static void
bs_cart_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsCartItem *self = BS_CART_ITEM (object);

  switch (prop_id)
    {
    case PROP_BOOK:
      g_value_set_object (value, self->book);
      break;
    case PROP_QUANTITY:
      g_value_set_int (value, self->quantity);
      break;
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
bs_cart_item_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BsCartItem *self = BS_CART_ITEM (object);

  switch (prop_id)
    {
    case PROP_BOOK:
      self->book = g_value_dup_object (value);
      break;
    case PROP_QUANTITY:
      bs_cart_item_set_quantity (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_cart_item_class_init (BsCartItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_cart_item_finalize;
  object_class->get_property = bs_cart_item_get_property;
  object_class->set_property = bs_cart_item_set_property;

  properties[PROP_BOOK] =
    g_param_spec_object ("book", NULL, NULL, BS_TYPE_BOOK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUANTITY] =
    g_param_spec_int ("quantity", NULL, NULL, 1, 99, 1,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
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
  self->quantity = 1;
}

BsCartItem *
bs_cart_item_new (BsBook *book,
                  int     quantity)
{
  g_return_val_if_fail (BS_IS_BOOK (book), NULL);

  return g_object_new (BS_TYPE_CART_ITEM, "book", book, "quantity", quantity, NULL);
}

BsBook *
bs_cart_item_get_book (BsCartItem *self)
{
  g_return_val_if_fail (BS_IS_CART_ITEM (self), NULL);

  return self->book;
}

int
bs_cart_item_get_quantity (BsCartItem *self)
{
  g_return_val_if_fail (BS_IS_CART_ITEM (self), 0);

  return self->quantity;
}

void
bs_cart_item_set_quantity (BsCartItem *self,
                           int         quantity)
{
  g_return_if_fail (BS_IS_CART_ITEM (self));
  g_return_if_fail (quantity >= 1 && quantity <= 99);

  if (self->quantity == quantity)
    return;
  self->quantity = quantity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUANTITY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTOTAL]);
}

gint64
bs_cart_item_get_unit_price (BsCartItem *self)
{
  g_return_val_if_fail (BS_IS_CART_ITEM (self), 0);

  return self->book != NULL ? bs_book_get_price (self->book) : 0;
}

gint64
bs_cart_item_get_subtotal (BsCartItem *self)
{
  g_return_val_if_fail (BS_IS_CART_ITEM (self), 0);

  return bs_cart_item_get_unit_price (self) * self->quantity;
}
