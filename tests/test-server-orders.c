/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-decimal.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* Cart, checkout and orders over a real server: exact money, bad input changing nothing,
 * idempotent checkout, and customers who cannot touch each other's rows. */

static BsTestServer *shop;

static JsonNode *
json_of (BsTestResponse *response)
{
  return bs_test_response_json (response);
}

/* The cart as "bookId×quantity@price" items joined by spaces, from GET /api/cart. */
static char *
describe_cart (const char *token)
{
  g_autoptr(BsTestResponse) response = bs_test_customer_request (shop, token, "GET", "/api/cart", NULL);
  g_autoptr(JsonNode) root = json_of (response);
  JsonArray *lines = json_node_get_array (root);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpuint (response->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *order = bs_test_object_member_at (lines, i, "order");

      g_string_append_printf (text, "%s%s×%" G_GINT64_FORMAT, i > 0 ? " " : "",
                              json_object_get_string_member (order, "bookId"),
                              json_object_get_int_member (order, "quantity"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_cart_lines (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "cart.lines@example.com", "cart lines 1");
  g_autoptr(BsTestResponse) added = bs_test_customer_request (
    shop, token, "POST", "/api/cart", "{\"bookId\":\"b3\",\"quantity\":3,\"price\":0.01}");
  g_autoptr(BsTestResponse) again = bs_test_customer_request (shop, token, "POST", "/api/cart",
                                                              "{\"bookId\":\"b3\"}");
  g_autoptr(BsTestResponse) listed = bs_test_customer_request (shop, token, "GET", "/api/cart", NULL);
  g_autoptr(BsTestResponse) flat = bs_test_customer_request (shop, token, "GET", "/api/cart/b3", NULL);
  g_autoptr(BsTestResponse) absent = bs_test_customer_request (shop, token, "GET", "/api/cart/b4", NULL);
  g_autoptr(BsTestResponse) who = bs_test_customer_request (shop, token, "GET", "/api/whoami", NULL);
  g_autoptr(JsonNode) who_root = json_of (who);
  const char *customer_id = json_object_get_string_member (json_node_get_object (who_root), "message");
  g_autofree char *expected_line = NULL;
  g_autofree char *expected_flat = NULL;

  g_assert_cmpuint (added->status, ==, 200);
  /* The client's price is ignored: the catalog's is 17.52. */
  expected_line = g_strdup_printf (
    "{\"order\":{\"cartId\":\"%s:b3\",\"_key\":\"%s:b3\",\"customerId\":\"%s\",\"bookId\":\"b3\","
    "\"quantity\":3,\"price\":17.52},\"book\":{\"bookId\":\"b3\",\"_key\":\"b3\",",
    customer_id, customer_id, customer_id);
  g_assert_true (g_str_has_prefix (bs_test_response_text (added), expected_line));

  g_assert_cmpuint (again->status, ==, 200);
  g_assert_nonnull (strstr (bs_test_response_text (again), "\"quantity\":4,\"price\":17.52"));
  g_assert_nonnull (strstr (bs_test_response_text (listed), "\"quantity\":4,\"price\":17.52"));

  expected_flat = g_strdup_printf ("[{\"cartId\":\"%s:b3\",\"_key\":\"%s:b3\",\"customerId\":\"%s\","
                                   "\"bookId\":\"b3\",\"quantity\":4,\"price\":17.52}]",
                                   customer_id, customer_id, customer_id);
  g_assert_cmpstr (bs_test_response_text (flat), ==, expected_flat);
  g_assert_cmpstr (bs_test_response_text (absent), ==, "[]");
}

static void
test_set_and_remove (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "set.remove@example.com", "set remove 1");
  g_autofree char *cart = NULL;
  const struct {
    const char *method;
    const char *path;
    const char *body;
    guint status;
    const char *response_part;
    const char *cart_after;
  } steps[] = {
    { "PUT", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":5}", 200, "\"quantity\":5", "b1×5" },
    { "PUT", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":1}", 200, "\"bookId\":\"b2\"", "b1×5 b2×1" },
    { "PUT", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":2}", 200, "\"quantity\":2", "b1×2 b2×1" },
    { "PUT", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":0}", 200,
      "{\"error\":false,\"removed\":\"b1\"}", "b2×1" },
    { "PUT", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":0}", 200, "\"removed\":\"b1\"", "b2×1" },
    { "POST", "/api/cart", "{\"bookId\":\"b5\"}", 200, "\"quantity\":1", "b2×1 b5×1" },
    { "DELETE", "/api/cart", "{\"bookId\":\"b2\"}", 200, "{\"error\":false,\"removed\":\"b2\"}", "b5×1" },
    { "DELETE", "/api/cart/b5", NULL, 200, "\"removed\":\"b5\"", "" },
    { "DELETE", "/api/cart/b5", NULL, 404, "b5 is not in the cart", "" },
    { "DELETE", "/api/cart", "{\"bookId\":\"b6\"}", 404, "b6 is not in the cart", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_customer_request (shop, token, steps[i].method,
                                                                     steps[i].path, steps[i].body);
      g_autofree char *after = NULL;

      g_test_message ("step %u", i);
      g_assert_cmpuint (response->status, ==, steps[i].status);
      g_assert_nonnull (strstr (bs_test_response_text (response), steps[i].response_part));
      after = describe_cart (token);
      g_assert_cmpstr (after, ==, steps[i].cart_after);
    }
}

/* Every refused change leaves the cart exactly as it was. */
static void
test_bad_cart_requests (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "bad.cart@example.com", "bad cart 1");
  g_autoptr(BsTestResponse) seed = bs_test_customer_request (shop, token, "PUT", "/api/cart",
                                                             "{\"bookId\":\"b1\",\"quantity\":98}");
  const struct {
    const char *method;
    const char *path;
    const char *body;
    guint status;
    const char *message;
  } cases[] = {
    { "POST", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":2}", 400, "at most 99 copies" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":0}", 400, "quantity must be a whole number from 1 to 99" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":100}", 400, "quantity must be a whole number from 1 to 99" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":-1}", 400, "quantity must be" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":\"2\"}", 400, "quantity must be" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":2.5}", 400, "quantity must be" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":2.0}", 400, "quantity must be" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":null}", 400, "quantity must be" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":true}", 400, "quantity must be" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\",\"quantity\":9007199254740993}", 400, "integer out of range" },
    { "POST", "/api/cart", "{\"quantity\":1}", 400, "bookId is required" },
    { "POST", "/api/cart", "{\"bookId\":7}", 400, "bookId must be a string" },
    { "POST", "/api/cart", "{\"bookId\":\"b 1\"}", 400, "bookId must be 1 to 64" },
    { "POST", "/api/cart", "{\"bookId\":\"nope\"}", 404, "No book with id nope" },
    { "POST", "/api/cart", "", 400, "empty" },
    { "POST", "/api/cart", "[{\"bookId\":\"b2\"}]", 400, "must be a JSON object" },
    { "POST", "/api/cart", "{\"bookId\":\"b2\"} trailing", 400, "after the value" },
    { "PUT", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":100}", 400, "quantity must be a whole number from 0 to 99" },
    { "PUT", "/api/cart", "{\"bookId\":\"b1\"}", 400, "quantity must be" },
    { "PUT", "/api/cart", "{\"bookId\":\"nope\",\"quantity\":1}", 404, "No book with id nope" },
    { "PUT", "/api/cart", "{\"bookId\":\"nope\",\"quantity\":0}", 404, "No book with id nope" },
    { "DELETE", "/api/cart", NULL, 400, "empty" },
    { "DELETE", "/api/cart/b%201", NULL, 400, "A book id is" },
    { "GET", "/api/cart/b%201", NULL, 400, "A book id is" },
  };

  g_assert_cmpuint (seed->status, ==, 200);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_customer_request (shop, token, cases[i].method,
                                                                     cases[i].path, cases[i].body);
      g_autofree char *after = NULL;

      g_test_message ("case %u: %s", i, cases[i].body);
      bs_test_assert_error (response, cases[i].status, cases[i].message);
      after = describe_cart (token);
      g_assert_cmpstr (after, ==, "b1×98");
    }
}

static void
test_checkout (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "checkout@example.com", "checkout 1");
  g_autoptr(BsTestResponse) empty = bs_test_customer_request (shop, token, "POST", "/api/orders", NULL);
  g_autoptr(BsTestResponse) first = NULL;
  g_autoptr(BsTestResponse) second = NULL;
  g_autoptr(BsTestResponse) orders = NULL;
  g_autoptr(BsTestResponse) health_before = bs_test_request (shop, "GET", "/api/health", NULL, NULL);
  g_autoptr(BsTestResponse) health_after = NULL;
  g_autoptr(JsonNode) before = json_of (health_before);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *cart = NULL;
  JsonArray *array;

  bs_test_assert_error (empty, 409, "Your cart is empty");

  g_assert_cmpuint (bs_test_customer_status (shop, token, "PUT", "/api/cart",
                                              "{\"bookId\":\"b3\",\"quantity\":3}"), ==, 200);
  first = bs_test_customer_request (shop, token, "POST", "/api/orders", "{\"books\":[\"ignored\"]}");
  g_assert_cmpuint (first->status, ==, 201);
  /* 17.52 × 3, exactly. */
  g_assert_nonnull (strstr (bs_test_response_text (first), "\"total\":52.56,"));
  g_assert_nonnull (strstr (bs_test_response_text (first),
                            "\"price\":17.52,\"rating\":4.8,\"quantity\":3}"));
  cart = describe_cart (token);
  g_assert_cmpstr (cart, ==, "");

  g_assert_cmpuint (bs_test_customer_status (shop, token, "POST", "/api/cart",
                                              "{\"bookId\":\"b1\"}"), ==, 200);
  second = bs_test_customer_request (shop, token, "POST", "/api/orders", NULL);
  g_assert_cmpuint (second->status, ==, 201);

  orders = bs_test_customer_request (shop, token, "GET", "/api/orders", NULL);
  list = json_of (orders);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  /* Newest first. */
  g_assert_nonnull (strstr (bs_test_response_text (orders), "\"total\":21,"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "orderDate"), >=,
                   json_object_get_int_member (json_array_get_object_element (array, 1), "orderDate"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (
                       json_array_get_object_element (array, 0), "books"), 0), "bookId"), ==, "b1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "orderId"), !=,
                   json_object_get_string_member (json_array_get_object_element (array, 1), "orderId"));

  health_after = bs_test_request (shop, "GET", "/api/health", NULL, NULL);
  after = json_of (health_after);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after), "orders"), ==,
                   json_object_get_int_member (json_node_get_object (before), "orders") + 2);
}

