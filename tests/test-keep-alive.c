/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-client.h"
#include "bs-test-util.h"

/* A reply on a kept-alive connection comes at once. Without TCP_NODELAY on either end,
 * Nagle's algorithm holds a reply's second write until the first is acknowledged, and
 * the peer's delayed ACK makes that about 40 ms: every call the app makes would wait for
 * nothing. The median of many round trips on loopback must stay far below that. (Over
 * TLS: test-server-process's TLS test.) */

#define ROUND_TRIPS 31
/* The failure this guards against costs 40 ms a round trip; under the sanitizers, the
 * work itself takes a few times longer. */
#ifdef BS_SANITIZED
#define LIMIT_MS 30.0
#else
#define LIMIT_MS 10.0
#endif

/* Reads one response off @input: headers, then Content-Length bytes of body. */
static void
read_response (GDataInputStream *input)
{
  gsize length = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_strchomp (line);
      if (line[0] == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = (gsize) g_ascii_strtoull (line + 15, NULL, 10);
    }
  {
    g_autofree char *body = g_malloc (length);
    g_autoptr(GError) error = NULL;
    gsize got = 0;

    g_input_stream_read_all (G_INPUT_STREAM (input), body, length, &got, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (got, ==, length);
  }
}

/* The server's end: plain requests on one socket, as any client would send them. */
static void
test_server_replies_at_once (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  const char *request = "GET /api/books/b1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  GOutputStream *output;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) bs_server_get_port (server->server), NULL,
                                                &error);
  g_assert_no_error (error);
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  for (guint i = 0; i < ROUND_TRIPS; i++)
    {
      gint64 started = g_get_monotonic_time ();
      double ms;

      g_output_stream_write_all (output, request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      read_response (input);
      ms = (g_get_monotonic_time () - started) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_test_message ("median keep-alive round trip to the server: %.2f ms", bs_test_median (times));
  g_assert_cmpfloat (bs_test_median (times), <, LIMIT_MS);
}

/* The client's end too: BsClient, one SoupSession, the calls the app makes. */
static void
test_client_round_trips_at_once (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < ROUND_TRIPS; i++)
    {
      GAsyncResult *slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(BsBook) book = NULL;
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();
      double ms;

      bs_client_get_book_async (client, "b1", NULL, bs_test_result_cb, &slot);
      result = bs_test_wait_result (&slot);
      book = bs_client_get_book_finish (client, result, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - started) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_test_message ("median round trip through BsClient: %.2f ms", bs_test_median (times));
  g_assert_cmpfloat (bs_test_median (times), <, LIMIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keep-alive/server-replies-at-once", test_server_replies_at_once);
  g_test_add_func ("/keep-alive/client-round-trips-at-once", test_client_round_trips_at_once);

  return g_test_run ();
}
