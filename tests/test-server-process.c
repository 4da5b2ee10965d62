/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "bs-store.h"
#include "bs-test-util.h"

/* The bookstore-server executable as an operator runs it: options, operations at start,
 * the URL on stdout, refusals, signals. */

typedef struct
{
  GSubprocess *process;
  char *url;
  GDataInputStream *log;   /* (nullable): standard error, when watched */
} Running;

static const char *
server_path (void)
{
  const char *path = g_getenv ("BOOKSTORE_SERVER");

  g_assert_nonnull (path);
  return path;
}

static GPtrArray *
argv_new (const char *first,
          ...)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (server_path ()));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs the server to completion; returns its exit status and what it wrote to stderr. */
static int
run_to_end (GPtrArray  *argv,
            char      **out_stderr)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, out_stderr, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* Starts a server that serves, and reads the URL it prints first. */
static Running *
start_serving_at (GPtrArray  *argv,
                  const char *url_prefix)
{
  Running *running = g_new0 (Running, 1);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;

  running->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (running->process));
  running->url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (running->url);
  g_assert_true (g_str_has_prefix (running->url, url_prefix));
  return running;
}

static Running *
start_serving (GPtrArray *argv)
{
  return start_serving_at (argv, "http://127.0.0.1:");
}

/* A server whose standard error the test reads, with its listeners' and searches' debug
 * lines on. */
static Running *
start_serving_watched (GPtrArray *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  Running *running = g_new0 (Running, 1);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "bs-listener bs-routes-search", TRUE);
  running->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (running->process));
  running->url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (running->url);
  running->log = g_data_input_stream_new (g_subprocess_get_stderr_pipe (running->process));
  return running;
}

/* Reads the server's standard error up to a line that holds @text, and returns it. */
static char *
read_log_line_with (Running    *running,
                    const char *text)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (running->log, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (strstr (line, text) != NULL)
        return g_steal_pointer (&line);
    }
}

static void
wait_for_log_line (Running    *running,
                   const char *text)
{
  g_autofree char *line = read_log_line_with (running, text);
}

static int
stop_serving (Running *running,
              int      signal_number)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_subprocess_send_signal (running->process, signal_number);
  g_subprocess_wait (running->process, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_if_exited (running->process) ? g_subprocess_get_exit_status (running->process)
                                                         : -g_subprocess_get_term_sig (running->process);
  g_object_unref (running->process);
  g_clear_object (&running->log);
  g_free (running->url);
  g_free (running);
  return status;
}

static guint
port_of (const char *url)
{
  return (guint) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
}

static JsonObject *
get_health (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *health_url = g_strconcat (url, "/api/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", health_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
count_books (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (db_path, &error);
  gint64 count;

  g_assert_no_error (error);
  count = bs_store_count_books (store, NULL, &error);
  g_assert_no_error (error);
  return count;
}

static void
test_serves_and_stops_on_sigterm (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autoptr(GPtrArray) argv = argv_new ("--db", db, "--port", "0", "--demo", "--threads", "2",
                                        NULL);
  Running *running = start_serving (argv);
  g_autoptr(JsonObject) health = get_health (running->url);
  GStatBuf st;

  g_assert_true (json_object_get_boolean_member (health, "demo"));
  g_assert_cmpint (json_object_get_int_member (health, "books"), ==, 84);

  /* SIGTERM finishes cleanly and leaves the WAL checkpointed into the database. */
  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);
  g_assert_cmpint (count_books (db), ==, 84);

  bs_test_remove_dir (dir);
}

/* SIGTERM lets a request in flight finish, and stops at once after it. The server says
 * when it has the request's headers and when it begins to stop: the test waits for
 * each, so the order of events is the test's, whatever the machine's speed. */
static void
test_sigterm_finishes_requests_in_flight (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(GPtrArray) argv = argv_new ("--db", db, "--port", "0", NULL);
  Running *running = start_serving_watched (argv);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *output;
  char reply[256] = { 0 };
  gint64 signalled;
  const char *headers = "POST /api/init HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{";

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port_of (running->url),
                                                NULL, &error);
  g_assert_no_error (error);
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (output, headers, strlen (headers), NULL, NULL, &error);
  g_assert_no_error (error);
  wait_for_log_line (running, "POST /api/init: headers in");

  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (running->process, SIGTERM);
  wait_for_log_line (running, "Stopping:");
  g_output_stream_write_all (output, "}", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (connection)), reply,
                           sizeof reply - 1, NULL, NULL, &error);
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200"));

  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - signalled, <, 2 * G_USEC_PER_SEC);
  bs_test_remove_dir (dir);
}

