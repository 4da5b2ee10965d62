/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "bs-application.h"
#include "bs-book-dialog.h"
#include "bs-preferences-window.h"
#include "bs-server.h"
#include "bs-test-util.h"
#include "bs-window.h"

/* The whole app as a user starts it: the built-in shop with its local account signed in,
 * then Preferences pointing it at another server, and back. Its data, cache and settings
 * live in a temp folder of this run. */

static BsTestServer *remote;
static GSettings *settings;
static char *builtin_id;
static GWeakRef first_window;   /* GtkWindow: a pointer alone could be reused */

typedef struct
{
  gboolean (*done) (BsApplication *app);
  BsApplication *app;
} AppCondition;

static gboolean
app_condition_met (gpointer data)
{
  AppCondition *condition = data;

  return condition->done (condition->app);
}

static void
wait_until (gboolean (*done) (BsApplication *app),
            BsApplication *app)
{
  AppCondition condition = { done, app };

  bs_test_wait_until (app_condition_met, &condition, 30);
}

/* Whether a label on screen (mapped) below @root says @text. */
static gboolean
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
         g_str_equal (gtk_label_get_label (GTK_LABEL (child)), text)) ||
        find_label (child, text))
      return TRUE;
  return FALSE;
}

/* Once @done holds, the app closes its window and quits: the process goes on to the next
 * test, and no window of this app may outlive it. */
static void
quit_when (gboolean (*done) (BsApplication *app),
           BsApplication *app)
{
  wait_until (done, app);
  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_application_quit (G_APPLICATION (app));
}

static gboolean
catalog_shown (BsApplication *app)
{
  BsShop *shop = bs_application_get_shop (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return shop != NULL && BS_IS_WINDOW (window) &&
         g_list_model_get_n_items (bs_window_get_shown_books (BS_WINDOW (window))) == 84;
}

static gboolean
signed_in (BsApplication *app)
{
  BsSession *session = bs_shop_get_session (bs_application_get_shop (app));

  return session != NULL && bs_session_is_signed_in (session);
}

static gboolean
builtin_signed_in (BsApplication *app)
{
  return catalog_shown (app) && signed_in (app) && bs_shop_get_server_id (bs_application_get_shop (app)) != NULL;
}

static gboolean
on_remote (BsApplication *app)
{
  g_autoptr(GtkWindow) old = g_weak_ref_get (&first_window);

  return old == NULL && catalog_shown (app) &&
         g_strcmp0 (bs_shop_get_server_id (bs_application_get_shop (app)),
                    bs_server_get_server_id (remote->server)) == 0;
}

static gboolean
back_on_builtin (BsApplication *app)
{
  return builtin_signed_in (app) &&
         g_strcmp0 (bs_shop_get_server_id (bs_application_get_shop (app)), builtin_id) == 0;
}

static void
drive_cb (gpointer user_data)
{
  BsApplication *app = user_data;

  /* First run: the demo shop in this process, its local account signed in. */
  wait_until (builtin_signed_in, app);
  builtin_id = g_strdup (bs_shop_get_server_id (bs_application_get_shop (app)));
  g_assert_cmpstr (builtin_id, !=, bs_server_get_server_id (remote->server));
  g_weak_ref_set (&first_window, gtk_application_get_active_window (GTK_APPLICATION (app)));
  /* GtkApplication found the shortcuts window in the resources (Ctrl+?). */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (gtk_application_get_active_window (GTK_APPLICATION (app))),
                                            "show-help-overlay"));

  /* Preferences name a server: a new window on its shop, signed out there. */
  g_settings_set_string (settings, "server-url", bs_server_get_url (remote->server));
  wait_until (on_remote, app);
  g_assert_false (signed_in (app));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  /* And back: the same built-in shop, signed in again. */
  g_settings_set_string (settings, "server-url", "");
  wait_until (back_on_builtin, app);
  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));

  g_application_quit (G_APPLICATION (app));
}

