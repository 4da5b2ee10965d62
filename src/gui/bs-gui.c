/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-gui"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include "bs-gui-resources.h"
#include "bs-gui.h"

/* The widgets' templates, registered once by whichever widget class needs them first
 * (a constructor in a static library could be dropped by the linker). */
void
bs_gui_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      bs_gui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

/* The app's few style rules, once for the display. Not style.css: AdwApplication would
 * load that a second time, and the tests' windows have no AdwApplication. */
void
bs_gui_ensure_style (void)
{
  static gboolean added = FALSE;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (added || gdk_display_get_default () == NULL)
    return;
  bs_gui_ensure_resources ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/gui/bookstore.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  added = TRUE;
}

/* The app's settings, or NULL for an uninstalled build that has no schema (where
 * g_settings_new() would abort). */
GSettings *
bs_gui_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* GTK 4.8 leaves a spin button's − and + without names; a screen reader would say
 * only "button". */
void
bs_gui_name_spin_buttons (GtkSpinButton *spin)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (spin)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *icon = GTK_IS_BUTTON (child) ? gtk_button_get_icon_name (GTK_BUTTON (child)) : NULL;

      if (g_strcmp0 (icon, "value-decrease-symbolic") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Fewer Copies"), -1);
      else if (g_strcmp0 (icon, "value-increase-symbolic") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("More Copies"), -1);
    }
}

/* GTK 4.8's drop-down takes its name, but the button inside it that takes focus has
 * none and is read by its type's name. */
void
bs_gui_name_drop_down_button (GtkDropDown *drop_down,
                              const char  *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* GTK 4.8 names a button with a mnemonic by its raw label, and then reads its text too
 * ("_See All See All"). Without that name, the text alone names it, once. */
void
bs_gui_name_mnemonic_buttons (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_button_get_use_underline (GTK_BUTTON (child)) &&
          gtk_button_get_label (GTK_BUTTON (child)) != NULL)
        gtk_accessible_reset_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL);
      bs_gui_name_mnemonic_buttons (child);
    }
}

/* A spinner that flashes for a quick load is noise: each spinner below @root spins only
 * once it has been on screen for a moment, and stops when it leaves it. */
#define SPINNER_DELAY_MS 500
#define SPINNER_DELAY_KEY "bs-spinner-delay"

static void
spin_cb (gpointer spinner)
{
  g_object_steal_data (spinner, SPINNER_DELAY_KEY);
  gtk_spinner_start (spinner);
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
spinner_mapped_cb (GtkSpinner *spinner)
{
  guint id = g_timeout_add_once (SPINNER_DELAY_MS, spin_cb, spinner);

  g_object_set_data_full (G_OBJECT (spinner), SPINNER_DELAY_KEY, GUINT_TO_POINTER (id), remove_source);
}

static void
spinner_unmapped_cb (GtkSpinner *spinner)
{
  g_object_set_data (G_OBJECT (spinner), SPINNER_DELAY_KEY, NULL);
  gtk_spinner_stop (spinner);
}

void
bs_gui_delay_spinners (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SPINNER (child))
        {
          gtk_spinner_stop (GTK_SPINNER (child));
          g_signal_connect (child, "map", G_CALLBACK (spinner_mapped_cb), NULL);
          g_signal_connect (child, "unmap", G_CALLBACK (spinner_unmapped_cb), NULL);
        }
      bs_gui_delay_spinners (child);
    }
}

/* Whether the desktop shows times on a 12-hour clock (GNOME's clock-format setting; where
 * there is no GNOME desktop schema, the 24-hour clock). */
static gboolean
clock_is_12h (void)
{
  static GSettings *interface = NULL;
  static gsize looked = 0;
  g_autofree char *format = NULL;

  if (g_once_init_enter (&looked))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = source != NULL
        ? g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE)
        : NULL;

      if (schema != NULL && g_settings_schema_has_key (schema, "clock-format"))
        interface = g_settings_new ("org.gnome.desktop.interface");
      g_once_init_leave (&looked, 1);
    }
  if (interface == NULL)
    return FALSE;
  format = g_settings_get_string (interface, "clock-format");
  return g_str_equal (format, "12h");
}

/* A date and time as the user reads them: the locale's date, the desktop's clock. */
char *
bs_gui_format_date_time (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date_time);

  if (clock_is_12h ())
    /* Translators: when an order was placed, on a 12-hour clock: the locale's date
     * (%x), then the hour, minutes and AM or PM; see the strftime manual page. */
    return g_date_time_format (local, _("%x %-l:%M %p"));
  /* Translators: when an order was placed, on a 24-hour clock: the locale's date (%x),
   * then the hour and minutes; see the strftime manual page. */
  return g_date_time_format (local, _("%x %H:%M"));
}
