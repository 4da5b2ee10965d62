/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bs-gui.h"

#include "bs-book-dialog.h"
#include "bs-book-tile.h"
#include "bs-latency-window.h"
#include "bs-money.h"
#include "bs-sign-in-dialog.h"
#include "bs-window.h"

/* The shop window: Browse (a grid of the catalog, by category, sorted, searched on the
 * server as you type), Best Sellers (live), Cart and Orders, switched with
 * Alt+1…4. Actions do the buying; the models in BsShop say what to show. */

struct _BsWindow
{
  AdwApplicationWindow parent_instance;

  BsShop *shop;                  /* (owned) */
  BsCoverLoader *covers;         /* (owned) */
  BsLiveBestsellers *bestsellers; /* (owned) */
  GListStore *search_results;    /* (owned): BsBook */
  GtkCustomFilter *filter;       /* (owned) */
  GtkFilterListModel *filtered;  /* (owned) */
  GtkSortListModel *sorted;      /* (owned) */
  GtkStringList *category_names; /* (owned) */
  GCancellable *cancellable;     /* (owned) */
  GSettings *settings;           /* (owned) (nullable): absent when the schema is not installed */
  GCancellable *search_cancellable; /* (owned) (nullable) */
  char *search_text;             /* (owned) (nullable) */
  GtkWindow *sign_in_dialog;     /* (unowned) (nullable): while it is open */

  AdwToastOverlay *toasts;
  AdwViewStack *stack;
  AdwViewStackPage *cart_page;
  GtkToggleButton *search_button;
  GtkSearchEntry *search_entry;
  GtkRevealer *offline_revealer;
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel *account_label;
  GtkMenuButton *menu_button;
  guint narrow_idle_id;
  GtkButton *sign_in_button;
  GtkDropDown *category_dropdown;
  GtkDropDown *sort_dropdown;
  GtkStack *browse_stack;
  GtkSpinner *loading_spinner;
  guint spinner_delay_id;
  GtkGridView *grid;
  GtkListView *bestsellers_list;
  GtkStack *cart_stack;
  GtkListView *cart_list;
  GtkLabel *total_label;
  GtkStack *orders_stack;
  GtkListView *orders_list;
};

G_DEFINE_FINAL_TYPE (BsWindow, bs_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
is_signed_in (BsWindow *self)
{
  BsSession *session = bs_shop_get_session (self->shop);

  return session != NULL && bs_session_is_signed_in (session);
}

static void
show_sign_in (BsWindow *self)
{
  if (self->sign_in_dialog == NULL)
    {
      self->sign_in_dialog = GTK_WINDOW (bs_sign_in_dialog_new (GTK_WINDOW (self), self->shop));
      g_object_add_weak_pointer (G_OBJECT (self->sign_in_dialog), (gpointer *) &self->sign_in_dialog);
    }
  gtk_window_present (self->sign_in_dialog);
}

static void
toast (BsWindow   *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* A failure the user should hear of; cancellation is silent. */
static void
toast_error (BsWindow     *self,
             const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE))
    toast (self, _("The shop cannot be reached; try again when it is back"));
  else if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_UNAUTHORIZED))
    show_sign_in (self);
  else
    toast (self, error->message);
}

/* Browse: category, search and sort */

static gboolean
book_matches (gpointer item,
              gpointer user_data)
{
  BsWindow *self = user_data;
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  const char *category;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return TRUE;
  category = gtk_string_list_get_string (self->category_names, selected);
  return g_strcmp0 (bs_book_get_category (item), category) == 0;
}

static int
compare_books (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  BsWindow *self = user_data;
  BsBook *x = (BsBook *) a;
  BsBook *y = (BsBook *) b;

  switch (gtk_drop_down_get_selected (self->sort_dropdown))
    {
    case 1:
      return g_utf8_collate (bs_book_get_name (x), bs_book_get_name (y));
    case 2:
      return (bs_book_get_price (x) > bs_book_get_price (y)) - (bs_book_get_price (x) < bs_book_get_price (y));
    case 3:
      return bs_book_get_rating (y) - bs_book_get_rating (x);
    default:
      return 0;
    }
}

#define SPINNER_DELAY_MS 500

static void
show_spinner_cb (gpointer user_data)
{
  BsWindow *self = user_data;

  self->spinner_delay_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), TRUE);
  gtk_spinner_start (self->loading_spinner);
}