static void
test_refuses_a_held_database (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(GPtrArray) first_argv = argv_new ("--db", db, "--port", "0", NULL);
  g_autoptr(GPtrArray) second_argv = argv_new ("--db", db, "--port", "0", NULL);
  Running *running = start_serving (first_argv);
  g_autofree char *message = NULL;

  g_assert_cmpint (run_to_end (second_argv, &message), !=, 0);
  g_assert_nonnull (strstr (message, "in use by another bookstore server"));

  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  bs_test_remove_dir (dir);
}

static void
test_refuses_a_used_port (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db_a = g_build_filename (dir, "a.db", NULL);
  g_autofree char *db_b = g_build_filename (dir, "b.db", NULL);
  g_autoptr(GPtrArray) first_argv = argv_new ("--db", db_a, "--port", "0", NULL);
  Running *running = start_serving (first_argv);
  g_autofree char *port = g_strdup_printf ("%u", port_of (running->url));
  g_autoptr(GPtrArray) second_argv = argv_new ("--db", db_b, "--port", port, NULL);
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) health = NULL;

  g_assert_cmpint (run_to_end (second_argv, &message), !=, 0);
  g_assert_nonnull (strstr (message, "is already in use"));

  /* The first server was not joined by the second one's sockets. */
  health = get_health (running->url);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");

  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  bs_test_remove_dir (dir);
}

static void
test_restarts_after_sigkill (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(GPtrArray) argv = argv_new ("--db", db, "--port", "0", "--demo", NULL);
  Running *running = start_serving (argv);
  g_autoptr(JsonObject) before = get_health (running->url);
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *server_id = g_strdup (json_object_get_string_member (before, "serverId"));

  g_assert_cmpint (stop_serving (running, SIGKILL), ==, -SIGKILL);

  /* The lock died with the process; the database is whole. */
  running = start_serving (argv);
  after = get_health (running->url);
  g_assert_cmpstr (json_object_get_string_member (after, "serverId"), ==, server_id);
  g_assert_cmpint (json_object_get_int_member (after, "books"), ==, 84);
  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);

  bs_test_remove_dir (dir);
}

static char *
http_text (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *path,
           const char  *token,
           const char  *body,
           guint       *out_status)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, full);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Customer-Id", token);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "text/plain", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

/* A server killed outright, maybe between an order's commit and its consumption, takes
 * the order in exactly once after a restart. */
static gboolean
stream_caught_up (gpointer url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  guint status;
  g_autofree char *health = http_text (session, "GET", url, "/api/health", NULL, NULL, &status);

  return strstr (health, "\"streamLag\":0") != NULL;
}

