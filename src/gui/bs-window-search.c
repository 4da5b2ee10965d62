/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-window"

#include "config.h"

#include "bs-window-private.h"

/* Browse's search: typed anywhere in the window, ranked by the server as the user
 * types, of the whole shop whatever category was picked; Enter opens the top hit. */

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
      bs_window_toast_error (self, error);
      return;
    }
  g_list_store_splice (self->search_results, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->search_results)),
                       books->pdata, books->len);
  bs_window_update_browse_state (self);
}

/* Search as you type: the server ranks; the entry already waits for a pause. */
static void
search_changed_cb (GtkSearchEntry *entry,
                   BsWindow       *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gboolean starting = self->search_text == NULL;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search_text, g_free);

  if (trimmed[0] == '\0')
    {
      gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (bs_shop_get_catalog (self->shop)));
      bs_window_update_browse_state (self);
      return;
    }

  /* A search is of the whole shop: a category picked earlier, maybe out of sight, would
   * hide what it finds. */
  if (starting)
    gtk_drop_down_set_selected (self->category_dropdown, 0);
  self->search_text = g_steal_pointer (&trimmed);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (self->search_results));
  adw_view_stack_set_visible_child_name (self->stack, "browse");
  self->search_cancellable = g_cancellable_new ();
  bs_client_search_async (bs_shop_get_client (self->shop), self->search_text, 0, 200,
                          self->search_cancellable, searched_cb, self);
}

/* Typing anywhere sends the keys to the search, but leaves the focus where it was:
 * bring it along, so that the next keys and Enter go there too. Without selecting, or
 * the next key would replace what was typed. */
static void
search_typed_cb (GtkEditable *entry,
                 BsWindow    *self)
{
  GtkEditable *text = gtk_editable_get_delegate (entry);

  if (GTK_IS_TEXT (text) && gtk_root_get_focus (GTK_ROOT (self)) != GTK_WIDGET (text) &&
      gtk_editable_get_text (entry)[0] != '\0')
    gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
}

/* Opens the search with @text in it, as if typed. */
void
bs_window_search_for (BsWindow   *self,
                      const char *text)
{
  g_return_if_fail (BS_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  gtk_toggle_button_set_active (self->search_button, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Enter opens the top hit. */
static void
search_activated_cb (GtkSearchEntry *entry,
                     BsWindow       *self)
{
  g_autoptr(BsBook) top = g_list_model_get_item (G_LIST_MODEL (self->sorted), 0);

  if (top != NULL)
    bs_window_show_book (self, top);
}

void
bs_window_search_init (BsWindow *self)
{
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (search_activated_cb), self);
  g_signal_connect (self->search_entry, "changed", G_CALLBACK (search_typed_cb), self);
  /* Typing anywhere opens the search with the focus in it; Escape there closes it. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
}
