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
  char *address;               /* (owned) (nullable): the server in use; NULL: the built-in shop */
  char *fixed_by;              /* (owned) (nullable): why the shop cannot be changed */
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
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->fixed_by, g_free);

  G_OBJECT_CLASS (bs_preferences_window_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_CACHE,
  PROP_ADDRESS,
  PROP_FIXED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BsPreferencesWindow *self = BS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_FIXED_BY:
      g_value_set_string (value, self->fixed_by);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BsPreferencesWindow *self = BS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;
    case PROP_FIXED_BY:
      self->fixed_by = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_preferences_window_constructed (GObject *object)
{
  BsPreferencesWindow *self = BS_PREFERENCES_WINDOW (object);
  gboolean builtin = self->address == NULL;

  G_OBJECT_CLASS (bs_preferences_window_parent_class)->constructed (object);

  gtk_switch_set_active (self->builtin_switch, builtin);
  if (self->settings != NULL && self->fixed_by == NULL)
    {
      g_autofree char *preferred = g_settings_get_string (self->settings, "server-url");

      gtk_editable_set_text (GTK_EDITABLE (self->url_row), !builtin ? self->address : preferred);
      gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !builtin);
      g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (url_edited_cb), self);
      g_signal_connect_swapped (self->builtin_switch, "notify::active", G_CALLBACK (builtin_changed_cb), self);
      g_signal_connect_swapped (self->url_row, "apply", G_CALLBACK (url_applied_cb), self);
    }
  else
    {
      /* Fixed for this run, or an uninstalled build that keeps no settings. */
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), !builtin ? self->address : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->builtin_row),
                                   self->fixed_by != NULL ? self->fixed_by
                                                          : _("This build keeps no settings"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->builtin_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), FALSE);
    }
  bs_cache_measure_async (self->cache, FALSE, self->cancellable, measured_cb, self);
}

static void
bs_preferences_window_class_init (BsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_preferences_window_dispose;
  object_class->get_property = bs_preferences_window_get_property;
  object_class->set_property = bs_preferences_window_set_property;
  object_class->constructed = bs_preferences_window_constructed;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, BS_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The server in use; NULL for the built-in shop. */
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Why the shop cannot be changed here (--server); NULL when it can. */
  properties[PROP_FIXED_BY] =
    g_param_spec_string ("fixed-by", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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

/* @url: (nullable): the server in use, NULL for the built-in shop; @fixed_by: (nullable):
 * why the shop cannot be changed here */
BsPreferencesWindow *
bs_preferences_window_new (GtkWindow  *parent,
                           GSettings  *settings,
                           const char *url,
                           const char *fixed_by,
                           BsCache    *cache)
{
  return g_object_new (BS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "settings", settings,
                       "cache", cache,
                       "address", url,
                       "fixed-by", fixed_by,
                       NULL);
}
