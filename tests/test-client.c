/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "bs-client.h"
#include "bs-demo.h"
#include "bs-money.h"
#include "bs-test-util.h"

/* BsClient against the real service: every call, its errors, and a client that keeps its
 * head when the server is gone, silent or talking nonsense. */

static BsTestServer *shop;

#define CALL(result_var, finish, ...)                                                        \
  G_STMT_START {                                                                             \
    g_autoptr(GAsyncResult) _result = bs_test_wait_result (&slot);                            \
    result_var = finish (client, _result, ##__VA_ARGS__);                                    \
  } G_STMT_END

static BsClient *
new_client (BsTestServer *server)
{
  return bs_client_new (bs_server_get_url (server->server), NULL);
}

static void
test_catalog_calls (void)
{
  g_autoptr(BsClient) client = new_client (shop);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsServerHealth) health = NULL;
  g_autoptr(BsBookPage) page = NULL;
  g_autoptr(BsBookPage) same = NULL;
  g_autoptr(BsBook) b3 = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) bestsellers = NULL;
  g_autoptr(BsCoverAnswer) cover = NULL;
  g_autoptr(BsCoverAnswer) current = NULL;
  GAsyncResult *slot = NULL;

  bs_client_get_health_async (client, NULL, bs_test_result_cb, &slot);
  CALL (health, bs_client_get_health_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->server_id, ==, bs_server_get_server_id (shop->server));
  g_assert_true (health->demo);
  g_assert_cmpint (health->books, ==, 84);

  bs_client_list_books_async (client, NULL, NULL, bs_test_result_cb, &slot);
  CALL (page, bs_client_list_books_finish, &error);
  g_assert_no_error (error);
  g_assert_false (page->not_modified);
  g_assert_cmpuint (page->books->len, ==, 84);
  g_assert_cmpint (page->total, ==, 84);
  g_assert_nonnull (page->etag);
  g_assert_cmpstr (bs_book_get_book_id (g_ptr_array_index (page->books, 4)), ==, "b29");

  bs_client_list_books_async (client, page->etag, NULL, bs_test_result_cb, &slot);
  CALL (same, bs_client_list_books_finish, &error);
  g_assert_no_error (error);
  g_assert_true (same->not_modified);
  g_assert_null (same->books);

  bs_client_get_book_async (client, "b3", NULL, bs_test_result_cb, &slot);
  CALL (b3, bs_client_get_book_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_book_get_price (b3), ==, 1752);
  g_assert_cmpint (bs_book_get_rating (b3), ==, 48);
  g_assert_cmpstr (bs_book_get_author (b3), ==, "Kristin Cavallari");

  bs_client_search_async (client, "garten cookbook", 0, 10, NULL, bs_test_result_cb, &slot);
  CALL (found, bs_client_search_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (bs_book_get_book_id (g_ptr_array_index (found, 0)), ==, "b1");

  /* The seed's orders are counted by the best-seller worker after the shop starts. */
  bs_test_wait_until (bs_test_stream_caught_up, shop, 30);
  bs_client_list_bestsellers_async (client, NULL, bs_test_result_cb, &slot);
  CALL (bestsellers, bs_client_list_bestsellers_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bestsellers->len, >=, 7);

  bs_client_get_cover_async (client, "b1", NULL, NULL, bs_test_result_cb, &slot);
  CALL (cover, bs_client_get_cover_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (cover->bytes, NULL), 4, "\x89PNG", 4);
  g_assert_nonnull (cover->etag);

  /* Asked with its ETag, the cover is still current: no bytes come. */
  bs_client_get_cover_async (client, "b1", cover->etag, NULL, bs_test_result_cb, &slot);
  CALL (current, bs_client_get_cover_finish, &error);
  g_assert_no_error (error);
  g_assert_null (current->bytes);
  g_assert_cmpstr (current->etag, ==, cover->etag);
}

