/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "bs-shop.h"
#include "bs-test-util.h"

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
parts_init (Parts      *parts,
            const char *url,
            const char *cache_dir)
{
  parts->client = bs_client_new (url, NULL);
  parts->cache = bs_cache_new (cache_dir);
  parts->tokens = bs_token_store_new ();
  parts->shop = bs_shop_new (parts->client, parts->cache, parts->tokens);
}

static void
parts_clear (Parts *parts)
{
  g_clear_object (&parts->shop);
  g_clear_object (&parts->tokens);
  g_clear_object (&parts->cache);
  g_clear_object (&parts->client);
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

  g_setenv ("BOOKSTORE_TOKEN_FILE", tokens, TRUE);
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
  bs_shop_refresh_customer_async (online.shop, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    g_assert_true (bs_shop_refresh_customer_finish (online.shop, result, &error));
    g_assert_no_error (error);
  }
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

  g_unsetenv ("BOOKSTORE_TOKEN_FILE");
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

  g_setenv ("BOOKSTORE_TOKEN_FILE", tokens, TRUE);
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

  g_unsetenv ("BOOKSTORE_TOKEN_FILE");
  bs_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shop/online-then-offline", test_shop_online_then_offline);
  g_test_add_func ("/shop/checkout-leaves-no-ghost", test_checkout_leaves_no_ghost);

  return g_test_run ();
}
