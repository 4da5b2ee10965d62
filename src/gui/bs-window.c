/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-book-dialog.h"
#include "bs-book-sorter.h"
#include "bs-book-tile-factory.h"
#include "bs-category.h"
#include "bs-money.h"
#include "bs-server.h"
#include "bs-sign-in-dialog.h"
#include "bs-window-private.h"

/* The shop window: Home, Browse (a grid of the catalog, by category, sorted, searched on
 * the server as you type), Best Sellers (live), Cart and Orders, switched with Alt+1…5.
 * Actions do the buying; the models in BsShop say what to show. */

G_DEFINE_FINAL_TYPE (BsWindow, bs_window, ADW_TYPE_APPLICATION_WINDOW)

gboolean
bs_window_is_signed_in (BsWindow *self)
{
  return bs_shop_is_signed_in (self->shop);
}

void
bs_window_show_sign_in (BsWindow *self)
{
  if (self->sign_in_dialog == NULL)
    {
      self->sign_in_dialog = GTK_WINDOW (bs_sign_in_dialog_new (GTK_WINDOW (self), self->shop));
      g_object_add_weak_pointer (G_OBJECT (self->sign_in_dialog), (gpointer *) &self->sign_in_dialog);
    }
  gtk_window_present (self->sign_in_dialog);
}

/* Takes @toast, which replaces the one shown. */
void
bs_window_show_toast (BsWindow *self,
                      AdwToast *toast)
{
  if (self->toast_slot == NULL)
    {
      /* Disposed: nothing is shown any more. */
      g_object_unref (toast);
      return;
    }
  bs_toast_slot_show (self->toast_slot, toast);
}

void
bs_window_toast (BsWindow   *self,
                 const char *message)
{
  bs_window_show_toast (self, bs_toast_new_plain (message));
}

/* A failure the user should hear of; cancellation is silent. */
void
bs_window_toast_error (BsWindow     *self,
                       const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE))
    bs_window_toast (self, _("The shop cannot be reached; try again when it is back"));
  else if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_UNAUTHORIZED))
    bs_window_show_sign_in (self);
  else
    bs_window_toast (self, error->message);
}

/* Browse: category, search and sort */

void
bs_window_update_browse_state (BsWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint catalog = g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (self->shop)));

  gboolean offline = bs_shop_is_offline (self->shop);
  /* Offline, the saved catalog may still be on its way: only a finished start says
   * there is none. */
  gboolean loading = shown == 0 && catalog == 0 && self->search_text == NULL &&
                     (!offline || bs_shop_is_starting (self->shop));

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->browse_stack, "books");
  else if (loading)
    gtk_stack_set_visible_child_name (self->browse_stack, "loading");
  else if (catalog == 0 && offline && self->search_text == NULL)
    gtk_stack_set_visible_child_name (self->browse_stack, "unreachable");
  else
    gtk_stack_set_visible_child_name (self->browse_stack, "empty");
}

/* The filter shows the category the drop-down shows; the first entry is all of them. */
static void
apply_category (BsWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);

  gtk_string_filter_set_search (self->filter,
                                selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                  ? NULL
                                  : gtk_string_list_get_string (self->category_names, selected));
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
  /* The drop-down may keep its position over another name: the filter follows it. */
  apply_category (self);
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

/* The grid keeps the book it showed in view, wherever the new order or category puts
 * it; a new order or category is read from its start instead, once the models, which
 * sort and filter a few books at a time, are done. They say so before they hand over
 * their last books: the look is taken after that, from an idle of low priority. */
static gboolean
scroll_to_top_if_done_cb (gpointer data)
{
  BsWindow *self = data;

  self->scroll_to_top_id = 0;
  if (self->sorted == NULL)
    return G_SOURCE_REMOVE;
  if (gtk_sort_list_model_get_pending (self->sorted) > 0 ||
      gtk_filter_list_model_get_pending (self->filtered) > 0)
    return G_SOURCE_REMOVE;
  self->scroll_to_top = FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", 0);
  return G_SOURCE_REMOVE;
}

