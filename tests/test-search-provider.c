/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "bs-book.h"
#include "bs-cache.h"
#include "bs-cover-cache.h"
#include "bs-test-util.h"

/* GNOME Shell's search provider, asked over the session bus as the Shell asks it: the
 * real bookstore program, started as a D-Bus service would be, answers from the saved
 * catalog of its shop with no shop running at all. */

#define SERVER_ID "server-seen-before"

static const char *program;
static char *home;
static char *cache_dir;
static GDBusConnection *bus;

static void
save_catalog (BsBook **books,
              guint    n_books)
{
  g_autoptr(BsCache) cache = bs_cache_new (cache_dir);
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  for (guint i = 0; i < n_books; i++)
    g_ptr_array_add (models, books[i]);
  g_assert_true (bs_cache_set_server_id_for_url (cache, "built-in", SERVER_ID, &error));
  g_assert_no_error (error);
  bs_cache_save_async (cache, SERVER_ID, "catalog", BS_SNAPSHOT_BOOKS, models, NULL, NULL,
                       bs_test_result_cb, &slot);
  result = bs_test_wait_result (&slot);
  g_assert_true (bs_cache_save_finish (cache, result, &error));
  g_assert_no_error (error);
}

static GVariant *
call (const char *method,
      GVariant   *parameters,
      const char *reply_type)
{
  g_autofree char *path = g_strconcat ("/", APPLICATION_ID, "/SearchProvider", NULL);
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_strdelimit (path, ".", '/');
  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, path, "org.gnome.Shell.SearchProvider2",
                                       method, parameters, G_VARIANT_TYPE (reply_type),
                                       G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

/* The ids the provider finds for @terms, joined by spaces. */
static char *
found (const char * const *terms)
{
  g_autoptr(GVariant) reply = call ("GetInitialResultSet", g_variant_new ("(^as)", terms), "(as)");
  g_autofree const char **ids = NULL;

  g_variant_get (reply, "(^a&s)", &ids);
  return g_strjoinv (" ", (char **) ids);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
app_exited_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
test_search_provider (void)
{
  gboolean on_bus = FALSE;
  gboolean exited = FALSE;
  guint watch;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(BsCache) cache = bs_cache_new (cache_dir);
  g_autofree char *covers = bs_cache_get_covers_dir (cache);
  g_autofree char *cover = bs_cover_cache_path_for (covers, SERVER_ID, "b1");
  g_autoptr(GError) error = NULL;
  BsBook *books[] = {
    bs_book_new ("b1", "The Classic Fairy Tales", "Maria Tatar", "Fairy Tales", 2699, 45),
    bs_book_new ("b2", "Barefoot Contessa Cookbook", "Ina Garten", "Cookbooks", 2100, 47),
    bs_book_new ("b3", "Crème Brûlée at Home", "Zoë Ångström", "Cookbooks", 1999, 40),
  };
  const char *tatar[] = { "tatar", NULL };
  const char *two_words[] = { "fairy", "maria", NULL };
  const char *prefix[] = { "cook", NULL };
  const char *accents[] = { "creme", "angstrom", NULL };
  const char *nothing[] = { "zzz", NULL };
  const char *changed[] = { "dune", NULL };

  save_catalog (books, G_N_ELEMENTS (books));
  g_assert_true (g_mkdir_with_parents (covers, 0700) == 0);
  g_assert_true (g_file_set_contents (cover, "not really a PNG", -1, NULL));

  /* Started as D-Bus starts it for the Shell: no window, no shop. */
  g_subprocess_launcher_setenv (launcher, "BOOKSTORE_CACHE_DIR", cache_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error, program, "--gapplication-service", NULL);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (bus, APPLICATION_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared_cb, NULL, &on_bus, NULL);
  g_subprocess_wait_async (app, NULL, app_exited_cb, &exited);
  while (!on_bus && !exited)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
  g_assert_false (exited);

  /* By title or author, every term a word's start, accents aside. */
  {
    g_autofree char *by_author = found (tatar);
    g_autofree char *both = found (two_words);
    g_autofree char *by_prefix = found (prefix);
    g_autofree char *by_accents = found (accents);
    g_autofree char *none = found (nothing);

    g_assert_cmpstr (by_author, ==, "b1");
    g_assert_cmpstr (both, ==, "b1");
    g_assert_cmpstr (by_prefix, ==, "b2");
    g_assert_cmpstr (by_accents, ==, "b3");
    g_assert_cmpstr (none, ==, "");
  }

  /* Narrowing down keeps to the previous results. */
  {
    const char *previous[] = { "b1", "b3", NULL };
    const char *at_home[] = { "home", NULL };
    g_autoptr(GVariant) reply = call ("GetSubsearchResultSet",
                                      g_variant_new ("(^as^as)", previous, at_home), "(as)");
    g_autofree const char **ids = NULL;

    g_variant_get (reply, "(^a&s)", &ids);
    g_assert_cmpuint (g_strv_length ((char **) ids), ==, 1);
    g_assert_cmpstr (ids[0], ==, "b3");
  }

  /* What the Shell shows: title, author, and the saved cover or else the app's icon. */
  {
    const char *ids[] = { "b1", "b2", "gone", NULL };
    g_autoptr(GVariant) reply = call ("GetResultMetas", g_variant_new ("(^as)", ids), "(aa{sv})");
    g_autoptr(GVariant) metas = g_variant_get_child_value (reply, 0);
    g_autoptr(GVariant) first = g_variant_get_child_value (metas, 0);
    g_autoptr(GVariant) second = g_variant_get_child_value (metas, 1);
    GVariantDict dict;
    const char *text = NULL;
    g_autoptr(GIcon) icon = NULL;

    g_assert_cmpuint (g_variant_n_children (metas), ==, 2);
    g_variant_dict_init (&dict, first);
    g_assert_true (g_variant_dict_lookup (&dict, "id", "&s", &text) && g_str_equal (text, "b1"));
    g_assert_true (g_variant_dict_lookup (&dict, "name", "&s", &text));
    g_assert_cmpstr (text, ==, "The Classic Fairy Tales");
    g_assert_true (g_variant_dict_lookup (&dict, "description", "&s", &text));
    g_assert_cmpstr (text, ==, "Maria Tatar");
    g_assert_true (g_variant_dict_lookup (&dict, "gicon", "&s", &text));
    icon = g_icon_new_for_string (text, &error);
    g_assert_no_error (error);
    g_assert_true (G_IS_FILE_ICON (icon));
    {
      g_autofree char *icon_path = g_file_get_path (g_file_icon_get_file (G_FILE_ICON (icon)));

      g_assert_cmpstr (icon_path, ==, cover);
    }
    g_variant_dict_clear (&dict);
    g_variant_dict_init (&dict, second);
    g_assert_true (g_variant_dict_lookup (&dict, "gicon", "&s", &text));
    g_assert_cmpstr (text, ==, APPLICATION_ID);
    g_variant_dict_clear (&dict);
  }

  /* The app saves a newer catalog: the next search reads it. */
  {
    BsBook *newer[] = { bs_book_new ("b4", "Dune", "Frank Herbert", "Science Fiction", 999, 48) };
    g_autofree char *dune = NULL;

    save_catalog (newer, G_N_ELEMENTS (newer));
    dune = found (changed);
    g_assert_cmpstr (dune, ==, "b4");
  }

  /* Quit as the app's own action asks it, and it ends cleanly. */
  {
    g_autofree char *path = g_strconcat ("/", APPLICATION_ID, NULL);
    g_autoptr(GVariant) reply = NULL;

    g_strdelimit (path, ".", '/');
    reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, path, "org.gtk.Actions", "Activate",
                                         g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                                         G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
    g_assert_no_error (error);
  }
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_if_exited (app));
  g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  program = g_getenv ("BOOKSTORE_PROGRAM");
  home = bs_test_make_temp_dir ();
  cache_dir = g_build_filename (home, "cache", NULL);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_test_skip_printf ("no session bus: %s", error->message);
      return g_test_run ();
    }
  g_test_add_func ("/search-provider/answers-over-dbus", test_search_provider);
  status = g_test_run ();
  g_clear_object (&bus);
  bs_test_remove_dir (home);
  g_free (cache_dir);
  g_free (home);
  return status;
}