static void
test_account_and_shopping_calls (void)
{
  g_autoptr(BsClient) client = new_client (shop);
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_id = NULL;
  g_autoptr(BsAccount) account = NULL;
  g_autoptr(BsAccount) me = NULL;
  g_autoptr(BsCartItem) added = NULL;
  g_autoptr(BsCartItem) changed = NULL;
  g_autoptr(BsCartItem) removed = NULL;
  g_autoptr(GPtrArray) cart = NULL;
  g_autoptr(BsOrder) order = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) recommendations = NULL;
  g_autoptr(GPtrArray) bought = NULL;
  g_autoptr(BsFriendLists) lists = NULL;
  g_autofree char *request_id = NULL;
  gboolean done;
  GAsyncResult *slot = NULL;

  bs_client_sign_up_async (client, "client@example.com", "client secret", "Client", NULL,
                           bs_test_result_cb, &slot);
  CALL (customer_id, bs_client_sign_up_finish, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (customer_id));

  bs_client_sign_in_async (client, "client@example.com", "client secret", NULL, bs_test_result_cb,
                           &slot);
  CALL (account, bs_client_sign_in_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->customer_id, ==, customer_id);
  g_assert_cmpstr (account->display_name, ==, "Client");
  g_assert_cmpstr (bs_client_get_token (client), ==, account->token);

  bs_client_whoami_async (client, NULL, bs_test_result_cb, &slot);
  CALL (me, bs_client_whoami_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me->username, ==, "client@example.com");
  g_assert_null (me->token);

  bs_client_add_to_cart_async (client, "b3", 3, NULL, bs_test_result_cb, &slot);
  CALL (added, bs_client_add_to_cart_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_cart_item_get_quantity (added), ==, 3);
  g_assert_cmpint (bs_cart_item_get_subtotal (added), ==, 5256);

  bs_client_set_cart_quantity_async (client, "b1", 2, NULL, bs_test_result_cb, &slot);
  CALL (changed, bs_client_set_cart_quantity_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_cart_item_get_subtotal (changed), ==, 4200);

  bs_client_set_cart_quantity_async (client, "b1", 0, NULL, bs_test_result_cb, &slot);
  CALL (removed, bs_client_set_cart_quantity_finish, &error);
  g_assert_no_error (error);
  g_assert_null (removed);

  bs_client_list_cart_async (client, NULL, bs_test_result_cb, &slot);
  CALL (cart, bs_client_list_cart_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cart->len, ==, 1);

  bs_client_checkout_async (client, NULL, bs_test_result_cb, &slot);
  CALL (order, bs_client_checkout_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bs_order_get_total (order), ==, 5256);
  g_assert_cmpuint (g_list_model_get_n_items (bs_order_get_lines (order)), ==, 1);

  bs_client_list_orders_async (client, NULL, bs_test_result_cb, &slot);
  CALL (orders, bs_client_list_orders_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  g_assert_cmpstr (bs_order_get_order_id (g_ptr_array_index (orders, 0)), ==,
                   bs_order_get_order_id (order));

  bs_client_list_friends_async (client, NULL, bs_test_result_cb, &slot);
  CALL (lists, bs_client_list_friends_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->friends->len, ==, 2);

  bs_client_request_friend_async (client, "nobody@example.com", NULL, bs_test_result_cb, &slot);
  CALL (request_id, bs_client_request_friend_finish, &error);
  g_assert_no_error (error);
  bs_client_remove_friend_async (client, request_id, NULL, bs_test_result_cb, &slot);
  CALL (done, bs_client_remove_friend_finish, &error);
  g_assert_no_error (error);
  g_assert_true (done);

  bs_client_list_recommendations_async (client, 20, NULL, bs_test_result_cb, &slot);
  CALL (recommendations, bs_client_list_recommendations_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_book_get_book_id (bs_book_count_get_book (g_ptr_array_index (recommendations, 0))),
                   ==, "b17");

  bs_client_list_friends_who_bought_async (client, "b2", NULL, bs_test_result_cb, &slot);
  CALL (bought, bs_client_list_friends_who_bought_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bought->len, ==, 1);
  g_assert_cmpstr (bs_friend_get_display_name (g_ptr_array_index (bought, 0)), ==, "John D.");

  {
    g_autoptr(BsCartItem) b4 = NULL;

    bs_client_add_to_cart_async (client, "b4", 2, NULL, bs_test_result_cb, &slot);
    CALL (b4, bs_client_add_to_cart_finish, &error);
    g_assert_no_error (error);
    g_assert_cmpint (bs_cart_item_get_quantity (b4), ==, 2);
    bs_client_remove_from_cart_async (client, "b4", NULL, bs_test_result_cb, &slot);
    CALL (done, bs_client_remove_from_cart_finish, &error);
    g_assert_no_error (error);
    g_assert_true (done);
  }

  bs_client_remove_from_cart_async (client, "b99", NULL, bs_test_result_cb, &slot);
  CALL (done, bs_client_remove_from_cart_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  bs_client_sign_out_async (client, FALSE, NULL, bs_test_result_cb, &slot);
  CALL (done, bs_client_sign_out_finish, &error);
  g_assert_no_error (error);
  g_assert_null (bs_client_get_token (client));
}

/* Friend requests accepted through the client, and an account deleted. */
static void
test_friend_and_account_calls (void)
{
  g_autoptr(BsClient) ann = new_client (shop);
  g_autoptr(BsClient) ben = new_client (shop);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsAccount) ann_account = NULL;
  g_autoptr(BsAccount) ben_account = NULL;
  g_autoptr(BsFriendLists) lists = NULL;
  g_autofree char *ann_id = NULL;
  g_autofree char *ben_id = NULL;
  g_autofree char *request_id = NULL;
  gboolean done;
  GAsyncResult *slot = NULL;
  BsClient *client;

  client = ann;
  bs_client_sign_up_async (ann, "ann.client@example.com", "ann's password", "Ann", NULL,
                           bs_test_result_cb, &slot);
  CALL (ann_id, bs_client_sign_up_finish, &error);
  bs_client_sign_in_async (ann, "ann.client@example.com", "ann's password", NULL,
                           bs_test_result_cb, &slot);
  CALL (ann_account, bs_client_sign_in_finish, &error);
  g_assert_no_error (error);
  client = ben;
  bs_client_sign_up_async (ben, "ben.client@example.com", "ben's password", "Ben", NULL,
                           bs_test_result_cb, &slot);
  CALL (ben_id, bs_client_sign_up_finish, &error);
  bs_client_sign_in_async (ben, "ben.client@example.com", "ben's password", NULL,
                           bs_test_result_cb, &slot);
  CALL (ben_account, bs_client_sign_in_finish, &error);
  g_assert_no_error (error);

  client = ann;
  bs_client_request_friend_async (ann, "ben.client@example.com", NULL, bs_test_result_cb, &slot);
  CALL (request_id, bs_client_request_friend_finish, &error);
  g_assert_no_error (error);
  bs_client_list_friends_async (ann, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(BsFriendLists) sent = NULL;
    BsFriendRequest *request;

    CALL (sent, bs_client_list_friends_finish, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sent->outgoing->len, ==, 1);
    request = g_ptr_array_index (sent->outgoing, 0);
    g_assert_true (BS_IS_FRIEND_REQUEST (request));
    g_assert_cmpstr (bs_friend_request_get_id (request), ==, request_id);
    g_assert_cmpstr (bs_friend_request_get_username (request), ==, "ben.client@example.com");
  }
  client = ben;
  bs_client_accept_friend_async (ben, ann_id, NULL, bs_test_result_cb, &slot);
  CALL (done, bs_client_accept_friend_finish, &error);
  g_assert_no_error (error);
  g_assert_true (done);
  bs_client_list_friends_async (ben, NULL, bs_test_result_cb, &slot);
  CALL (lists, bs_client_list_friends_finish, &error);
  g_assert_no_error (error);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < lists->friends->len; i++)
      found |= g_str_equal (bs_friend_get_customer_id (g_ptr_array_index (lists->friends, i)), ann_id);
    g_assert_true (found);
  }
}