static void
test_bestsellers_survive_sigkill (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(GPtrArray) argv = argv_new ("--db", db, "--port", "0", "--demo", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  Running *running = start_serving (argv);
  g_autofree char *signup = NULL;
  g_autofree char *signin = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected = NULL;
  const char *token;
  guint status;

  signup = http_text (session, "POST", running->url, "/api/signup", NULL,
                      "{\"username\":\"killed@example.com\",\"password\":\"killed mid-way\"}",
                      &status);
  g_assert_cmpuint (status, ==, 201);
  signin = http_text (session, "POST", running->url, "/api/signin", NULL,
                      "{\"username\":\"killed@example.com\",\"password\":\"killed mid-way\"}",
                      &status);
  g_assert_true (json_parser_load_from_data (parser, signin, -1, NULL));
  token = json_array_get_string_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "message"), 0);

  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *added = http_text (session, "POST", running->url, "/api/cart", token,
                                          "{\"bookId\":\"b70\",\"quantity\":3}", &status);
      g_autofree char *ordered = NULL;

      g_assert_cmpuint (status, ==, 200);
      ordered = http_text (session, "POST", running->url, "/api/orders", token, NULL, &status);
      g_assert_cmpuint (status, ==, 201);
      g_assert_cmpint (stop_serving (running, SIGKILL), ==, -SIGKILL);
      g_clear_object (&session);
      session = soup_session_new ();
      running = start_serving (argv);
    }

  /* Wait for the worker to catch up, then compare with the orders themselves. */
  bs_test_wait_until (stream_caught_up, running->url, 10);
  {
    g_autofree char *board = http_text (session, "GET", running->url, "/api/bestsellers", NULL,
                                        NULL, &status);

    expected = bs_test_board_from_orders (db);
    g_assert_true (g_str_has_prefix (expected, "b70×9 "));
    g_assert_true (g_str_has_prefix (board, "[{\"bookId\":\"b70\""));
    g_assert_nonnull (strstr (board, "\"quantity\":9}"));
  }

  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  bs_test_remove_dir (dir);
}

/* Sends a search for "the" on a connection of its own, and leaves it open. */
static GSocketConnection *
start_search (const char *url)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  const char *request = "GET /api/search?q=the+of&limit=20 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  GSocketConnection *connection = g_socket_client_connect_to_host (client, "127.0.0.1", port_of (url),
                                                                   NULL, &error);

  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/* A search still running when its client hangs up is cancelled at once. It needs a
 * search that takes a while: the two commonest words on 200,000 generated books (their
 * every hit is ranked, unlike one word's), some 0.3 s here, against the few
 * milliseconds the test takes to hang up. */
static void
test_search_cancelled_at_hang_up (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(GPtrArray) import = argv_new ("--db", db, "--synthetic", "200000", "--exit", NULL);
  g_autoptr(GPtrArray) serve = argv_new ("--db", db, "--port", "0", "--threads", "1",
                                         "--search-budget", "600000", NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *ended = NULL;
  Running *running;

  g_assert_cmpint (run_to_end (import, NULL), ==, 0);
  running = start_serving_watched (serve);

  connection = start_search (running->url);
  wait_for_log_line (running, "Search for “the of” begun");
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  ended = read_log_line_with (running, "Search for “the of” ended");
  g_assert_nonnull (strstr (ended, "cancelled"));

  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  bs_test_remove_dir (dir);
}

static void
test_bad_options (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *not_a_db = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *blocked_dir_db = g_build_filename (not_a_db, "inside.db", NULL);
  const struct {
    const char *args[6];
    const char *message;
  } cases[] = {
    { { "--bogus" }, "Unknown option" },
    { { "--port", "70000" }, "--port must be from 0 to 65535" },
    { { "--port", "eighty" }, "Cannot parse integer" },
    { { "--threads", "-2" }, "--threads must be" },
    { { "--threads", "0" }, "--threads must be from 1 to 256" },
    { { "--synthetic", "-5" }, "--synthetic must be" },
    { { "--search-budget", "-1" }, "--search-budget must be" },
    { { "--db", db, "--address", "example.org", "--port", "0" }, "is not an IP address" },
    { { "--db", db, "--trusted-proxy", "nginx.local", "--exit" }, "--trusted-proxy needs an IP address" },
    { { "--db", not_a_db, "--exit" }, "not a database" },
    { { "--db", blocked_dir_db, "--exit" }, "Cannot create the database folder" },
    { { "--db", db, "--remove-book", "b9999", "--exit" }, "No book with id b9999" },
    { { "--db", db, "--catalog", "/nonexistent/catalog.json", "--exit" }, "No such file" },
    { { "stray-argument" }, "unexpected arguments" },
  };

  g_assert_true (g_file_set_contents (not_a_db, "this is not a database, not at all. "
                                      "it is long enough to have a header though.", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = argv_new (NULL, NULL);
      g_autofree char *message = NULL;

      g_ptr_array_remove_index (argv, argv->len - 1);
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j] != NULL; j++)
        g_ptr_array_add (argv, g_strdup (cases[i].args[j]));
      g_ptr_array_add (argv, NULL);

      g_test_message ("case %u", i);
      g_assert_cmpint (run_to_end (argv, &message), !=, 0);
      if (strstr (message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, message, cases[i].message);
    }

  bs_test_remove_dir (dir);
}

static void
test_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                     server_path (), "--version", NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "bookstore-server " PACKAGE_VERSION "\n");
}

