/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "bs-bench-hook.h"

/* The yardstick of ./build-aux/dev bench app's scrolling: Browse's grid, 10,084 tiles
 * of the same size, of plain labels (no cover, no button), scrolled by the same hook
 * as the app (BOOKSTORE_BENCH=scroll). */

#define TILES 10084

static const char tile_template[] =
  "<interface><template class='GtkListItem'><property name='child'>"
  "<object class='GtkBox'><property name='orientation'>vertical</property>"
  "<property name='spacing'>6</property><property name='margin-top'>6</property>"
  "<property name='margin-bottom'>6</property><property name='margin-start'>6</property>"
  "<property name='margin-end'>6</property><property name='width-request'>168</property>"
  "<child><object class='GtkBox'><property name='width-request'>156</property>"
  "<property name='height-request'>234</property></object></child>"
  "<child><object class='GtkLabel'><property name='xalign'>0</property>"
  "<property name='wrap'>true</property><property name='lines'>2</property>"
  "<property name='ellipsize'>end</property><property name='max-width-chars'>18</property>"
  "<binding name='label'><lookup name='string' type='GtkStringObject'>"
  "<lookup name='item'>GtkListItem</lookup></lookup></binding></object></child>"
  "<child><object class='GtkLabel'><property name='xalign'>0</property>"
  "<property name='label'>An Author</property></object></child>"
  "<child><object class='GtkLabel'><property name='xalign'>0</property>"
  "<property name='label'>$12.34</property></object></child>"
  "</object></property></template></interface>";

static void
activate_cb (GtkApplication *application)
{
  GtkWidget *window = adw_application_window_new (application);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr(GBytes) template = g_bytes_new_static (tile_template, sizeof tile_template - 1);
  GtkStringList *titles = gtk_string_list_new (NULL);
  GtkWidget *grid;

  for (guint i = 1; i <= TILES; i++)
    {
      g_autofree char *title = g_strdup_printf ("Plain Title Number %u", i);

      gtk_string_list_append (titles, title);
    }
  grid = gtk_grid_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (titles))),
                            gtk_builder_list_item_factory_new_from_bytes (NULL, template));
  gtk_grid_view_set_max_columns (GTK_GRID_VIEW (grid), 8);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  bs_bench_hook_watch (GTK_WINDOW (window), NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = adw_application_new ("io.github.bookstore.LabelGrid",
                                                                G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