static void
models_pending_cb (BsWindow *self)
{
  /* Disposed, the window has no grid to scroll. */
  if (self->sorted != NULL && self->scroll_to_top && self->scroll_to_top_id == 0)
    self->scroll_to_top_id = g_idle_add_full (G_PRIORITY_LOW, scroll_to_top_if_done_cb, self, NULL);
}

static void
show_grid_from_the_top (BsWindow *self)
{
  self->scroll_to_top = TRUE;
  models_pending_cb (self);
}

static void
filter_changed_cb (BsWindow *self)
{
  apply_category (self);
  show_grid_from_the_top (self);
}

static void
sort_changed_cb (BsWindow *self)
{
  g_autoptr(GtkSorter) sorter = bs_book_sorter_new (bs_book_order_at (gtk_drop_down_get_selected (self->sort_dropdown)));

  gtk_sort_list_model_set_sorter (self->sorted, sorter);
  show_grid_from_the_top (self);
}

void
bs_window_show_book (BsWindow *self,
           BsBook   *book)
{
  BsBookDialog *dialog = bs_book_dialog_new (GTK_WINDOW (self), self->shop, self->covers, book);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
forget_pending_book (BsWindow *self)
{
  g_clear_signal_handler (&self->pending_book_handler, bs_shop_get_catalog (self->shop));
  g_clear_pointer (&self->pending_book, g_free);
}

static void
pending_book_cb (GListModel *catalog,
                 guint       position,
                 guint       removed,
                 guint       added,
                 BsWindow   *self)
{
  BsBook *book = bs_catalog_lookup (BS_CATALOG (catalog), self->pending_book);

  if (book == NULL)
    return;
  forget_pending_book (self);
  bs_window_show_book (self, book);
}

/* Shows the book with @book_id; one the catalog does not have yet (asked for from the
 * Activities overview while the shop starts) opens as soon as the catalog has it. */
void
bs_window_open_book (BsWindow   *self,
                     const char *book_id)
{
  BsCatalog *catalog;
  BsBook *book;

  g_return_if_fail (BS_IS_WINDOW (self));
  g_return_if_fail (book_id != NULL);

  catalog = bs_shop_get_catalog (self->shop);
  forget_pending_book (self);
  book = bs_catalog_lookup (catalog, book_id);
  if (book != NULL)
    {
      bs_window_show_book (self, book);
      return;
    }
  self->pending_book = g_strdup (book_id);
  self->pending_book_handler = g_signal_connect (catalog, "items-changed",
                                                 G_CALLBACK (pending_book_cb), self);
}

static void
grid_activated_cb (GtkGridView *grid,
                   guint        position,
                   BsWindow    *self)
{
  g_autoptr(BsBook) book = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (book != NULL)
    bs_window_show_book (self, book);
}

static void
bestseller_activated_cb (GtkListView *list,
                         guint        position,
                         BsWindow    *self)
{
  g_autoptr(BsBookCount) count = g_list_model_get_item (bs_shop_get_bestsellers (self->shop), position);

  if (count != NULL)
    bs_window_show_book (self, bs_book_count_get_book (count));
}

/* A view shows @model without selection; the view keeps the only reference. */
static void
show_model (GtkWidget  *view,
            GListModel *model)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (model));

  g_object_set (view, "model", selection, NULL);
}

/* A customer's list: theirs once loaded; before that, loading or, offline with nothing
 * saved, out of reach — never "empty" on no evidence. */
static const char *
customer_page (BsWindow   *self,
               gboolean    loaded,
               gboolean    failed,
               guint       n_items,
               const char *full)
{
  if (!bs_shop_is_signed_in (self->shop))
    return bs_shop_is_starting (self->shop) ? "loading" : "signed-out";
  if (!loaded && bs_shop_is_offline (self->shop))
    return "unreachable";
  if (!loaded)
    return failed ? "failed" : "loading";
  return n_items > 0 ? full : "empty";
}

/* The cart, its total and badge */

