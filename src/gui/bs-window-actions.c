/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-friends-window.h"
#include "bs-latency-window.h"
#include "bs-preferences-window.h"
#include "bs-money.h"
#include "bs-window-private.h"

/* What the window does: buying, the cart, checking out, signing in and out, moving
 * between pages. Each is a win.* action, so menus, buttons, keys and tests share it. */

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCartItem) item = bs_shop_add_to_cart_finish (BS_SHOP (source), result, &error);
  g_autofree char *message = NULL;

  if (item == NULL)
    {
      bs_window_toast_error (self, error);
      return;
    }
  /* Translators: a toast; %s is a book's title. */
  message = g_strdup_printf (_("Added “%s” to the cart"), bs_book_get_name (bs_cart_item_get_book (item)));
  bs_window_toast (self, message);
}

static void
add_copies (BsWindow   *self,
            const char *book_id,
            int         copies)
{
  if (!bs_window_is_signed_in (self))
    {
      bs_window_show_sign_in (self);
      return;
    }
  bs_shop_add_to_cart_async (self->shop, book_id, copies, self->cancellable, added_cb, g_object_ref (self));
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
  g_autoptr(BsCartItem) item = bs_shop_add_to_cart_finish (BS_SHOP (source), result, &error);

  if (item == NULL && !buy->failed)
    {
      buy->failed = TRUE;
      bs_window_toast_error (buy->window, error);
    }
  if (--buy->pending > 0)
    return;
  if (!buy->failed)
    bs_window_toast (buy->window, _("The order’s books are in the cart again"));
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

  if (!bs_window_is_signed_in (self))
    {
      bs_window_show_sign_in (self);
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

          bs_shop_add_to_cart_async (self->shop, bs_book_get_book_id (bs_order_line_get_book (line)),
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
    bs_window_show_book (self, book);
}

static void
quantity_set_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* On a failure the shop asks the server what the cart holds; the user hears why. */
  if (!bs_shop_set_quantity_finish (BS_SHOP (source), result, &error))
    bs_window_toast_error (self, error);
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
  bs_shop_set_quantity_async (self->shop, book_id, quantity, self->cancellable, quantity_set_cb,
                              g_object_ref (self));
}

/* The line goes at once, with an Undo that sets its quantity back. */
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
  /* Translators: a toast with an Undo button; %s is a book's title. */
  title = g_strdup_printf (_("Removed “%s”"), bs_book_get_name (bs_cart_item_get_book (line)));
  undo = bs_toast_new_plain (title);
  adw_toast_set_button_label (undo, _("_Undo"));
  adw_toast_set_action_name (undo, "win.set-quantity");
  adw_toast_set_action_target_value (undo, g_variant_new ("(si)", book_id,
                                                          bs_cart_item_get_quantity (line)));
  bs_shop_set_quantity_async (self->shop, book_id, 0, self->cancellable, quantity_set_cb,
                              g_object_ref (self));
  bs_window_show_toast (self, undo);
}

static void
ordered_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsOrder) order = bs_shop_checkout_finish (BS_SHOP (source), result, &error);
  g_autofree char *total = NULL;
  g_autofree char *message = NULL;

  if (order == NULL)
    {
      /* Trying again is safe: the client sends the same key. */
      bs_window_toast_error (self, error);
      return;
    }
  total = bs_money_format (bs_order_get_total (order));
  /* Translators: a toast; %s is the order's total, as "$35.98". */
  message = g_strdup_printf (_("Order placed: %s"), total);
  bs_window_toast (self, message);
  adw_view_stack_set_visible_child_name (self->stack, "orders");
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BsWindow         *self)
{
  if (!g_str_equal (response, "order"))
    return;
  bs_shop_checkout_async (self->shop, self->cancellable, ordered_cb, g_object_ref (self));
}

/* The review before the order, as Pango markup: the question, each line, the total, and
 * plainly that nothing is paid. The question leads the body instead of being the dialog's
 * heading: on GTK 4.10 and later a message dialog's heading is measured below its own
 * width as the dialog is sized (a warning every time one is shown). */
static char *
describe_order (BsCart *cart)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *total = bs_money_format (bs_cart_get_total (cart));
  g_autofree char *question = NULL;
  g_autofree char *ending = NULL;

  question = g_markup_printf_escaped ("<span size=\"large\" weight=\"bold\">%s</span>\n\n",
                                      _("Place the Order?"));
  g_string_append (text, question);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (cart)); i++)
    {
      g_autoptr(BsCartItem) line = g_list_model_get_item (G_LIST_MODEL (cart), i);
      g_autofree char *subtotal = bs_money_format (bs_cart_item_get_subtotal (line));
      g_autofree char *escaped = NULL;

      /* Translators: a line of the order to be placed: how many copies, the book's
       * title and what they cost, as in "2 × Dune: $19.98". */
      escaped = g_markup_printf_escaped (_("%d × %s: %s"), bs_cart_item_get_quantity (line),
                                         bs_book_get_name (bs_cart_item_get_book (line)), subtotal);
      g_string_append (text, escaped);
      g_string_append_c (text, '\n');
    }
  ending = g_markup_printf_escaped (
    /* Translators: the last words before an order is placed; %s is its total, as "$35.98". */
    _("The order comes to %s. No payment is taken: this is a demo shop."), total);
  g_string_append_c (text, '\n');
  g_string_append (text, ending);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