static char *
write_catalog (const char *dir,
               const char *name,
               const char *json)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

/* --catalog upserts, --remove-book removes, --synthetic adds, --backup copies; a bad
 * catalog changes nothing. */
static void
test_operations (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *good = write_catalog (dir, "good.json",
                                         "[{\"bookId\":\"x1\",\"name\":\"Extra\",\"author\":\"A\","
                                         "\"category\":\"Poetry\",\"price\":9.99,\"rating\":4},"
                                         "{\"bookId\":\"b1\",\"name\":\"Changed Title\","
                                         "\"author\":\"Ina Garten\",\"category\":\"Cookbooks\","
                                         "\"price\":22.5,\"rating\":4.5}]");
  g_autofree char *bad = write_catalog (dir, "bad.json",
                                        "[{\"bookId\":\"x2\",\"name\":\"Fine\",\"author\":\"A\","
                                        "\"category\":\"Poetry\",\"price\":1,\"rating\":1},"
                                        "{\"bookId\":\"x3\",\"name\":\"Bad\",\"author\":\"A\","
                                        "\"category\":\"Poetry\",\"price\":1.234,\"rating\":1}]");
  g_autoptr(GPtrArray) seed = argv_new ("--db", db, "--demo", "--catalog", good, "--remove-book",
                                        "b84", "--synthetic", "1000", "--backup", backup, "--exit",
                                        NULL);
  g_autoptr(GPtrArray) reject = argv_new ("--db", db, "--catalog", bad, "--exit", NULL);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(BsBookRecord) b1 = NULL;

  g_assert_cmpint (run_to_end (seed, NULL), ==, 0);
  g_assert_cmpint (count_books (db), ==, 84 + 1 - 1 + 1000);
  g_assert_cmpint (count_books (backup), ==, 84 + 1 - 1 + 1000);

  g_assert_cmpint (run_to_end (reject, &message), !=, 0);
  g_assert_nonnull (strstr (message, "price must be a number from 0 to 1000000 with at most 2 decimals"));
  g_assert_nonnull (strstr (message, "Entry 2"));
  g_assert_cmpint (count_books (db), ==, 84 + 1000);

  store = bs_store_open (db, &error);
  g_assert_no_error (error);
  b1 = bs_store_get_book (store, "b1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b1->name, ==, "Changed Title");
  g_assert_cmpint (b1->price_cents, ==, 2250);

  /* A second backup to the same file is refused rather than overwriting it. */
  {
    g_autoptr(GPtrArray) again = argv_new ("--db", db, "--backup", backup, "--exit", NULL);
    g_autofree char *again_message = NULL;

    g_assert_cmpint (run_to_end (again, &again_message), !=, 0);
    g_assert_nonnull (strstr (again_message, "already exists"));
  }

  bs_test_remove_dir (dir);
}

static void
save_image (const char *path,
            const char *type,
            int         width,
            int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  g_assert_no_error (error);
}

static void
test_cover_import (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *covers = g_build_filename (dir, "covers", NULL);
  g_autofree char *b1_png = g_build_filename (covers, "b1.png", NULL);
  g_autofree char *b2_jpg = g_build_filename (covers, "b2.jpg", NULL);
  g_autofree char *readme = g_build_filename (covers, "README.txt", NULL);
  g_autoptr(GPtrArray) import = argv_new ("--db", db, "--demo", "--covers", covers, "--exit", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(BsCover) b1 = NULL;
  g_autoptr(BsCover) b2 = NULL;
  g_autoptr(GBytes) b1_bytes = NULL;
  const struct {
    const char *file;
    const char *content;    /* NULL: an image of the type and size below */
    const char *type;
    int width;
    int height;
    const char *message;
  } rejected[] = {
    { "b3.png", NULL, "png", 4097, 10, "larger than 4096×4096 pixels" },
    { "b3.jpg", NULL, "jpeg", 10, 5000, "larger than 4096×4096 pixels" },
    { "b4.png", "not an image at all", NULL, 0, 0, "not a readable image" },
    { "nobook.png", NULL, "png", 10, 10, "No book with id nobook" },
    { "b5.png", NULL, "bmp", 10, 10, "neither PNG nor JPEG" },
  };

  g_assert_cmpint (g_mkdir (covers, 0700), ==, 0);
  save_image (b1_png, "png", 300, 450);
  save_image (b2_jpg, "jpeg", 200, 300);
  g_assert_true (g_file_set_contents (readme, "ignored", -1, NULL));

  g_assert_cmpint (run_to_end (import, NULL), ==, 0);
  store = bs_store_open (db, &error);
  g_assert_no_error (error);
  b1 = bs_store_get_cover (store, "b1", &error);
  g_assert_no_error (error);
  b2 = bs_store_get_cover (store, "b2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b1->content_type, ==, "image/png");
  g_assert_cmpstr (b2->content_type, ==, "image/jpeg");
  {
    g_autofree char *data = NULL;
    gsize size;

    g_assert_true (g_file_get_contents (b1_png, &data, &size, NULL));
    b1_bytes = g_bytes_new (data, size);
  }
  g_assert_true (g_bytes_equal (b1->bytes, b1_bytes));

  /* Served with its real type, its ETag and 304. */
  {
    g_autoptr(GPtrArray) serve = argv_new ("--db", db, "--port", "0", NULL);
    Running *running = start_serving (serve);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = g_strconcat (running->url, "/api/getImage?bookId=b2", NULL);
    g_autoptr(SoupMessage) first = soup_message_new ("GET", url);
    g_autoptr(SoupMessage) again = soup_message_new ("GET", url);
    g_autoptr(GBytes) jpeg = soup_session_send_and_read (session, first, NULL, &error);
    g_autoptr(GBytes) nothing = NULL;
    const char *etag;

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (first), ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (first),
                                                            NULL), ==, "image/jpeg");
    g_assert_true (g_bytes_equal (jpeg, b2->bytes));
    etag = soup_message_headers_get_one (soup_message_get_response_headers (first), "ETag");
    g_assert_nonnull (etag);
    soup_message_headers_replace (soup_message_get_request_headers (again), "If-None-Match", etag);
    nothing = soup_session_send_and_read (session, again, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (again), ==, 304);
    g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  }

  /* Each bad file rejects its whole import, and nothing changes. */
  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      g_autofree char *path = g_build_filename (covers, rejected[i].file, NULL);
      g_autoptr(GPtrArray) again = argv_new ("--db", db, "--covers", covers, "--exit", NULL);
      g_autofree char *message = NULL;
      g_autoptr(BsCover) b1_after = NULL;

      if (rejected[i].content != NULL)
        g_assert_true (g_file_set_contents (path, rejected[i].content, -1, NULL));
      else
        save_image (path, rejected[i].type, rejected[i].width, rejected[i].height);
      save_image (b1_png, "png", 30, 45);

      g_assert_cmpint (run_to_end (again, &message), !=, 0);
      g_assert_nonnull (strstr (message, rejected[i].message));

      b1_after = bs_store_get_cover (store, "b1", &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (b1_after->bytes, b1_bytes));
      g_unlink (path);
      save_image (b1_png, "png", 300, 450);
    }

  bs_test_remove_dir (dir);
}

