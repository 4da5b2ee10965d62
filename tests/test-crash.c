/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "bs-test-util.h"

/* The crash test: shoppers fill carts and check out with idempotency keys against a
 * bookstore-server that is killed outright (SIGKILL) after a random number of requests,
 * then restarted on the same database, round after round. A shopper whose request was
 * cut off finds out afterwards what became of it, as a real client must: it reads its
 * cart again, and sends a checkout again with the same key. In the end no acknowledged
 * order may be lost or doubled, no order may be missing a line or a purchase edge, no
 * cart may still hold what was ordered, and the best sellers must add up to the order
 * lines. Beside a PostgreSQL (run-with-postgres.sh), three nodes serve one database and
 * the shoppers spread their requests over them; each round kills one node, and the others
 * must keep serving meanwhile. */

#define N_SHOPPERS 8
#define N_ROUNDS 100
/* Each round starts a node again, which takes longer over PostgreSQL. */
#define N_ROUNDS_ON_POSTGRES 25
#define N_BOOKS 84

typedef struct
{
  char *order_id;
  char *lines;    /* "b12×2 b3×1", in the order's line order */
} Acknowledged;

typedef struct
{
  guint index;
  char *username;
  char *token;             /* signed in before the kills begin */
  GHashTable *cart;        /* book id → copies, as last known for sure */
  gboolean cart_unknown;   /* a change of the cart was cut off: read it again */
  char *pending_key;       /* (nullable): a checkout sent, its answer not seen */
  char *pending_lines;     /* what the cart held when it was sent */
  guint next_key;
  GPtrArray *orders;       /* Acknowledged */
  GRand *rand;
  SoupSession *session;    /* (nullable): one per round and thread */
} Shopper;

#define MAX_NODES 3

typedef struct
{
  const char *urls[MAX_NODES];   /* the nodes serving this round */
  guint n_urls;
  gboolean over;           /* (locked): the node was killed, the shoppers stop */
  gint requests;           /* answered this round */
  gint kill_after;
  GMutex lock;
  GCond answered;
  /* Figures for the README. */
  guint sent;
  guint cut_off;    /* refused or cut off by a kill: one a shopper, each round */
  guint replayed;
} Round;

static const char *
server_path (void)
{
  const char *path = g_getenv ("BOOKSTORE_SERVER");

  g_assert_nonnull (path);
  return path;
}

static void
acknowledged_free (gpointer data)
{
  Acknowledged *order = data;

  g_free (order->order_id);
  g_free (order->lines);
  g_free (order);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The lines of a cart or an order as text, by book id: one way to compare them. */
static char *
lines_text (GHashTable *lines)
{
  g_autofree gpointer *keys = (gpointer *) g_hash_table_get_keys_as_array (lines, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_hash_table_size (lines);

  g_qsort_with_data (keys, (gint) n, sizeof (gpointer), compare_ids, NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s×%d", i > 0 ? " " : "", (const char *) keys[i],
                            GPOINTER_TO_INT (g_hash_table_lookup (lines, keys[i])));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
json_lines_text (JsonArray *array)
{
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *line = json_array_get_object_element (array, i);

      g_hash_table_insert (lines, g_strdup (json_object_get_string_member (line, "bookId")),
                           GINT_TO_POINTER ((int) json_object_get_int_member (line, "quantity")));
    }
  return lines_text (lines);
}

/* Sends one request. FALSE when the server is gone (the round is over for this
 * shopper); otherwise the status and the parsed body. */
static gboolean
send (Shopper     *shopper,
      Round       *round,
      const char  *method,
      const char  *path,
      const char  *key,
      const char  *body,
      guint       *out_status,
      JsonNode   **out_json)
{
  const char *node = round->urls[g_rand_int_range (shopper->rand, 0, (gint32) round->n_urls)];
  g_autofree char *url = g_strconcat (node, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (shopper->token != NULL)
    soup_message_headers_replace (headers, "X-Customer-Id", shopper->token);
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  g_mutex_lock (&round->lock);
  if (round->over)
    {
      g_mutex_unlock (&round->lock);
      return FALSE;
    }
  round->sent++;
  g_mutex_unlock (&round->lock);
  reply = soup_session_send_and_read (shopper->session, msg, NULL, &error);
  if (reply == NULL)
    {
      g_mutex_lock (&round->lock);
      round->cut_off++;
      g_mutex_unlock (&round->lock);
      return FALSE;
    }

  g_mutex_lock (&round->lock);
  round->requests++;
  g_cond_broadcast (&round->answered);
  g_mutex_unlock (&round->lock);

  *out_status = soup_message_get_status (msg);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                             (gssize) g_bytes_get_size (reply), NULL));
  *out_json = json_node_ref (json_parser_get_root (parser));
  return TRUE;
}

#define SEND(shopper, round, method, path, key, body)                                   \
  send (shopper, round, method, path, key, body, &status, &json)

static gboolean
sign_in (Shopper *shopper,
         Round   *round)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"crash test %u\"}",
                                           shopper->username, shopper->index);
  g_autoptr(JsonNode) json = NULL;
  guint status;

  /* Tried again after a busy sign-in, the account is there already. */
  if (!SEND (shopper, round, "POST", "/api/signup", NULL, body))
    return FALSE;
  if (status == 503)
    return TRUE;   /* busy: nothing was changed; tried again */
  g_assert_true (status == 201 || status == 409);
  g_clear_pointer (&json, json_node_unref);
  if (!SEND (shopper, round, "POST", "/api/signin", NULL, body))
    return FALSE;
  if (status == 503)
    return TRUE;
  if (status != 200)
    g_error ("Sign-in of %s answered %u", shopper->username, status);
  shopper->token = g_strdup (json_array_get_string_element (
    json_object_get_array_member (json_node_get_object (json), "message"), 0));
  return TRUE;
}

