/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-latency-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"
#include "bs-latency-window.h"

/* The seed's "View Latency Stats": the client's recent calls to the shop, newest first,
 * with the median and the slow tail, kept up to date as calls finish. */

struct _BsLatencyWindow
{
  AdwWindow parent_instance;

  BsCallLog *log;  /* (owned) */

  GtkLabel *summary_label;
  GtkListView *calls_list;
};

G_DEFINE_FINAL_TYPE (BsLatencyWindow, bs_latency_window, ADW_TYPE_WINDOW)

static void
update_summary (BsLatencyWindow *self)
{
  g_autofree char *summary = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));

  if (n == 0)
    summary = g_strdup (_("No calls yet"));
  else
    /* Translators: the latency percentiles of the recent calls to the shop (keep p50, p90, p99
       and ms), then how many calls. */
    summary = g_strdup_printf (ngettext ("p50 %.1f ms · p90 %.1f ms · p99 %.1f ms over %u call",
                                         "p50 %.1f ms · p90 %.1f ms · p99 %.1f ms over %u calls", n),
                               bs_call_log_percentile (self->log, 50),
                               bs_call_log_percentile (self->log, 90),
                               bs_call_log_percentile (self->log, 99), n);
  gtk_label_set_label (self->summary_label, summary);
}

static void
call_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  BsCall *call = gtk_list_item_get_item (item);
  g_autoptr(GDateTime) local = g_date_time_to_local (bs_call_get_time (call));
  g_autofree char *time = g_date_time_format (local, "%H:%M:%S");
  /* Translators: one call to the shop: its time, HTTP method, path, status code and duration.
     */
  g_autofree char *text = g_strdup_printf (_("%s  %s %s  →  %u  in %.1f ms"), time,
                                           bs_call_get_method (call), bs_call_get_path (call),
                                           bs_call_get_status (call), bs_call_get_duration (call));
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_item_set_child (item, label);
}

static void
bs_latency_window_dispose (GObject *object)
{
  BsLatencyWindow *self = BS_LATENCY_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_LATENCY_WINDOW);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (bs_latency_window_parent_class)->dispose (object);
}

static void
bs_latency_window_class_init (BsLatencyWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bs_latency_window_dispose;

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/gui/bs-latency-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsLatencyWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BsLatencyWindow, calls_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_latency_window_init (BsLatencyWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BsLatencyWindow *
bs_latency_window_new (GtkWindow *parent,
                       BsCallLog *log)
{
  BsLatencyWindow *self = g_object_new (BS_TYPE_LATENCY_WINDOW,
                                        "transient-for", parent,
                                        "destroy-with-parent", TRUE,
                                        NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) calls = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (log))));

  self->log = g_object_ref (log);
  g_signal_connect (factory, "bind", G_CALLBACK (call_bind_cb), NULL);
  gtk_list_view_set_factory (self->calls_list, factory);
  gtk_list_view_set_model (self->calls_list, calls);
  g_signal_connect_object (log, "items-changed", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
  update_summary (self);
  return self;
}
