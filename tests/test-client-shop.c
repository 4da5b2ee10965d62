/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "bs-shop.h"
#include "bs-test-proxy.h"
#include "bs-test-util.h"

/* Where the shops made next keep their tokens: a plain file, or the keyring when NULL. */
static const char *token_file;

/* BsShop, the app's view of a server: online it fills from the server and keeps
 * snapshots; started again with the server down, it shows those snapshots, the signed-in
 * customer's cart and orders included, and says it is offline. */

typedef struct
{
  BsClient *client;
  BsCache *cache;
  BsTokenStore *tokens;
  BsShop *shop;
} Parts;

static void
parts_init_remembered_as (Parts      *parts,
                          const char *url,
                          const char *cache_dir,
                          const char *remembered_as)
{
  parts->client = bs_client_new (url, NULL);
  parts->cache = bs_cache_new (cache_dir);
  parts->tokens = bs_token_store_new (token_file);
  parts->shop = g_object_new (BS_TYPE_SHOP, "client", parts->client, "cache", parts->cache,
                              "token-store", parts->tokens, "remembered-as", remembered_as, NULL);
}

static void
parts_init (Parts      *parts,
            const char *url,
            const char *cache_dir)
{
  parts_init_remembered_as (parts, url, cache_dir, NULL);
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Lets everything go, and waits for the cache to be gone: its last writes are then on
 * disk, and nothing writes into the folder a test removes next. */
static void
parts_clear (Parts *parts)
{
  gpointer cache = parts->cache;

  g_object_add_weak_pointer (cache, &cache);
  g_clear_object (&parts->shop);
  g_clear_object (&parts->tokens);
  g_clear_object (&parts->cache);
  g_clear_object (&parts->client);
  bs_test_wait_until (is_gone, &cache, 10);
}

static void
start (BsShop *shop)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bs_shop_start_async (shop, NULL, bs_test_result_cb, &slot);
  result = bs_test_wait_result (&slot);
  g_assert_true (bs_shop_start_finish (shop, result, &error));
  g_assert_no_error (error);
}

static void
wait_for (gboolean (*done) (gpointer),
          gpointer   data)
{
  bs_test_wait_until (done, data, 10);
}

/* Everything asked of the cache so far is on disk: a write queued after them has landed. */
static void
wait_for_writes (BsCache *cache)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_cache_measure_async (cache, FALSE, NULL, bs_test_result_cb, &slot);
  result = bs_test_wait_result (&slot);
  g_assert_true (bs_cache_measure_finish (cache, result, NULL, NULL));
}

/* Asks the server for the customer's cart, orders and recommendations, and waits. */
static void
refresh_customer (BsShop *shop)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bs_shop_refresh_customer_async (shop, NULL, bs_test_result_cb, &slot);
  result = bs_test_wait_result (&slot);
  g_assert_true (bs_shop_refresh_customer_finish (shop, result, &error));
  g_assert_no_error (error);
}

static gboolean
snapshots_written (gpointer data)
{
  g_autofree char *catalog = g_build_filename (data, "catalog.snapshot", NULL);

  return g_file_test (catalog, G_FILE_TEST_EXISTS);
}

static gboolean
cart_filled (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_cart (data))) > 0 &&
         g_list_model_get_n_items (bs_shop_get_orders (data)) > 0;
}

