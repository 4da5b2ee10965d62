/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bookstore-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "bs-server.h"

typedef struct
{
  char *address;
  int port;
  int threads;
  char *db_path;
  gboolean demo;
  char **catalogs;
  char **removed_books;
  int synthetic;
  char *covers;
  char *backup;
  gboolean rebuild_bestsellers;
  gboolean friend_everyone;
  int search_budget_ms;
  gboolean exit_after;
  gboolean access_log;
  char *tls_certificate;
  char *tls_key;
  char **trusted_proxies;
  gboolean version;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->address);
  g_free (options->db_path);
  g_strfreev (options->catalogs);
  g_strfreev (options->removed_books);
  g_free (options->covers);
  g_free (options->backup);
  g_free (options->tls_certificate);
  g_free (options->tls_key);
  g_strfreev (options->trusted_proxies);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "bookstore", "bookstore.db", NULL);
}

typedef struct
{
  const char *task;          /* (unowned) (nullable): static strings */
  guint percent;
  gboolean on_terminal;
} Progress;

/* One line per tenth of a task, or one line rewritten in place on a terminal. */
static void
print_progress_cb (const char *task,
                   guint       done,
                   guint       total,
                   gpointer    user_data)
{
  Progress *progress = user_data;
  guint percent = total > 0 ? (guint) ((guint64) done * 100 / total) : 100;

  if (task == progress->task && percent == progress->percent)
    return;
  if (task != progress->task && progress->task != NULL && progress->on_terminal)
    fputc ('\n', stderr);
  progress->task = task;
  progress->percent = percent;
  if (progress->on_terminal)
    fprintf (stderr, "\r%s: %u %%", task, percent);
  else if (percent % 10 == 0)
    fprintf (stderr, "%s: %u %%\n", task, percent);
}

static gboolean
change_catalog (BsServer  *server,
                Options   *options,
                GError   **error)
{
  for (guint i = 0; options->catalogs != NULL && options->catalogs[i] != NULL; i++)
    if (!bs_server_import_catalog (server, options->catalogs[i], error))
      return FALSE;
  for (guint i = 0; options->removed_books != NULL && options->removed_books[i] != NULL; i++)
    if (!bs_server_remove_book (server, options->removed_books[i], error))
      return FALSE;
  if (options->synthetic > 0 && !bs_server_add_synthetic (server, (guint) options->synthetic, error))
    return FALSE;
  return bs_server_refresh_search_answers (server, error);
}

static gboolean
run_operations (BsServer  *server,
                Options   *options,
                GError   **error)
{
  Progress progress = { .on_terminal = isatty (STDERR_FILENO) };
  gboolean changes_catalog = options->catalogs != NULL || options->removed_books != NULL ||
                             options->synthetic > 0;

  if (changes_catalog)
    {
      gboolean changed;

      bs_server_set_progress_func (server, print_progress_cb, &progress);
      changed = change_catalog (server, options, error);
      bs_server_set_progress_func (server, NULL, NULL);
      if (progress.task != NULL && progress.on_terminal)
        fputc ('\n', stderr);
      if (!changed)
        return FALSE;
    }
  if (options->covers != NULL && !bs_server_import_covers (server, options->covers, error))
    return FALSE;
  if (options->rebuild_bestsellers && !bs_server_rebuild_bestsellers (server, error))
    return FALSE;
  if (options->backup != NULL && !bs_server_backup (server, options->backup, error))
    return FALSE;
  return TRUE;
}

static int
fail (const char *message)
{
  fprintf (stderr, "bookstore-server: %s\n", message);
  return EXIT_FAILURE;
}

