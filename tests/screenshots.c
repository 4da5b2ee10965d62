/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "bs-book-dialog.h"
#include "bs-cover-loader.h"
#include "bs-friends-window.h"
#include "bs-preferences-window.h"
#include "bs-sign-in-dialog.h"
#include "bs-test-render.h"
#include "bs-test-util.h"
#include "bs-window.h"

/* ./build-aux/dev screenshots: the real window on the demo shop, pictured page by page
 * into data/screenshots/ (run under Xvfb by the dev script). */

static void
time_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Lets animations and toasts run their course: the pictures show the window at rest. */
static void
settle (guint milliseconds)
{
  gboolean up = FALSE;

  g_timeout_add_once (milliseconds, time_up_cb, &up);
  while (!up)
    g_main_context_iteration (NULL, TRUE);
}

static void
picture (GtkWidget  *window,
         const char *directory,
         const char *name)
{
  g_autoptr(GdkTexture) texture = bs_test_render_widget (window);
  g_autofree char *path = g_strdup_printf ("%s/%s.png", directory, name);

  if (texture == NULL || !gdk_texture_save_to_png (texture, path))
    g_error ("Cannot write %s", path);
  g_print ("%s\n", path);
}

static gboolean
filled (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* Opens a window through @action (a book: b1) and takes its picture. */
static void
shoot_toplevel (BsWindow   *window,
                const char *action,
                GType       type,
                const char *directory,
                const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (g_str_equal (action, "win.show-book"))
    gtk_widget_activate_action (GTK_WIDGET (window), action, "s", "b1");
  else
    gtk_widget_activate_action (GTK_WIDGET (window), action, NULL);
  settle (2000);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        {
          picture (toplevel, directory, name);
          gtk_window_destroy (GTK_WINDOW (toplevel));
          return;
        }
    }
  g_error ("%s did not open a window", action);
}

int
main (int   argc,
      char *argv[])
{
  const char *directory = argc > 1 ? argv[1] : "data/screenshots";
  g_autoptr(BsTestServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(BsClient) client = NULL;
  g_autoptr(BsCache) cache = NULL;
  g_autoptr(BsTokenStore) tokens = NULL;
  g_autoptr(BsShop) shop = NULL;
  g_autoptr(BsCoverLoader) covers = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  BsWindow *window;
  const char *books[] = { "b3", "b13", "b5" };

  gtk_init ();
  adw_init ();
  /* GNOME's title buttons, as users see them (bare Xvfb adds minimize and maximize). */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  g_mkdir_with_parents (directory, 0755);

  server = bs_test_server_new (TRUE, 1);
  dir = bs_test_make_temp_dir ();
  client = bs_client_new (bs_server_get_url (server->server), NULL);
  cache = bs_cache_new (dir);
  tokens = bs_token_store_new (NULL);
  /* As the app's own shop, the one most users see. */
  shop = g_object_new (BS_TYPE_SHOP, "client", client, "cache", cache, "token-store", tokens,
                       "remembered-as", "built-in", NULL);
  covers = bs_cover_loader_new (bs_shop_get_cover_cache (shop));

  bs_shop_start_async (shop, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    bs_shop_start_finish (shop, result, &error);
  }
  bs_session_sign_in_async (bs_shop_get_session (shop), "john.d@macrometa.io", "bookstore-demo",
                            NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    bs_session_sign_in_finish (bs_shop_get_session (shop), result, &error);
  }
  g_assert_no_error (error);

  window = bs_window_new (NULL, shop, covers, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  bs_test_wait_until (filled, G_LIST_MODEL (bs_shop_get_catalog (shop)), 20);
  for (guint i = 0; i < G_N_ELEMENTS (books); i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.add-to-cart", "s", books[i]);
  /* Long enough for the "Added…" toasts to go. */
  settle (3 * 5500);

  picture (GTK_WIDGET (window), directory, "home");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "browse");
  settle (1500);
  picture (GTK_WIDGET (window), directory, "browse");
  shoot_toplevel (window, "win.show-book", BS_TYPE_BOOK_DIALOG, directory, "book");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "bestsellers");
  settle (1500);
  picture (GTK_WIDGET (window), directory, "bestsellers");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cart");
  settle (1500);
  picture (GTK_WIDGET (window), directory, "cart");
  shoot_toplevel (window, "win.checkout", ADW_TYPE_MESSAGE_DIALOG, directory, "checkout");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "orders");
  settle (1500);
  picture (GTK_WIDGET (window), directory, "orders");

  {
    GtkWidget *sign_in = GTK_WIDGET (bs_sign_in_dialog_new (GTK_WINDOW (window), shop));

    gtk_window_present (GTK_WINDOW (sign_in));
    settle (1500);
    picture (sign_in, directory, "sign-in");
    gtk_window_destroy (GTK_WINDOW (sign_in));
  }
  shoot_toplevel (window, "win.show-friends", BS_TYPE_FRIENDS_WINDOW, directory, "friends");
  shoot_toplevel (window, "win.show-preferences", BS_TYPE_PREFERENCES_WINDOW, directory, "preferences");

  /* The same shop in the dark style. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "home");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  settle (1500);
  picture (GTK_WIDGET (window), directory, "home-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* A phone-sized window of its own: a window shown once keeps its size. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = bs_window_new (NULL, shop, covers, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_present (GTK_WINDOW (window));
  settle (2500);
  picture (GTK_WIDGET (window), directory, "home-narrow");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "browse");
  settle (1500);
  picture (GTK_WIDGET (window), directory, "browse-narrow");

  bs_shop_stop (shop);
  gtk_window_destroy (GTK_WINDOW (window));
  bs_test_remove_dir (dir);
  return 0;
}