static void
test_shop_online_then_offline (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *tokens = g_build_filename (dir, "tokens.ini", NULL);
  g_autofree char *url = g_strdup (bs_server_get_url (server->server));
  g_autofree char *server_dir = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  Parts online = { 0 };
  Parts offline = { 0 };

  token_file = tokens;
  parts_init (&online, url, dir);
  start (online.shop);
  g_assert_false (bs_shop_is_offline (online.shop));
  g_assert_cmpstr (bs_shop_get_server_id (online.shop), ==, bs_server_get_server_id (server->server));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (online.shop))), ==, 84);

  bs_session_sign_in_async (bs_shop_get_session (online.shop), "john.d@macrometa.io",
                            "bookstore-demo", NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    g_assert_true (bs_session_sign_in_finish (bs_shop_get_session (online.shop), result, &error));
  }
  bs_client_add_to_cart_async (online.client, "b7", 2, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    g_autoptr(BsCartItem) item = bs_client_add_to_cart_finish (online.client, result, &error);
    g_assert_no_error (error);
  }
  refresh_customer (online.shop);
  wait_for (cart_filled, online.shop);
  server_dir = bs_cache_get_server_dir (online.cache, bs_shop_get_server_id (online.shop));
  wait_for (snapshots_written, server_dir);
  wait_for_writes (online.cache);
  parts_clear (&online);

  /* The server is gone; a new start shows what was kept. */
  bs_server_stop (server->server);
  parts_init (&offline, url, dir);
  start (offline.shop);
  g_assert_true (bs_shop_is_offline (offline.shop));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (offline.shop))), ==, 84);
  g_assert_true (bs_session_is_signed_in (bs_shop_get_session (offline.shop)));
  wait_for (cart_filled, offline.shop);
  g_assert_cmpuint (bs_cart_get_count (bs_shop_get_cart (offline.shop)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (bs_shop_get_orders (offline.shop)), ==, 1);
  parts_clear (&offline);

  token_file = NULL;
  bs_test_remove_dir (dir);
}

static gboolean
catalog_shown (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (data))) == 84;
}

static gboolean
health_held (gpointer data)
{
  return bs_test_proxy_n_held (data) == 1;
}

/* A shop whose address changes from one start to the next (the built-in one listens on
 * a free port) is remembered under a key of its own: the next start shows its saved
 * catalog while the server has not answered yet, no address piles up in the cache, and
 * the saved catalog can be shown before anything is asked. */
static void
test_remembered_shop_shows_catalog_before_its_server (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *tokens = g_build_filename (dir, "tokens.ini", NULL);
  g_autofree char *url = g_strdup (bs_server_get_url (server->server));
  g_autoptr(BsTestProxy) proxy = bs_test_proxy_new (url);
  g_autofree char *server_dir = NULL;
  g_autofree char *remembered = NULL;
  g_autofree char *by_address = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  Parts first = { 0 };
  Parts next = { 0 };
  Parts saved = { 0 };

  token_file = tokens;
  parts_init_remembered_as (&first, url, dir, "built-in");
  start (first.shop);
  server_dir = bs_cache_get_server_dir (first.cache, bs_shop_get_server_id (first.shop));
  wait_for (snapshots_written, server_dir);
  wait_for_writes (first.cache);
  parts_clear (&first);

  /* At another address now, and slow to answer. */
  parts_init_remembered_as (&next, bs_test_proxy_get_url (proxy), dir, "built-in");
  bs_test_proxy_hold_answers (proxy, "GET", "/api/health", 1);
  bs_shop_start_async (next.shop, NULL, bs_test_result_cb, &slot);
  wait_for (catalog_shown, next.shop);
  wait_for (health_held, proxy);
  g_assert_null (slot);
  g_assert_cmpstr (bs_shop_get_server_id (next.shop), ==, bs_server_get_server_id (server->server));

  bs_test_proxy_release (proxy);
  result = bs_test_wait_result (&slot);
  g_assert_true (bs_shop_start_finish (next.shop, result, &error));
  g_assert_no_error (error);
  g_assert_false (bs_shop_is_offline (next.shop));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_catalog (next.shop))), ==, 84);
  remembered = bs_cache_get_server_id_for_url (next.cache, "built-in");
  by_address = bs_cache_get_server_id_for_url (next.cache, bs_test_proxy_get_url (proxy));
  g_assert_cmpstr (remembered, ==, bs_server_get_server_id (server->server));
  g_assert_null (by_address);
  g_clear_object (&result);
  parts_clear (&next);

  /* Shown before its server is even asked: the built-in shop's server opens meanwhile. */
  parts_init_remembered_as (&saved, bs_test_proxy_get_url (proxy), dir, "built-in");
  bs_test_proxy_hold_requests (proxy, "GET", "/api/health", 1);
  bs_shop_show_saved (saved.shop);
  wait_for (catalog_shown, saved.shop);
  g_assert_cmpstr (bs_shop_get_server_id (saved.shop), ==, bs_server_get_server_id (server->server));
  g_assert_cmpuint (bs_test_proxy_n_held (proxy), ==, 0);
  parts_clear (&saved);

  token_file = NULL;
  bs_test_remove_dir (dir);
}