static gboolean
accept_any_certificate_cb (SoupMessage          *msg,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  return TRUE;
}

static void
test_tls (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *openssl_err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GPtrArray) half = argv_new ("--db", db, "--tls-cert", cert, "--exit", NULL);
  g_autoptr(GPtrArray) wrong = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *health_url = NULL;
  g_autofree char *message = NULL;
  int exit_status;
  Running *running;
  const char *openssl[] = {
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
    "/CN=127.0.0.1", "-keyout", key, "-out", cert, NULL,
  };

  g_spawn_sync (NULL, (char **) openssl, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &openssl_err, &exit_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (exit_status, NULL));

  g_assert_cmpint (run_to_end (half, &message), !=, 0);
  g_assert_nonnull (strstr (message, "--tls-cert and --tls-key go together"));
  g_clear_pointer (&message, g_free);

  wrong = argv_new ("--db", db, "--port", "0", "--tls-cert", db, "--tls-key", key, NULL);
  g_assert_cmpint (run_to_end (wrong, &message), !=, 0);
  g_assert_nonnull (strstr (message, "Cannot use the TLS certificate"));

  argv = argv_new ("--db", db, "--port", "0", "--demo", "--tls-cert", cert, "--tls-key", key, NULL);
  /* In the sanitizer build, LeakSanitizer (GCC 12's) crashes scanning the thread-local
   * storage of a process that loaded GnuTLS: this one server looks for no leaks. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":detect_leaks=0", NULL);

      g_setenv ("ASAN_OPTIONS", options, TRUE);
    }
  running = start_serving_at (argv, "https://127.0.0.1:");

  health_url = g_strconcat (running->url, "/api/health", NULL);
  msg = soup_message_new ("GET", health_url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"status\":\"ok\""));

  /* On the kept connection, replies come at once over TLS too (no Nagle's delay). */
  {
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
    double median;

    for (guint i = 0; i < 21; i++)
      {
        g_autoptr(SoupMessage) again = soup_message_new ("GET", health_url);
        g_autoptr(GBytes) answer = NULL;
        gint64 started = g_get_monotonic_time ();
        double ms;

        g_signal_connect (again, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
        answer = soup_session_send_and_read (session, again, NULL, &error);
        g_assert_no_error (error);
        ms = (g_get_monotonic_time () - started) / 1000.0;
        g_array_append_val (times, ms);
      }
    median = bs_test_median (times);
    g_test_message ("median keep-alive round trip over TLS: %.2f ms", median);
    g_assert_cmpfloat (median, <, 10.0);
  }

  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  bs_test_remove_dir (dir);
}