static void
cart_changed_cb (BsWindow *self)
{
  BsCart *cart = bs_shop_get_cart (self->shop);
  g_autofree char *total = bs_money_format (bs_cart_get_total (cart));
  /* Translators: the cart's total, as "$35.98". */
  g_autofree char *label = g_strdup_printf (_("Total: %s"), total);
  guint count = bs_cart_get_count (cart);

  gtk_label_set_label (self->total_label, label);
  adw_view_stack_page_set_badge_number (self->cart_page, count);
  adw_view_stack_page_set_needs_attention (self->cart_page, count > 0);
  gtk_stack_set_visible_child_name (self->cart_stack,
                                    customer_page (self, bs_shop_get_cart_loaded (self->shop),
                                                   bs_shop_get_cart_failed (self->shop),
                                                   g_list_model_get_n_items (G_LIST_MODEL (cart)), "lines"));
}

static void
orders_changed_cb (BsWindow *self)
{
  gtk_stack_set_visible_child_name (self->orders_stack,
                                    customer_page (self, bs_shop_get_orders_loaded (self->shop),
                                                   bs_shop_get_orders_failed (self->shop),
                                                   g_list_model_get_n_items (bs_shop_get_orders (self->shop)),
                                                   "orders"));
}

/* The best sellers: a board, live or saved; else loading, or out of reach. */
static void
bestsellers_changed_cb (BsWindow *self)
{
  const char *page;

  if (g_list_model_get_n_items (bs_shop_get_bestsellers (self->shop)) > 0)
    page = "list";
  else if (bs_shop_get_bestsellers_loaded (self->shop))
    page = "empty";
  else if (bs_shop_is_offline (self->shop) && !bs_shop_is_starting (self->shop))
    page = "unreachable";
  else
    page = "loading";
  gtk_stack_set_visible_child_name (self->bestsellers_stack, page);
}

/* Whatever the shop's state, every page says what it knows. */
static void
shop_state_changed_cb (BsWindow *self)
{
  bs_window_update_browse_state (self);
  cart_changed_cb (self);
  orders_changed_cb (self);
  bestsellers_changed_cb (self);
}

static void
offline_changed_cb (BsWindow *self)
{
  /* What needs the shop waits for it; the notice says why. What was saved stays
   * readable, the cart and the friends included. */
  const char *needs_the_shop[] = {
    "win.add-to-cart", "win.add-copies", "win.set-quantity", "win.remove-from-cart",
    "win.buy-again", "win.checkout", "win.sign-in",
  };
  gboolean offline = bs_shop_is_offline (self->shop);

  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
  for (guint i = 0; i < G_N_ELEMENTS (needs_the_shop); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), needs_the_shop[i], !offline);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cart_list), !offline);
  shop_state_changed_cb (self);
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

/* The customer's name, or the built-in shop's own account as the user calls it. */
static const char *
shown_name (BsAccount *account)
{
  if (g_strcmp0 (account->username, BS_SERVER_LOCAL_USERNAME) == 0)
    /* Translators: the name the header shows for the built-in shop's own account. */
    return _("You");
  return account->display_name;
}

static void
customer_changed_cb (BsWindow *self)
{
  BsAccount *account = bs_shop_get_account (self->shop);
  /* Signed out, the Sign In button beside it says it all. */
  g_autofree char *tooltip = account != NULL
                               /* Translators: the main menu's first line; %s is the customer's
                                  name. */
                               ? g_strdup_printf (_("Signed in as %s"), shown_name (account))
                               : NULL;

  gtk_label_set_label (self->account_label, account != NULL ? shown_name (account) : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_label), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), account == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", account != NULL);
  cart_changed_cb (self);
  orders_changed_cb (self);
}

/* Where Escape goes back to: the pages left, newest last. */
#define BACK_STACK_DEPTH 16

static void
page_changed_cb (BsWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);

  if (self->current_page != NULL && !self->going_back && g_strcmp0 (self->current_page, page) != 0)
    {
      if (self->back_stack->len == BACK_STACK_DEPTH)
        g_ptr_array_remove_index (self->back_stack, 0);
      g_ptr_array_add (self->back_stack, g_steal_pointer (&self->current_page));
    }
  g_free (self->current_page);
  self->current_page = g_strdup (page);
  /* The search belongs to Browse: elsewhere it would only stand in the way. */
  if (g_strcmp0 (page, "browse") != 0 && self->search_bar != NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back", self->back_stack->len > 0);
}