static void
test_errors_carry_the_servers_word (void)
{
  g_autoptr(BsClient) client = new_client (shop);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cart = NULL;
  g_autoptr(BsBook) book = NULL;
  g_autoptr(BsAccount) account = NULL;
  g_autoptr(BsCartItem) item = NULL;
  g_autoptr(BsOrder) order = NULL;
  g_autofree char *id = NULL;
  GAsyncResult *slot = NULL;

  bs_client_list_cart_async (client, NULL, bs_test_result_cb, &slot);
  CALL (cart, bs_client_list_cart_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  bs_client_get_book_async (client, "nope", NULL, bs_test_result_cb, &slot);
  CALL (book, bs_client_get_book_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  bs_client_sign_up_async (client, "not an email", "12345678", NULL, NULL, bs_test_result_cb,
                           &slot);
  CALL (id, bs_client_sign_up_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "username must be an email address");
  g_clear_error (&error);

  bs_client_sign_in_async (client, "guest@macrometa.io", "Abcd1234", NULL, bs_test_result_cb, &slot);
  CALL (account, bs_client_sign_in_finish, &error);
  g_assert_no_error (error);

  bs_client_add_to_cart_async (client, "b1", 100, NULL, bs_test_result_cb, &slot);
  CALL (item, bs_client_add_to_cart_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "quantity must be a whole number from 1 to 99"));
  g_clear_error (&error);

  bs_client_checkout_async (client, NULL, bs_test_result_cb, &slot);
  CALL (order, bs_client_checkout_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Your cart is empty");
}

static void
test_rate_limited (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autoptr(BsClient) client = new_client (server);
  GAsyncResult *slot = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsAccount) account = NULL;

      bs_client_sign_in_async (client, "nobody@example.com", "wrong password", NULL,
                               bs_test_result_cb, &slot);
      CALL (account, bs_client_sign_in_finish, &error);
      int expected = i < 5 ? BS_CLIENT_ERROR_UNAUTHORIZED : BS_CLIENT_ERROR_RATE_LIMITED;

      g_assert_error (error, BS_CLIENT_ERROR, expected);
    }
}