static void
update_browse_state (BsWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint catalog = g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (self->shop)));

  gboolean loading = shown == 0 && catalog == 0 && !bs_shop_is_offline (self->shop) &&
                     self->search_text == NULL;

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->browse_stack, "books");
  else if (loading)
    gtk_stack_set_visible_child_name (self->browse_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->browse_stack, "empty");

  /* A spinner that flashes for a quick load is noise: it shows only after a moment. */
  if (loading && self->spinner_delay_id == 0 && !gtk_widget_get_visible (GTK_WIDGET (self->loading_spinner)))
    self->spinner_delay_id = g_timeout_add_once (SPINNER_DELAY_MS, show_spinner_cb, self);
  else if (!loading)
    {
      g_clear_handle_id (&self->spinner_delay_id, g_source_remove);
      gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), FALSE);
      gtk_spinner_stop (self->loading_spinner);
    }
}

static void
rebuild_categories (BsWindow *self)
{
  GListModel *categories = bs_catalog_get_categories (bs_shop_get_catalog (self->shop));
  guint n = g_list_model_get_n_items (categories);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_ptr_array_add (names, (gpointer) _("All Categories"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BsCategory) category = g_list_model_get_item (categories, i);

      g_ptr_array_add (names, (gpointer) bs_category_get_name (category));
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->category_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->category_names)),
                          (const char * const *) names->pdata);
}

static void
categories_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       BsWindow   *self)
{
  rebuild_categories (self);
}

static void
filter_changed_cb (BsWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
sort_changed_cb (BsWindow *self)
{
  g_autoptr(GtkSorter) sorter = NULL;

  if (gtk_drop_down_get_selected (self->sort_dropdown) > 0)
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare_books, self, NULL));
  gtk_sort_list_model_set_sorter (self->sorted, sorter);
}

static void
searched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = bs_client_search_finish (BS_CLIENT (source), result, &error);

  if (books == NULL)
    {
      toast_error (self, error);
      return;
    }
  g_list_store_splice (self->search_results, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->search_results)),
                       books->pdata, books->len);
  update_browse_state (self);
}

/* Search as you type: the server ranks; the entry already waits for a pause. */
static void
search_changed_cb (GtkSearchEntry *entry,
                   BsWindow       *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search_text, g_free);

  if (trimmed[0] == '\0')
    {
      gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (bs_shop_get_catalog (self->shop)));
      update_browse_state (self);
      return;
    }

  self->search_text = g_steal_pointer (&trimmed);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (self->search_results));
  adw_view_stack_set_visible_child_name (self->stack, "browse");
  self->search_cancellable = g_cancellable_new ();
  bs_client_search_async (bs_shop_get_client (self->shop), self->search_text, 0, 200,
                          self->search_cancellable, searched_cb, self);
}

static void
show_book (BsWindow *self,
           BsBook   *book)
{
  BsBookDialog *dialog = bs_book_dialog_new (GTK_WINDOW (self), self->shop, self->covers, book);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Enter opens the top hit. */
static void
search_activated_cb (GtkSearchEntry *entry,
                     BsWindow       *self)
{
  g_autoptr(BsBook) top = g_list_model_get_item (G_LIST_MODEL (self->sorted), 0);

  if (top != NULL)
    show_book (self, top);
}

static void
grid_activated_cb (GtkGridView *grid,
                   guint        position,
                   BsWindow    *self)
{
  g_autoptr(BsBook) book = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (book != NULL)
    show_book (self, book);
}

static void
bestseller_activated_cb (GtkListView *list,
                         guint        position,
                         BsWindow    *self)
{
  g_autoptr(BsBookCount) count = g_list_model_get_item (bs_live_bestsellers_get_model (self->bestsellers),
                                                        position);

  if (count != NULL)
    show_book (self, bs_book_count_get_book (count));
}

static void
tile_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BsWindow                 *self)
{
  gtk_list_item_set_child (item, bs_book_tile_new (self->covers));
}

static void
tile_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BsWindow                 *self)
{
  bs_book_tile_set_book (BS_BOOK_TILE (gtk_list_item_get_child (item)),
                         gtk_list_item_get_item (item));
}

static void
tile_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BsWindow                 *self)
{
  bs_book_tile_set_book (BS_BOOK_TILE (gtk_list_item_get_child (item)), NULL);
}

