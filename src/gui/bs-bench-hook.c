/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-bench-hook"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "bs-bench-hook.h"
#include "bs-cart-item.h"

/* For ./build-aux/dev bench startup and app. Times are g_get_monotonic_time(), the clock
 * a harness reads as CLOCK_MONOTONIC; once done, the app quits.
 *   BOOKSTORE_BENCH=window       "first-frame <µs>" once the window's first frame is
 *                                painted;
 *   BOOKSTORE_BENCH=covers       that, then "covers-frame <µs>" once a frame is painted
 *                                with the catalog in and covers shown, none still on its
 *                                way; then "books <n>" and "rss-kb <n>", the resident
 *                                memory (a window without a shop prints its memory at
 *                                its first frame);
 *   BOOKSTORE_BENCH=add-to-cart  once covers are shown and the cart is in, adds books
 *                                that are not in the cart one at a time through the
 *                                tiles' action, and prints "add-to-cart-ms <ms>" for each:
 *                                from the action to the painted frame that shows the
 *                                new cart line;
 *   BOOKSTORE_BENCH=scroll       once covers are shown, on Browse (a window without a
 *                                shop: its first grid), scrolls the grid from top to end
 *                                evenly through SCROLL_FRAMES frames, and prints
 *                                "longest-frame-ms <ms>", the longest time between two
 *                                painted frames meanwhile, and "frames <n>". */

#define ADDS 30
#define SCROLL_FRAMES 600

typedef enum
{
  MODE_WINDOW,
  MODE_COVERS,
  MODE_ADD_TO_CART,
  MODE_SCROLL,
} Mode;

typedef struct
{
  Mode mode;
  GtkWindow *window;        /* (unowned) */
  BsShop *shop;             /* (owned) (nullable) */
  BsCoverLoader *covers;    /* (owned) (nullable) */
  gboolean first_painted;
  gboolean ready;           /* covers shown */
  /* add-to-cart */
  guint adds;
  guint next_book;
  gint64 added_at;          /* 0: no add under way */
  gboolean cart_changed;
  guint next_add_id;
  /* scroll */
  GtkScrolledWindow *scrolled; /* (unowned) (nullable) */
  guint scroll_frames;
  gint64 last_paint;
  gint64 longest_gap;
} Watch;

static void
watch_free (gpointer  data,
            GClosure *closure)
{
  Watch *watch = data;

  g_clear_handle_id (&watch->next_add_id, g_source_remove);
  if (watch->shop != NULL)
    g_signal_handlers_disconnect_by_data (bs_shop_get_cart (watch->shop), watch);
  g_clear_object (&watch->shop);
  g_clear_object (&watch->covers);
  g_free (watch);
}

static long
resident_kb (void)
{
  g_autofree char *statm = NULL;
  long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%ld %ld", &size, &resident) != 2)
    return -1;
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static void
finish (Watch *watch)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (watch->window));

  if (application != NULL)
    g_application_quit (application);
}

static gboolean
covers_shown (Watch *watch)
{
  return watch->shop == NULL ||
         (bs_cover_loader_shows_every_cover (watch->covers) &&
          g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (watch->shop))) > 0);
}