checkout_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  BsCart *cart = bs_shop_get_cart (self->shop);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (!bs_window_is_signed_in (self))
    {
      bs_window_show_sign_in (self);
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (cart)) == 0)
    {
      bs_window_toast (self, _("The cart is empty"));
      return;
    }
  body = describe_order (cart);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, body));
  adw_message_dialog_set_body_use_markup (dialog, TRUE);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Place the Order?"));
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
  bs_window_show_sign_in (BS_WINDOW (widget));
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
  bs_window_toast (self, _("Signed out"));
}

static void
sign_out_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);

  if (bs_window_is_signed_in (self))
    bs_session_sign_out_async (bs_shop_get_session (self->shop), self->cancellable, signed_out_cb,
                               g_object_ref (self));
}

static void
customer_reloaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure shows on the pages again, as before. */
  if (!bs_shop_refresh_customer_finish (BS_SHOP (source), result, &error))
    g_debug ("Still cannot load the customer's data: %s", error->message);
}

/* The cart or the orders got an error answer: ask the server again. */
static void
reload_customer_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);

  if (bs_window_is_signed_in (self))
    bs_shop_refresh_customer_async (self->shop, self->cancellable, customer_reloaded_cb, NULL);
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

/* Back to the page before: Escape, as in the shell's other places. */
static void
go_back_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  g_autofree char *page = NULL;

  if (self->back_stack->len == 0)
    return;
  page = g_ptr_array_steal_index (self->back_stack, self->back_stack->len - 1);
  self->going_back = TRUE;
  adw_view_stack_set_visible_child_name (self->stack, page);
  self->going_back = FALSE;
}

/* Browse one category: from Home's category buttons. */
static void
browse_category_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  const char *category = g_variant_get_string (parameter, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->category_names));

  for (guint i = 1; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->category_names, i), category) == 0)
      {
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
        gtk_toggle_button_set_active (self->search_button, FALSE);
        gtk_drop_down_set_selected (self->category_dropdown, i);
        adw_view_stack_set_visible_child_name (self->stack, "browse");
        return;
      }
}

static void
show_friends_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);

  if (!bs_window_is_signed_in (self))
    {
      bs_window_show_sign_in (self);
      return;
    }
  gtk_window_present (GTK_WINDOW (bs_friends_window_new (GTK_WINDOW (self), self->shop)));
}

static void
show_preferences_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BsWindow *self = BS_WINDOW (widget);
  /* The shop in use, which --server may have chosen over the setting. */
  const char *url = bs_shop_get_address (self->shop);
  const char *fixed_by = self->shop_fixed ? _("Chosen with --server for this window") : NULL;

  gtk_window_present (GTK_WINDOW (bs_preferences_window_new (GTK_WINDOW (self), self->settings,
                                                             url, fixed_by,
                                                             bs_shop_get_cache (self->shop))));
}

/* Built when asked for, not with every window as GtkApplication would: it costs the
 * start-up a few percent, and most runs never show it. */
static void
show_shortcuts_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/gui/bs-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (user_data));
  gtk_window_set_destroy_with_parent (shortcuts, TRUE);
  gtk_window_present (shortcuts);
}

/* The shortcuts window's action, as GtkApplicationWindow names it (Ctrl+?). */
void
bs_window_add_shortcuts_action (BsWindow *self)
{
  const GActionEntry entries[] = {
    { "show-help-overlay", show_shortcuts_cb, NULL, NULL, NULL },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

void
bs_window_class_add_actions (GtkWidgetClass *widget_class)
{
  const char *pages[] = { "home", "browse", "bestsellers", "cart", "orders" };

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
  gtk_widget_class_install_action (widget_class, "win.reload-customer", NULL, reload_customer_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_cb);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_cb);
  gtk_widget_class_install_action (widget_class, "win.browse-category", "s", browse_category_cb);
  gtk_widget_class_install_action (widget_class, "win.show-friends", NULL, show_friends_cb);
  gtk_widget_class_install_action (widget_class, "win.show-preferences", NULL, show_preferences_cb);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page",
                                         "s", pages[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.show-preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
}