static void
activated_cb (BsApplication *app,
              GSourceOnceFunc drive)
{
  /* Once: switching shops activates the app again. */
  if (g_object_get_data (G_OBJECT (app), "driving") == NULL)
    {
      g_object_set_data (G_OBJECT (app), "driving", GINT_TO_POINTER (TRUE));
      g_idle_add_once (drive, app);
    }
}

static gboolean
cannot_start_said (BsApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return window != NULL && !BS_IS_WINDOW (window) && bs_application_get_shop (app) == NULL &&
         find_label (GTK_WIDGET (window), "Bookstore Cannot Start Its Shop");
}

static void
cannot_start_cb (gpointer user_data)
{
  BsApplication *app = user_data;

  quit_when (cannot_start_said, app);
}

/* The built-in shop's database is held by another server: the app says so in a window. */
static void
test_cannot_start (void)
{
  g_autoptr(BsApplication) app = bs_application_new ();
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), APPLICATION_ID, NULL);
  g_autofree char *db_path = g_build_filename (dir, "bookstore.db", NULL);
  g_autoptr(BsServer) holder = NULL;
  g_autoptr(GError) error = NULL;
  char *argv[] = { (char *) "bookstore", NULL };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  holder = bs_server_new (&(BsServerConfig) { .db_path = db_path, .port = 0, .n_threads = 1 });
  g_assert_true (bs_server_open (holder, &error));
  g_assert_no_error (error);

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), cannot_start_cb);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  bs_server_stop (holder);
}

/* What the app's window showed when it was presented. */
static gboolean window_presented;
static gboolean presented_while_starting;
static sqlite3 *blocker;

/* Locks the built-in shop's database (in the test's data folder) until the test lets go
 * of @blocker: the shop waits for it, then gives up. */
static void
hold_builtin_database (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), APPLICATION_ID, NULL);
  g_autofree char *db_path = g_build_filename (dir, "bookstore.db", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (db_path, &blocker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (blocker, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
}


static void
window_visible_cb (GtkWidget     *window,
                   GParamSpec    *pspec,
                   BsApplication *app)
{
  BsShop *shop = bs_application_get_shop (app);

  if (!gtk_widget_get_visible (window) || window_presented)
    return;
  window_presented = TRUE;
  presented_while_starting = BS_IS_WINDOW (window) && shop != NULL && bs_shop_is_starting (shop) &&
                             g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (shop))) == 0;
  /* Let go at once: the shop waits for its database only so long. */
  g_assert_cmpint (sqlite3_exec (blocker, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  g_signal_connect (window, "notify::visible", G_CALLBACK (window_visible_cb), app);
}

static gboolean is_window_presented (BsApplication *app) { return window_presented; }

static void
first_window_cb (gpointer user_data)
{
  BsApplication *app = user_data;

  /* The built-in shop waited for its database, which this test held until then: the
   * window was presented all the same, in its loading state. */
  wait_until (is_window_presented, app);
  g_assert_true (presented_while_starting);

  /* The shop comes up in the window already there. */
  quit_when (builtin_signed_in, app);
}

/* The window comes first: it is presented before the built-in shop has started. */
static void
test_window_before_shop (void)
{
  g_autoptr(BsApplication) app = bs_application_new ();
  char *argv[] = { (char *) "bookstore", NULL };

  hold_builtin_database ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), first_window_cb);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  sqlite3_close (blocker);
}

/* A built-in shop seen before shows its saved books once the window is drawn, while its
 * server still waits for its database. */
static gboolean
catalog_kept (BsApplication *app)
{
  BsShop *shop = bs_application_get_shop (app);
  g_autofree char *dir = NULL;
  g_autofree char *snapshot = NULL;

  if (!builtin_signed_in (app))
    return FALSE;
  dir = bs_cache_get_server_dir (bs_shop_get_cache (shop), bs_shop_get_server_id (shop));
  snapshot = g_build_filename (dir, "catalog.snapshot", NULL);
  return g_file_test (snapshot, G_FILE_TEST_EXISTS);
}