static void
test_offline (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autoptr(BsClient) client = new_client (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsServerHealth) health = NULL;
  GAsyncResult *slot = NULL;

  bs_server_stop (server->server);
  bs_client_get_health_async (client, NULL, bs_test_result_cb, &slot);
  CALL (health, bs_client_get_health_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE);
}

static void
test_cancellation (void)
{
  g_autoptr(BsClient) client = new_client (shop);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsBookPage) page = NULL;
  GAsyncResult *slot = NULL;

  bs_client_list_books_async (client, NULL, cancellable, bs_test_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  CALL (page, bs_client_list_books_finish, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancelled while the request waits on a silent server: the call returns at once. */
static void
test_cancellation_in_flight (void)
{
  g_autoptr(GSocketListener) silent = g_socket_listener_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BsClient) client = NULL;
  g_autoptr(BsServerHealth) health = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *slot = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (silent, NULL, &error);
  gint64 start;

  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = bs_client_new (url, NULL);
  start = g_get_monotonic_time ();
  bs_client_get_health_async (client, cancellable, bs_test_result_cb, &slot);
  g_timeout_add (200, cancel_cb, cancellable);
  CALL (health, bs_client_get_health_finish, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The session's own timeout is 15 s: this came from the cancellation. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* A server that accepts and never answers. */
static void
test_timeout (void)
{
  g_autoptr(GSocketListener) silent = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(BsClient) client = NULL;
  g_autoptr(BsServerHealth) health = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *slot = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (silent, NULL, &error);

  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = bs_client_new (url, session);
  bs_client_get_health_async (client, NULL, bs_test_result_cb, &slot);
  CALL (health, bs_client_get_health_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_TIMEOUT);
}

/* A server talking nonsense */

static void
garbage_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *kind = g_hash_table_lookup (query != NULL ? query : NULL, "kind");
  const char *body = "[]";
  guint status = 200;
  const char *type = "application/json";

  if (g_strcmp0 (kind, "truncated") == 0)
    body = "[{\"bookId\":\"b1\",\"name\":\"Tru";
  else if (g_strcmp0 (kind, "wrong-types") == 0)
    body = "[{\"bookId\":1,\"name\":\"A\",\"author\":\"B\",\"category\":\"C\",\"price\":1,\"rating\":1}]";
  else if (g_strcmp0 (kind, "missing") == 0)
    body = "[{\"bookId\":\"b1\",\"name\":\"A\"}]";
  else if (g_strcmp0 (kind, "huge-number") == 0)
    body = "[{\"bookId\":\"b1\",\"name\":\"A\",\"author\":\"B\",\"category\":\"C\","
           "\"price\":1e308,\"rating\":99999999999999999999999}]";
  else if (g_strcmp0 (kind, "fraction-cents") == 0)
    body = "[{\"bookId\":\"b1\",\"name\":\"A\",\"author\":\"B\",\"category\":\"C\","
           "\"price\":1.005,\"rating\":4}]";
  else if (g_strcmp0 (kind, "object") == 0)
    body = "{\"books\":[]}";
  else if (g_strcmp0 (kind, "empty") == 0)
    body = "";
  else if (g_strcmp0 (kind, "portal") == 0)
    {
      type = "text/html";
      body = "<html><body>Sign in to the hotel's Wi-Fi</body></html>";
    }
  else if (g_strcmp0 (kind, "html") == 0)
    {
      status = 502;
      type = "text/html";
      body = "<html><body>Bad Gateway</body></html>";
    }

  else if (g_strcmp0 (kind, "failing") == 0)
    {
      status = 500;
      body = "{\"error\":true,\"code\":500,\"message\":\"Internal server error\"}";
    }

  /* The answer's head promises more than comes before the connection closes. */
  if (g_strcmp0 (kind, "cut") == 0)
    {
      const char *partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            "Content-Length: 1000\r\n\r\n[{\"bookId\":\"b1\",\"na";
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial),
                                 NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  if (g_strcmp0 (kind, "huge") == 0)
    {
      gsize size = 50 * 1024 * 1024;
      char *data = g_malloc (size);

      memset (data, ' ', size);
      data[0] = '[';
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, data, size);
      return;
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
test_garbage (void)
{
  g_autofree char *base = NULL;
  SoupServer *server = bs_test_fake_server_new (garbage_cb, NULL, &base);
  const struct {
    const char *kind;
    int code;
  } cases[] = {
    { "truncated", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "wrong-types", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "missing", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "huge-number", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "fraction-cents", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "object", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "html", BS_CLIENT_ERROR_SERVER },
    { "huge", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "empty", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "portal", BS_CLIENT_ERROR_INVALID_RESPONSE },
    { "failing", BS_CLIENT_ERROR_SERVER },
    { "cut", BS_CLIENT_ERROR_OFFLINE },
  };
  const char *not_json[] = { "empty", "portal" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/?kind=%s&x=", base, cases[i].kind);
      g_autoptr(BsClient) client = bs_client_new (url, NULL);
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GError) call_error = NULL;
      GAsyncResult *slot = NULL;

      g_test_message ("%s", cases[i].kind);
      /* The query is the client's base: search appends to it as the path. */
      bs_client_search_async (client, "x", 0, 1, NULL, bs_test_result_cb, &slot);
      {
        g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
        found = bs_client_search_finish (client, result, &call_error);
      }
      g_assert_null (found);
      g_assert_error (call_error, BS_CLIENT_ERROR, cases[i].code);
    }

  /* A route whose answer only says it went well is not done by a page that is not the
   * API's answer. */
  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/?kind=%s&x=", base, not_json[i]);
      g_autoptr(BsClient) client = bs_client_new (url, NULL);
      g_autoptr(GError) call_error = NULL;
      GAsyncResult *slot = NULL;
      gboolean done;

      g_test_message ("sign-out, %s", not_json[i]);
      bs_client_sign_out_async (client, FALSE, NULL, bs_test_result_cb, &slot);
      {
        g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
        done = bs_client_sign_out_finish (client, result, &call_error);
      }
      g_assert_false (done);
      g_assert_error (call_error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE);
    }
  bs_test_fake_server_free (server);
}

/* A server with only the seed's routes: the optional ones read as empty. */
static void
seed_only_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
test_optional_routes (void)
{
  SoupServer *server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsClient) client = NULL;
  g_autoptr(GPtrArray) recommendations = NULL;
  g_autoptr(BsFriendLists) friends = NULL;
  g_autoptr(BsBook) book = NULL;
  g_autofree char *base = NULL;
  GAsyncResult *slot = NULL;

  server = bs_test_fake_server_new (seed_only_cb, NULL, &base);
  client = bs_client_new (base, NULL);

  bs_client_list_recommendations_async (client, 5, NULL, bs_test_result_cb, &slot);
  CALL (recommendations, bs_client_list_recommendations_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recommendations->len, ==, 0);

  bs_client_list_friends_async (client, NULL, bs_test_result_cb, &slot);
  CALL (friends, bs_client_list_friends_finish, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (friends->friends->len, ==, 0);

  /* A book that is not there is still not found. */
  bs_client_get_book_async (client, "b1", NULL, bs_test_result_cb, &slot);
  CALL (book, bs_client_get_book_finish, &error);
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_NOT_FOUND);
  g_clear_object (&client);
  bs_test_fake_server_free (server);
}