/* Rows of the lists: a cover, words, and what they need */

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
  g_autofree char *sold = g_strdup_printf (ngettext ("%" G_GINT64_FORMAT " sold",
                                                     "%" G_GINT64_FORMAT " sold",
                                                     (gulong) bs_book_count_get_count (count)),
                                           bs_book_count_get_count (count));
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
  g_autofree char *each = g_strdup_printf (_("%s each"), unit);
  g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), bs_book_get_name (book));
  GtkWidget *row = row_box ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 99, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), bs_cart_item_get_quantity (line));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (spin), "book-id", g_strdup (bs_book_get_book_id (book)), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Quantity"), -1);
  g_signal_connect (spin, "value-changed", G_CALLBACK (quantity_changed_cb), self);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove from Cart"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "win.remove-from-cart");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", bs_book_get_book_id (book));

  gtk_box_append (GTK_BOX (row), small_cover (self, book));
  gtk_box_append (GTK_BOX (row), title_and_author (book, each));
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
  gtk_list_item_set_child (item, box);
}

/* A view shows @model without selection; the view keeps the only reference. */
static void
show_model (GtkWidget  *view,
            GListModel *model)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  g_object_set (view, "model", selection, NULL);
}

static GtkListItemFactory *
factory_for (BsWindow *self,
             GCallback bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "bind", bind, self);
  return factory;
}

/* The cart, its total and badge */

static void
cart_changed_cb (BsWindow *self)
{
  BsCart *cart = bs_shop_get_cart (self->shop);
  g_autofree char *total = bs_money_format (bs_cart_get_total (cart));
  g_autofree char *label = g_strdup_printf (_("Total: %s"), total);
  guint count = bs_cart_get_count (cart);

  gtk_label_set_label (self->total_label, label);
  adw_view_stack_page_set_badge_number (self->cart_page, count);
  adw_view_stack_page_set_needs_attention (self->cart_page, count > 0);
  if (!is_signed_in (self))
    gtk_stack_set_visible_child_name (self->cart_stack, "signed-out");
  else
    gtk_stack_set_visible_child_name (self->cart_stack,
                                      g_list_model_get_n_items (G_LIST_MODEL (cart)) > 0 ? "lines" : "empty");
}

static void
orders_changed_cb (BsWindow *self)
{
  if (!is_signed_in (self))
    gtk_stack_set_visible_child_name (self->orders_stack, "signed-out");
  else
    gtk_stack_set_visible_child_name (self->orders_stack,
                                      g_list_model_get_n_items (bs_shop_get_orders (self->shop)) > 0
                                        ? "orders"
                                        : "empty");
}

static void
offline_changed_cb (BsWindow *self)
{
  gboolean offline = bs_shop_is_offline (self->shop);

  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.checkout", !offline);
  update_browse_state (self);
}

/* The name makes room for the page switcher when narrow. Not a property binding: that
 * would change the header while the header is being laid out. */
static void
update_account_visibility_cb (gpointer user_data)
{
  BsWindow *self = user_data;

  self->narrow_idle_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->account_label),
                          !adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
title_visible_changed_cb (BsWindow *self)
{
  if (self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add_once (update_account_visibility_cb, self);
}

static void
signed_in_changed_cb (BsWindow *self)
{
  BsSession *session = bs_shop_get_session (self->shop);
  BsAccount *account = session != NULL ? bs_session_get_account (session) : NULL;
  /* Signed out, the Sign In button beside it says it all. */
  g_autofree char *tooltip = account != NULL
                               ? g_strdup_printf (_("Signed in as %s"), account->display_name)
                               : NULL;

  gtk_label_set_label (self->account_label, account != NULL ? account->display_name : "");
  if (account == NULL)
    adw_view_stack_page_set_badge_number (self->cart_page, 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_label), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), account == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", account != NULL);
  cart_changed_cb (self);
  orders_changed_cb (self);
}

/* Actions */

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCartItem) item = bs_client_add_to_cart_finish (BS_CLIENT (source), result, &error);
  g_autofree char *message = NULL;

  if (item == NULL)
    {
      toast_error (self, error);
      return;
    }
  bs_cart_update (bs_shop_get_cart (self->shop), item);
  message = g_strdup_printf (_("Added “%s” to the cart"), bs_book_get_name (bs_cart_item_get_book (item)));
  toast (self, message);
}

static void
add_copies (BsWindow   *self,
            const char *book_id,
            int         copies)
{
  if (!is_signed_in (self))
    {
      show_sign_in (self);
      return;
    }
  bs_client_add_to_cart_async (bs_shop_get_client (self->shop), book_id, copies, self->cancellable,
                               added_cb, g_object_ref (self));
}

static void
add_to_cart_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  add_copies (BS_WINDOW (widget), g_variant_get_string (parameter, NULL), 1);
}