static void
sign_in (BsShop     *shop,
         const char *username,
         const char *password)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bs_session_sign_in_async (bs_shop_get_session (shop), username, password, NULL, bs_test_result_cb, &slot);
  result = bs_test_wait_result (&slot);
  g_assert_true (bs_session_sign_in_finish (bs_shop_get_session (shop), result, &error));
  g_assert_no_error (error);
}

static gboolean
customer_loaded (gpointer data)
{
  return bs_shop_get_cart_loaded (data) && bs_shop_get_orders_loaded (data);
}

/* "b7×2 b9×1": what the cart shows. */
static char *
cart_text (BsShop *shop)
{
  GListModel *cart = G_LIST_MODEL (bs_shop_get_cart (shop));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (cart); i++)
    {
      g_autoptr(BsCartItem) item = g_list_model_get_item (cart, i);

      g_string_append_printf (text, "%s%s×%d", i > 0 ? " " : "",
                              bs_book_get_book_id (bs_cart_item_get_book (item)),
                              bs_cart_item_get_quantity (item));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The books of the newest order shown: "b7×2". */
static char *
newest_order_text (BsShop *shop)
{
  g_autoptr(BsOrder) order = g_list_model_get_item (bs_shop_get_orders (shop), 0);
  g_autoptr(GString) text = g_string_new (NULL);
  GListModel *lines;

  g_assert_nonnull (order);
  lines = bs_order_get_lines (order);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(BsOrderLine) line = g_list_model_get_item (lines, i);

      g_string_append_printf (text, "%s%s×%d", i > 0 ? " " : "",
                              bs_book_get_book_id (bs_order_line_get_book (line)),
                              bs_order_line_get_quantity (line));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A checkout empties the cart for good: the bought line does not come back at a start
 * while the server is down (the shopping GUI test asks the server again). */
static void
test_checkout_leaves_no_ghost (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *tokens = g_build_filename (dir, "tokens.ini", NULL);
  g_autofree char *url = g_strdup (bs_server_get_url (server->server));
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  Parts online = { 0 };
  Parts offline = { 0 };
  g_autofree char *shown = NULL;
  g_autofree char *ordered = NULL;

  token_file = tokens;
  parts_init (&online, url, dir);
  start (online.shop);
  sign_in (online.shop, "harry.d@macrometa.io", "bookstore-demo");
  wait_for (customer_loaded, online.shop);

  bs_shop_add_to_cart_async (online.shop, "b7", 2, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    g_autoptr(BsCartItem) item = bs_shop_add_to_cart_finish (online.shop, result, &error);

    g_assert_no_error (error);
  }
  shown = cart_text (online.shop);
  g_assert_cmpstr (shown, ==, "b7×2");
  bs_shop_checkout_async (online.shop, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    g_autoptr(BsOrder) order = bs_shop_checkout_finish (online.shop, result, &error);

    g_assert_no_error (error);
  }
  g_clear_pointer (&shown, g_free);
  shown = cart_text (online.shop);
  g_assert_cmpstr (shown, ==, "");
  ordered = newest_order_text (online.shop);
  g_assert_cmpstr (ordered, ==, "b7×2");

  wait_for_writes (online.cache);
  parts_clear (&online);

  /* The next start, with the server down, shows what was last on screen. */
  bs_server_stop (server->server);
  parts_init (&offline, url, dir);
  start (offline.shop);
  g_assert_true (bs_shop_is_offline (offline.shop));
  wait_for (customer_loaded, offline.shop);
  g_clear_pointer (&shown, g_free);
  shown = cart_text (offline.shop);
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&ordered, g_free);
  ordered = newest_order_text (offline.shop);
  g_assert_cmpstr (ordered, ==, "b7×2");
  parts_clear (&offline);

  token_file = NULL;
  bs_test_remove_dir (dir);
}

static int
compare_lines (const void *a,
               const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The lines of the cart, sorted: "b7×1 b9×1". */
static char *
cart_lines (BsShop *shop)
{
  g_autofree char *text = cart_text (shop);
  g_auto(GStrv) lines = g_strsplit (text, " ", -1);

  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  return g_strjoinv (" ", lines);
}

static gboolean
answer_held (gpointer data)
{
  return bs_test_proxy_n_held (data) > 0;
}

static gboolean
cart_has_two_lines (gpointer data)
{
  return bs_shop_get_cart_loaded (data) &&
         g_list_model_get_n_items (G_LIST_MODEL (bs_shop_get_cart (data))) == 2;
}

/* One test's shop: a real server (behind the test proxy, when asked), a fresh data
 * folder, the shop started with Harry signed in and his data loaded. */
typedef struct
{
  BsTestServer *server;
  char *dir;
  BsTestProxy *proxy;   /* (nullable) */
  Parts parts;
} Case;

static void
case_begin (Case     *c,
            gboolean  through_proxy)
{
  g_autofree char *tokens = NULL;
  const char *url;

  c->server = bs_test_server_new (TRUE, 2);
  c->dir = bs_test_make_temp_dir ();
  tokens = g_build_filename (c->dir, "tokens.ini", NULL);
  token_file = tokens;
  url = bs_server_get_url (c->server->server);
  if (through_proxy)
    {
      c->proxy = bs_test_proxy_new (url);
      url = bs_test_proxy_get_url (c->proxy);
    }
  parts_init (&c->parts, url, c->dir);
  start (c->parts.shop);
  sign_in (c->parts.shop, "harry.d@macrometa.io", "bookstore-demo");
  wait_for (customer_loaded, c->parts.shop);
}

static void
case_end (Case *c)
{
  wait_for_writes (c->parts.cache);
  parts_clear (&c->parts);
  g_clear_pointer (&c->proxy, bs_test_proxy_free);
  token_file = NULL;
  bs_test_remove_dir (c->dir);
  g_free (c->dir);
  bs_test_server_free (c->server);
}

static BsCartItem *
add_to_cart (BsShop     *shop,
             const char *book_id,
             int         copies)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BsCartItem *item;

  bs_shop_add_to_cart_async (shop, book_id, copies, NULL, bs_test_result_cb, &slot);
  result = bs_test_wait_result (&slot);
  item = bs_shop_add_to_cart_finish (shop, result, &error);
  g_assert_no_error (error);
  return item;
}

/* A book added while the customer's cart is still on its way: the cart then shows
 * everything the server holds, and the copy kept is all of it, not the one new line
 * over an empty cart. */
static void
test_change_before_cart_loads (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 2);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *tokens = g_build_filename (dir, "tokens.ini", NULL);
  g_autofree char *url = g_strdup (bs_server_get_url (server->server));
  g_autofree char *token = bs_test_sign_in (server, "harry.d@macrometa.io", "bookstore-demo");
  g_autoptr(BsTestProxy) proxy = bs_test_proxy_new (url);
  g_autoptr(BsCartItem) added = NULL;
  g_autofree char *shown = NULL;
  Parts online = { 0 };
  Parts offline = { 0 };

  g_assert_cmpuint (bs_test_customer_status (server, token, "POST", "/api/cart",
                                             "{\"bookId\":\"b9\",\"quantity\":1}"), ==, 200);
  token_file = tokens;
  parts_init (&online, bs_test_proxy_get_url (proxy), dir);
  start (online.shop);
  bs_test_proxy_hold_answers (proxy, "GET", "/api/cart", 1);
  sign_in (online.shop, "harry.d@macrometa.io", "bookstore-demo");
  bs_test_wait_until (answer_held, proxy, 10);
  g_assert_false (bs_shop_get_cart_loaded (online.shop));

  added = add_to_cart (online.shop, "b7", 1);
  bs_test_proxy_release (proxy);
  wait_for (cart_has_two_lines, online.shop);
  shown = cart_lines (online.shop);
  g_assert_cmpstr (shown, ==, "b7×1 b9×1");

  wait_for_writes (online.cache);
  parts_clear (&online);

  /* What was kept is the whole cart. */
  bs_server_stop (server->server);
  parts_init (&offline, bs_test_proxy_get_url (proxy), dir);
  start (offline.shop);
  g_assert_true (bs_shop_is_offline (offline.shop));
  wait_for (customer_loaded, offline.shop);
  g_clear_pointer (&shown, g_free);
  shown = cart_lines (offline.shop);
  g_assert_cmpstr (shown, ==, "b7×1 b9×1");
  parts_clear (&offline);

  token_file = NULL;
  bs_test_remove_dir (dir);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

typedef struct
{
  BsShop *shop;
  const char *customer_id;
} CustomerShown;

static gboolean
customer_shown (gpointer data)
{
  CustomerShown *wanted = data;
  BsAccount *account = bs_shop_get_account (wanted->shop);

  return account != NULL && g_strcmp0 (account->customer_id, wanted->customer_id) == 0 &&
         customer_loaded (wanted->shop);
}

static char *
customer_id_of (BsShop *shop)
{
  BsAccount *account = bs_shop_get_account (shop);

  g_assert_nonnull (account);
  return g_strdup (account->customer_id);
}

/* One customer signing in over another: the first one's cart goes from the screen, the
 * second one's comes, and the window hears of the change. */
static void
test_customer_signs_in_over_another (void)
{
  g_autoptr(BsCartItem) added = NULL;
  g_autofree char *harry = NULL;
  g_autofree char *shown = NULL;
  CustomerShown john = { 0 };
  guint changes = 0;
  Case c = { 0 };

  case_begin (&c, FALSE);
  harry = customer_id_of (c.parts.shop);
  added = add_to_cart (c.parts.shop, "b7", 2);
  shown = cart_text (c.parts.shop);
  g_assert_cmpstr (shown, ==, "b7×2");

  g_signal_connect (c.parts.shop, "notify::customer-id", G_CALLBACK (count_notify_cb), &changes);
  sign_in (c.parts.shop, "john.d@macrometa.io", "bookstore-demo");
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (bs_shop_is_signed_in (c.parts.shop));
  john.shop = c.parts.shop;
  john.customer_id = bs_session_get_customer_id (bs_shop_get_session (c.parts.shop));
  g_assert_cmpstr (john.customer_id, !=, harry);
  wait_for (customer_shown, &john);
  g_clear_pointer (&shown, g_free);
  shown = cart_text (c.parts.shop);
  g_assert_cmpstr (shown, ==, "");
  case_end (&c);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* A customer who signs in while the last session is still being restored stays signed
 * in: the restore's late answer does not put the earlier customer back. */
static void
test_sign_in_during_restore (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 2);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *tokens = g_build_filename (dir, "tokens.ini", NULL);
  g_autofree char *url = g_strdup (bs_server_get_url (server->server));
  g_autoptr(BsTestProxy) proxy = bs_test_proxy_new (url);
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *harry = NULL;
  g_autofree char *john = NULL;
  g_autofree char *shown = NULL;
  GAsyncResult *slot = NULL;
  Parts parts = { 0 };

  token_file = tokens;
  parts_init (&parts, bs_test_proxy_get_url (proxy), dir);
  start (parts.shop);
  sign_in (parts.shop, "harry.d@macrometa.io", "bookstore-demo");
  harry = customer_id_of (parts.shop);
  wait_for (customer_loaded, parts.shop);
  wait_for_writes (parts.cache);
  parts_clear (&parts);

  /* The next start restores Harry's session; John signs in before it has. */
  parts_init (&parts, bs_test_proxy_get_url (proxy), dir);
  bs_test_proxy_hold_answers (proxy, "GET", "/api/whoami", 1);
  bs_shop_start_async (parts.shop, NULL, bs_test_result_cb, &slot);
  bs_test_wait_until (answer_held, proxy, 10);
  sign_in (parts.shop, "john.d@macrometa.io", "bookstore-demo");
  john = customer_id_of (parts.shop);
  g_assert_cmpstr (john, !=, harry);
  bs_test_proxy_release (proxy);
  bs_test_wait_until (result_arrived, &slot, 10);
  started = g_steal_pointer (&slot);
  g_assert_true (bs_shop_start_finish (parts.shop, started, &error));
  g_assert_no_error (error);
  g_clear_object (&started);

  g_assert_cmpstr (bs_session_get_customer_id (bs_shop_get_session (parts.shop)), ==, john);
  shown = customer_id_of (parts.shop);
  g_assert_cmpstr (shown, ==, john);
  wait_for_writes (parts.cache);
  parts_clear (&parts);

  token_file = NULL;
  bs_test_remove_dir (dir);
}

/* Sets @book_id to @quantity, holds that change on its way to the server, and checks
 * out meanwhile. A checkout that does not wait goes out before the change arrives: once
 * a request asked after it is answered, it has (the client has only the connection the
 * change does not hold). Then the change goes on. */
static void
checkout_behind_held_change (Case          *c,
                             const char    *book_id,
                             int            quantity,
                             GAsyncResult **set_slot,
                             GAsyncResult **order_slot)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BsServerHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  bs_test_proxy_hold_requests (c->proxy, "PUT", "/api/cart", 1);
  bs_shop_set_quantity_async (c->parts.shop, book_id, quantity, NULL, bs_test_result_cb, set_slot);
  bs_test_wait_until (answer_held, c->proxy, 10);
  bs_shop_checkout_async (c->parts.shop, NULL, bs_test_result_cb, order_slot);
  bs_client_get_health_async (c->parts.client, NULL, bs_test_result_cb, &slot);
  result = bs_test_wait_result (&slot);
  health = bs_client_get_health_finish (c->parts.client, result, &error);
  g_assert_no_error (error);
  bs_test_proxy_release (c->proxy);
}

