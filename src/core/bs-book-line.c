/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-line"

#include "config.h"

#include "bs-book-line.h"

/* A book and a number of copies: what a cart line (BsCartItem), an order line
 * (BsOrderLine) and a best seller or recommendation (BsBookCount) have in common. */

typedef struct
{
  BsBook *book;      /* (owned) */
  gint64 quantity;
} BsBookLinePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (BsBookLine, bs_book_line, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BOOK,
  PROP_QUANTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_book_line_finalize (GObject *object)
{
  BsBookLinePrivate *priv = bs_book_line_get_instance_private (BS_BOOK_LINE (object));

  g_clear_object (&priv->book);

  G_OBJECT_CLASS (bs_book_line_parent_class)->finalize (object);
}

static void
bs_book_line_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsBookLinePrivate *priv = bs_book_line_get_instance_private (BS_BOOK_LINE (object));

  switch (prop_id)
    {
    case PROP_BOOK:
      g_value_set_object (value, priv->book);
      break;
    case PROP_QUANTITY:
      g_value_set_int64 (value, priv->quantity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_line_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BsBookLinePrivate *priv = bs_book_line_get_instance_private (BS_BOOK_LINE (object));

  switch (prop_id)
    {
    case PROP_BOOK:
      priv->book = g_value_dup_object (value);
      break;
    case PROP_QUANTITY:
      priv->quantity = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_line_class_init (BsBookLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_book_line_finalize;
  object_class->get_property = bs_book_line_get_property;
  object_class->set_property = bs_book_line_set_property;

  properties[PROP_BOOK] =
    g_param_spec_object ("book", NULL, NULL, BS_TYPE_BOOK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Copies: sold, ordered or in the cart; for a recommendation, the friends who bought
   * it. A cart line's changes are notified. */
  properties[PROP_QUANTITY] =
    g_param_spec_int64 ("quantity", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_book_line_init (BsBookLine *self)
{
}

BsBook *
bs_book_line_get_book (BsBookLine *self)
{
  BsBookLinePrivate *priv = bs_book_line_get_instance_private (self);

  g_return_val_if_fail (BS_IS_BOOK_LINE (self), NULL);

  return priv->book;
}

gint64
bs_book_line_get_quantity (BsBookLine *self)
{
  BsBookLinePrivate *priv = bs_book_line_get_instance_private (self);

  g_return_val_if_fail (BS_IS_BOOK_LINE (self), 0);

  return priv->quantity;
}

void
bs_book_line_set_quantity (BsBookLine *self,
                           gint64      quantity)
{
  BsBookLinePrivate *priv = bs_book_line_get_instance_private (self);

  g_return_if_fail (BS_IS_BOOK_LINE (self));

  if (priv->quantity == quantity)
    return;
  priv->quantity = quantity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUANTITY]);
}