static void
add_copies_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  const char *book_id;
  int copies;

  g_variant_get (parameter, "(&si)", &book_id, &copies);
  add_copies (BS_WINDOW (widget), book_id, copies);
}

/* Buying an order again adds its lines to the cart and says so once. */
typedef struct
{
  BsWindow *window;  /* (owned) */
  guint pending;
  gboolean failed;
} BuyAgain;

static void
bought_again_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BuyAgain *buy = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCartItem) item = bs_client_add_to_cart_finish (BS_CLIENT (source), result, &error);

  if (item != NULL)
    bs_cart_update (bs_shop_get_cart (buy->window->shop), item);
  else if (!buy->failed)
    {
      buy->failed = TRUE;
      toast_error (buy->window, error);
    }
  if (--buy->pending > 0)
    return;
  if (!buy->failed)
    toast (buy->window, _("The order’s books are in the cart again"));
  g_object_unref (buy->window);
  g_free (buy);
}

static void
buy_again_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  GListModel *orders = bs_shop_get_orders (self->shop);
  const char *order_id = g_variant_get_string (parameter, NULL);

  if (!is_signed_in (self))
    {
      show_sign_in (self);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(BsOrder) order = g_list_model_get_item (orders, i);
      GListModel *lines = bs_order_get_lines (order);
      BuyAgain *buy;

      if (g_strcmp0 (bs_order_get_order_id (order), order_id) != 0 || g_list_model_get_n_items (lines) == 0)
        continue;
      buy = g_new0 (BuyAgain, 1);
      buy->window = g_object_ref (self);
      buy->pending = g_list_model_get_n_items (lines);
      for (guint j = 0; j < g_list_model_get_n_items (lines); j++)
        {
          g_autoptr(BsOrderLine) line = g_list_model_get_item (lines, j);

          bs_client_add_to_cart_async (bs_shop_get_client (self->shop),
                                       bs_book_get_book_id (bs_order_line_get_book (line)),
                                       bs_order_line_get_quantity (line), self->cancellable,
                                       bought_again_cb, buy);
        }
      return;
    }
}

static void
show_latency_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  BsCallLog *log = bs_client_get_call_log (bs_shop_get_client (self->shop));

  gtk_window_present (GTK_WINDOW (bs_latency_window_new (GTK_WINDOW (self), log)));
}

static void
show_book_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  BsBook *book = bs_catalog_lookup (bs_shop_get_catalog (self->shop), g_variant_get_string (parameter, NULL));

  if (book != NULL)
    show_book (self, book);
}

static void
quantity_set_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCartItem) item = bs_client_set_cart_quantity_finish (BS_CLIENT (source), result, &error);

  if (error != NULL)
    {
      toast_error (self, error);
      bs_shop_refresh_customer (self->shop);
      return;
    }
  if (item != NULL)
    bs_cart_update (bs_shop_get_cart (self->shop), item);
}

static void
set_quantity_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  const char *book_id;
  int quantity;

  g_variant_get (parameter, "(&si)", &book_id, &quantity);
  bs_client_set_cart_quantity_async (bs_shop_get_client (self->shop), book_id, quantity,
                                     self->cancellable, quantity_set_cb, g_object_ref (self));
}

static void
undo_remove_cb (AdwToast *toast_object,
                BsWindow *self)
{
  const char *book_id = g_object_get_data (G_OBJECT (toast_object), "book-id");
  int quantity = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toast_object), "quantity"));

  bs_client_set_cart_quantity_async (bs_shop_get_client (self->shop), book_id, quantity,
                                     self->cancellable, quantity_set_cb, g_object_ref (self));
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AdwToast) undo = user_data;
  BsWindow *self = g_object_get_data (G_OBJECT (undo), "window");
  g_autoptr(GError) error = NULL;

  if (!bs_client_remove_from_cart_finish (BS_CLIENT (source), result, &error))
    {
      toast_error (self, error);
      return;
    }
  bs_cart_remove (bs_shop_get_cart (self->shop), g_object_get_data (G_OBJECT (undo), "book-id"));
  adw_toast_overlay_add_toast (self->toasts, g_object_ref (undo));
}

