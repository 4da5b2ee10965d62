/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-bench-hook"

#include "config.h"

#include "bs-bench-hook.h"

/* For ./build-aux/dev bench startup: with BOOKSTORE_BENCH=window the app prints
 * "first-frame <µs>" (g_get_monotonic_time(), the clock a harness reads as
 * CLOCK_MONOTONIC) once its window's first frame is painted, and quits. */

static void
painted_cb (GdkFrameClock *clock,
            GtkWindow     *window)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (window));

  g_signal_handlers_disconnect_by_func (clock, painted_cb, window);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  if (application != NULL)
    g_application_quit (application);
}

static void
mapped_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, mapped_cb, NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), window);
}

void
bs_bench_hook_watch (GtkWindow *window)
{
  if (g_strcmp0 (g_getenv ("BOOKSTORE_BENCH"), "window") != 0)
    return;
  g_signal_connect (window, "map", G_CALLBACK (mapped_cb), NULL);
}