/* A checkout right after a quantity change orders the quantity chosen, even when the
 * change would reach the server after the checkout: the order is what the cart showed,
 * and no line comes back after it. */
static void
test_checkout_after_quantity_change (void)
{
  g_autoptr(BsCartItem) added = NULL;
  g_autoptr(GAsyncResult) set = NULL;
  g_autoptr(GAsyncResult) ordered = NULL;
  g_autoptr(BsOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bought = NULL;
  g_autofree char *shown = NULL;
  GAsyncResult *set_slot = NULL;
  GAsyncResult *order_slot = NULL;
  Case c = { 0 };

  case_begin (&c, TRUE);
  added = add_to_cart (c.parts.shop, "b7", 1);

  /* The new quantity is slow to reach the server. */
  checkout_behind_held_change (&c, "b7", 3, &set_slot, &order_slot);

  set = bs_test_wait_result (&set_slot);
  g_assert_true (bs_shop_set_quantity_finish (c.parts.shop, set, &error));
  g_assert_no_error (error);
  ordered = bs_test_wait_result (&order_slot);
  order = bs_shop_checkout_finish (c.parts.shop, ordered, &error);
  g_assert_no_error (error);
  bought = newest_order_text (c.parts.shop);
  g_assert_cmpstr (bought, ==, "b7×3");
  shown = cart_text (c.parts.shop);
  g_assert_cmpstr (shown, ==, "");

  /* The server's cart is empty too. */
  refresh_customer (c.parts.shop);
  g_clear_pointer (&shown, g_free);
  shown = cart_text (c.parts.shop);
  g_assert_cmpstr (shown, ==, "");

  g_clear_object (&set);
  g_clear_object (&ordered);
  case_end (&c);
}

typedef struct
{
  BsShop *shop;
  GAsyncResult **slot;   /* where the second change's result goes */
} ChangeAgain;

/* The first change's answer: the caller changes the same line again at once. */
static void
set_again_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ChangeAgain *again = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bs_shop_set_quantity_finish (again->shop, result, &error));
  g_assert_no_error (error);
  bs_shop_set_quantity_async (again->shop, "b7", 4, NULL, bs_test_result_cb, again->slot);
}