/* The window */

static void
bs_window_dispose (GObject *object)
{
  BsWindow *self = BS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  if (self->shop != NULL)
    forget_pending_book (self);
  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  g_clear_pointer (&self->toast_slot, bs_toast_slot_free);
  if (self->sign_in_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->sign_in_dialog), (gpointer *) &self->sign_in_dialog);
      gtk_window_destroy (g_steal_pointer (&self->sign_in_dialog));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_WINDOW);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->scroll_to_top_id, g_source_remove);
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->search_results);
  g_clear_object (&self->category_names);
  g_clear_object (&self->covers);
  g_clear_object (&self->shop);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->back_stack, g_ptr_array_unref);
  g_clear_pointer (&self->current_page, g_free);

  G_OBJECT_CLASS (bs_window_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_SHOP,
  PROP_COVERS,
  PROP_SHOP_FIXED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BsWindow *self = BS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOP:
      g_value_set_object (value, self->shop);
      break;
    case PROP_COVERS:
      g_value_set_object (value, self->covers);
      break;
    case PROP_SHOP_FIXED:
      g_value_set_boolean (value, self->shop_fixed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BsWindow *self = BS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOP:
      self->shop = g_value_dup_object (value);
      break;
    case PROP_COVERS:
      self->covers = g_value_dup_object (value);
      break;
    case PROP_SHOP_FIXED:
      self->shop_fixed = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void bs_window_constructed (GObject *object);

static void
bs_window_class_init (BsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_window_dispose;
  object_class->get_property = bs_window_get_property;
  object_class->set_property = bs_window_set_property;
  object_class->constructed = bs_window_constructed;

  properties[PROP_SHOP] =
    g_param_spec_object ("shop", NULL, NULL, BS_TYPE_SHOP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COVERS] =
    g_param_spec_object ("covers", NULL, NULL, BS_TYPE_COVER_LOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The shop was chosen for this run (--server): Preferences cannot change it. */
  properties[PROP_SHOP_FIXED] =
    g_param_spec_boolean ("shop-fixed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, home_bin);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, cart_page);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, account_label);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, browse_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, grid);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, bestsellers_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, bestsellers_list);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, cart_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, cart_list);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, orders_stack);
  gtk_widget_class_bind_template_child (widget_class, BsWindow, orders_list);

  bs_window_class_add_actions (widget_class);
}

/* Size and maximized state carry over to the next start. An uninstalled build has no
 * schema, and g_settings_new() would abort; it then simply opens at the default size. */
static void
remember_window_state (BsWindow *self)
{
  self->settings = bs_gui_settings_new ();
  if (self->settings == NULL)
    return;
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
bs_window_init (BsWindow *self)
{
  bs_gui_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The development build's striped header bar tells it from the installed app. */
  if (DEVELOPMENT_PROFILE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
  self->toast_slot = bs_toast_slot_new (self->toasts);
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  bs_gui_delay_spinners (GTK_WIDGET (self));
  bs_gui_name_drop_down_button (self->category_dropdown, _("Category"));
  bs_gui_name_drop_down_button (self->sort_dropdown, _("Sort by"));
  remember_window_state (self);
  bs_window_add_shortcuts_action (self);
  self->cancellable = g_cancellable_new ();
  self->search_results = g_list_store_new (BS_TYPE_BOOK);
  self->category_names = gtk_string_list_new (NULL);
  self->back_stack = g_ptr_array_new_with_free_func (g_free);
}

static void
bs_window_constructed (GObject *object)
{
  BsWindow *self = BS_WINDOW (object);
  BsShop *shop = self->shop;
  BsCoverLoader *covers = self->covers;
  g_autoptr(GtkListItemFactory) tiles = bs_book_tile_factory_new (self->covers);
  g_autoptr(GtkListItemFactory) bestseller_rows = NULL;
  g_autoptr(GtkListItemFactory) cart_rows = NULL;
  g_autoptr(GtkListItemFactory) order_rows = NULL;
  g_autoptr(GListModel) orders = bs_book_orders_new ();
  BsCatalog *catalog = bs_shop_get_catalog (shop);
  const char *shop_states[] = { "notify::offline", "notify::starting", "notify::cart-loaded",
                                "notify::orders-loaded", "notify::bestsellers-loaded",
                                "notify::cart-failed", "notify::orders-failed" };

  G_OBJECT_CLASS (bs_window_parent_class)->constructed (object);

  /* Browse: catalog → filter (category) → sort → grid */
  self->filter = gtk_string_filter_new (gtk_property_expression_new (BS_TYPE_BOOK, NULL,
                                                                    "category"));
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_EXACT);
  gtk_string_filter_set_ignore_case (self->filter, FALSE);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (catalog)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), NULL);
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
  g_signal_connect_swapped (self->sorted, "notify::pending", G_CALLBACK (models_pending_cb), self);
  g_signal_connect_swapped (self->filtered, "notify::pending", G_CALLBACK (models_pending_cb), self);
  gtk_grid_view_set_factory (self->grid, tiles);
  show_model (GTK_WIDGET (self->grid), G_LIST_MODEL (self->sorted));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->category_names));
  gtk_drop_down_set_model (self->sort_dropdown, orders);
  rebuild_categories (self);
  g_signal_connect_object (bs_catalog_get_categories (catalog), "items-changed",
                           G_CALLBACK (categories_changed_cb), self, 0);
  g_signal_connect_swapped (self->category_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_changed_cb), self);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (bs_window_update_browse_state), self);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (title_visible_changed_cb), self);
  g_signal_connect (self->grid, "activate", G_CALLBACK (grid_activated_cb), self);
  g_signal_connect (self->bestsellers_list, "activate", G_CALLBACK (bestseller_activated_cb), self);
  bs_window_search_init (self);

  self->home = bs_home_page_new (shop, covers);
  adw_bin_set_child (self->home_bin, GTK_WIDGET (self->home));
  g_signal_connect_swapped (self->home, "book-activated", G_CALLBACK (bs_window_show_book), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name", G_CALLBACK (page_changed_cb), self);
  page_changed_cb (self);

  /* The lists */
  bestseller_rows = bs_window_bestseller_rows_new (self);
  gtk_list_view_set_factory (self->bestsellers_list, bestseller_rows);
  show_model (GTK_WIDGET (self->bestsellers_list), bs_shop_get_bestsellers (shop));
  cart_rows = bs_window_cart_rows_new (self);
  gtk_list_view_set_factory (self->cart_list, cart_rows);
  show_model (GTK_WIDGET (self->cart_list), G_LIST_MODEL (bs_shop_get_cart (shop)));
  order_rows = bs_window_order_rows_new (self);
  gtk_list_view_set_factory (self->orders_list, order_rows);
  show_model (GTK_WIDGET (self->orders_list), bs_shop_get_orders (shop));

  g_signal_connect_object (bs_shop_get_cart (shop), "items-changed", G_CALLBACK (cart_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bs_shop_get_cart (shop), "notify::total", G_CALLBACK (cart_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bs_shop_get_orders (shop), "items-changed", G_CALLBACK (orders_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (bs_shop_get_bestsellers (shop), "items-changed",
                           G_CALLBACK (bestsellers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (shop, "notify::offline", G_CALLBACK (offline_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (shop, "notify::customer-id", G_CALLBACK (customer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (shop_states); i++)
    g_signal_connect_object (shop, shop_states[i], G_CALLBACK (shop_state_changed_cb), self,
                             G_CONNECT_SWAPPED);

  offline_changed_cb (self);
  customer_changed_cb (self);
}

/* @shop_fixed: whether the shop was chosen for this run (--server), so that Preferences
 * cannot change it */
BsWindow *
bs_window_new (AdwApplication *application,
               BsShop         *shop,
               BsCoverLoader  *covers,
               gboolean        shop_fixed)
{
  return g_object_new (BS_TYPE_WINDOW, "application", application, "shop", shop, "covers", covers,
                       "shop-fixed", shop_fixed, NULL);
}

/* For tests: what the grid shows, after category, search and sort. */
GListModel *
bs_window_get_shown_books (BsWindow *self)
{
  return G_LIST_MODEL (self->sorted);
}
