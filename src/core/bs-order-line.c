/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-order-line"

#include "config.h"

#include "bs-order-line.h"

/* A line of a past order: the book as it was sold, at its sale price. */

struct _BsOrderLine
{
  GObject parent_instance;

  BsBook *book; /* (owned) */
  int     quantity;
};

G_DEFINE_FINAL_TYPE (BsOrderLine, bs_order_line, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BOOK,
  PROP_QUANTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_order_line_finalize (GObject *object)
{
  BsOrderLine *self = BS_ORDER_LINE (object);

  g_clear_object (&self->book);

  G_OBJECT_CLASS (bs_order_line_parent_class)->finalize (object);
}

static void
bs_order_line_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BsOrderLine *self = BS_ORDER_LINE (object);

  switch (prop_id)
    {
    case PROP_BOOK:
      g_value_set_object (value, self->book);
      break;
    case PROP_QUANTITY:
      g_value_set_int (value, self->quantity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_order_line_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BsOrderLine *self = BS_ORDER_LINE (object);

  switch (prop_id)
    {
    case PROP_BOOK:
      self->book = g_value_dup_object (value);
      break;
    case PROP_QUANTITY:
      self->quantity = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_order_line_class_init (BsOrderLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_order_line_finalize;
  object_class->get_property = bs_order_line_get_property;
  object_class->set_property = bs_order_line_set_property;

  /* The book as sold. */
  properties[PROP_BOOK]
      = g_param_spec_object ("book", NULL, NULL, BS_TYPE_BOOK,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Copies. */
  properties[PROP_QUANTITY]
      = g_param_spec_int ("quantity", NULL, NULL, G_MININT, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_order_line_init (BsOrderLine *self)
{
}

BsOrderLine *
bs_order_line_new (BsBook *book, int quantity)
{
  return g_object_new (BS_TYPE_ORDER_LINE, "book", book, "quantity", quantity, NULL);
}

BsBook *
bs_order_line_get_book (BsOrderLine *self)
{
  g_return_val_if_fail (BS_IS_ORDER_LINE (self), NULL);

  return self->book;
}

int
bs_order_line_get_quantity (BsOrderLine *self)
{
  g_return_val_if_fail (BS_IS_ORDER_LINE (self), 0);

  return self->quantity;
}