/* A caller that changes a line again from the answer to its last change: the change
 * goes once, and the cart shows it. */
static void
test_change_again_from_callback (void)
{
  g_autoptr(BsCartItem) added = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  GAsyncResult *slot = NULL;
  ChangeAgain again = { 0 };
  Case c = { 0 };

  case_begin (&c, FALSE);
  added = add_to_cart (c.parts.shop, "b7", 1);

  again = (ChangeAgain) { c.parts.shop, &slot };
  bs_shop_set_quantity_async (c.parts.shop, "b7", 2, NULL, set_again_cb, &again);
  second = bs_test_wait_result (&slot);
  g_assert_true (bs_shop_set_quantity_finish (c.parts.shop, second, &error));
  g_assert_no_error (error);
  shown = cart_text (c.parts.shop);
  g_assert_cmpstr (shown, ==, "b7×4");

  refresh_customer (c.parts.shop);
  g_clear_pointer (&shown, g_free);
  shown = cart_text (c.parts.shop);
  g_assert_cmpstr (shown, ==, "b7×4");

  g_clear_object (&second);
  case_end (&c);
}

/* A checkout waiting for a change that then fails does not go: the order would not be
 * what the cart showed. */
static void
test_checkout_waits_for_a_change_that_fails (void)
{
  g_autoptr(BsCartItem) added = NULL;
  g_autoptr(GAsyncResult) set = NULL;
  g_autoptr(GAsyncResult) ordered = NULL;
  g_autoptr(BsOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *set_slot = NULL;
  GAsyncResult *order_slot = NULL;
  guint orders_before;
  Case c = { 0 };

  case_begin (&c, TRUE);
  added = add_to_cart (c.parts.shop, "b7", 1);
  orders_before = g_list_model_get_n_items (bs_shop_get_orders (c.parts.shop));

  /* A book the shop does not have: the server will refuse the change. */
  checkout_behind_held_change (&c, "no-such-book", 2, &set_slot, &order_slot);

  set = bs_test_wait_result (&set_slot);
  g_assert_false (bs_shop_set_quantity_finish (c.parts.shop, set, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  ordered = bs_test_wait_result (&order_slot);
  order = bs_shop_checkout_finish (c.parts.shop, ordered, &error);
  g_assert_null (order);
  g_assert_nonnull (error);
  g_clear_error (&error);

  refresh_customer (c.parts.shop);
  g_assert_cmpuint (g_list_model_get_n_items (bs_shop_get_orders (c.parts.shop)), ==, orders_before);

  g_clear_object (&set);
  g_clear_object (&ordered);
  case_end (&c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shop/online-then-offline", test_shop_online_then_offline);
  g_test_add_func ("/shop/remembered-shop-shows-catalog-before-its-server",
                   test_remembered_shop_shows_catalog_before_its_server);
  g_test_add_func ("/shop/checkout-leaves-no-ghost", test_checkout_leaves_no_ghost);
  g_test_add_func ("/shop/change-before-cart-loads", test_change_before_cart_loads);
  g_test_add_func ("/shop/customer-signs-in-over-another", test_customer_signs_in_over_another);
  g_test_add_func ("/shop/sign-in-during-restore", test_sign_in_during_restore);
  g_test_add_func ("/shop/checkout-after-quantity-change", test_checkout_after_quantity_change);
  g_test_add_func ("/shop/change-again-from-callback", test_change_again_from_callback);
  g_test_add_func ("/shop/checkout-waits-for-a-change-that-fails",
                   test_checkout_waits_for_a_change_that_fails);

  return g_test_run ();
}
