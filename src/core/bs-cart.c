/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cart"

#include "config.h"

#include "bs-cart.h"

/* The cart as a GListModel of BsCartItem, with the number of copies ("count", for the
 * badge) and the total in cents kept right after every change. */

struct _BsCart
{
  GObject parent_instance;

  GPtrArray *items;   /* (owned): BsCartItem */
  guint count;
  gint64 total;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsCart, bs_cart, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_COUNT,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return BS_TYPE_CART_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return BS_CART (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  BsCart *self = BS_CART (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
recompute (BsCart *self)
{
  guint count = 0;
  gint64 total = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      BsCartItem *item = g_ptr_array_index (self->items, i);

      count += (guint) bs_cart_item_get_quantity (item);
      total += bs_cart_item_get_subtotal (item);
    }

  if (count != self->count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
  if (total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
}

static void
item_changed_cb (BsCartItem *item,
                 GParamSpec *pspec,
                 BsCart     *self)
{
  recompute (self);
}

static void
watch (BsCart     *self,
       BsCartItem *item)
{
  g_signal_connect_object (item, "notify::quantity", G_CALLBACK (item_changed_cb), self, 0);
}

static void
unwatch (gpointer data,
         gpointer user_data)
{
  g_signal_handlers_disconnect_by_data (data, user_data);
}

static void
bs_cart_dispose (GObject *object)
{
  BsCart *self = BS_CART (object);

  if (self->items != NULL)
    g_ptr_array_foreach (self->items, unwatch, self);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_cart_parent_class)->dispose (object);
}

static void
bs_cart_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  BsCart *self = BS_CART (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_cart_class_init (BsCartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_cart_dispose;
  object_class->get_property = bs_cart_get_property;

  /* Copies in the cart, all lines together. */
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* In cents, at today's catalog prices. */
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_cart_init (BsCart *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

BsCart *
bs_cart_new (void)
{
  return g_object_new (BS_TYPE_CART, NULL);
}

/* Takes the server's lines as they are now, in one items-changed. */
void
bs_cart_replace (BsCart    *self,
                 GPtrArray *items)
{
  guint removed;

  g_return_if_fail (BS_IS_CART (self));
  g_return_if_fail (items != NULL);

  removed = self->items->len;
  g_ptr_array_foreach (self->items, unwatch, self);
  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < items->len; i++)
    {
      BsCartItem *item = g_ptr_array_index (items, i);

      g_ptr_array_add (self->items, g_object_ref (item));
      watch (self, item);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
  recompute (self);
}

/* Empties the cart: after a checkout, or when its customer leaves. */
void
bs_cart_clear (BsCart *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_return_if_fail (BS_IS_CART (self));

  bs_cart_replace (self, none);
}

static gboolean
find (BsCart     *self,
      const char *book_id,
      guint      *out_position)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      BsBook *book = bs_cart_item_get_book (g_ptr_array_index (self->items, i));

      if (g_strcmp0 (bs_book_get_book_id (book), book_id) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Takes one line as the server now has it: a new line goes at the end, a known one
 * changes its quantity in place. */
void
bs_cart_update (BsCart     *self,
                BsCartItem *item)
{
  guint position;

  g_return_if_fail (BS_IS_CART (self));
  g_return_if_fail (BS_IS_CART_ITEM (item));

  if (find (self, bs_book_get_book_id (bs_cart_item_get_book (item)), &position))
    {
      bs_cart_item_set_quantity (g_ptr_array_index (self->items, position),
                                 bs_cart_item_get_quantity (item));
      return;
    }

  g_ptr_array_add (self->items, g_object_ref (item));
  watch (self, item);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  recompute (self);
}

gboolean
bs_cart_remove (BsCart     *self,
                const char *book_id)
{
  guint position;

  g_return_val_if_fail (BS_IS_CART (self), FALSE);

  if (!find (self, book_id, &position))
    return FALSE;
  unwatch (g_ptr_array_index (self->items, position), self);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  recompute (self);
  return TRUE;
}

BsCartItem *
bs_cart_lookup (BsCart     *self,
                const char *book_id)
{
  guint position;

  g_return_val_if_fail (BS_IS_CART (self), NULL);

  return find (self, book_id, &position) ? g_ptr_array_index (self->items, position) : NULL;
}

guint
bs_cart_get_count (BsCart *self)
{
  g_return_val_if_fail (BS_IS_CART (self), 0);

  return self->count;
}

gint64
bs_cart_get_total (BsCart *self)
{
  g_return_val_if_fail (BS_IS_CART (self), 0);

  return self->total;
}
