/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cart-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-cart-row.h"
#include "bs-money.h"

/* A line of the cart: cover, title, price and subtotal, the quantity and a Remove
 * button. Built once and given one line after another; it follows its line's quantity
 * as it changes. A quantity typed or clicked goes to win.set-quantity after a short
 * pause, so a run of clicks is one change. */

#define QUANTITY_PAUSE_MS 250

struct _BsCartRow
{
  GtkWidget parent_instance;

  BsCoverLoader *covers;   /* (owned) */
  BsCartItem *item;        /* (owned) (nullable) */
  guint pause_id;

  GtkPicture *cover;
  GtkLabel *title;
  GtkLabel *price;
  GtkSpinButton *quantity;
  GtkButton *remove;
};

G_DEFINE_FINAL_TYPE (BsCartRow, bs_cart_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COVERS,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_quantity (BsCartRow *self)
{
  g_autofree char *unit = bs_money_format (bs_cart_item_get_unit_price (self->item));
  g_autofree char *subtotal = bs_money_format (bs_cart_item_get_subtotal (self->item));
  g_autofree char *price = bs_cart_item_get_quantity (self->item) > 1
                             /* Translators: a cart line: the price of one copy, then of all
                                copies, as "$17.99 each, $35.98 in all". */
                             ? g_strdup_printf (_("%s each, %s in all"), unit, subtotal)
                             : g_strdup (unit);

  gtk_label_set_label (self->price, price);
  gtk_spin_button_set_value (self->quantity, bs_cart_item_get_quantity (self->item));
}

static void
send_quantity_cb (gpointer user_data)
{
  BsCartRow *self = user_data;
  int quantity = gtk_spin_button_get_value_as_int (self->quantity);

  self->pause_id = 0;
  if (self->item != NULL && quantity != bs_cart_item_get_quantity (self->item))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.set-quantity", "(si)",
                                bs_book_get_book_id (bs_cart_item_get_book (self->item)), quantity);
}

/* Only a quantity that differs from the line's is the user's: the line's own changes
 * come through here too, and end a pause that waits for nothing. */
static void
quantity_changed_cb (BsCartRow *self)
{
  g_clear_handle_id (&self->pause_id, g_source_remove);
  if (self->item != NULL &&
      gtk_spin_button_get_value_as_int (self->quantity) != bs_cart_item_get_quantity (self->item))
    self->pause_id = g_timeout_add_once (QUANTITY_PAUSE_MS, send_quantity_cb, self);
}

void
bs_cart_row_set_item (BsCartRow  *self,
                      BsCartItem *item)
{
  g_autoptr(GdkPaintable) cover = NULL;
  g_autofree char *remove_label = NULL;
  BsBook *book;

  g_return_if_fail (BS_IS_CART_ROW (self));

  if (self->item == item)
    return;
  /* Given another line (a rebind, or the row's end) within a pause: the choice made
   * on this one still goes. */
  if (self->pause_id != 0)
    {
      g_clear_handle_id (&self->pause_id, g_source_remove);
      send_quantity_cb (self);
    }
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
  if (item == NULL)
    {
      gtk_picture_set_paintable (self->cover, NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove), NULL);
      return;
    }

  book = bs_cart_item_get_book (item);
  cover = bs_cover_loader_get_paintable (self->covers, bs_book_get_book_id (book));
  gtk_picture_set_paintable (self->cover, cover);
  gtk_picture_set_alternative_text (self->cover, bs_book_get_name (book));
  gtk_label_set_label (self->title, bs_book_get_name (book));
  /* Translators: a button's accessible name; %s is a book's title. */
  remove_label = g_strdup_printf (_("Remove “%s”"), bs_book_get_name (book));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  /* The target before the name: an action without its target would be refused. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove), "s", bs_book_get_book_id (book));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove), "win.remove-from-cart");
  g_signal_connect_swapped (item, "notify::quantity", G_CALLBACK (show_quantity), self);
  show_quantity (self);
}

BsCartItem *
bs_cart_row_get_item (BsCartRow *self)
{
  g_return_val_if_fail (BS_IS_CART_ROW (self), NULL);

  return self->item;
}

static void
bs_cart_row_dispose (GObject *object)
{
  BsCartRow *self = BS_CART_ROW (object);
  GtkWidget *child;

  bs_cart_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_CART_ROW);
  /* The children no field names are the template's too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->covers);

  G_OBJECT_CLASS (bs_cart_row_parent_class)->dispose (object);
}

static void
bs_cart_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BsCartRow *self = BS_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_COVERS:
      g_value_set_object (value, self->covers);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_cart_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BsCartRow *self = BS_CART_ROW (object);

  switch (prop_id)
    {
    case PROP_COVERS:
      self->covers = g_value_dup_object (value);
      break;
    case PROP_ITEM:
      bs_cart_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_cart_row_class_init (BsCartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_cart_row_dispose;
  object_class->get_property = bs_cart_row_get_property;
  object_class->set_property = bs_cart_row_set_property;

  properties[PROP_COVERS] =
    g_param_spec_object ("covers", NULL, NULL, BS_TYPE_COVER_LOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BS_TYPE_CART_ITEM,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-cart-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BsCartRow, cover);
  gtk_widget_class_bind_template_child (widget_class, BsCartRow, title);
  gtk_widget_class_bind_template_child (widget_class, BsCartRow, price);
  gtk_widget_class_bind_template_child (widget_class, BsCartRow, quantity);
  gtk_widget_class_bind_template_child (widget_class, BsCartRow, remove);
  gtk_widget_class_bind_template_callback (widget_class, quantity_changed_cb);
}

static void
bs_cart_row_init (BsCartRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_gui_name_spin_buttons (self->quantity);
}
