/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sqlite3.h>
#include <string.h>

#include "bs-store.h"
#include <libpq-fe.h>
#include <unistd.h>

#include "bs-test-util.h"

/* The app's translations from the build tree, whatever the locale the test then sets. */
void
bs_test_use_translations (void)
{
  bindtextdomain (GETTEXT_PACKAGE, BS_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
bs_test_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bookstore-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
bs_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        bs_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

BsTestServer *
bs_test_server_new (gboolean demo,
                    guint    n_threads)
{
  return bs_test_server_new_configured (&(BsServerConfig) { .n_threads = n_threads, .demo = demo });
}

/* Where a test's shop keeps its data: an SQLite file in @dir; or, when the test runs
 * beside a PostgreSQL of its own (run-with-postgres.sh), a new database there. */
char *
bs_test_database_location (const char *dir)
{
  const char *postgres = g_getenv ("BOOKSTORE_TEST_POSTGRES");
  static int counter;
  g_autofree char *name = NULL;
  g_autofree char *create = NULL;
  g_auto(GStrv) halves = NULL;
  PGconn *conn;
  PGresult *result;

  if (postgres == NULL)
    return g_build_filename (dir, "bookstore.db", NULL);

  name = g_strdup_printf ("shop_%d_%d", (int) getpid (), g_atomic_int_add (&counter, 1));
  create = g_strdup_printf ("CREATE DATABASE %s", name);
  conn = PQconnectdb (postgres);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, create);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", create, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);

  halves = g_strsplit (postgres, "/postgres?", 2);
  g_assert_cmpuint (g_strv_length (halves), ==, 2);
  return g_strdup_printf ("%s/%s?%s", halves[0], name, halves[1]);
}

/* Whether the tests run on PostgreSQL rather than SQLite files. */
gboolean
bs_test_on_postgres (void)
{
  return g_getenv ("BOOKSTORE_TEST_POSTGRES") != NULL;
}

/* The same, configured as @config says, but for its port, and for its database unless
 * @config names one. */
BsTestServer *
bs_test_server_new_configured (const BsServerConfig *config)
{
  BsTestServer *fixture = g_new0 (BsTestServer, 1);
  BsServerConfig mine = *config;
  g_autoptr(GError) error = NULL;

  fixture->dir = bs_test_make_temp_dir ();
  fixture->db_path = config->db_path != NULL ? g_strdup (config->db_path)
                                             : bs_test_database_location (fixture->dir);
  mine.db_path = fixture->db_path;
  mine.port = 0;
  fixture->server = bs_server_new (&mine);
  bs_server_open (fixture->server, &error);
  g_assert_no_error (error);
  bs_server_start (fixture->server, &error);
  g_assert_no_error (error);
  fixture->session = soup_session_new_with_options ("timeout", 30, NULL);
  return fixture;
}

void
bs_test_server_free (BsTestServer *fixture)
{
  if (fixture == NULL)
    return;
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->server);
  bs_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
  g_free (fixture);
}

/* Sends one request; the variable arguments are header name/value pairs ending in NULL. */
BsTestResponse *
bs_test_request (BsTestServer *fixture,
                 const char   *method,
                 const char   *path,
                 const char   *body,
                 ...)
{
  g_autofree char *url = g_strconcat (bs_server_get_url (fixture->server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  BsTestResponse *response;
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), name,
                                  va_arg (args, const char *));
  va_end (args);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "text/plain;charset=UTF-8", bytes);
    }

  response = g_new0 (BsTestResponse, 1);
  response->body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return response;
}

void
bs_test_response_free (BsTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

const char *
bs_test_response_text (BsTestResponse *response)
{
  /* libsoup's bodies are NUL-terminated past their length. */
  return g_bytes_get_size (response->body) > 0 ? g_bytes_get_data (response->body, NULL) : "";
}

const char *
bs_test_response_header (BsTestResponse *response,
                         const char     *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

/* Parses the body, failing the test unless it is JSON with an application/json type. */
JsonNode *
bs_test_response_json (BsTestResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (response->body, &size);

  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Checks the error shape of the API: {"error":true,"code":N,"message":"…"} with status N. */
void
bs_test_assert_error (BsTestResponse *response,
                      guint           status,
                      const char     *message_part)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, status);
  root = bs_test_response_json (response);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (object, "error"));
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, status);
  if (message_part != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), message_part));
}

/* TRUE once @reply holds a whole response: its headers and Content-Length bytes. */
static gboolean
response_complete (GString *reply)
{
  const char *end = strstr (reply->str, "\r\n\r\n");
  const char *length = strcasestr (reply->str, "\r\nContent-Length:");

  if (end == NULL || length == NULL || length > end)
    return FALSE;
  return (gsize) (end + 4 - reply->str) + g_ascii_strtoull (length + 17, NULL, 10) <= reply->len;
}

