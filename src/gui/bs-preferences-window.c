/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-preferences-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-preferences-window.h"
#include "bs-toast-slot.h"

/* Which shop (the built-in one or a server's address) and the saved data. The choice is
 * the "server-url" setting; BsApplication follows it. */

/* Callbacks get the window unreferenced: it cancels its calls when it goes, and a
 * transient window must not outlive its parent. */

struct _BsPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;         /* (owned) (nullable): absent when the schema is not installed */
  BsCache *cache;              /* (owned) */
  GCancellable *cancellable;   /* (owned) */

  AdwActionRow *builtin_row;
  GtkSwitch *builtin_switch;
  AdwEntryRow *url_row;
  AdwActionRow *cache_row;
};

G_DEFINE_FINAL_TYPE (BsPreferencesWindow, bs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_toast (BsPreferencesWindow *self,
            const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), bs_toast_new_plain (message));
}

/* http or https, with a host: what the client can talk to. */
static gboolean
is_server_address (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0' &&
         (g_str_equal (g_uri_get_scheme (uri), "http") || g_str_equal (g_uri_get_scheme (uri), "https"));
}

static void
url_applied_cb (BsPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  if (!is_server_address (url))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      show_toast (self, _("Use an address that starts with http:// or https://"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  g_settings_set_string (self->settings, "server-url", url);
}

static void
url_edited_cb (BsPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
builtin_changed_cb (BsPreferencesWindow *self)
{
  gboolean builtin = gtk_switch_get_active (self->builtin_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !builtin);
  if (builtin)
    g_settings_set_string (self->settings, "server-url", "");
  else if (is_server_address (gtk_editable_get_text (GTK_EDITABLE (self->url_row))))
    url_applied_cb (self);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
show_size (BsPreferencesWindow *self,
           guint64              bytes)
{
  g_autofree char *size = g_format_size (bytes);
  /* Translators: %s is a size on disk, as "12.3 MB". */
  g_autofree char *subtitle = g_strdup_printf (_("%s, kept so the shop opens quickly and works offline"),
                                               size);

  adw_action_row_set_subtitle (self->cache_row, subtitle);
}

static void
measured_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  guint64 bytes;

  if (!bs_cache_measure_finish (BS_CACHE (source), result, &bytes, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  show_size (self, bytes);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *size = NULL;
  guint64 bytes;

  if (!bs_cache_measure_finish (BS_CACHE (source), result, &bytes, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.clear-cache", TRUE);
      show_toast (self, error->message);
      return;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.clear-cache", TRUE);
  size = g_format_size (bytes);
  /* Translators: a toast; %s is the size freed on disk, as "12.3 MB". */
  message = g_strdup_printf (_("Cleared %s"), size);
  show_toast (self, message);
  show_size (self, 0);
}

static void
clear_cache_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BsPreferencesWindow *self = BS_PREFERENCES_WINDOW (widget);

  gtk_widget_action_set_enabled (widget, "preferences.clear-cache", FALSE);
  bs_cache_measure_async (self->cache, TRUE, self->cancellable, cleared_cb, self);
}

static void
bs_preferences_window_dispose (GObject *object)
{
  BsPreferencesWindow *self = BS_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (bs_preferences_window_parent_class)->dispose (object);
}

static void
bs_preferences_window_class_init (BsPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bs_preferences_window_dispose;

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/gui/bs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, builtin_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, builtin_switch);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, BsPreferencesWindow, cache_row);
  gtk_widget_class_install_action (widget_class, "preferences.clear-cache", NULL, clear_cache_cb);
}

static void
bs_preferences_window_init (BsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* @builtin and @url (nullable): the shop in use; @fixed_by (nullable): why it cannot
 * be changed here. */
BsPreferencesWindow *
bs_preferences_window_new (GtkWindow  *parent,
                           GSettings  *settings,
                           gboolean    builtin,
                           const char *url,
                           const char *fixed_by,
                           BsCache    *cache)
{
  BsPreferencesWindow *self = g_object_new (BS_TYPE_PREFERENCES_WINDOW,
                                            "transient-for", parent,
                                            "destroy-with-parent", TRUE,
                                            NULL);
  g_autofree char *preferred = NULL;

  self->cache = g_object_ref (cache);
  if (settings != NULL && fixed_by == NULL)
    {
      self->settings = g_object_ref (settings);
      preferred = g_settings_get_string (settings, "server-url");
      gtk_switch_set_active (self->builtin_switch, builtin);
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : preferred);
      gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !builtin);
      g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (url_edited_cb), self);
      g_signal_connect_swapped (self->builtin_switch, "notify::active", G_CALLBACK (builtin_changed_cb), self);
      g_signal_connect_swapped (self->url_row, "apply", G_CALLBACK (url_applied_cb), self);
    }
  else
    {
      /* Fixed for this run, or an uninstalled build that keeps no settings. */
      gtk_switch_set_active (self->builtin_switch, builtin);
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->builtin_row),
                                   fixed_by != NULL ? fixed_by : _("This build keeps no settings"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->builtin_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), FALSE);
    }
  bs_cache_measure_async (cache, FALSE, self->cancellable, measured_cb, self);
  return self;
}