static void
seen_before_cb (gpointer user_data)
{
  BsApplication *app = user_data;

  quit_when (catalog_kept, app);
}

/* Home's category buttons come with the catalog: the demo's twelve fairy tales. */
static gboolean
home_shows_saved_categories (BsApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return BS_IS_WINDOW (window) && find_label (GTK_WIDGET (window), "Fairy Tales") &&
         find_label (GTK_WIDGET (window), "12 books");
}

static void
saved_while_held_cb (gpointer user_data)
{
  BsApplication *app = user_data;

  wait_until (home_shows_saved_categories, app);
  g_assert_true (bs_shop_is_starting (bs_application_get_shop (app)));
  g_assert_cmpint (sqlite3_exec (blocker, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  quit_when (builtin_signed_in, app);
}

/* Not run under the sanitizers (see main). */
static void G_GNUC_UNUSED
test_saved_books_while_database_held (void)
{
  g_autoptr(BsApplication) first = bs_application_new ();
  g_autoptr(BsApplication) again = bs_application_new ();
  char *argv[] = { (char *) "bookstore", NULL };

  g_application_set_flags (G_APPLICATION (first), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (first, "activate", G_CALLBACK (activated_cb), seen_before_cb);
  g_assert_cmpint (g_application_run (G_APPLICATION (first), 1, argv), ==, 0);
  /* Its built-in server lets go of the database with it. */
  g_clear_object (&first);

  hold_builtin_database ();
  g_application_set_flags (G_APPLICATION (again), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (again, "activate", G_CALLBACK (activated_cb), saved_while_held_cb);
  g_assert_cmpint (g_application_run (G_APPLICATION (again), 1, argv), ==, 0);
  sqlite3_close (blocker);
}

#ifdef BS_SANITIZED
static void
skip_when_sanitized (void)
{
  g_test_skip ("timed against the server's database wait, which the sanitizers outrun");
}
#endif

/* Quitting while the built-in shop is still starting. */
static gboolean quit_asked;
static guint windows_after_quit;

static void
quit_at_once_cb (gpointer user_data)
{
  BsApplication *app = user_data;

  /* The shop's database wait has not failed yet: its window is still there. */
  g_assert_nonnull (bs_application_get_shop (app));
  g_assert_true (bs_shop_is_starting (bs_application_get_shop (app)));
  quit_asked = TRUE;
  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_application_quit (G_APPLICATION (app));
}

static void
window_shown_cb (GtkWidget      *window,
                 GParamSpec     *pspec,
                 GtkApplication *app)
{
  if (gtk_widget_get_visible (window) && !quit_asked && !window_presented)
    {
      window_presented = TRUE;
      /* Not an idle: drawing the loading state would put it off. */
      g_timeout_add_once (0, quit_at_once_cb, app);
    }
}

static void
watch_windows_cb (GtkApplication *app,
                  GtkWindow      *window)
{
  if (quit_asked)
    windows_after_quit++;
  g_signal_connect (window, "notify::visible", G_CALLBACK (window_shown_cb), app);
}

/* Quit as soon as the window shows, while the built-in shop waits for its database,
 * held here until that wait fails: the app ends as asked, and no window comes up after
 * quitting to say the shop could not start. */
static void
test_quit_while_starting (void)
{
  g_autoptr(BsApplication) app = bs_application_new ();
  char *argv[] = { (char *) "bookstore", NULL };

  hold_builtin_database ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (watch_windows_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_assert_true (quit_asked);
  g_assert_cmpuint (windows_after_quit, ==, 0);
  sqlite3_close (blocker);
}

static void
test_switch_servers (void)
{
  g_autoptr(BsApplication) app = bs_application_new ();
  char *argv[] = { (char *) "bookstore", NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), drive_cb);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_assert_nonnull (builtin_id);
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type)
                           ? child
                           : find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
preferences_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (BS_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Preferences says the shop was chosen with --server, shows its address, and lets
 * nothing change it. */
static gboolean
fixed_shop_shown (BsApplication *app)
{
  GtkWindow *preferences = preferences_window ();
  GtkWidget *url_row;

  if (preferences == NULL ||
      !find_label (GTK_WIDGET (preferences), "Chosen with --server for this window"))
    return FALSE;
  url_row = find_widget_of_type (GTK_WIDGET (preferences), ADW_TYPE_ENTRY_ROW);
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (url_row)),
                    bs_server_get_url (remote->server)) == 0 &&
         !gtk_widget_get_sensitive (url_row) &&
         !gtk_widget_get_sensitive (find_widget_of_type (GTK_WIDGET (preferences),
                                                         GTK_TYPE_SWITCH));
}

static void
fixed_shop_cb (gpointer user_data)
{
  BsApplication *app = user_data;
  GtkWindow *window;

  wait_until (catalog_shown, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-preferences", NULL);
  wait_until (fixed_shop_shown, app);
  gtk_window_destroy (preferences_window ());
  quit_when (catalog_shown, app);
}

static void
test_server_fixed_in_preferences (void)
{
  g_autoptr(BsApplication) app = bs_application_new ();
  char *argv[] = { (char *) "bookstore", (char *) "--server", NULL, NULL };

  argv[2] = (char *) bs_server_get_url (remote->server);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), fixed_shop_cb);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

/* Each case is a process of its own, as each run of the app is. */
static void
in_own_process (gconstpointer data)
{
  GTestFunc test = (GTestFunc) data;

  if (g_test_subprocess ())
    {
      bs_test_print_stack_on_crash ();
      remote = bs_test_server_new (TRUE, 1);
      settings = g_settings_new (SETTINGS_SCHEMA_ID);
      test ();
      g_clear_object (&settings);
      g_clear_pointer (&builtin_id, g_free);
      bs_test_server_free (remote);
      return;
    }
  /* A case that hangs is stopped, and a failed case is reported and the next one runs. */
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_set_nonfatal_assertions ();
  g_test_trap_assert_passed ();
}

/* In German, the header calls the built-in shop's own account "Sie", not its stored
 * English name. */
static gboolean
own_account_named_in_german (BsApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return builtin_signed_in (app) && find_label (GTK_WIDGET (window), "Sie") &&
         !find_label (GTK_WIDGET (window), "You");
}

static void
in_german_cb (gpointer user_data)
{
  BsApplication *app = user_data;

  quit_when (own_account_named_in_german, app);
}

static void
test_own_account_in_german (void)
{
  g_autoptr(BsApplication) app = NULL;
  char *argv[] = { (char *) "bookstore", NULL };

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("locale de_DE.UTF-8 is missing");
      return;
    }
  app = bs_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), in_german_cb);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
}

