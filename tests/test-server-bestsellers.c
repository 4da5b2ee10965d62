/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-store.h"
#include "bs-test-util.h"

/* The best-seller stream: the leaderboard is the sum of all ordered quantities, exactly
 * once, across restarts of its worker and after a rebuild; the live socket sends it on
 * connect and once per change. */

#define WAIT_SECONDS 10

/* How long it takes is for a benchmark; here it only has to happen. */
static void
wait_for_stream (BsTestServer *server)
{
  bs_test_wait_until (bs_test_stream_caught_up, server, WAIT_SECONDS);
}

static void
order (BsTestServer *server,
       const char   *token,
       const char   *book_id,
       guint         quantity)
{
  g_autofree char *body = g_strdup_printf ("{\"bookId\":\"%s\",\"quantity\":%u}", book_id, quantity);

  g_assert_cmpuint (bs_test_customer_status (server, token, "POST", "/api/cart", body), ==, 200);
  g_assert_cmpuint (bs_test_customer_status (server, token, "POST", "/api/orders", NULL), ==, 201);
}

static void
test_demo_leaderboard (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *board = NULL;

  wait_for_stream (server);
  board = bs_test_leaderboard_text (server);
  /* The seed's leaderboard, ties in natural id order. */
  g_assert_cmpstr (board, ==, "b1×1 b2×1 b3×1 b5×1 b9×1 b13×1 b17×1");
}

static void
test_leaderboard_is_the_sum_of_orders (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 2);
  g_autofree char *token = bs_test_sign_up (server, "sum@example.com", "summing up");
  g_autofree char *board = NULL;
  g_autofree char *expected = NULL;

  order (server, token, "b13", 3);
  order (server, token, "b20", 2);
  order (server, token, "b13", 1);
  wait_for_stream (server);

  board = bs_test_leaderboard_text (server);
  expected = bs_test_board_from_orders (server->db_path);
  g_assert_true (g_str_has_prefix (board, "b13×5 b20×2 b1×1"));
  g_assert_cmpstr (board, ==, expected);
}

static BsServer *
start_server (const char *db_path,
              gboolean    hold_stream)
{
  g_autoptr(GError) error = NULL;
  BsServer *server = bs_server_new (&(BsServerConfig) {
    .db_path = db_path, .n_threads = 1, .demo = TRUE, .hold_stream = hold_stream });

  bs_server_open (server, &error);
  g_assert_no_error (error);
  bs_server_start (server, &error);
  g_assert_no_error (error);
  return server;
}

/* Orders committed while no worker runs are taken in once it does, and only once. */
static void
test_exactly_once_across_restarts (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *token = bs_test_sign_up (server, "restart.stream@example.com", "stream on");
  g_autofree char *before = NULL;
  g_autofree char *held = NULL;
  g_autofree char *resumed = NULL;
  g_autofree char *again = NULL;

  wait_for_stream (server);
  before = bs_test_leaderboard_text (server);

  g_clear_object (&server->server);
  server->server = start_server (server->db_path, TRUE);
  order (server, token, "b30", 4);
  g_assert_cmpint (bs_test_stream_lag (server), ==, 1);
  held = bs_test_leaderboard_text (server);
  g_assert_cmpstr (held, ==, before);

  g_clear_object (&server->server);
  server->server = start_server (server->db_path, FALSE);
  wait_for_stream (server);
  resumed = bs_test_leaderboard_text (server);
  g_assert_true (g_str_has_prefix (resumed, "b30×4 "));

  g_clear_object (&server->server);
  server->server = start_server (server->db_path, FALSE);
  wait_for_stream (server);
  again = bs_test_leaderboard_text (server);
  g_assert_cmpstr (again, ==, resumed);
  {
    g_autofree char *expected = bs_test_board_from_orders (server->db_path);
    g_assert_cmpstr (again, ==, expected);
  }
}