static void
remove_from_cart_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  const char *book_id = g_variant_get_string (parameter, NULL);
  BsCartItem *line = bs_cart_lookup (bs_shop_get_cart (self->shop), book_id);
  g_autofree char *title = NULL;
  AdwToast *undo;

  if (line == NULL)
    return;
  title = g_strdup_printf (_("Removed “%s”"), bs_book_get_name (bs_cart_item_get_book (line)));
  undo = adw_toast_new (title);
  adw_toast_set_button_label (undo, _("_Undo"));
  g_object_set_data_full (G_OBJECT (undo), "book-id", g_strdup (book_id), g_free);
  g_object_set_data (G_OBJECT (undo), "quantity", GINT_TO_POINTER (bs_cart_item_get_quantity (line)));
  g_object_set_data (G_OBJECT (undo), "window", self);
  g_signal_connect_object (undo, "button-clicked", G_CALLBACK (undo_remove_cb), self, 0);
  bs_client_remove_from_cart_async (bs_shop_get_client (self->shop), book_id, self->cancellable,
                                    removed_cb, undo);
}

static void
ordered_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsOrder) order = bs_client_checkout_finish (BS_CLIENT (source), result, &error);
  g_autofree char *total = NULL;
  g_autofree char *message = NULL;

  if (order == NULL)
    {
      /* Trying again is safe: the client sends the same key. */
      toast_error (self, error);
      return;
    }
  total = bs_money_format (bs_order_get_total (order));
  message = g_strdup_printf (_("Order placed: %s"), total);
  toast (self, message);
  bs_cart_replace (bs_shop_get_cart (self->shop), g_ptr_array_new ());
  bs_shop_refresh_customer (self->shop);
  adw_view_stack_set_visible_child_name (self->stack, "orders");
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BsWindow         *self)
{
  if (!g_str_equal (response, "order"))
    return;
  bs_client_checkout_async (bs_shop_get_client (self->shop), self->cancellable, ordered_cb,
                            g_object_ref (self));
}

static void
checkout_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  g_autofree char *total = bs_money_format (bs_cart_get_total (bs_shop_get_cart (self->shop)));
  g_autofree char *body = g_strdup_printf (_("The order comes to %s. No payment is taken: "
                                             "this is a demo shop."), total);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         _("Place the Order?"), body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "order", _("_Place Order"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "order", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "order");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  show_sign_in (BS_WINDOW (widget));
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Signed out here whatever the server says; it only could not forget the session. */
  if (!bs_session_sign_out_finish (BS_SESSION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("The server did not end the session: %s", error->message);
    }
  toast (self, _("Signed out"));
}

static void
sign_out_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);

  if (is_signed_in (self))
    bs_session_sign_out_async (bs_shop_get_session (self->shop), self->cancellable, signed_out_cb,
                               g_object_ref (self));
}

static void
show_page_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (BS_WINDOW (widget)->stack,
                                         g_variant_get_string (parameter, NULL));
}

static void
search_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The window */

static void
bs_window_dispose (GObject *object)
{
  BsWindow *self = BS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_handle_id (&self->spinner_delay_id, g_source_remove);
  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  if (self->sign_in_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->sign_in_dialog), (gpointer *) &self->sign_in_dialog);
      gtk_window_destroy (g_steal_pointer (&self->sign_in_dialog));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_WINDOW);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->search_results);
  g_clear_object (&self->category_names);
  g_clear_object (&self->bestsellers);
  g_clear_object (&self->covers);
  g_clear_object (&self->shop);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (bs_window_parent_class)->dispose (object);
}

