/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sysexits.h>

#include <libpq-fe.h>

#include "bs-test-util.h"

/* Many stateless nodes, one shop: servers over one PostgreSQL database share customers,
 * sessions, carts, idempotency keys and the best sellers, and the shop keeps going when a
 * node dies or the database restarts. Runs beside a throwaway PostgreSQL
 * (run-with-postgres.sh). */

#define WAIT_SECONDS 30

static BsTestServer *
node_new (const char *location,
          gboolean    demo)
{
  return bs_test_server_new_configured (&(BsServerConfig) { .db_path = location, .n_threads = 2,
                                                            .demo = demo });
}

typedef struct
{
  BsTestServer *node;
  const char *token;
  guint status;
  char *body;
} Checkout;

static gpointer
check_out_thread (gpointer data)
{
  Checkout *checkout = data;
  g_autoptr(BsTestResponse) response = bs_test_request (checkout->node, "POST", "/api/orders", NULL,
                                                        "X-Customer-Id", checkout->token,
                                                        "Idempotency-Key", "one-for-both", NULL);

  checkout->status = response->status;
  checkout->body = g_strdup (bs_test_response_text (response));
  return NULL;
}

static char *
order_id_of (const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "orderId"));
}

static guint
count_orders (BsTestResponse *orders)
{
  g_autoptr(JsonNode) root = bs_test_response_json (orders);

  g_assert_cmpuint (orders->status, ==, 200);
  return json_array_get_length (json_node_get_array (root));
}

typedef struct
{
  BsTestServer **nodes;
  guint n_nodes;
  const char *expected;
} Boards;