static void
test_call_log (void)
{
  g_autoptr(BsClient) client = new_client (shop);
  BsCallLog *log = bs_client_get_call_log (client);
  g_autoptr(BsCall) newest = NULL;
  GAsyncResult *slot = NULL;

  for (guint i = 0; i < BS_CALL_LOG_SIZE + 5; i++)
    {
      g_autoptr(BsServerHealth) health = NULL;
      g_autoptr(GError) error = NULL;

      bs_client_get_health_async (client, NULL, bs_test_result_cb, &slot);
      CALL (health, bs_client_get_health_finish, &error);
    }
  {
    g_autoptr(BsBook) missing = NULL;
    g_autoptr(GError) error = NULL;

    bs_client_get_book_async (client, "nope", NULL, bs_test_result_cb, &slot);
    CALL (missing, bs_client_get_book_finish, &error);
  }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, BS_CALL_LOG_SIZE);
  newest = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_cmpstr (bs_call_get_method (newest), ==, "GET");
  g_assert_cmpstr (bs_call_get_path (newest), ==, "/api/books/nope");
  g_assert_cmpuint (bs_call_get_status (newest), ==, 404);
  g_assert_cmpuint (bs_call_get_bytes (newest), >, 0);
  g_assert_cmpfloat (bs_call_log_percentile (log, 50), >, 0);
  g_assert_cmpfloat (bs_call_log_percentile (log, 50), <=, bs_call_log_percentile (log, 99));
}