/* Writes @request as is on a new connection and returns what the server sent back: one
 * whole response, or everything until it closed the connection or 5 s passed. */
char *
bs_test_raw_request (guint       port,
                     const char *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) reply = g_string_new (NULL);
  GInputStream *input;
  GSocket *socket;
  char buffer[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, 5);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while (!response_complete (reply) &&
         (n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (reply, buffer, n);

  return g_string_free (g_steal_pointer (&reply), FALSE);
}

/* @text with each placeholder replaced by its value: the arguments that follow are
 * name, value pairs, up to %NULL, replaced in that order. */
char *
bs_test_expand (const char *text,
                ...)
{
  char *result = g_strdup (text);
  const char *name;
  va_list pairs;

  va_start (pairs, text);
  while ((name = va_arg (pairs, const char *)) != NULL)
    {
      const char *value = va_arg (pairs, const char *);
      g_auto(GStrv) parts = g_strsplit (result, name, -1);

      g_free (result);
      result = g_strjoinv (value, parts);
    }
  va_end (pairs);
  return result;
}

typedef struct
{
  BsTestServer *node;
  const char *body;
  guint status;
} Guess;

static gpointer
guess_thread (gpointer data)
{
  Guess *guess = data;
  g_autoptr(BsTestResponse) response = bs_test_request (guess->node, "POST", "/api/signin",
                                                        guess->body, NULL);

  guess->status = response->status;
  return NULL;
}

/* Sends @n_guesses wrong passwords for @username at once, spread over @nodes in turn;
 * each is checked (401) or refused by the limit (429). Returns how many were checked. */
guint
bs_test_guess_at_once (BsTestServer **nodes,
                       guint          n_nodes,
                       const char    *username,
                       guint          n_guesses)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"a guess!\"}", username);
  g_autofree Guess *guesses = g_new0 (Guess, n_guesses);
  g_autofree GThread **threads = g_new0 (GThread *, n_guesses);
  guint checked = 0;

  for (guint i = 0; i < n_guesses; i++)
    {
      guesses[i] = (Guess) { nodes[i % n_nodes], body, 0 };
      threads[i] = g_thread_new ("guess", guess_thread, &guesses[i]);
    }
  for (guint i = 0; i < n_guesses; i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (guesses[i].status == 401 || guesses[i].status == 429);
      checked += guesses[i].status == 401;
    }
  return checked;
}

/* Signs in and returns the session token, failing the test on anything but 200. */
char *
bs_test_sign_in (BsTestServer *fixture,
                 const char   *username,
                 const char   *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}",
                                           username, password);
  g_autoptr(BsTestResponse) response = bs_test_request (fixture, "POST", "/api/signin", body,
                                                        NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *message;

  g_assert_cmpuint (response->status, ==, 200);
  root = bs_test_response_json (response);
  message = json_object_get_array_member (json_node_get_object (root), "message");
  g_assert_cmpuint (json_array_get_length (message), ==, 1);
  return g_strdup (json_array_get_string_element (message, 0));
}

/* Creates an account and returns a session token for it. */
char *
bs_test_sign_up (BsTestServer *fixture,
                 const char   *username,
                 const char   *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}",
                                           username, password);
  g_autoptr(BsTestResponse) response = bs_test_request (fixture, "POST", "/api/signup", body,
                                                        NULL);

  g_assert_cmpuint (response->status, ==, 201);
  return bs_test_sign_in (fixture, username, password);
}

/* A request with the token in X-Customer-Id, as the seed UI sends it. */
BsTestResponse *
bs_test_customer_request (BsTestServer *fixture,
                          const char   *token,
                          const char   *method,
                          const char   *path,
                          const char   *body)
{
  return bs_test_request (fixture, method, path, body, "X-Customer-Id", token, NULL);
}

guint
bs_test_customer_status (BsTestServer *fixture,
                         const char   *token,
                         const char   *method,
                         const char   *path,
                         const char   *body)
{
  g_autoptr(BsTestResponse) response = bs_test_customer_request (fixture, token, method, path, body);

  return response->status;
}

JsonObject *
bs_test_object_member_at (JsonArray  *array,
                          guint       index,
                          const char *member)
{
  JsonObject *element = json_array_get_object_element (array, index);

  return member != NULL ? json_object_get_object_member (element, member) : element;
}

/* Runs @sql straight on the shop's database at @location, whichever engine keeps it, with
 * @param (nullable) as its one parameter $1: each row's first column, rows joined by
 * @separator. */