static void
service_started_cb (BsApplication   *app,
                    GSourceOnceFunc  drive)
{
  g_idle_add_once (drive, app);
}

/* A book chosen in the Activities overview: the Shell calls ActivateResult on the app
 * over the session bus, and the app comes up showing that book — one its shop still has
 * to load at that moment. */
static gboolean
book_dialog_shows (BsApplication *app)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (BS_IS_BOOK_DIALOG (window) &&
          find_label (window, "Modern Comfort Food: A Barefoot Contessa Cookbook"))
        return TRUE;
    }
  return FALSE;
}

static void
activated_over_bus_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Calls @method of the search provider from a connection of its own, as the Shell does,
 * and waits for the answer. */
static void
call_as_shell (BsApplication *app,
               const char    *method,
               GVariant      *parameters)
{
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusConnection) shell = NULL;
  g_autofree char *path = g_strconcat (g_application_get_dbus_object_path (G_APPLICATION (app)),
                                       "/SearchProvider", NULL);
  gboolean answered = FALSE;

  shell = g_dbus_connection_new_for_address_sync (address,
                                                  G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                  NULL, NULL, NULL);
  g_assert_nonnull (shell);
  g_dbus_connection_call (shell, APPLICATION_ID, path, "org.gnome.Shell.SearchProvider2", method,
                          parameters, NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL,
                          activated_over_bus_cb, &answered);
  while (!answered)
    g_main_context_iteration (NULL, TRUE);
}