/* Fifty lines of varied quantities: the total is the exact sum of cents. */
static void
test_fifty_line_total (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "fifty@example.com", "fifty lines");
  g_autoptr(BsTestResponse) books = bs_test_request (shop, "GET", "/api/books?limit=50", NULL, NULL);
  g_autoptr(JsonNode) root = json_of (books);
  JsonArray *array = json_node_get_array (root);
  g_autoptr(BsTestResponse) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (shop->db_path, &error);
  g_autofree char *expected = NULL;
  g_autofree char *total_text = NULL;
  gint64 total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 50; i++)
    {
      const char *book_id = json_object_get_string_member (json_array_get_object_element (array, i),
                                                           "bookId");
      g_autoptr(BsBookRecord) book = bs_store_get_book (store, book_id, &error);
      g_autofree char *body = g_strdup_printf ("{\"bookId\":\"%s\",\"quantity\":%u}", book_id,
                                               1 + i % 7);
      g_autoptr(BsTestResponse) added = bs_test_customer_request (shop, token, "POST", "/api/cart",
                                                                  body);

      g_assert_no_error (error);
      g_assert_cmpuint (added->status, ==, 200);
      total += book->price_cents * (1 + i % 7);
    }

  order = bs_test_customer_request (shop, token, "POST", "/api/orders", NULL);
  g_assert_cmpuint (order->status, ==, 201);
  total_text = bs_decimal_to_string (total, 2);
  expected = g_strdup_printf ("\"total\":%s,", total_text);
  g_assert_nonnull (strstr (bs_test_response_text (order), expected));
}

