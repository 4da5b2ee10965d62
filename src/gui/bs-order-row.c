/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-order-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-money.h"
#include "bs-order-row.h"

/* A past order: when and how much, its lines, and Buy Again. Built once and given one
 * order after another. */

struct _BsOrderRow
{
  GtkWidget parent_instance;

  BsOrder *order;      /* (owned) (nullable) */

  GtkLabel *heading;
  GtkBox *lines;
  GtkButton *buy_again;
};

G_DEFINE_FINAL_TYPE (BsOrderRow, bs_order_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_lines (BsOrderRow *self)
{
  GListModel *lines = bs_order_get_lines (self->order);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines))) != NULL)
    gtk_box_remove (self->lines, child);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(BsOrderLine) line = g_list_model_get_item (lines, i);
      BsBook *book = bs_order_line_get_book (line);
      g_autofree char *price = bs_money_format (bs_book_get_price (book));
      /* Translators: an order's line: how many copies, the book's title and the price of one,
         as "2 × Dune at $9.99". */
      g_autofree char *text = g_strdup_printf (_("%d × %s at %s"), bs_order_line_get_quantity (line),
                                               bs_book_get_name (book), price);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (self->lines, label);
    }
}

void
bs_order_row_set_order (BsOrderRow *self,
                        BsOrder    *order)
{
  g_autofree char *date = NULL;
  g_autofree char *total = NULL;
  g_autofree char *heading = NULL;

  g_return_if_fail (BS_IS_ORDER_ROW (self));

  if (!g_set_object (&self->order, order))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
  if (order == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->buy_again), NULL);
      return;
    }
  date = bs_gui_format_date_time (bs_order_get_date (order));
  total = bs_money_format (bs_order_get_total (order));
  /* Translators: an order's heading: when it was placed, then its total, as
   * "26/11/2026 14:05 — $35.98". */
  heading = g_strdup_printf (_("%s — %s"), date, total);
  gtk_label_set_label (self->heading, heading);
  show_lines (self);
  /* The target before the name: an action without its target would be refused. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->buy_again), "s", bs_order_get_order_id (order));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->buy_again), "win.buy-again");
}

static void
bs_order_row_dispose (GObject *object)
{
  BsOrderRow *self = BS_ORDER_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_ORDER_ROW);
  /* The children no field names are the template's too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (bs_order_row_parent_class)->dispose (object);
}

static void
bs_order_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ORDER:
      g_value_set_object (value, BS_ORDER_ROW (object)->order);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_order_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ORDER:
      bs_order_row_set_order (BS_ORDER_ROW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_order_row_class_init (BsOrderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_order_row_dispose;
  object_class->get_property = bs_order_row_get_property;
  object_class->set_property = bs_order_row_set_property;

  properties[PROP_ORDER] =
    g_param_spec_object ("order", NULL, NULL, BS_TYPE_ORDER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-order-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BsOrderRow, heading);
  gtk_widget_class_bind_template_child (widget_class, BsOrderRow, lines);
  gtk_widget_class_bind_template_child (widget_class, BsOrderRow, buy_again);
}

static void
bs_order_row_init (BsOrderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
}