/* In the child, before exec: growing a file past the size limit set later fails with
 * EFBIG instead of killing the process, as a full disk would. */
static void
ignore_file_size_signal (gpointer data)
{
  signal (SIGXFSZ, SIG_IGN);
}

/* How large a file the running server may grow; RLIM_INFINITY for no limit. Only the
 * soft limit: anyone may raise it again. */
static void
limit_file_size (GSubprocess *process,
                 rlim_t       size)
{
  struct rlimit limit = { size, RLIM_INFINITY };
  pid_t pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);

  if (prlimit (pid, RLIMIT_FSIZE, &limit, NULL) != 0)
    g_error ("Cannot limit the server's file size: %s", g_strerror (errno));
}

static guint
count_orders (SoupSession *session,
              const char  *url,
              const char  *token)
{
  guint status;
  g_autofree char *orders = http_text (session, "GET", url, "/api/orders", token, NULL, &status);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, orders, -1, NULL));
  return json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
}

/* POST /api/orders with the same Idempotency-Key every time; the answer's body. */
static char *
check_out (SoupSession  *session,
           const char   *url,
           const char   *token,
           SoupMessage **out_msg)
{
  g_autofree char *orders_url = g_strconcat (url, "/api/orders", NULL);
  SoupMessage *msg = soup_message_new ("POST", orders_url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (headers, "X-Customer-Id", token);
  soup_message_headers_replace (headers, "Idempotency-Key", "full-1");
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_msg = msg;
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* Signs up a customer and puts two of b5 in the cart; returns the session token. */
static char *
sign_in_with_cart (SoupSession *session,
                   const char  *url)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *signin = NULL;
  g_autofree char *added = NULL;
  guint status;

  g_free (http_text (session, "POST", url, "/api/signup", NULL,
                     "{\"username\":\"full@example.com\",\"password\":\"disk is full\"}", &status));
  g_assert_cmpuint (status, ==, 201);
  signin = http_text (session, "POST", url, "/api/signin", NULL,
                      "{\"username\":\"full@example.com\",\"password\":\"disk is full\"}", &status);
  g_assert_true (json_parser_load_from_data (parser, signin, -1, NULL));
  added = http_text (session, "POST", url, "/api/cart",
                     json_array_get_string_element (json_object_get_array_member (
                       json_node_get_object (json_parser_get_root (parser)), "message"), 0),
                     "{\"bookId\":\"b5\",\"quantity\":2}", &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_array_get_string_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "message"), 0));
}