static void
shell_activates_cb (gpointer user_data)
{
  BsApplication *app = user_data;
  const char *terms[] = { "comfort", NULL };

  call_as_shell (app, "ActivateResult", g_variant_new ("(s^asu)", "b1", terms, 0));
  wait_until (book_dialog_shows, app);
  g_application_quit (G_APPLICATION (app));
}

/* "Search in the app" from the overview: the app's search opens with the same words. */
static gboolean
editable_says (GtkWidget  *root,
               const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_EDITABLE (child) && gtk_widget_get_mapped (child) &&
         g_str_equal (gtk_editable_get_text (GTK_EDITABLE (child)), text)) ||
        editable_says (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
search_shows_words (BsApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return BS_IS_WINDOW (window) && editable_says (GTK_WIDGET (window), "barefoot contessa");
}

static void
shell_launches_search_cb (gpointer user_data)
{
  BsApplication *app = user_data;
  const char *terms[] = { "barefoot", "contessa", NULL };

  call_as_shell (app, "LaunchSearch", g_variant_new ("(^asu)", terms, 0));
  wait_until (search_shows_words, app);
  g_application_quit (G_APPLICATION (app));
}

/* No window until the Shell asks: the app runs as D-Bus starts it. */
static void
run_as_service (GSourceOnceFunc drive)
{
  g_autoptr(BsApplication) app = bs_application_new ();
  char *argv[] = { (char *) "bookstore", NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_IS_SERVICE);
  g_application_hold (G_APPLICATION (app));
  g_signal_connect (app, "startup", G_CALLBACK (service_started_cb), drive);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
}

static void
test_search_result_opens_book (void)
{
  run_as_service (shell_activates_cb);
}

static void
test_search_launched_in_app (void)
{
  run_as_service (shell_launches_search_cb);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = bs_test_make_temp_dir ();
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_unsetenv ("BOOKSTORE_CACHE_DIR");
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  bs_test_use_translations ();
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/app/own-account-in-german", (gconstpointer) test_own_account_in_german,
                        in_own_process);
  g_test_add_data_func ("/app/search-result-opens-book",
                        (gconstpointer) test_search_result_opens_book, in_own_process);
  g_test_add_data_func ("/app/search-launched-in-app", (gconstpointer) test_search_launched_in_app,
                        in_own_process);
  g_test_add_data_func ("/app/window-before-shop", (gconstpointer) test_window_before_shop, in_own_process);
#ifdef BS_SANITIZED
  /* The window must be drawn within the server's 5 s wait for its database; under the
   * sanitizers, starting GTK alone can take longer. The other passes run it. */
  g_test_add_func ("/app/saved-books-while-database-held", skip_when_sanitized);
#else
  g_test_add_data_func ("/app/saved-books-while-database-held",
                        (gconstpointer) test_saved_books_while_database_held, in_own_process);
#endif
  g_test_add_data_func ("/app/cannot-start", (gconstpointer) test_cannot_start, in_own_process);
  g_test_add_data_func ("/app/quit-while-starting", (gconstpointer) test_quit_while_starting, in_own_process);
  g_test_add_data_func ("/app/switch-servers", (gconstpointer) test_switch_servers, in_own_process);
  g_test_add_data_func ("/app/server-fixed-in-preferences",
                        (gconstpointer) test_server_fixed_in_preferences, in_own_process);
  status = g_test_run ();
  bs_test_remove_dir (home);
  return status;
}