/* The cart shows today's price; an order keeps the price it was sold at. */
static void
test_prices_follow_the_catalog (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "prices@example.com", "prices 12");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (shop->db_path, &error);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  g_autoptr(BsBookRecord) b20 = NULL;
  g_autoptr(BsTestResponse) cart = NULL;
  g_autoptr(BsTestResponse) order = NULL;
  g_autoptr(BsTestResponse) orders = NULL;

  g_assert_no_error (error);
  b20 = bs_store_get_book (store, "b20", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bs_test_customer_status (shop, token, "POST", "/api/cart",
                                              "{\"bookId\":\"b20\",\"quantity\":2}"), ==, 200);

  g_ptr_array_add (changed, bs_book_record_new ("b20", b20->name, b20->author, b20->category,
                                                1005, b20->rating_tenths));
  bs_store_upsert_books (store, changed, NULL, &error);
  g_assert_no_error (error);
  cart = bs_test_customer_request (shop, token, "GET", "/api/cart", NULL);
  g_assert_nonnull (strstr (bs_test_response_text (cart), "\"quantity\":2,\"price\":10.05"));

  order = bs_test_customer_request (shop, token, "POST", "/api/orders", NULL);
  g_assert_nonnull (strstr (bs_test_response_text (order), "\"total\":20.1,"));

  g_ptr_array_set_size (changed, 0);
  g_ptr_array_add (changed, bs_book_record_new ("b20", b20->name, b20->author, b20->category,
                                                b20->price_cents, b20->rating_tenths));
  bs_store_upsert_books (store, changed, NULL, &error);
  g_assert_no_error (error);
  orders = bs_test_customer_request (shop, token, "GET", "/api/orders", NULL);
  g_assert_nonnull (strstr (bs_test_response_text (orders), "\"price\":10.05,"));
}