/* Every node shows the leaderboard the orders add up to. */
static gboolean
every_board_is (gpointer data)
{
  Boards *boards = data;

  for (guint i = 0; i < boards->n_nodes; i++)
    {
      g_autofree char *board = bs_test_leaderboard_text (boards->nodes[i]);

      if (g_strcmp0 (board, boards->expected) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Sign up on A, sign in on B, fill the cart on B and see it on A; one checkout sent to A
 * and B at once with one Idempotency-Key is one order, seen from C; every node's
 * leaderboard counts it, and a live socket on C hears of it. */
static void
test_one_shop_across_nodes (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *location = bs_test_database_location (dir);
  g_autoptr(BsTestServer) a = node_new (location, TRUE);
  g_autoptr(BsTestServer) b = node_new (location, TRUE);
  g_autoptr(BsTestServer) c = node_new (location, FALSE);
  BsTestServer *nodes[] = { a, b, c };
  g_autofree char *signed_up = bs_test_sign_up (a, "across@example.com", "one shop, three nodes");
  g_autofree char *token = bs_test_sign_in (b, "across@example.com", "one shop, three nodes");
  g_autoptr(BsTestResponse) cart = NULL;
  g_autoptr(BsTestResponse) orders = NULL;
  g_autoptr(BsTestLive) live = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *update = NULL;
  g_autofree char *board_on_c = NULL;
  Checkout checkouts[] = { { a, token, 0, NULL }, { b, token, 0, NULL } };
  GThread *threads[G_N_ELEMENTS (checkouts)];
  Boards boards = { nodes, G_N_ELEMENTS (nodes), NULL };

  g_assert_cmpuint (bs_test_customer_status (b, token, "POST", "/api/cart", "{\"bookId\":\"b5\",\"quantity\":2}"),
                    ==, 200);
  g_assert_cmpuint (bs_test_customer_status (b, token, "POST", "/api/cart", "{\"bookId\":\"b9\",\"quantity\":1}"),
                    ==, 200);
  cart = bs_test_customer_request (a, token, "GET", "/api/cart", NULL);
  g_assert_cmpuint (cart->status, ==, 200);
  g_assert_nonnull (strstr (bs_test_response_text (cart), "\"bookId\":\"b5\""));
  g_assert_nonnull (strstr (bs_test_response_text (cart), "\"quantity\":2"));
  g_assert_nonnull (strstr (bs_test_response_text (cart), "\"bookId\":\"b9\""));

  bs_test_wait_until (bs_test_stream_caught_up, c, WAIT_SECONDS);
  live = bs_test_live_connect (bs_server_get_url (c->server));
  bs_test_live_wait (live, 1, WAIT_SECONDS);
  g_assert_cmpuint (live->frames->len, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (checkouts); i++)
    threads[i] = g_thread_new ("checkout", check_out_thread, &checkouts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (checkouts); i++)
    g_thread_join (threads[i]);
  /* One places the order, the other is answered with it as a replay. */
  g_assert_cmpuint (checkouts[0].status + checkouts[1].status, ==, 201 + 200);
  first_id = order_id_of (checkouts[0].body);
  second_id = order_id_of (checkouts[1].body);
  g_assert_cmpstr (first_id, ==, second_id);
  orders = bs_test_customer_request (c, token, "GET", "/api/orders", NULL);
  g_assert_cmpuint (count_orders (orders), ==, 1);

  expected = bs_test_board_from_orders (location);
  boards.expected = expected;
  bs_test_wait_until (every_board_is, &boards, WAIT_SECONDS);
  bs_test_live_wait (live, 2, WAIT_SECONDS);
  g_assert_cmpuint (live->frames->len, >=, 2);
  update = bs_test_live_frame (live, live->frames->len - 1);
  g_assert_nonnull (strstr (update, "{\"bookId\":\"b5\""));
  board_on_c = bs_test_leaderboard_text (c);
  g_assert_nonnull (strstr (board_on_c, "b5×3"));

  for (guint i = 0; i < G_N_ELEMENTS (checkouts); i++)
    g_free (checkouts[i].body);
  bs_test_remove_dir (dir);
}

typedef struct
{
  BsTestServer *node;
  const char *token;
  gint stop;
  guint answered;
  guint unavailable;   /* 503, with the JSON error */
  guint other;         /* anything else: none allowed */
} Load;

/* Reads the cart over and over until told to stop, counting how each read went. */
static gpointer
load_thread (gpointer data)
{
  Load *load = data;

  while (!g_atomic_int_get (&load->stop))
    {
      g_autoptr(BsTestResponse) response = bs_test_customer_request (load->node, load->token, "GET",
                                                                     "/api/cart", NULL);

      if (response->status == 200)
        load->answered++;
      else if (response->status == 503 &&
               strstr (bs_test_response_text (response), "\"error\":true") != NULL)
        load->unavailable++;
      else
        load->other++;
    }
  return NULL;
}

typedef struct
{
  BsTestServer *node;
  const char *token;
} Customer;

static gboolean
cart_answers (gpointer data)
{
  Customer *customer = data;

  return bs_test_customer_status (customer->node, customer->token, "GET", "/api/cart", NULL) == 200;
}

/* Each of a node's connections finds out on its own that the database came back, and
 * one that tried during the restart waits a little before it tries again (its answer
 * meanwhile: 503 with Retry-After). So writes are retried, as a client does. */
static gboolean
cart_line_added (gpointer data)
{
  Customer *customer = data;

  return bs_test_customer_status (customer->node, customer->token, "PUT", "/api/cart",
                                  "{\"bookId\":\"b3\",\"quantity\":4}") == 200;
}

static gboolean
checked_out (gpointer data)
{
  Customer *customer = data;
  g_autoptr(BsTestResponse) response = bs_test_request (customer->node, "POST", "/api/orders", NULL,
                                                        "X-Customer-Id", customer->token,
                                                        "Idempotency-Key", "after-the-restart", NULL);

  return response->status == 201 || response->status == 200;
}

/* PostgreSQL restarts under two busy nodes: meanwhile they answer 503 with a JSON error,
 * never anything worse; afterwards both serve again, reads and writes, and the best
 * sellers count new orders, without the nodes being restarted. */
static void
test_database_restarts_under_load (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *location = bs_test_database_location (dir);
  g_autoptr(BsTestServer) a = node_new (location, TRUE);
  g_autoptr(BsTestServer) b = node_new (location, FALSE);
  g_autofree char *token = bs_test_sign_up (a, "restart@example.com", "the database restarts");
  Load loads[] = { { a, token, 0, 0, 0, 0 }, { b, token, 0, 0, 0, 0 } };
  GThread *threads[G_N_ELEMENTS (loads)];
  g_autofree char *expected = NULL;
  g_autoptr(BsTestResponse) orders = NULL;
  Customer on_a = { a, token };
  Customer on_b = { b, token };
  GError *error = NULL;
  int status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    threads[i] = g_thread_new ("load", load_thread, &loads[i]);
  g_spawn_command_line_sync (g_getenv ("BOOKSTORE_TEST_POSTGRES_RESTART"), NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    {
      Customer customer = { loads[i].node, token };

      bs_test_wait_until (cart_answers, &customer, WAIT_SECONDS);
    }
  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    {
      g_atomic_int_set (&loads[i].stop, TRUE);
      g_thread_join (threads[i]);
      g_test_message ("node %u during the restart: %u answered, %u unavailable", i, loads[i].answered,
                      loads[i].unavailable);
      g_assert_cmpuint (loads[i].other, ==, 0);
      g_assert_cmpuint (loads[i].answered, >, 0);
      /* The reads went on through the restart: some found the database away. */
      g_assert_cmpuint (loads[i].unavailable, >, 0);
    }

  bs_test_wait_until (cart_line_added, &on_b, WAIT_SECONDS);
  bs_test_wait_until (checked_out, &on_a, WAIT_SECONDS);
  orders = bs_test_customer_request (b, token, "GET", "/api/orders", NULL);
  g_assert_cmpuint (count_orders (orders), ==, 1);
  bs_test_wait_until (bs_test_stream_caught_up, b, WAIT_SECONDS);
  expected = bs_test_board_from_orders (location);
  for (guint i = 0; i < G_N_ELEMENTS (loads); i++)
    {
      g_autofree char *board = bs_test_leaderboard_text (loads[i].node);

      g_assert_cmpstr (board, ==, expected);
    }
  bs_test_remove_dir (dir);
}

/* Failed sign-ins count on every node: five wrong passwords spread over two nodes, and
 * the right one on a third waits as on one node. */
static void
test_signin_limits_across_nodes (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *location = bs_test_database_location (dir);
  g_autoptr(BsTestServer) a = node_new (location, FALSE);
  g_autoptr(BsTestServer) b = node_new (location, FALSE);
  g_autoptr(BsTestServer) c = node_new (location, FALSE);
  BsTestServer *guessed_on[] = { a, b, a, b, a };
  g_autofree char *signed_up = bs_test_sign_up (a, "limits@example.com", "the right password");
  g_autoptr(BsTestResponse) blocked = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (guessed_on); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_request (
        guessed_on[i], "POST", "/api/signin",
        "{\"username\":\"limits@example.com\",\"password\":\"a wrong guess\"}", NULL);

      bs_test_assert_error (response, 401, "Wrong email or password");
    }
  blocked = bs_test_request (c, "POST", "/api/signin",
                             "{\"username\":\"limits@example.com\",\"password\":\"the right password\"}",
                             NULL);
  bs_test_assert_error (blocked, 429, "Too many failed attempts");
  g_assert_nonnull (bs_test_response_header (blocked, "Retry-After"));
  bs_test_remove_dir (dir);
}

/* Runs @sql with @param on @conn, and returns whether it went through. */
static gboolean
run_on (PGconn     *conn,
        const char *sql,
        const char *param)
{
  PGresult *result = PQexecParams (conn, sql, param != NULL ? 1 : 0, NULL, &param, NULL, NULL, 0);
  gboolean ok = PQresultStatus (result) == PGRES_TUPLES_OK || PQresultStatus (result) == PGRES_COMMAND_OK;

  if (!ok)
    g_test_message ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  return ok;
}

static gboolean
checkout_waits_for_cart_lock_cb (gpointer data)
{
  g_autofree char *waiting = bs_test_db_query (data,
                                               "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                               "AND query LIKE '%FROM cart_lines%FOR UPDATE%'",
                                               NULL, "");

  return g_strcmp0 (waiting, "0") != 0;
}

/* PostgreSQL breaks a deadlock by rolling one side back. A checkout that was that side is
 * tried again and goes through, instead of answering 503. The other side here holds the
 * customer's cart lines, then asks for the customer's row, which the checkout holds. */
static void
test_checkout_survives_a_deadlock (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *location = bs_test_database_location (dir);
  g_autoptr(BsTestServer) node = node_new (location, TRUE);
  g_autofree char *token = bs_test_sign_up (node, "deadlock@example.com", "round and round");
  g_autoptr(BsTestResponse) added = bs_test_customer_request (node, token, "POST", "/api/cart",
                                                              "{\"bookId\":\"b1\",\"quantity\":1}");
  g_autofree char *customer_id = bs_test_db_query (location,
                                                   "SELECT customer_id FROM customers WHERE username = $1",
                                                   "deadlock@example.com", "");
  g_autoptr(BsTestResponse) orders = NULL;
  Checkout checkout = { node, token, 0, NULL };
  PGconn *other = PQconnectdb (location);
  GThread *thread;

  g_assert_cmpuint (added->status, ==, 200);
  g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);
  g_assert_true (run_on (other, "BEGIN", NULL));
  g_assert_true (run_on (other, "SELECT 1 FROM cart_lines WHERE customer_id = $1 FOR UPDATE", customer_id));

  thread = g_thread_new ("checkout", check_out_thread, &checkout);
  bs_test_wait_until (checkout_waits_for_cart_lock_cb, location, WAIT_SECONDS);
  /* The checkout waited first, so its deadlock check (after deadlock_timeout, 1 s) finds
   * the cycle and rolls the checkout back: this side goes through. */
  g_assert_true (run_on (other, "SELECT 1 FROM customers WHERE customer_id = $1 FOR NO KEY UPDATE",
                         customer_id));
  g_assert_true (run_on (other, "COMMIT", NULL));
  g_thread_join (thread);
  PQfinish (other);

  g_assert_cmpuint (checkout.status, ==, 201);
  orders = bs_test_customer_request (node, token, "GET", "/api/orders", NULL);
  g_assert_cmpuint (count_orders (orders), ==, 1);
  g_free (checkout.body);
  bs_test_remove_dir (dir);
}

/* A node started on @location exits with @expected_status and says @says, without the
 * password. */
static void
assert_start_fails (const char *location,
                    int         expected_status,
                    const char *says)
{
  const char *argv[] = { g_getenv ("BOOKSTORE_SERVER"), "--db", location, "--port", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_autofree char *complaint = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &complaint, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);
  g_assert_nonnull (strstr (complaint, says));
  g_assert_null (strstr (complaint, "hunter2"));
}

/* At start, a database out of reach is worth trying again later (EX_UNAVAILABLE, for a
 * supervisor), and one that turns the node away is not (EX_CONFIG): a wrong role, a
 * missing database. */
static void
test_database_at_start (void)
{
  const char *host = strstr (g_getenv ("BOOKSTORE_TEST_POSTGRES"), "host=");
  g_autofree char *socket_dir = NULL;
  g_autofree char *no_role = NULL;
  g_autofree char *no_database = NULL;

  g_assert_nonnull (host);
  socket_dir = g_strndup (host + 5, strcspn (host + 5, "&"));
  no_role = g_strdup_printf ("postgresql://nobody:hunter2@/postgres?host=%s", socket_dir);
  no_database = g_strdup_printf ("postgresql://bookstore:hunter2@/no_such_shop?host=%s", socket_dir);
  assert_start_fails ("postgresql://bookstore:hunter2@127.0.0.1:1/postgres", EX_UNAVAILABLE,
                      "cannot be reached");
  assert_start_fails (no_role, EX_CONFIG, "refused the connection");
  assert_start_fails (no_database, EX_CONFIG, "refused the connection");
}

/* Twenty guesses at once, half on each of two nodes, get no more checks than five in a
 * row would: the nodes take turns on the count. */
static void
test_signin_burst_across_nodes (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *location = bs_test_database_location (dir);
  g_autoptr(BsTestServer) a = node_new (location, FALSE);
  g_autoptr(BsTestServer) b = node_new (location, FALSE);
  BsTestServer *nodes[] = { a, b };

  g_free (bs_test_sign_up (a, "burst@example.com", "the real one"));
  g_assert_cmpuint (bs_test_guess_at_once (nodes, G_N_ELEMENTS (nodes), "burst@example.com", 20), ==, 5);
  bs_test_remove_dir (dir);
}

static void
skip_without_postgres (void)
{
  g_test_skip ("Runs beside a PostgreSQL of its own: tests/run-with-postgres.sh");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!bs_test_on_postgres ())
    {
      g_test_add_func ("/cluster/one-shop-across-nodes", skip_without_postgres);
      g_test_add_func ("/cluster/database-restarts-under-load", skip_without_postgres);
      g_test_add_func ("/cluster/signin-limits-across-nodes", skip_without_postgres);
      g_test_add_func ("/cluster/database-at-start", skip_without_postgres);
      g_test_add_func ("/cluster/checkout-survives-a-deadlock", skip_without_postgres);
      g_test_add_func ("/cluster/signin-burst-across-nodes", skip_without_postgres);
      return g_test_run ();
    }
  g_test_add_func ("/cluster/one-shop-across-nodes", test_one_shop_across_nodes);
  g_test_add_func ("/cluster/database-restarts-under-load", test_database_restarts_under_load);
  g_test_add_func ("/cluster/signin-limits-across-nodes", test_signin_limits_across_nodes);
  g_test_add_func ("/cluster/database-at-start", test_database_at_start);
  g_test_add_func ("/cluster/checkout-survives-a-deadlock", test_checkout_survives_a_deadlock);
  g_test_add_func ("/cluster/signin-burst-across-nodes", test_signin_burst_across_nodes);
  return g_test_run ();
}