/* Every checkout answers a JSON 503 with Retry-After. */
static void
assert_checkouts_refused (SoupSession *session,
                          const char  *url,
                          const char  *token)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autofree char *body = check_out (session, url, token, &msg);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 503);
      g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                      "Retry-After"));
      g_assert_nonnull (strstr (body, "\"error\":true,\"code\":503"));
    }
}

/* Nothing half-written: the cart is as it was, and there is no order. */
static void
assert_cart_kept_and_no_order (SoupSession *session,
                               const char  *url,
                               const char  *token)
{
  guint status;
  g_autofree char *cart = http_text (session, "GET", url, "/api/cart", token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (cart, "\"bookId\":\"b5\",\"quantity\":2"));
  g_assert_cmpuint (count_orders (session, url, token), ==, 0);
}

/* The same checkout, once the disk is good again, places its one order. */
static void
assert_checkout_places_one_order (SoupSession *session,
                                  const char  *url,
                                  const char  *token)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *body = check_out (session, url, token, &msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  g_assert_cmpuint (count_orders (session, url, token), ==, 1);
}

/* A disk that fills up: a checkout answers a JSON 503, and leaves the cart full and no
 * order behind; reads go on; once there is room again, the same checkout places one
 * order. */
static void
test_full_disk_during_checkout (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(GPtrArray) argv = argv_new ("--db", db, "--port", "0", "--demo", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *token = NULL;
  Running *running = g_new0 (Running, 1);

  g_subprocess_launcher_set_child_setup (launcher, ignore_file_size_signal, NULL, NULL);
  running->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (running->process));
  running->url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (running->url);
  token = sign_in_with_cart (session, running->url);

  /* No room left: every write past a file's first byte fails, whatever the file's size
   * (a write within a file's length is refused too, so the log's reuse cannot dodge it). */
  limit_file_size (running->process, 1);
  assert_checkouts_refused (session, running->url, token);
  assert_cart_kept_and_no_order (session, running->url, token);

  /* Room again: the same checkout places its one order, on the same server. */
  limit_file_size (running->process, RLIM_INFINITY);
  assert_checkout_places_one_order (session, running->url, token);
  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  bs_test_remove_dir (dir);
}

static gboolean
run_quietly (const char * const *argv)
{
  g_autoptr(GSubprocess) process =
    g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);

  return process != NULL && g_subprocess_wait_check (process, NULL, NULL);
}

/* Starts the server in a mount namespace of its own, on a 64 MiB ext4 image mounted at
 * @mount_point with errors=remount-ro; the mount ends with the server. */
static Running *
start_serving_on_disk_image (const char *image,
                             const char *mount_point)
{
  g_autofree char *db = g_build_filename (mount_point, "shop.db", NULL);
  g_autoptr(GPtrArray) server = argv_new ("--db", db, "--port", "0", "--demo", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *prefix[] = { "unshare", "--mount", "--propagation", "private", "sh", "-c",
                           "mount -o loop,errors=remount-ro \"$1\" \"$2\" && shift 2 && exec \"$@\"",
                           "sh", image, mount_point };

  for (guint i = 0; i < G_N_ELEMENTS (prefix); i++)
    g_ptr_array_add (argv, g_strdup (prefix[i]));
  for (guint i = 0; g_ptr_array_index (server, i) != NULL; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (server, i)));
  g_ptr_array_add (argv, NULL);
  return start_serving (argv);
}