static void
test_idempotent_checkout (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "idem@example.com", "idempotent");
  g_autoptr(BsTestResponse) first = NULL;
  g_autoptr(BsTestResponse) replay = NULL;
  g_autoptr(BsTestResponse) bad_key = NULL;
  g_autoptr(BsTestResponse) other_key = NULL;
  g_autoptr(JsonNode) first_root = NULL;
  g_autoptr(JsonNode) replay_root = NULL;
  g_autofree char *cart = NULL;

  g_assert_cmpuint (bs_test_customer_status (shop, token, "POST", "/api/cart",
                                              "{\"bookId\":\"b9\"}"), ==, 200);
  first = bs_test_request (shop, "POST", "/api/orders", NULL, "X-Customer-Id", token,
                           "Idempotency-Key", "order-1", NULL);
  g_assert_cmpuint (first->status, ==, 201);

  /* The cart changes; the replay still answers with the first order and leaves it be. */
  g_assert_cmpuint (bs_test_customer_status (shop, token, "POST", "/api/cart",
                                              "{\"bookId\":\"b10\"}"), ==, 200);
  replay = bs_test_request (shop, "POST", "/api/orders", NULL, "X-Customer-Id", token,
                            "Idempotency-Key", "order-1", NULL);
  g_assert_cmpuint (replay->status, ==, 200);
  first_root = json_of (first);
  replay_root = json_of (replay);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first_root), "orderId"), ==,
                   json_object_get_string_member (json_node_get_object (replay_root), "orderId"));
  g_assert_cmpstr (bs_test_response_text (first), ==, bs_test_response_text (replay));
  cart = describe_cart (token);
  g_assert_cmpstr (cart, ==, "b10×1");

  bad_key = bs_test_request (shop, "POST", "/api/orders", NULL, "X-Customer-Id", token,
                             "Idempotency-Key", "not a key!", NULL);
  bs_test_assert_error (bad_key, 400, "Idempotency-Key must be");

  other_key = bs_test_request (shop, "POST", "/api/orders", NULL, "X-Customer-Id", token,
                               "Idempotency-Key", "order-2", NULL);
  g_assert_cmpuint (other_key->status, ==, 201);
}

