/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-gui.h"

#include "bs-money.h"
#include "bs-window-private.h"

/* Rows of the window's lists: a cover, words, and what they need. */

static GtkWidget *
small_cover (BsWindow *self,
             BsBook   *book)
{
  g_autoptr(GdkPaintable) paintable = bs_cover_loader_get_paintable (self->covers,
                                                                     bs_book_get_book_id (book));
  GtkWidget *picture = gtk_picture_new_for_paintable (paintable);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, 48, 72);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), bs_book_get_name (book));
  return picture;
}

static GtkWidget *
title_and_author (BsBook     *book,
                  const char *extra)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (bs_book_get_name (book));
  GtkWidget *author = gtk_label_new (extra != NULL ? extra : bs_book_get_author (book));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (author), 0);
  gtk_label_set_wrap (GTK_LABEL (author), TRUE);
  gtk_widget_add_css_class (author, "dim-label");
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), author);
  return box;
}

static GtkWidget *
row_box (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  return row;
}

static void
bestseller_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    BsWindow                 *self)
{
  BsBookCount *count = gtk_list_item_get_item (item);
  BsBook *book = bs_book_count_get_book (count);
  g_autofree char *rank = g_strdup_printf ("%u", gtk_list_item_get_position (item) + 1);
  guint copies = (guint) MIN (bs_book_count_get_count (count), G_MAXUINT);
  g_autofree char *sold = g_strdup_printf (ngettext ("%u sold", "%u sold", copies), copies);
  GtkWidget *row = row_box ();
  GtkWidget *rank_label = gtk_label_new (rank);
  GtkWidget *sold_label = gtk_label_new (sold);

  gtk_widget_add_css_class (rank_label, "title-3");
  gtk_widget_set_size_request (rank_label, 32, -1);
  gtk_widget_add_css_class (sold_label, "numeric");
  gtk_box_append (GTK_BOX (row), rank_label);
  gtk_box_append (GTK_BOX (row), small_cover (self, book));
  gtk_box_append (GTK_BOX (row), title_and_author (book, NULL));
  gtk_box_append (GTK_BOX (row), sold_label);
  gtk_list_item_set_child (item, row);
}

static void
quantity_changed_cb (GtkSpinButton *spin,
                     BsWindow      *self)
{
  const char *book_id = g_object_get_data (G_OBJECT (spin), "book-id");
  int quantity = gtk_spin_button_get_value_as_int (spin);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.set-quantity", "(si)", book_id, quantity);
}

static void
cart_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BsWindow                 *self)
{
  BsCartItem *line = gtk_list_item_get_item (item);
  BsBook *book = bs_cart_item_get_book (line);
  g_autofree char *unit = bs_money_format (bs_cart_item_get_unit_price (line));
  g_autofree char *subtotal = bs_money_format (bs_cart_item_get_subtotal (line));
  /* The line's subtotal under its title, not in a column: a phone-sized window has no
   * room for one. */
  g_autofree char *price = bs_cart_item_get_quantity (line) > 1
                             ? g_strdup_printf (_("%s each, %s in all"), unit, subtotal)
                             : g_strdup (unit);
  g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), bs_book_get_name (book));
  GtkWidget *row = row_box ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 99, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), bs_cart_item_get_quantity (line));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (spin), "book-id", g_strdup (bs_book_get_book_id (book)), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Quantity"), -1);
  bs_gui_name_spin_buttons (GTK_SPIN_BUTTON (spin));
  g_signal_connect (spin, "value-changed", G_CALLBACK (quantity_changed_cb), self);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove from Cart"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "win.remove-from-cart");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", bs_book_get_book_id (book));

  gtk_box_append (GTK_BOX (row), small_cover (self, book));
  gtk_box_append (GTK_BOX (row), title_and_author (book, price));
  gtk_box_append (GTK_BOX (row), spin);
  gtk_box_append (GTK_BOX (row), remove);
  gtk_list_item_set_child (item, row);
}

static void
order_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BsWindow                 *self)
{
  BsOrder *order = gtk_list_item_get_item (item);
  GListModel *lines = bs_order_get_lines (order);
  g_autoptr(GDateTime) local = g_date_time_to_local (bs_order_get_date (order));
  g_autofree char *date = g_date_time_format (local, "%x %H:%M");
  g_autofree char *total = bs_money_format (bs_order_get_total (order));
  g_autofree char *heading = g_strdup_printf (_("%s — %s"), date, total);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *buy_again;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(BsOrderLine) line = g_list_model_get_item (lines, i);
      BsBook *book = bs_order_line_get_book (line);
      g_autofree char *price = bs_money_format (bs_book_get_price (book));
      g_autofree char *text = g_strdup_printf (_("%d × %s at %s"), bs_order_line_get_quantity (line),
                                               bs_book_get_name (book), price);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  buy_again = gtk_button_new_with_mnemonic (_("_Buy Again"));
  gtk_widget_set_halign (buy_again, GTK_ALIGN_START);
  gtk_widget_set_margin_top (buy_again, 6);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (buy_again), "s", bs_order_get_order_id (order));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (buy_again), "win.buy-again");
  gtk_box_append (GTK_BOX (box), buy_again);
  bs_gui_name_mnemonic_buttons (box);
  gtk_list_item_set_child (item, box);
}

static GtkListItemFactory *
factory_for (BsWindow *self,
             GCallback bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "bind", bind, self);
  return factory;
}

GtkListItemFactory *
bs_window_bestseller_rows_new (BsWindow *self)
{
  return factory_for (self, G_CALLBACK (bestseller_bind_cb));
}

GtkListItemFactory *
bs_window_cart_rows_new (BsWindow *self)
{
  return factory_for (self, G_CALLBACK (cart_bind_cb));
}

GtkListItemFactory *
bs_window_order_rows_new (BsWindow *self)
{
  return factory_for (self, G_CALLBACK (order_bind_cb));
}