int
main (int   argc,
      char *argv[])
{
  Options options = { .port = 8080, .threads = -1 };
  const GOptionEntry entries[] = {
    { "address", 0, 0, G_OPTION_ARG_STRING, &options.address,
      N_("Listen on this IP address (default 127.0.0.1)"), N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &options.port,
      N_("Listen on this port; 0 picks a free one (default 8080)"), N_("PORT") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &options.threads,
      N_("Number of listener threads (default: one per core)"), N_("N") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db_path,
      N_("The SQLite database (default: bookstore/bookstore.db in the user data folder)"),
      N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
      N_("Seed the demo shop once, and serve as the demo"), NULL },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.catalogs,
      N_("Add or update the books of a JSON catalog file"), N_("FILE") },
    { "remove-book", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.removed_books,
      N_("Remove a book from the catalog"), N_("ID") },
    { "synthetic", 0, 0, G_OPTION_ARG_INT, &options.synthetic,
      N_("Add N generated books (the same ones every time), for benchmarks"), N_("N") },
    { "covers", 0, 0, G_OPTION_ARG_FILENAME, &options.covers,
      N_("Import cover images named BOOKID.png or BOOKID.jpg from a folder"), N_("DIR") },
    { "rebuild-bestsellers", 0, 0, G_OPTION_ARG_NONE, &options.rebuild_bestsellers,
      N_("Recompute the best-seller leaderboard from the order log"), NULL },
    { "friend-everyone", 0, 0, G_OPTION_ARG_NONE, &options.friend_everyone,
      N_("Make every new account a friend of every other, as the original demo did"), NULL },
    { "search-budget", 0, 0, G_OPTION_ARG_INT, &options.search_budget_ms,
      N_("How long a search may run before it answers 503 (default, or 0: 2000)"), N_("MS") },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &options.backup,
      N_("Write a consistent copy of the database to a new file"), N_("FILE") },
    { "exit", 0, 0, G_OPTION_ARG_NONE, &options.exit_after,
      N_("Stop after the operations instead of serving"), NULL },
    { "access-log", 0, 0, G_OPTION_ARG_NONE, &options.access_log,
      N_("Log every request to standard error"), NULL },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.trusted_proxies,
      N_("Take the client's address from X-Real-IP on requests from this proxy (repeatable)"),
      N_("ADDRESS") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_certificate,
      N_("Serve HTTPS with this PEM certificate (with --tls-key)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key,
      N_("The PEM private key of --tls-cert"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version,
      N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db_path = NULL;
  int status = EXIT_SUCCESS;

  /* Standard output carries the URL, for whoever started us to read: every log line
   * goes to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The Bookstore service: the shop’s HTTP API over SQLite."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      options_clear (&options);
      return fail (error->message);
    }

  if (options.version)
    {
      printf ("bookstore-server %s\n", PACKAGE_VERSION);
      options_clear (&options);
      return EXIT_SUCCESS;
    }
  if (argc > 1)
    status = fail (_("unexpected arguments; see --help"));
  else if (options.port < 0 || options.port > 65535)
    status = fail (_("--port must be from 0 to 65535"));
  else if (options.threads != -1 && (options.threads < 1 || options.threads > 256))
    status = fail (_("--threads must be from 1 to 256"));
  else if (options.search_budget_ms < 0 || options.search_budget_ms > 3600 * 1000)
    status = fail (_("--search-budget must be from 0 (the default) to 3600000 milliseconds"));
  else if (options.synthetic < 0)
    status = fail (_("--synthetic must be a positive number"));
  else if ((options.tls_certificate == NULL) != (options.tls_key == NULL))
    status = fail (_("--tls-cert and --tls-key go together"));
  if (status != EXIT_SUCCESS)
    {
      options_clear (&options);
      return status;
    }

  for (guint i = 0; options.trusted_proxies != NULL && options.trusted_proxies[i] != NULL; i++)
    if (!g_hostname_is_ip_address (options.trusted_proxies[i]))
      {
        /* Translators: %s is what was given after --trusted-proxy, such as a host name */
        g_autofree char *message = g_strdup_printf (_("--trusted-proxy needs an IP address, not “%s”"),
                                                    options.trusted_proxies[i]);

        options_clear (&options);
        return fail (message);
      }

  db_path = options.db_path != NULL ? g_strdup (options.db_path) : default_db_path ();
  server = bs_server_new (&(BsServerConfig) {
    .db_path = db_path,
    .address = options.address,
    .port = (guint) options.port,
    .n_threads = options.threads == -1 ? 0 : (guint) options.threads,
    .demo = options.demo,
    .access_log = options.access_log,
    .tls_certificate = options.tls_certificate,
    .tls_key = options.tls_key,
    .friend_everyone = options.friend_everyone,
    .trusted_proxies = (const char * const *) options.trusted_proxies,
    .search_budget_us = (gint64) options.search_budget_ms * 1000,
  });

  if (!bs_server_open (server, &error) || !run_operations (server, &options, &error))
    {
      options_clear (&options);
      status = fail (error->message);
      /* A supervisor may try again later after EX_UNAVAILABLE, not after EX_CONFIG. */
      if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_UNREACHABLE))
        return EX_UNAVAILABLE;
      if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_REFUSED))
        return EX_CONFIG;
      return status;
    }
  if (options.exit_after)
    {
      options_clear (&options);
      return EXIT_SUCCESS;
    }

  /* Before the URL goes out: whoever reads it may signal us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  if (!bs_server_start (server, &error))
    {
      options_clear (&options);
      return fail (error->message);
    }

  /* The URL is the first line of stdout, flushed now: whoever started us may be waiting
   * on a pipe for it. */
  printf ("%s\n", bs_server_get_url (server));
  fflush (stdout);

  g_main_loop_run (loop);

  g_printerr (_("Stopping: requests in flight finish, new ones are refused\n"));
  bs_server_stop (server);
  options_clear (&options);
  return EXIT_SUCCESS;
}