static void
bs_window_class_init (BsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *pages[] = { "browse", "bestsellers", "cart", "orders" };

  G_OBJECT_CLASS (klass)->dispose = bs_window_dispose;

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, cart_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, account_label);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, browse_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, grid);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, bestsellers_list);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, cart_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, cart_list);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, orders_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, orders_list);

  gtk_widget_class_install_action (widget_class, "win.add-to-cart", "s", add_to_cart_cb);
  gtk_widget_class_install_action (widget_class, "win.add-copies", "(si)", add_copies_cb);
  gtk_widget_class_install_action (widget_class, "win.show-book", "s", show_book_cb);
  gtk_widget_class_install_action (widget_class, "win.buy-again", "s", buy_again_cb);
  gtk_widget_class_install_action (widget_class, "win.show-latency", NULL, show_latency_cb);
  gtk_widget_class_install_action (widget_class, "win.set-quantity", "(si)", set_quantity_cb);
  gtk_widget_class_install_action (widget_class, "win.remove-from-cart", "s", remove_from_cart_cb);
  gtk_widget_class_install_action (widget_class, "win.checkout", NULL, checkout_cb);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_cb);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_cb);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page",
                                         "s", pages[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

/* Size and maximized state carry over to the next start. An uninstalled build has no
 * schema, and g_settings_new() would abort; it then simply opens at the default size. */
static void
remember_window_state (BsWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
bs_window_init (BsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GTK 4.8 names the menu button's wrapper, not the toggle button inside that gets focus. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (self->menu_button))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main Menu"), -1);
  remember_window_state (self);
  self->cancellable = g_cancellable_new ();
  self->search_results = g_list_store_new (BS_TYPE_BOOK);
  self->category_names = gtk_string_list_new (NULL);
}

BsWindow *
bs_window_new (AdwApplication    *application,
               BsShop            *shop,
               BsCoverLoader     *covers,
               BsLiveBestsellers *bestsellers)
{
  BsWindow *self = g_object_new (BS_TYPE_WINDOW, "application", application, NULL);
  g_autoptr(GtkListItemFactory) tiles = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) bestseller_rows = NULL;
  g_autoptr(GtkListItemFactory) cart_rows = NULL;
  g_autoptr(GtkListItemFactory) order_rows = NULL;
  BsCatalog *catalog = bs_shop_get_catalog (shop);

  self->shop = g_object_ref (shop);
  self->covers = g_object_ref (covers);
  self->bestsellers = g_object_ref (bestsellers);

  /* Browse: catalog → filter (category) → sort → grid */
  self->filter = gtk_custom_filter_new (book_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (catalog)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), NULL);
  g_signal_connect (tiles, "setup", G_CALLBACK (tile_setup_cb), self);
  g_signal_connect (tiles, "bind", G_CALLBACK (tile_bind_cb), self);
  g_signal_connect (tiles, "unbind", G_CALLBACK (tile_unbind_cb), self);
  gtk_grid_view_set_factory (self->grid, tiles);
  show_model (GTK_WIDGET (self->grid), G_LIST_MODEL (self->sorted));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->category_names));
  rebuild_categories (self);
  g_signal_connect (bs_catalog_get_categories (catalog), "items-changed",
                    G_CALLBACK (categories_changed_cb), self);
  g_signal_connect_swapped (self->category_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_changed_cb), self);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_browse_state), self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (search_activated_cb), self);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (title_visible_changed_cb), self);
  g_signal_connect (self->grid, "activate", G_CALLBACK (grid_activated_cb), self);
  g_signal_connect (self->bestsellers_list, "activate", G_CALLBACK (bestseller_activated_cb), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  /* The lists */
  bestseller_rows = factory_for (self, G_CALLBACK (bestseller_bind_cb));
  gtk_list_view_set_factory (self->bestsellers_list, bestseller_rows);
  show_model (GTK_WIDGET (self->bestsellers_list), bs_live_bestsellers_get_model (bestsellers));
  cart_rows = factory_for (self, G_CALLBACK (cart_bind_cb));
  gtk_list_view_set_factory (self->cart_list, cart_rows);
  show_model (GTK_WIDGET (self->cart_list), G_LIST_MODEL (bs_shop_get_cart (shop)));
  order_rows = factory_for (self, G_CALLBACK (order_bind_cb));
  gtk_list_view_set_factory (self->orders_list, order_rows);
  show_model (GTK_WIDGET (self->orders_list), bs_shop_get_orders (shop));

  g_signal_connect_object (bs_shop_get_cart (shop), "items-changed", G_CALLBACK (cart_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bs_shop_get_cart (shop), "notify::total", G_CALLBACK (cart_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bs_shop_get_orders (shop), "items-changed", G_CALLBACK (orders_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (shop, "notify::offline", G_CALLBACK (offline_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (shop, "notify::server-id", G_CALLBACK (signed_in_changed_cb), self,
                           G_CONNECT_SWAPPED);

  cart_changed_cb (self);
  orders_changed_cb (self);
  offline_changed_cb (self);
  signed_in_changed_cb (self);
  return self;
}

/* For tests: what the grid shows, after category, search and sort. */
GListModel *
bs_window_get_shown_books (BsWindow *self)
{
  return G_LIST_MODEL (self->sorted);
}

GtkWidget *
bs_window_get_grid (BsWindow *self)
{
  return GTK_WIDGET (self->grid);
}

/* The session changes its account; the window follows it. */
void
bs_window_watch_session (BsWindow  *self,
                         BsSession *session)
{
  g_signal_connect_object (session, "notify::signed-in", G_CALLBACK (signed_in_changed_cb), self,
                           G_CONNECT_SWAPPED);
  signed_in_changed_cb (self);
}