typedef struct
{
  const char *token;
  const char *idempotency_key;   /* (nullable) */
  guint status;
  char *retry_after;             /* (nullable) */
} Racer;

static gpointer
checkout_thread (gpointer data)
{
  Racer *racer = data;
  g_autoptr(BsTestResponse) response =
    racer->idempotency_key != NULL
      ? bs_test_request (shop, "POST", "/api/orders", NULL, "X-Customer-Id", racer->token,
                         "Idempotency-Key", racer->idempotency_key, NULL)
      : bs_test_customer_request (shop, racer->token, "POST", "/api/orders", NULL);

  racer->status = response->status;
  racer->retry_after = g_strdup (bs_test_response_header (response, "Retry-After"));
  return NULL;
}

static void
race (Racer *racers)
{
  GThread *threads[2];

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("racer", checkout_thread, &racers[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
}

static guint
count_orders (const char *token)
{
  g_autoptr(BsTestResponse) orders = bs_test_customer_request (shop, token, "GET", "/api/orders", NULL);
  g_autoptr(JsonNode) root = json_of (orders);

  return json_array_get_length (json_node_get_array (root));
}

/* Two checkouts of one cart at once: one order, and one "cart is empty". With one
 * Idempotency-Key, the other gets that order replayed or "still in progress". */
static void
test_concurrent_checkouts (void)
{
  for (guint round = 0; round < 6; round++)
    {
      g_autofree char *email = g_strdup_printf ("race%u@example.com", round);
      g_autofree char *token = bs_test_sign_up (shop, email, "racing cars");
      const char *key = round % 2 == 0 ? NULL : "same-key";
      Racer racers[2] = { { token, key, 0, NULL }, { token, key, 0, NULL } };
      Racer *loser;

      g_assert_cmpuint (bs_test_customer_status (shop, token, "POST", "/api/cart",
                                                 "{\"bookId\":\"b21\",\"quantity\":2}"), ==, 200);
      race (racers);

      g_assert_true (racers[0].status == 201 || racers[1].status == 201);
      loser = racers[0].status == 201 ? &racers[1] : &racers[0];
      if (key == NULL)
        g_assert_cmpuint (loser->status, ==, 409);
      else
        g_assert_true (loser->status == 200 || loser->status == 409);
      /* "Still in progress" says when to try again; "cart is empty" does not. */
      if (key != NULL && loser->status == 409)
        g_assert_cmpstr (loser->retry_after, ==, "1");
      g_assert_cmpuint (count_orders (token), ==, 1);
      g_free (racers[0].retry_after);
      g_free (racers[1].retry_after);
    }
}

/* Customer B can neither see nor change anything of A's, whatever ids B sends. */
static void
test_customers_are_separate (void)
{
  g_autofree char *alice = bs_test_sign_up (shop, "alice@example.com", "alice in shop");
  g_autofree char *bob = bs_test_sign_up (shop, "bob@example.com", "bob in shop");
  g_autoptr(BsTestResponse) alice_who = bs_test_customer_request (shop, alice, "GET", "/api/whoami", NULL);
  g_autoptr(JsonNode) alice_root = json_of (alice_who);
  const char *alice_id = json_object_get_string_member (json_node_get_object (alice_root), "message");
  g_autofree char *alice_cart = NULL;
  g_autofree char *bob_cart = NULL;
  g_autoptr(BsTestResponse) bob_orders = NULL;
  g_autoptr(BsTestResponse) bob_line = NULL;
  g_autoptr(BsTestResponse) bob_delete = NULL;
  g_autoptr(BsTestResponse) bob_with_id = NULL;

  g_assert_cmpuint (bs_test_customer_status (shop, alice, "POST", "/api/cart",
                                              "{\"bookId\":\"b30\",\"quantity\":2}"), ==, 200);
  g_assert_cmpuint (bs_test_customer_status (shop, alice, "POST", "/api/orders", NULL), ==, 201);
  g_assert_cmpuint (bs_test_customer_status (shop, alice, "POST", "/api/cart",
                                              "{\"bookId\":\"b31\"}"), ==, 200);

  bob_cart = describe_cart (bob);
  g_assert_cmpstr (bob_cart, ==, "");
  bob_line = bs_test_customer_request (shop, bob, "GET", "/api/cart/b31", NULL);
  g_assert_cmpstr (bs_test_response_text (bob_line), ==, "[]");
  bob_delete = bs_test_customer_request (shop, bob, "DELETE", "/api/cart/b31", NULL);
  bs_test_assert_error (bob_delete, 404, NULL);
  bob_orders = bs_test_customer_request (shop, bob, "GET", "/api/orders", NULL);
  g_assert_cmpstr (bs_test_response_text (bob_orders), ==, "[]");

  /* Alice's public id is not a credential. */
  bob_with_id = bs_test_customer_request (shop, alice_id, "GET", "/api/cart", NULL);
  bs_test_assert_error (bob_with_id, 401, NULL);

  /* Bob's checkout does not take Alice's cart. */
  g_assert_cmpuint (bs_test_customer_status (shop, bob, "POST", "/api/orders", NULL), ==, 409);
  alice_cart = describe_cart (alice);
  g_assert_cmpstr (alice_cart, ==, "b31×1");
  {
    g_autoptr(BsTestResponse) alice_orders = bs_test_customer_request (shop, alice, "GET",
                                                                       "/api/orders", NULL);
    g_autoptr(JsonNode) root = json_of (alice_orders);
    const char *order_id = json_object_get_string_member (
      json_array_get_object_element (json_node_get_array (root), 0), "orderId");

    g_assert_null (strstr (bs_test_response_text (bob_orders), order_id));
  }
}

/* An acknowledged checkout survives a restart, and its key still replays. */
static void
test_replay_after_restart (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autoptr(BsServer) restarted = NULL;
  g_autofree char *token = bs_test_sign_up (server, "restart@example.com", "restart me");
  g_autoptr(BsTestResponse) first = NULL;
  g_autoptr(BsTestResponse) replay = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (bs_test_customer_status (server, token, "POST", "/api/cart",
                                              "{\"bookId\":\"b40\"}"), ==, 200);
  first = bs_test_request (server, "POST", "/api/orders", NULL, "X-Customer-Id", token,
                           "Idempotency-Key", "after-restart", NULL);
  g_assert_cmpuint (first->status, ==, 201);

  g_clear_object (&server->server);
  server->server = bs_server_new (&(BsServerConfig) { .db_path = server->db_path, .n_threads = 1 });
  bs_server_open (server->server, &error);
  g_assert_no_error (error);
  bs_server_start (server->server, &error);
  g_assert_no_error (error);

  replay = bs_test_request (server, "POST", "/api/orders", NULL, "X-Customer-Id", token,
                            "Idempotency-Key", "after-restart", NULL);
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (bs_test_response_text (first), ==, bs_test_response_text (replay));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  shop = bs_test_server_new (TRUE, 2);

  g_test_add_func ("/cart/lines", test_cart_lines);
  g_test_add_func ("/cart/set-and-remove", test_set_and_remove);
  g_test_add_func ("/cart/bad-requests-change-nothing", test_bad_cart_requests);
  g_test_add_func ("/orders/checkout", test_checkout);
  g_test_add_func ("/orders/fifty-line-total", test_fifty_line_total);
  g_test_add_func ("/orders/prices-follow-the-catalog", test_prices_follow_the_catalog);
  g_test_add_func ("/orders/idempotent-checkout", test_idempotent_checkout);
  g_test_add_func ("/orders/concurrent-checkouts", test_concurrent_checkouts);
  g_test_add_func ("/orders/customers-are-separate", test_customers_are_separate);
  g_test_add_func ("/orders/replay-after-restart", test_replay_after_restart);

  status = g_test_run ();
  bs_test_server_free (shop);
  return status;
}