/* The server words its refusals in English. In German, one the catalog knows reads in
 * German; one it does not know gives way to the client's own German words; in a language
 * without a catalog (C here) the server's words stay. */
static void
test_errors_in_the_users_language (void)
{
  g_autoptr(BsClient) client = new_client (shop);
  GAsyncResult *slot = NULL;
  const struct {
    const char *locale;
    const char *wrong_password;
    const char *not_an_email;
  } cases[] = {
    { "de_DE.UTF-8", "Falsche E-Mail-Adresse oder falsches Passwort",
      "Der Server hat die Anfrage abgelehnt" },
    { "fr_FR.UTF-8", "Adresse électronique ou mot de passe incorrect",
      "Le serveur a refusé la requête" },
    { "C.UTF-8", "Wrong email or password", "username must be an email address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BsAccount) account = NULL;
      g_autofree char *id = NULL;

      if (setlocale (LC_ALL, cases[i].locale) == NULL)
        {
          g_test_skip_printf ("locale %s is missing", cases[i].locale);
          continue;
        }
      bs_client_sign_in_async (client, "stranger@example.com", "not-the-password", NULL,
                               bs_test_result_cb, &slot);
      CALL (account, bs_client_sign_in_finish, &error);
      g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_UNAUTHORIZED);
      g_assert_cmpstr (error->message, ==, cases[i].wrong_password);
      g_clear_error (&error);

      bs_client_sign_up_async (client, "not an email", "12345678", NULL, NULL, bs_test_result_cb,
                               &slot);
      CALL (id, bs_client_sign_up_finish, &error);
      g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, ==, cases[i].not_an_email);
    }
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_money_format (void)
{
  const struct {
    const char *locale;
    gint64 cents;
    const char *expected;
  } cases[] = {
    { "C.UTF-8", 1752, "$17.52" },
    { "C.UTF-8", 2100, "$21.00" },
    { "C.UTF-8", 5, "$0.05" },
    { "C.UTF-8", 123456789, "$1234567.89" },
    /* German and French put the dollar sign after the amount (their translations say
     * so), with the locale's decimal mark and its groups of three. */
    { "de_DE.UTF-8", 1752, "17,52\u00a0$" },
    { "de_DE.UTF-8", 123456789, "1.234.567,89\u00a0$" },
    { "de_DE.UTF-8", -123456, "−1.234,56\u00a0$" },
    /* French groups digits with a narrow no-break space. */
    { "fr_FR.UTF-8", 123456789, "1\u202f234\u202f567,89\u00a0$" },
    { "fr_FR.UTF-8", 99999, "999,99\u00a0$" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      if (setlocale (LC_ALL, cases[i].locale) == NULL)
        {
          g_test_skip_printf ("locale %s is missing", cases[i].locale);
          continue;
        }
      text = bs_money_format (cases[i].cents);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  bs_test_use_translations ();

  shop = bs_test_server_new (TRUE, 2);

  g_test_add_func ("/client/catalog-calls", test_catalog_calls);
  g_test_add_func ("/client/account-and-shopping-calls", test_account_and_shopping_calls);
  g_test_add_func ("/client/friend-and-account-calls", test_friend_and_account_calls);
  g_test_add_func ("/client/errors-carry-the-servers-word", test_errors_carry_the_servers_word);
  g_test_add_func ("/client/errors-in-the-users-language", test_errors_in_the_users_language);
  g_test_add_func ("/client/rate-limited", test_rate_limited);
  g_test_add_func ("/client/offline", test_offline);
  g_test_add_func ("/client/cancellation", test_cancellation);
  g_test_add_func ("/client/cancellation-in-flight", test_cancellation_in_flight);
  g_test_add_func ("/client/timeout", test_timeout);
  g_test_add_func ("/client/garbage", test_garbage);
  g_test_add_func ("/client/optional-routes", test_optional_routes);
  g_test_add_func ("/client/call-log", test_call_log);
  g_test_add_func ("/client/money-format", test_money_format);

  status = g_test_run ();
  bs_test_server_free (shop);
  return status;
}