char *
bs_test_db_query (const char *location,
                  const char *sql,
                  const char *param,
                  const char *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_str_has_prefix (location, "postgresql://"))
    {
      PGconn *conn = PQconnectdb (location);
      PGresult *result;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      result = PQexecParams (conn, sql, param != NULL ? 1 : 0, NULL, &param, NULL, NULL, 0);
      if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      for (int row = 0; row < PQntuples (result); row++)
        g_string_append_printf (text, "%s%s", row > 0 ? separator : "", PQgetvalue (result, row, 0));
      PQclear (result);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db;
      sqlite3_stmt *statement;
      int rc;

      g_assert_cmpint (sqlite3_open (location, &db), ==, SQLITE_OK);
      if (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      if (param != NULL)
        sqlite3_bind_text (statement, 1, param, -1, SQLITE_STATIC);
      for (guint row = 0; (rc = sqlite3_step (statement)) == SQLITE_ROW; row++)
        g_string_append_printf (text, "%s%s", row > 0 ? separator : "",
                                (const char *) sqlite3_column_text (statement, 0));
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (statement);
      sqlite3_close (db);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The leaderboard as the shop answers it: "b1×4 b2×1 …". */
char *
bs_test_leaderboard_text (BsTestServer *fixture)
{
  g_autoptr(BsTestResponse) response = bs_test_request (fixture, "GET", "/api/bestsellers", NULL, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);
  JsonArray *books = json_node_get_array (root);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpuint (response->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (books); i++)
    {
      JsonObject *book = json_array_get_object_element (books, i);

      g_string_append_printf (text, "%s%s×%" G_GINT64_FORMAT, i > 0 ? " " : "",
                              json_object_get_string_member (book, "bookId"),
                              json_object_get_int_member (book, "quantity"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
live_message_cb (SoupWebsocketConnection *connection,
                 int                      type,
                 GBytes                  *message,
                 BsTestLive              *live)
{
  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (live->frames, g_bytes_ref (message));
}

static void
live_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BsTestLive *live = user_data;

  live->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &live->error);
  if (live->connection != NULL)
    g_signal_connect (live->connection, "message", G_CALLBACK (live_message_cb), live);
}

/* The live best sellers' socket of the server at @server_url, connected. */
BsTestLive *
bs_test_live_connect (const char *server_url)
{
  BsTestLive *live = g_new0 (BsTestLive, 1);
  g_autofree char *url = g_strconcat (server_url, "/api/bestsellers/live", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  live->session = soup_session_new ();
  live->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  soup_session_websocket_connect_async (live->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        live_connected_cb, live);
  while (live->connection == NULL && live->error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (live->error);
  return live;
}

static gboolean
live_timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @count frames came or @seconds passed. */
void
bs_test_live_wait (BsTestLive *live,
                   guint       count,
                   double      seconds)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add ((guint) (seconds * 1000), live_timed_out_cb, &timed_out);

  while (live->frames->len < count && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
}

char *
bs_test_live_frame (BsTestLive *live,
                    guint       index)
{
  GBytes *frame = g_ptr_array_index (live->frames, index);

  return g_strndup (g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
}

/* Closes the socket, and waits for it to close. */
void
bs_test_live_free (BsTestLive *live)
{
  if (live->connection != NULL)
    {
      soup_websocket_connection_close (live->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      while (soup_websocket_connection_get_state (live->connection) != SOUP_WEBSOCKET_STATE_CLOSED)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (&live->connection);
  g_clear_object (&live->session);
  g_ptr_array_unref (live->frames);
  g_clear_error (&live->error);
  g_free (live);
}

/* The same board computed from the orders themselves: "b1×4 b2×1 …". */
char *
bs_test_board_from_orders (const char *db_path)
{
  return bs_test_db_query (db_path,
                           "SELECT book_id || '×' || sum (quantity) FROM order_lines "
                           "WHERE book_id IN (SELECT book_id FROM books) "
                           "GROUP BY book_id ORDER BY sum (quantity) DESC, "
                           "length (book_id), book_id LIMIT 20",
                           NULL, " ");
}

void
bs_test_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Returns the result, owned by the caller, and empties the slot. */
static gboolean
look_again_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
bs_test_wait_until_named (BsTestCondition done,
                          gpointer        data,
                          guint           seconds,
                          const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  /* A condition met on another thread (a file written, a server's state) wakes no loop:
   * look again now and then. Everything else wakes it by itself. */
  guint look_again = g_timeout_add (20, look_again_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_source_remove (look_again);
          g_error ("Waited %u s in vain for %s", seconds, what);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (look_again);
}

static void
out_of_time_cb (gpointer data)
{
  gboolean *out_of_time = data;

  *out_of_time = TRUE;
}

GAsyncResult *
bs_test_wait_result (GAsyncResult **slot)
{
  gboolean out_of_time = FALSE;
  guint deadline = g_timeout_add_once (60 * 1000, out_of_time_cb, &out_of_time);

  while (*slot == NULL)
    {
      if (out_of_time)
        g_error ("Waited 60 s in vain for an answer");
      g_main_context_iteration (NULL, TRUE);
    }
  if (!out_of_time)
    g_source_remove (deadline);
  return g_steal_pointer (slot);
}

static gboolean
fake_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  SoupServer        *server)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  soup_server_accept_iostream (server, G_IO_STREAM (connection), local, remote, NULL);
  return TRUE;
}

static void
stop_service (gpointer service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (service);
  g_object_unref (service);
}

/* A fake server of a test's own (a seed-like shop, one that answers garbage): libsoup
 * on loopback, port 0, its base URL ("http://127.0.0.1:PORT") in @out_base. It takes
 * its connections as BsServer's listeners do: libsoup 3.2's own listener leaks each
 * socket it accepts. */
SoupServer *
bs_test_fake_server_new (SoupServerCallback   handler,
                         gpointer             user_data,
                         char               **out_base)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  soup_server_add_handler (server, NULL, handler, user_data, NULL);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (fake_incoming_cb), server);
  g_object_set_data_full (G_OBJECT (server), "bs-test-service", service, stop_service);
  g_socket_service_start (service);
  *out_base = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return server;
}

/* Closes the fake server's connections and lets their ends be dispatched before it
 * goes, so that nothing of them outlives the test. */
void
bs_test_fake_server_free (SoupServer *server)
{
  if (server == NULL)
    return;
  g_object_set_data (G_OBJECT (server), "bs-test-service", NULL);
  soup_server_disconnect (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (server);
}

/* How many orders the server's stream worker has yet to count into the best sellers. */
gint64
bs_test_stream_lag (BsTestServer *fixture)
{
  g_autoptr(BsTestResponse) response = bs_test_request (fixture, "GET", "/api/health", NULL, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);

  return json_object_get_int_member (json_node_get_object (root), "streamLag");
}

/* A BsTestCondition: the best sellers count every order. */
gboolean
bs_test_stream_caught_up (gpointer fixture)
{
  return bs_test_stream_lag (fixture) == 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of an array of doubles (sorted in place). */
double
bs_test_median (GArray *values)
{
  g_assert_cmpuint (values->len, >, 0);
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* The value @percent in a hundred of @values are at or under (sorted in place). */
double
bs_test_percentile (GArray *values,
                    guint   percent)
{
  g_assert_cmpuint (values->len, >, 0);
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (values->len * percent) / 100));
}

static char crashed_pid[16];

static void
print_stack_and_die (int signal_number)
{
  pid_t debugger = fork ();

  if (debugger == 0)
    {
      dup2 (STDERR_FILENO, STDOUT_FILENO);
      execlp ("gdb", "gdb", "-batch", "-nx", "-p", crashed_pid, "-ex", "thread apply all bt 40",
              (char *) NULL);
      _exit (127);
    }
  if (debugger > 0)
    waitpid (debugger, NULL, 0);
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

/* In a case's own process, where GLib turns core dumps off: a crash, or the alarm GLib
 * sends a case out of time, prints every thread's stack, through gdb, before the process
 * dies of it. */
void
bs_test_print_stack_on_crash (void)
{
  prctl (PR_SET_DUMPABLE, 1);
  /* Where Yama allows only ancestors to attach, gdb is a child. */
  prctl (PR_SET_PTRACER, PR_SET_PTRACER_ANY);
  g_snprintf (crashed_pid, sizeof crashed_pid, "%d", (int) getpid ());
  signal (SIGSEGV, print_stack_and_die);
  signal (SIGBUS, print_stack_and_die);
  signal (SIGFPE, print_stack_and_die);
  /* What GLib sends a case that ran out of time: where it hangs. */
  signal (SIGALRM, print_stack_and_die);
}

/* Renames @book_id in the shop's database, as an operator's catalog update would. */
void
bs_test_rename_book (BsTestServer *server,
                     const char   *book_id,
                     const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (server->db_path, &error);
  g_autoptr(BsBookRecord) book = NULL;
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);

  g_assert_no_error (error);
  book = bs_store_get_book (store, book_id, &error);
  g_assert_no_error (error);
  g_ptr_array_add (books, bs_book_record_new (book_id, name, book->author, book->category,
                                              book->price_cents, book->rating_tenths));
  bs_store_upsert_books (store, books, NULL, &error);
  g_assert_no_error (error);
}