/* The block device the server's namespace mounted at @mount_point, as "loop3". */
static char *
device_mounted_at (Running    *running,
                   const char *mount_point)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/mountinfo",
                                           g_subprocess_get_identifier (running->process));
  g_autofree char *mounts = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &mounts, NULL, NULL));
  lines = g_strsplit (mounts, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      guint n = g_strv_length (fields);

      /* ID PARENT MAJ:MIN ROOT MOUNT-POINT OPTIONS ... - TYPE SOURCE SUPER-OPTIONS */
      if (n > 4 && g_str_equal (fields[4], mount_point) && n >= 3 &&
          g_str_has_prefix (fields[n - 2], "/dev/"))
        return g_path_get_basename (fields[n - 2]);
    }
  g_error ("%s is not mounted in the server's namespace", mount_point);
}

/* Sysfs attributes take one write to the file itself, not a replacement file. */
static void
write_to_sysfs (const char *path,
                const char *value)
{
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, value, strlen (value)), ==, (gssize) strlen (value));
  g_assert_true (g_close (fd, NULL));
}

/* A disk that fails under a running server: the kernel turns its filesystem read-only
 * (ext4's errors=remount-ro, the usual mount option for a database's disk). Checkouts
 * answer a JSON 503; after a restart on the repaired disk, the cart is as it was, there is
 * no order, and the same checkout places one. Linux refuses to remount a filesystem
 * read-only while files on it are open for writing, so a disk error is the way a running
 * database's disk turns read-only. */
static void
test_read_only_disk_during_checkout (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *image = g_build_filename (dir, "disk.img", NULL);
  g_autofree char *mount_point = g_build_filename (dir, "disk", NULL);
  g_autofree char *device = NULL;
  g_autofree char *trigger = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = NULL;
  const char *make_image[] = { "mkfs.ext4", "-q", "-F", image, "64M", NULL };
  const char *can_mount[] = { "unshare", "--mount", "true", NULL };
  Running *running;

  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);
  if (!run_quietly (make_image) || !run_quietly (can_mount) ||
      !g_file_test ("/dev/loop-control", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Needs root, loop devices, mkfs.ext4 and a mount namespace (not in a chroot) to fail a disk");
      bs_test_remove_dir (dir);
      return;
    }

  running = start_serving_on_disk_image (image, mount_point);
  token = sign_in_with_cart (session, running->url);
  /* The cart was filled a while ago: the kernel has written it back, as it does within
   * half a minute (the server syncs only checkouts). */
  sync ();

  device = device_mounted_at (running, mount_point);
  trigger = g_strdup_printf ("/sys/fs/ext4/%s/trigger_fs_error", device);
  write_to_sysfs (trigger, "1");
  assert_checkouts_refused (session, running->url, token);
  stop_serving (running, SIGTERM);

  running = start_serving_on_disk_image (image, mount_point);
  assert_cart_kept_and_no_order (session, running->url, token);
  assert_checkout_places_one_order (session, running->url, token);
  g_assert_cmpint (stop_serving (running, SIGTERM), ==, 0);
  bs_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/process/serves-and-stops-on-sigterm", test_serves_and_stops_on_sigterm);
  g_test_add_func ("/process/sigterm-finishes-requests-in-flight",
                   test_sigterm_finishes_requests_in_flight);
  g_test_add_func ("/process/refuses-a-held-database", test_refuses_a_held_database);
  g_test_add_func ("/process/refuses-a-used-port", test_refuses_a_used_port);
  g_test_add_func ("/process/restarts-after-sigkill", test_restarts_after_sigkill);
  g_test_add_func ("/process/bestsellers-survive-sigkill", test_bestsellers_survive_sigkill);
  g_test_add_func ("/process/search-cancelled-at-hang-up", test_search_cancelled_at_hang_up);
  g_test_add_func ("/process/bad-options", test_bad_options);
  g_test_add_func ("/process/version", test_version);
  g_test_add_func ("/process/operations", test_operations);
  g_test_add_func ("/process/cover-import", test_cover_import);
  g_test_add_func ("/process/tls", test_tls);
  g_test_add_func ("/process/full-disk-during-checkout", test_full_disk_during_checkout);
  g_test_add_func ("/process/read-only-disk-during-checkout", test_read_only_disk_during_checkout);

  return g_test_run ();
}
