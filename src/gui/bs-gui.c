/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-gui"

#include "config.h"

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