static gboolean
read_cart (Shopper *shopper,
           Round   *round)
{
  g_autoptr(JsonNode) json = NULL;
  JsonArray *items;
  guint status;

  if (!SEND (shopper, round, "GET", "/api/cart", NULL, NULL))
    return FALSE;
  if (status == 503)
    return TRUE;
  g_assert_cmpuint (status, ==, 200);
  g_hash_table_remove_all (shopper->cart);
  items = json_node_get_array (json);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      /* {"order": the flat cart item, "book": the book} */
      JsonObject *item = json_object_get_object_member (json_array_get_object_element (items, i),
                                                        "order");

      g_hash_table_insert (shopper->cart, g_strdup (json_object_get_string_member (item, "bookId")),
                           GINT_TO_POINTER ((int) json_object_get_int_member (item, "quantity")));
    }
  shopper->cart_unknown = FALSE;
  return TRUE;
}

static gboolean
add_to_cart (Shopper *shopper,
             Round   *round)
{
  g_autofree char *book_id = g_strdup_printf ("b%d", g_rand_int_range (shopper->rand, 1, N_BOOKS + 1));
  int copies = g_rand_int_range (shopper->rand, 1, 4);
  g_autofree char *body = g_strdup_printf ("{\"bookId\":\"%s\",\"quantity\":%d}", book_id, copies);
  g_autoptr(JsonNode) json = NULL;
  guint status;

  /* Until its answer comes, nobody knows whether the line changed. */
  shopper->cart_unknown = TRUE;
  if (!SEND (shopper, round, "POST", "/api/cart", NULL, body))
    return FALSE;
  if (status == 503)
    return TRUE;   /* rolled back: the cart is read again before anything else */
  g_assert_cmpuint (status, ==, 200);
  copies += GPOINTER_TO_INT (g_hash_table_lookup (shopper->cart, book_id));
  g_hash_table_insert (shopper->cart, g_steal_pointer (&book_id), GINT_TO_POINTER (copies));
  shopper->cart_unknown = FALSE;
  return TRUE;
}

/* Sends the pending checkout until it is answered: a new order (201), or the one this
 * key placed before its answer was cut off (200). */