static void
test_rebuild (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *token = bs_test_sign_up (server, "rebuild@example.com", "rebuild it");
  g_autofree char *expected = NULL;
  g_autofree char *rebuilt = NULL;
  g_autoptr(GError) error = NULL;

  order (server, token, "b44", 2);
  wait_for_stream (server);
  g_clear_object (&server->server);

  /* Damage the leaderboard behind the service's back. */
  g_free (bs_test_db_query (server->db_path, "UPDATE bestsellers SET quantity = 999", NULL, ""));

  server->server = bs_server_new (&(BsServerConfig) { .db_path = server->db_path, .n_threads = 1,
                                                      .hold_stream = TRUE });
  bs_server_open (server->server, &error);
  g_assert_no_error (error);
  bs_server_rebuild_bestsellers (server->server, &error);
  g_assert_no_error (error);
  bs_server_start (server->server, &error);
  g_assert_no_error (error);

  rebuilt = bs_test_leaderboard_text (server);
  expected = bs_test_board_from_orders (server->db_path);
  g_assert_cmpstr (rebuilt, ==, expected);
  g_assert_true (g_str_has_prefix (rebuilt, "b44×2 "));
  g_assert_cmpint (bs_test_stream_lag (server), ==, 0);
}

/* The live socket */

static void
test_live_socket (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 2);
  g_autofree char *token = bs_test_sign_up (server, "live@example.com", "live and well");
  g_autoptr(BsTestResponse) board = NULL;
  g_autoptr(BsTestResponse) plain = NULL;
  g_autoptr(BsTestLive) live = NULL;
  g_autofree char *first = NULL;
  g_autofree char *update = NULL;

  wait_for_stream (server);
  live = bs_test_live_connect (bs_server_get_url (server->server));

  /* The board on connect. */
  bs_test_live_wait (live, 1, WAIT_SECONDS);
  g_assert_cmpuint (live->frames->len, ==, 1);
  board = bs_test_request (server, "GET", "/api/bestsellers", NULL, NULL);
  first = bs_test_live_frame (live, 0);
  g_assert_cmpstr (first, ==, bs_test_response_text (board));

  /* One checkout, one update that carries it, and nothing more. */
  order (server, token, "b77", 5);
  bs_test_live_wait (live, 2, WAIT_SECONDS);
  g_assert_cmpuint (live->frames->len, ==, 2);
  update = bs_test_live_frame (live, 1);
  g_assert_true (g_str_has_prefix (update, "[{\"bookId\":\"b77\""));
  g_assert_nonnull (strstr (update, "\"quantity\":5}"));
  bs_test_live_wait (live, 3, 1.0);
  g_assert_cmpuint (live->frames->len, ==, 2);

  /* A plain GET is told what the route is. */
  plain = bs_test_request (server, "GET", "/api/bestsellers/live", NULL, NULL);
  bs_test_assert_error (plain, 400, "is a WebSocket");
}

/* A burst of checkouts is folded into at most ten frames a second, the last one current. */
static void
test_live_coalesces (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *token = bs_test_sign_up (server, "burst@example.com", "burst of orders");
  g_autoptr(BsTestLive) live = NULL;
  g_autofree char *last = NULL;
  g_autofree char *board = NULL;
  gint64 start;
  gint64 elapsed_ms;

  wait_for_stream (server);
  live = bs_test_live_connect (bs_server_get_url (server->server));
  bs_test_live_wait (live, 1, WAIT_SECONDS);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    order (server, token, "b50", 1);
  wait_for_stream (server);
  bs_test_live_wait (live, G_MAXUINT, 0.5);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_cmpuint (live->frames->len - 1, <=, elapsed_ms / 100 + 2);
  last = bs_test_live_frame (live, live->frames->len - 1);
  board = bs_test_leaderboard_text (server);
  g_assert_true (g_str_has_prefix (board, "b50×20 "));
  g_assert_true (g_str_has_prefix (last, "[{\"bookId\":\"b50\""));
  g_assert_nonnull (strstr (last, "\"quantity\":20}"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bestsellers/demo-leaderboard", test_demo_leaderboard);
  g_test_add_func ("/bestsellers/sum-of-orders", test_leaderboard_is_the_sum_of_orders);
  g_test_add_func ("/bestsellers/exactly-once-across-restarts", test_exactly_once_across_restarts);
  g_test_add_func ("/bestsellers/rebuild", test_rebuild);
  g_test_add_func ("/bestsellers/live-socket", test_live_socket);
  g_test_add_func ("/bestsellers/live-coalesces", test_live_coalesces);

  return g_test_run ();
}