static gboolean
in_cart (Watch      *watch,
         const char *book_id)
{
  GListModel *cart = G_LIST_MODEL (bs_shop_get_cart (watch->shop));

  for (guint i = 0; i < g_list_model_get_n_items (cart); i++)
    {
      g_autoptr(BsCartItem) item = g_list_model_get_item (cart, i);

      if (g_strcmp0 (bs_book_get_book_id (bs_cart_item_get_book (item)), book_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
add_next_cb (gpointer data)
{
  Watch *watch = data;
  GListModel *catalog = G_LIST_MODEL (bs_shop_get_catalog (watch->shop));

  watch->next_add_id = 0;

  for (; watch->next_book < g_list_model_get_n_items (catalog); watch->next_book++)
    {
      g_autoptr(BsBook) book = g_list_model_get_item (catalog, watch->next_book);

      if (!in_cart (watch, bs_book_get_book_id (book)))
        {
          watch->next_book++;
          watch->cart_changed = FALSE;
          watch->added_at = g_get_monotonic_time ();
          gtk_widget_activate_action (GTK_WIDGET (watch->window), "win.add-to-cart", "s",
                                      bs_book_get_book_id (book));
          return G_SOURCE_REMOVE;
        }
    }
  finish (watch);
  return G_SOURCE_REMOVE;
}

static void
cart_changed_cb (GListModel *cart,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Watch      *watch)
{
  if (added > removed)
    watch->cart_changed = TRUE;
}

static void
painted_while_adding (Watch *watch,
                      gint64 now)
{
  if (watch->added_at == 0)
    {
      if (watch->adds > 0)
        return;
      if (!bs_shop_is_signed_in (watch->shop) || !bs_shop_get_cart_loaded (watch->shop))
        {
          /* Frames go on while the cart comes. */
          gtk_widget_queue_draw (GTK_WIDGET (watch->window));
          return;
        }
      g_signal_connect (bs_shop_get_cart (watch->shop), "items-changed", G_CALLBACK (cart_changed_cb), watch);
      watch->adds = 1;
      add_next_cb (watch);
      return;
    }
  if (!watch->cart_changed)
    return;
  g_print ("add-to-cart-ms %.3f\n", (now - watch->added_at) / 1000.0);
  watch->added_at = 0;
  if (watch->adds++ == ADDS)
    {
      finish (watch);
      return;
    }
  /* The toast of this one comes and settles before the next. */
  watch->next_add_id = g_timeout_add (200, add_next_cb, watch);
}

static GtkScrolledWindow *
find_grid_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget) &&
      GTK_IS_GRID_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget))))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_grid_scroller (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
painted_while_scrolling (Watch *watch,
                         gint64 now)
{
  GtkAdjustment *adjustment;
  double before;
  double left;

  if (watch->scrolled == NULL)
    {
      watch->scrolled = find_grid_scroller (GTK_WIDGET (watch->window));
      if (watch->scrolled == NULL)
        {
          if (watch->shop != NULL)
            gtk_widget_activate_action (GTK_WIDGET (watch->window), "win.show-page", "s", "browse");
          gtk_widget_queue_draw (GTK_WIDGET (watch->window));
          return;
        }
    }
  if (watch->last_paint != 0)
    watch->longest_gap = MAX (watch->longest_gap, now - watch->last_paint);
  watch->last_paint = now;
  if (watch->scroll_frames++ == SCROLL_FRAMES)
    {
      g_print ("longest-frame-ms %.3f\nframes %u\n", watch->longest_gap / 1000.0, SCROLL_FRAMES);
      finish (watch);
      return;
    }
  /* Evenly to the end in the frames left: the grid's height is an estimate until seen. */
  adjustment = gtk_scrolled_window_get_vadjustment (watch->scrolled);
  left = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) -
         gtk_adjustment_get_value (adjustment);
  before = gtk_adjustment_get_value (adjustment);
  gtk_adjustment_set_value (adjustment, before + MAX (1.0, left / (SCROLL_FRAMES + 1 - watch->scroll_frames)));
  /* At the end (or a grid that fits), frames still go on to the count. */
  if (gtk_adjustment_get_value (adjustment) == before)
    gtk_widget_queue_draw (GTK_WIDGET (watch->window));
}

static void
painted_cb (GdkFrameClock *clock,
            Watch         *watch)
{
  gint64 now = g_get_monotonic_time ();

  if (!watch->first_painted)
    {
      watch->first_painted = TRUE;
      g_print ("first-frame %" G_GINT64_FORMAT "\n", now);
      if (watch->mode == MODE_WINDOW)
        {
          finish (watch);
          return;
        }
    }
  if (!watch->ready)
    {
      if (!covers_shown (watch))
        return;
      watch->ready = TRUE;
      if (watch->mode == MODE_COVERS)
        {
          if (watch->shop != NULL)
            g_print ("covers-frame %" G_GINT64_FORMAT "\nbooks %u\n", now,
                     g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (watch->shop))));
          g_print ("rss-kb %ld\n", resident_kb ());
          finish (watch);
          return;
        }
    }
  if (watch->mode == MODE_ADD_TO_CART)
    painted_while_adding (watch, now);
  else if (watch->mode == MODE_SCROLL)
    painted_while_scrolling (watch, now);
}

static void
mapped_cb (GtkWidget *window,
           Watch     *watch)
{
  g_signal_handlers_disconnect_by_func (window, mapped_cb, watch);
  g_signal_connect_data (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (painted_cb),
                         watch, watch_free, 0);
}

/* @shop: (nullable): the shop the window shows
 * @covers: (nullable): where its covers come from; given with @shop */
void
bs_bench_hook_watch (GtkWindow     *window,
                     BsShop        *shop,
                     BsCoverLoader *covers)
{
  const char * const modes[] = { "window", "covers", "add-to-cart", "scroll" };
  const char *mode = g_getenv ("BOOKSTORE_BENCH");
  Watch *watch;

  g_return_if_fail ((shop == NULL) == (covers == NULL));

  for (guint i = 0; mode != NULL && i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (mode, modes[i]))
      {
        if (shop == NULL && i == MODE_ADD_TO_CART)
          return;
        watch = g_new0 (Watch, 1);
        watch->mode = (Mode) i;
        watch->window = window;
        watch->shop = shop != NULL ? g_object_ref (shop) : NULL;
        watch->covers = covers != NULL ? g_object_ref (covers) : NULL;
        g_signal_connect (window, "map", G_CALLBACK (mapped_cb), watch);
        return;
      }
}