static gboolean
check_out (Shopper *shopper,
           Round   *round)
{
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *lines = NULL;
  JsonObject *order;
  Acknowledged *acknowledged;
  guint status;

  if (!SEND (shopper, round, "POST", "/api/orders", shopper->pending_key, NULL))
    return FALSE;
  /* Busy, or the same key still in progress: sent again next time. An empty cart
   * instead would mean the order placed by an earlier try was lost. */
  if (status == 503 ||
      (status == 409 && strstr (json_object_get_string_member (json_node_get_object (json), "message"),
                                "in progress") != NULL))
    return TRUE;
  if (status != 201 && status != 200)
    g_error ("Checkout %s answered %u: %s", shopper->pending_key, status,
             json_object_get_string_member (json_node_get_object (json), "message"));
  if (status == 200)
    {
      g_mutex_lock (&round->lock);
      round->replayed++;
      g_mutex_unlock (&round->lock);
    }

  order = json_node_get_object (json);
  lines = json_lines_text (json_object_get_array_member (order, "books"));
  /* The order holds exactly what the cart held when the checkout was sent. */
  g_assert_cmpstr (lines, ==, shopper->pending_lines);
  acknowledged = g_new0 (Acknowledged, 1);
  acknowledged->order_id = g_strdup (json_object_get_string_member (order, "orderId"));
  acknowledged->lines = g_steal_pointer (&lines);
  g_ptr_array_add (shopper->orders, acknowledged);

  g_hash_table_remove_all (shopper->cart);
  g_clear_pointer (&shopper->pending_key, g_free);
  g_clear_pointer (&shopper->pending_lines, g_free);
  return TRUE;
}

static void
begin_checkout (Shopper *shopper)
{
  shopper->pending_key = g_strdup_printf ("crash-%u-%u", shopper->index, shopper->next_key++);
  shopper->pending_lines = lines_text (shopper->cart);
}

/* One step of a shopper: first what an earlier round left unknown, then shopping. */
static gboolean
step (Shopper  *shopper,
      Round    *round,
      gboolean  shopping)
{
  if (shopper->cart_unknown)
    return read_cart (shopper, round);
  if (shopper->pending_key != NULL)
    return check_out (shopper, round);
  if (!shopping)
    return TRUE;
  if (g_hash_table_size (shopper->cart) > 0 && g_rand_int_range (shopper->rand, 0, 3) == 0)
    {
      begin_checkout (shopper);
      return check_out (shopper, round);
    }
  return add_to_cart (shopper, round);
}

typedef struct
{
  Shopper *shopper;
  Round *round;
} Job;

static gpointer
shop_until_killed (gpointer data)
{
  Job *job = data;

  job->shopper->session = soup_session_new ();
  while (step (job->shopper, job->round, TRUE))
    ;
  g_clear_object (&job->shopper->session);
  return NULL;
}

/* A failed assertion ends the test without stopping its nodes: they go with it, or
 * they would hold its output open and the test runner would wait for them. */
static void
die_with_the_test_cb (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
start_server (const char  *db,
              char       **out_url)
{
  const char *argv[] = { server_path (), "--db", db, "--port", "0", "--demo", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_the_test_cb, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);

  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  *out_url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_url);
  return process;
}

static void
stop_server (GSubprocess *process,
             int          signal_number)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, signal_number);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (signal_number == SIGKILL)
    g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  else
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static gint64
query_int (const char *db,
           const char *sql,
           const char *text)
{
  g_autofree char *value = bs_test_db_query (db, sql, text, "");

  return g_ascii_strtoll (value, NULL, 10);
}

