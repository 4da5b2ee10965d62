/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-window"

#include "config.h"

#include "bs-bestseller-row.h"
#include "bs-cart-row.h"
#include "bs-order-row.h"
#include "bs-window-private.h"

/* The rows of the window's lists. Each is built once, when its list item is made, and
 * follows the item the list gives it through a binding: a row never shows an item as
 * it was when bound, only as it is. */

typedef struct
{
  GType type;
  const char *property;    /* the row's property that takes the list item's item */
  BsCoverLoader *covers;   /* (owned) (nullable) */
} RowKind;

static void
row_kind_free (gpointer  data,
               GClosure *closure)
{
  RowKind *kind = data;

  g_clear_object (&kind->covers);
  g_free (kind);
}

static gboolean
position_to_rank (GBinding     *binding,
                  const GValue *position,
                  GValue       *rank,
                  gpointer      user_data)
{
  guint at = g_value_get_uint (position);

  g_value_set_uint (rank, at == GTK_INVALID_LIST_POSITION ? 0 : at + 1);
  return TRUE;
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              RowKind                  *kind)
{
  GtkWidget *row = kind->covers != NULL ? g_object_new (kind->type, "covers", kind->covers, NULL)
                                        : g_object_new (kind->type, NULL);

  gtk_list_item_set_child (item, row);
  g_object_bind_property (item, "item", row, kind->property, G_BINDING_SYNC_CREATE);
  if (kind->type == BS_TYPE_BESTSELLER_ROW)
    g_object_bind_property_full (item, "position", row, "rank", G_BINDING_SYNC_CREATE,
                                 position_to_rank, NULL, NULL, NULL);
}

static GtkListItemFactory *
row_factory_new (GType          type,
                 const char    *property,
                 BsCoverLoader *covers)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowKind *kind = g_new0 (RowKind, 1);

  kind->type = type;
  kind->property = property;
  kind->covers = covers != NULL ? g_object_ref (covers) : NULL;
  g_signal_connect_data (factory, "setup", G_CALLBACK (row_setup_cb), kind,
                         row_kind_free, 0);
  return factory;
}

GtkListItemFactory *
bs_window_bestseller_rows_new (BsWindow *self)
{
  return row_factory_new (BS_TYPE_BESTSELLER_ROW, "count", self->covers);
}

GtkListItemFactory *
bs_window_cart_rows_new (BsWindow *self)
{
  return row_factory_new (BS_TYPE_CART_ROW, "item", self->covers);
}

GtkListItemFactory *
bs_window_order_rows_new (BsWindow *self)
{
  return row_factory_new (BS_TYPE_ORDER_ROW, "order", NULL);
}