/* The order's lines as stored, in the text the shopper kept. */
static char *
stored_lines (const char *db,
              const char *order_id)
{
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *rows = bs_test_db_query (db,
                                            "SELECT l.book_id || ' ' || l.quantity FROM order_lines l "
                                            "JOIN orders o ON o.order_seq = l.order_seq WHERE o.order_id = $1",
                                            order_id, "\n");
  g_auto(GStrv) each = g_strsplit (rows, "\n", -1);

  for (guint i = 0; each[i] != NULL && each[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (each[i], " ", 2);

      g_hash_table_insert (lines, g_strdup (fields[0]), GINT_TO_POINTER (atoi (fields[1])));
    }
  return lines_text (lines);
}

static gboolean
stream_caught_up (gpointer data)
{
  Round *round = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (round->urls[0], "/api/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  return body != NULL &&
         g_strstr_len (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                       "\"streamLag\":0") != NULL;
}

static void
check_database (const char *db,
                Shopper    *shoppers,
                guint       acknowledged)
{
  /* Every order of the shoppers (the demo has its own) was acknowledged to its shopper,
   * once; none is doubled or missing. */
  g_assert_cmpint (query_int (db,
                              "SELECT count (*) FROM orders WHERE customer_id IN "
                              "(SELECT customer_id FROM customers WHERE username LIKE 'crash%')",
                              NULL), ==, acknowledged);
  for (guint s = 0; s < N_SHOPPERS; s++)
    for (guint i = 0; i < shoppers[s].orders->len; i++)
      {
        Acknowledged *order = g_ptr_array_index (shoppers[s].orders, i);
        g_autofree char *lines = stored_lines (db, order->order_id);

        g_assert_cmpint (query_int (db, "SELECT count (*) FROM orders WHERE order_id = $1",
                                    order->order_id), ==, 1);
        g_assert_cmpstr (lines, ==, order->lines);
        /* A purchase edge for every line: what "friends bought" reads. */
        g_assert_cmpint (query_int (db,
                                    "SELECT count (*) FROM purchases p JOIN orders o "
                                    "ON o.order_seq = p.order_seq WHERE o.order_id = $1",
                                    order->order_id), ==,
                         query_int (db,
                                    "SELECT count (*) FROM order_lines l JOIN orders o "
                                    "ON o.order_seq = l.order_seq WHERE o.order_id = $1",
                                    order->order_id));
      }

  /* Every cart was checked out at the end: none still holds what was ordered. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM cart_lines", NULL), ==, 0);

  /* The leaderboard is the order lines added up, book by book, once each. */
  g_assert_cmpint (query_int (db,
                              "SELECT count (*) FROM ("
                              " SELECT book_id, sum (quantity) AS sold FROM order_lines"
                              " GROUP BY book_id) o "
                              "FULL JOIN (SELECT book_id, quantity FROM bestsellers"
                              " WHERE quantity > 0) b ON b.book_id = o.book_id "
                              "WHERE o.sold IS NULL OR b.quantity IS NULL OR o.sold <> b.quantity",
                              NULL), ==, 0);
}

/* A node that is not the one killed answers meanwhile. */
static void
assert_serving (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *health = g_strconcat (url, "/api/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", health);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  g_assert_nonnull (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static void
test_orders_survive_sigkill (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db = bs_test_database_location (dir);
  const guint n_nodes = bs_test_on_postgres () ? MAX_NODES : 1;
  GSubprocess *nodes[MAX_NODES] = { NULL };
  char *urls[MAX_NODES] = { NULL };
  Shopper shoppers[N_SHOPPERS] = { 0 };
  Round totals = { 0 };
  guint acknowledged = 0;

  for (guint s = 0; s < N_SHOPPERS; s++)
    {
      shoppers[s].index = s;
      shoppers[s].username = g_strdup_printf ("crash%u@example.com", s);
      shoppers[s].cart = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      shoppers[s].orders = g_ptr_array_new_with_free_func (acknowledged_free);
      shoppers[s].rand = g_rand_new_with_seed (g_test_rand_int ());
    }

  const guint n_rounds = bs_test_on_postgres () ? N_ROUNDS_ON_POSTGRES : N_ROUNDS;

  /* The shoppers sign in before the kills begin, as they would once: a sign-in cut off by
   * a kill counts against its account until its verdict is overdue (bs-throttle.h), and a
   * few such cuts in a row would lock the shopper out for that long. */
  {
    Round round = { .n_urls = n_nodes };

    g_mutex_init (&round.lock);
    g_cond_init (&round.answered);
    for (guint n = 0; n < n_nodes; n++)
      {
        nodes[n] = start_server (db, &urls[n]);
        round.urls[n] = urls[n];
      }
    for (guint s = 0; s < N_SHOPPERS; s++)
      {
        shoppers[s].session = soup_session_new ();
        while (shoppers[s].token == NULL)
          g_assert_true (sign_in (&shoppers[s], &round));
        g_clear_object (&shoppers[s].session);
      }
    totals.sent += round.sent;
    g_mutex_clear (&round.lock);
    g_cond_clear (&round.answered);
  }

  for (guint r = 0; r < n_rounds; r++)
    {
      guint victim = r % n_nodes;
      Round round = { .n_urls = n_nodes };
      GThread *threads[N_SHOPPERS];
      Job jobs[N_SHOPPERS];

      g_mutex_init (&round.lock);
      g_cond_init (&round.answered);
      round.kill_after = g_test_rand_int_range (5, 150);
      for (guint n = 0; n < n_nodes; n++)
        {
          if (nodes[n] == NULL)
            nodes[n] = start_server (db, &urls[n]);
          round.urls[n] = urls[n];
        }
      for (guint s = 0; s < N_SHOPPERS; s++)
        {
          jobs[s] = (Job) { &shoppers[s], &round };
          threads[s] = g_thread_new ("shopper", shop_until_killed, &jobs[s]);
        }

      /* Killed once that many requests were answered: anywhere in a request, as far as
       * the shoppers and the server can tell. */
      g_mutex_lock (&round.lock);
      while (round.requests < round.kill_after)
        g_cond_wait (&round.answered, &round.lock);
      g_mutex_unlock (&round.lock);
      stop_server (nodes[victim], SIGKILL);
      g_clear_object (&nodes[victim]);
      for (guint n = 0; n < n_nodes; n++)
        if (n != victim)
          assert_serving (urls[n]);
      g_mutex_lock (&round.lock);
      round.over = TRUE;
      g_mutex_unlock (&round.lock);
      for (guint s = 0; s < N_SHOPPERS; s++)
        g_thread_join (threads[s]);
      g_clear_pointer (&urls[victim], g_free);

      totals.sent += round.sent;
      totals.cut_off += round.cut_off;
      totals.replayed += round.replayed;
      g_mutex_clear (&round.lock);
      g_cond_clear (&round.answered);
    }

  /* A last start: every shopper settles what was cut off and checks its cart out. */
  {
    Round round = { .n_urls = n_nodes };

    g_mutex_init (&round.lock);
    g_cond_init (&round.answered);
    for (guint n = 0; n < n_nodes; n++)
      {
        if (nodes[n] == NULL)
          nodes[n] = start_server (db, &urls[n]);
        round.urls[n] = urls[n];
      }
    for (guint s = 0; s < N_SHOPPERS; s++)
      {
        Shopper *shopper = &shoppers[s];

        shopper->session = soup_session_new ();
        while (shopper->cart_unknown || shopper->pending_key != NULL)
          g_assert_true (step (shopper, &round, FALSE));
        if (g_hash_table_size (shopper->cart) > 0)
          {
            begin_checkout (shopper);
            while (shopper->pending_key != NULL)
              g_assert_true (check_out (shopper, &round));
          }
        g_clear_object (&shopper->session);
        acknowledged += shopper->orders->len;
      }
    bs_test_wait_until (stream_caught_up, &round, 20);
    for (guint n = 0; n < n_nodes; n++)
      {
        stop_server (nodes[n], SIGTERM);
        g_clear_object (&nodes[n]);
        g_free (urls[n]);
      }
    totals.sent += round.sent;
    totals.replayed += round.replayed;
    g_mutex_clear (&round.lock);
    g_cond_clear (&round.answered);
  }

  g_test_message ("%u node(s), %u rounds killed, %u requests sent, %u failing at a kill, %u orders acknowledged "
                  "(%u of them on a retry after a kill), orders lost: 0, doubled: 0",
                  n_nodes, n_rounds, totals.sent, totals.cut_off, acknowledged, totals.replayed);
  g_assert_cmpuint (acknowledged, >, N_SHOPPERS);
  check_database (db, shoppers, acknowledged);

  for (guint s = 0; s < N_SHOPPERS; s++)
    {
      g_free (shoppers[s].username);
      g_free (shoppers[s].token);
      g_hash_table_unref (shoppers[s].cart);
      g_free (shoppers[s].pending_key);
      g_free (shoppers[s].pending_lines);
      g_ptr_array_unref (shoppers[s].orders);
      g_rand_free (shoppers[s].rand);
    }
  bs_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/orders-survive-sigkill", test_orders_survive_sigkill);

  return g_test_run ();
}
