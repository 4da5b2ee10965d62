/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bs-cache.h"
#include "bs-client.h"
#include "bs-cover-cache.h"
#include "bs-live-bestsellers.h"
#include "bs-session.h"
#include "bs-snapshot.h"
#include "bs-token-store.h"
#include "bs-test-proxy.h"
#include "bs-test-util.h"

/* What keeps the app useful when the server is gone: snapshots per server, covers on
 * disk, the session token, live best sellers that find their way back, and a checkout
 * that is never placed twice. */

static gpointer
wait_pointer (GAsyncResult **slot)
{
  return bs_test_wait_result (slot);
}

static GPtrArray *
load (BsCache        *cache,
      const char     *server_id,
      const char     *name,
      BsSnapshotKind  kind,
      char          **out_tag,
      GError        **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_cache_load_async (cache, server_id, name, kind, NULL, bs_test_result_cb, &slot);
  result = wait_pointer (&slot);
  return bs_cache_load_finish (cache, result, out_tag, error);
}

static void
save (BsCache        *cache,
      const char     *server_id,
      const char     *name,
      BsSnapshotKind  kind,
      GPtrArray      *models,
      const char     *tag)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  bs_cache_save_async (cache, server_id, name, kind, models, tag, NULL, bs_test_result_cb, &slot);
  result = wait_pointer (&slot);
  bs_cache_save_finish (cache, result, &error);
  g_assert_no_error (error);
}

/* Fetch with a fresh client, cache it, stop the server: the snapshots still load, and
 * the client says offline. */
static void
test_offline_snapshots (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autoptr(BsCache) cache = bs_cache_new (dir);
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autofree char *server_id = g_strdup (bs_server_get_server_id (server->server));
  g_autoptr(GError) error = NULL;
  g_autoptr(BsBookPage) page = NULL;
  g_autoptr(BsAccount) account = NULL;
  g_autoptr(GPtrArray) cart = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autoptr(GPtrArray) cached_cart = NULL;
  g_autoptr(GPtrArray) cached_orders = NULL;
  g_autoptr(BsBookPage) offline = NULL;
  g_autoptr(BsCache) reopened = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *remembered = NULL;
  GAsyncResult *slot = NULL;

  bs_client_list_books_async (client, NULL, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    page = bs_client_list_books_finish (client, result, &error);
  }
  g_assert_no_error (error);
  save (cache, server_id, "catalog", BS_SNAPSHOT_BOOKS, page->books, page->etag);
  bs_cache_set_server_id_for_url (cache, bs_server_get_url (server->server), server_id, &error);
  g_assert_no_error (error);

  bs_client_sign_in_async (client, "john.d@macrometa.io", "bookstore-demo", NULL,
                           bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    account = bs_client_sign_in_finish (client, result, &error);
  }
  g_assert_no_error (error);
  bs_client_add_to_cart_async (client, "b8", 2, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsCartItem) item = bs_client_add_to_cart_finish (client, result, &error);
    g_assert_no_error (error);
  }
  bs_client_list_cart_async (client, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    cart = bs_client_list_cart_finish (client, result, &error);
    g_assert_no_error (error);
  }
  bs_client_list_orders_async (client, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    orders = bs_client_list_orders_finish (client, result, &error);
  }
  g_assert_no_error (error);
  save (cache, server_id, "cart-john", BS_SNAPSHOT_CART, cart, NULL);
  save (cache, server_id, "orders-john", BS_SNAPSHOT_ORDERS, orders, NULL);

  /* The server goes away. */
  bs_server_stop (server->server);
  bs_client_list_books_async (client, page->etag, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    offline = bs_client_list_books_finish (client, result, &error);
  }
  g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE);
  g_clear_error (&error);

  /* A later start finds the server's snapshots from its URL alone. */
  reopened = bs_cache_new (dir);
  remembered = bs_cache_get_server_id_for_url (reopened, bs_server_get_url (server->server));
  g_assert_cmpstr (remembered, ==, server_id);
  books = load (reopened, remembered, "catalog", BS_SNAPSHOT_BOOKS, &tag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (books->len, ==, 84);
  g_assert_cmpstr (tag, ==, page->etag);
  g_assert_cmpstr (bs_book_get_name (g_ptr_array_index (books, 0)), ==,
                   "Modern Comfort Food: A Barefoot Contessa Cookbook");
  g_assert_cmpint (bs_book_get_price (g_ptr_array_index (books, 2)), ==, 1752);

  cached_cart = load (reopened, remembered, "cart-john", BS_SNAPSHOT_CART, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached_cart->len, ==, 1);
  g_assert_cmpint (bs_cart_item_get_subtotal (g_ptr_array_index (cached_cart, 0)), ==,
                   bs_cart_item_get_subtotal (g_ptr_array_index (cart, 0)));

  cached_orders = load (reopened, remembered, "orders-john", BS_SNAPSHOT_ORDERS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached_orders->len, ==, 1);
  g_assert_cmpint (bs_order_get_total (g_ptr_array_index (cached_orders, 0)), ==, 3551);
  g_assert_cmpint (g_date_time_to_unix (bs_order_get_date (g_ptr_array_index (cached_orders, 0))), ==,
                   1603105787);

  /* Signing out forgets the customer's snapshots. */
  bs_cache_forget (reopened, remembered, "cart-john");
  {
    g_autoptr(GPtrArray) gone = load (reopened, remembered, "cart-john", BS_SNAPSHOT_CART, NULL, &error);
    g_assert_null (gone);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  bs_test_remove_dir (dir);
}

static void
test_damaged_snapshots_are_misses (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autoptr(BsCache) cache = bs_cache_new (dir);
  g_autofree char *server_dir = bs_cache_get_server_dir (cache, "abc");
  g_autofree char *path = g_build_filename (server_dir, "catalog.snapshot", NULL);
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) as_cart = NULL;

  g_assert_cmpint (g_mkdir_with_parents (server_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "garbage, not a variant at all", -1, NULL));
  loaded = load (cache, "abc", "catalog", BS_SNAPSHOT_BOOKS, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A snapshot read as another kind is a miss too. */
  g_ptr_array_add (books, bs_book_new ("b1", "N", "A", "C", 100, 40));
  save (cache, "abc", "catalog", BS_SNAPSHOT_BOOKS, books, "\"t\"");
  as_cart = load (cache, "abc", "catalog", BS_SNAPSHOT_CART, NULL, &error);
  g_assert_null (as_cart);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  bs_test_remove_dir (dir);
}

/* A snapshot holds the models as they were when it was asked for, whatever happens to
 * them after: the cache reads them on the caller's thread, never on its writer's, where
 * reading a GListStore (an order's lines) would race with the main thread using it. */
static void
test_snapshot_taken_when_asked (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autoptr(BsCache) cache = bs_cache_new (dir);
  g_autoptr(BsBook) book = bs_book_new ("b1", "N", "A", "C", 100, 40);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (1764130000);
  g_autoptr(BsOrderLine) later = bs_order_line_new (book, 9);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  BsOrder *order;

  g_ptr_array_add (lines, bs_order_line_new (book, 2));
  order = bs_order_new ("o1", date, 200, lines);
  g_ptr_array_add (orders, order);
  bs_cache_save_async (cache, "abc", "orders", BS_SNAPSHOT_ORDERS, orders, NULL, NULL, bs_test_result_cb,
                       &slot);
  /* Changed at once, before the writer has had a chance to run. */
  g_list_store_append (G_LIST_STORE (bs_order_get_lines (order)), later);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);

    g_assert_true (bs_cache_save_finish (cache, result, &error));
  }
  loaded = load (cache, "abc", "orders", BS_SNAPSHOT_ORDERS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bs_order_get_lines (g_ptr_array_index (loaded, 0))), ==, 1);
  bs_test_remove_dir (dir);
}

static void
assert_line (gpointer    line,
             const char *book_id,
             gint64      quantity)
{
  g_assert_cmpstr (bs_book_get_book_id (bs_book_line_get_book (line)), ==, book_id);
  g_assert_cmpint (bs_book_line_get_quantity (line), ==, quantity);
}

/* Cart lines, order lines and counts keep each book and its copies, in the format that
 * snapshots saved by earlier versions have; a cart line no cart can hold is left out. */
static void
test_snapshot_book_lines (void)
{
  g_autoptr(BsBook) first = bs_book_new ("b1", "N", "A", "C", 100, 40);
  g_autoptr(BsBook) second = bs_book_new ("b2", "M", "B", "D", 250, 35);
  g_autoptr(GPtrArray) cart = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (1764130000);
  g_autoptr(GVariant) cart_variant = NULL;
  g_autoptr(GVariant) orders_variant = NULL;
  g_autoptr(GVariant) counts_variant = NULL;
  g_autoptr(GVariant) bad_cart = NULL;
  g_autoptr(GPtrArray) cart_read = NULL;
  g_autoptr(GPtrArray) orders_read = NULL;
  g_autoptr(GPtrArray) counts_read = NULL;
  g_autoptr(GPtrArray) bad_cart_read = NULL;
  GListModel *order_lines;

  g_ptr_array_add (cart, bs_cart_item_new (first, 3));
  g_ptr_array_add (cart, bs_cart_item_new (second, 99));
  g_ptr_array_add (lines, bs_order_line_new (first, 2));
  g_ptr_array_add (lines, bs_order_line_new (second, 7));
  g_ptr_array_add (orders, bs_order_new ("o1", date, 2150, lines));
  g_ptr_array_add (counts, bs_book_count_new (second, G_GINT64_CONSTANT (5000000000)));

  cart_variant = g_variant_ref_sink (bs_snapshot_from_cart (cart));
  orders_variant = g_variant_ref_sink (bs_snapshot_from_orders (orders));
  counts_variant = g_variant_ref_sink (bs_snapshot_from_book_counts (counts));
  g_assert_cmpstr (g_variant_get_type_string (cart_variant), ==, "a((ssssxi)i)");
  g_assert_cmpstr (g_variant_get_type_string (orders_variant), ==, "a(sxxa((ssssxi)i))");
  g_assert_cmpstr (g_variant_get_type_string (counts_variant), ==, "a((ssssxi)x)");

  cart_read = bs_snapshot_to_cart (cart_variant);
  g_assert_cmpuint (cart_read->len, ==, 2);
  g_assert_true (BS_IS_CART_ITEM (g_ptr_array_index (cart_read, 0)));
  assert_line (g_ptr_array_index (cart_read, 0), "b1", 3);
  assert_line (g_ptr_array_index (cart_read, 1), "b2", 99);

  orders_read = bs_snapshot_to_orders (orders_variant);
  g_assert_cmpuint (orders_read->len, ==, 1);
  order_lines = bs_order_get_lines (g_ptr_array_index (orders_read, 0));
  g_assert_cmpuint (g_list_model_get_n_items (order_lines), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GObject) line = g_list_model_get_item (order_lines, i);

      g_assert_true (BS_IS_ORDER_LINE (line));
      assert_line (line, i == 0 ? "b1" : "b2", i == 0 ? 2 : 7);
    }

  counts_read = bs_snapshot_to_book_counts (counts_variant);
  g_assert_cmpuint (counts_read->len, ==, 1);
  g_assert_true (BS_IS_BOOK_COUNT (g_ptr_array_index (counts_read, 0)));
  assert_line (g_ptr_array_index (counts_read, 0), "b2", G_GINT64_CONSTANT (5000000000));

  bad_cart = g_variant_ref_sink (g_variant_new_parsed ("[(('b1', 'N', 'A', 'C', int64 100, 40), 0),"
                                                       " (('b2', 'M', 'B', 'D', int64 250, 35), 100),"
                                                       " (('b3', 'O', 'C', 'E', int64 300, 30), 1)]"));
  bad_cart_read = bs_snapshot_to_cart (bad_cart);
  g_assert_cmpuint (bad_cart_read->len, ==, 1);
  assert_line (g_ptr_array_index (bad_cart_read, 0), "b3", 1);
  g_assert_null (bs_snapshot_to_cart (counts_variant));
}

static guint64
measure (BsCache  *cache,
         gboolean  clear)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 bytes = 0;

  bs_cache_measure_async (cache, clear, NULL, bs_test_result_cb, &slot);
  result = wait_pointer (&slot);
  g_assert_true (bs_cache_measure_finish (cache, result, &bytes, &error));
  g_assert_no_error (error);
  return bytes;
}

/* Clearing removes snapshots and covers, after a write already asked for, and keeps
 * which server each address was and anything else in the folder. */
static void
test_clear_saved_data (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autoptr(BsCache) cache = bs_cache_new (dir);
  g_autofree char *covers_dir = bs_cache_get_covers_dir (cache);
  g_autofree char *cover_dir = g_build_filename (covers_dir, "ab", NULL);
  g_autofree char *cover = g_build_filename (cover_dir, "cover", NULL);
  g_autofree char *server_dir = bs_cache_get_server_dir (cache, "abc");
  g_autofree char *account = g_build_filename (server_dir, "account.ini", NULL);
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_id = NULL;

  g_assert_cmpuint (measure (cache, FALSE), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (cover_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (cover, "0123456789", 10, NULL));
  g_assert_cmpint (g_mkdir_with_parents (server_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (account, "[account]\n", -1, NULL));
  g_assert_true (bs_cache_set_server_id_for_url (cache, "http://shop.example.org", "abc", NULL));
  g_ptr_array_add (books, bs_book_new ("b1", "N", "A", "C", 100, 40));
  save (cache, "abc", "catalog", BS_SNAPSHOT_BOOKS, books, "\"t\"");
  g_assert_cmpuint (measure (cache, FALSE), >, 10);

  /* Queued behind a write: that write is cleared too. */
  bs_cache_save_async (cache, "abc", "orders", BS_SNAPSHOT_BOOKS, books, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (measure (cache, TRUE), >, 10);
  g_assert_cmpuint (measure (cache, FALSE), ==, 0);
  loaded = load (cache, "abc", "catalog", BS_SNAPSHOT_BOOKS, NULL, &error);
  g_assert_null (loaded);
  g_assert_false (g_file_test (cover, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (account, G_FILE_TEST_EXISTS));
  server_id = bs_cache_get_server_id_for_url (cache, "http://shop.example.org");
  g_assert_cmpstr (server_id, ==, "abc");
  bs_test_remove_dir (dir);
}

static GBytes *
get_cover (BsCoverCache *covers,
           const char   *book_id,
           GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  bs_cover_cache_get_async (covers, book_id, NULL, bs_test_result_cb, &slot);
  result = wait_pointer (&slot);
  return bs_cover_cache_get_finish (covers, result, error);
}

static guint64
directory_size (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0)
        total += (guint64) st.st_size;
    }
  return total;
}

static gboolean
directory_filled (gpointer path)
{
  return directory_size (path) > 0;
}

static void
test_cover_cache (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *covers_dir = g_build_filename (dir, "covers", NULL);
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(BsCoverCache) covers = bs_cover_cache_new (client, bs_server_get_server_id (server->server),
                                                       covers_dir, 60 * 1024);
  g_autoptr(GCancellable) gone = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *first = NULL;
  GAsyncResult *second = NULL;
  GAsyncResult *cancelled = NULL;

  /* Three asks for one cover while none is cached: one fetch; the cancelled ask alone
   * is cancelled. */
  bs_cover_cache_get_async (covers, "b1", NULL, bs_test_result_cb, &first);
  bs_cover_cache_get_async (covers, "b1", NULL, bs_test_result_cb, &second);
  bs_cover_cache_get_async (covers, "b1", gone, bs_test_result_cb, &cancelled);
  g_cancellable_cancel (gone);
  {
    g_autoptr(GAsyncResult) r1 = wait_pointer (&first);
    g_autoptr(GAsyncResult) r2 = wait_pointer (&second);
    g_autoptr(GAsyncResult) r3 = wait_pointer (&cancelled);
    g_autoptr(GBytes) a = bs_cover_cache_get_finish (covers, r1, &error);
    g_autoptr(GBytes) b = NULL;
    g_autoptr(GBytes) c = NULL;

    g_assert_no_error (error);
    b = bs_cover_cache_get_finish (covers, r2, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (a, b));
    c = bs_cover_cache_get_finish (covers, r3, &error);
    g_assert_null (c);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (bs_cover_cache_get_fetches (covers), ==, 1);

  /* Later asks come from disk, even with the server gone (once it is written). */
  bs_test_wait_until (directory_filled, covers_dir, 10);
  bs_server_stop (server->server);
  {
    g_autoptr(GBytes) again = get_cover (covers, "b1", &error);
    g_assert_no_error (error);
    g_assert_nonnull (again);
  }
  g_assert_cmpuint (bs_cover_cache_get_fetches (covers), ==, 1);
  {
    g_autoptr(GBytes) missing = get_cover (covers, "b2", &error);
    g_assert_null (missing);
    g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE);
  }
  bs_test_remove_dir (dir);
}

static gboolean
done_storing (gpointer covers)
{
  return !bs_cover_cache_is_storing (covers);
}

static gboolean
is_png (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return size > 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/* A cover file damaged on disk (cut to nothing, or overwritten) is a miss: the cover is
 * fetched again and kept whole, never handed on as it is. */
static void
test_damaged_cover_is_a_miss (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *covers_dir = g_build_filename (dir, "covers", NULL);
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  const char *server_id = bs_server_get_server_id (server->server);
  g_autofree char *path = bs_cover_cache_path_for (covers_dir, server_id, "b1");
  const char *damage[] = { "", "not a picture at all", "\x89PN" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr(BsCoverCache) covers = bs_cover_cache_new (client, server_id, covers_dir, 60 * 1024);
      g_autoptr(BsCoverCache) next = NULL;
      g_autoptr(GBytes) whole = NULL;
      g_autoptr(GBytes) cover = NULL;
      g_autoptr(GBytes) again = NULL;
      g_autoptr(GBytes) on_disk = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      /* Stored whole first, then damaged behind the cache's back. */
      whole = get_cover (covers, "b1", &error);
      g_assert_no_error (error);
      g_assert_true (is_png (whole));
      bs_test_wait_until (done_storing, covers, 10);
      g_assert_true (g_file_set_contents (path, damage[i], -1, &error));

      next = bs_cover_cache_new (client, server_id, covers_dir, 60 * 1024);
      cover = get_cover (next, "b1", &error);
      g_assert_no_error (error);
      g_assert_true (is_png (cover));
      g_assert_cmpuint (bs_cover_cache_get_fetches (next), ==, 1);

      /* And kept whole again: the next ask is from disk. */
      bs_test_wait_until (done_storing, next, 10);
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      on_disk = g_bytes_new_take (g_steal_pointer (&contents), length);
      g_assert_true (g_bytes_equal (on_disk, cover));
      again = get_cover (next, "b1", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (bs_cover_cache_get_fetches (next), ==, 1);
    }
  bs_test_remove_dir (dir);
}

static void
test_cover_cache_stays_under_its_cap (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  const guint64 cap = 50 * 1024;
  g_autoptr(BsCoverCache) covers = bs_cover_cache_new (client, bs_server_get_server_id (server->server),
                                                       dir, cap);

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = get_cover (covers, id, &error);

      g_assert_no_error (error);
    }

  /* Writing and evicting happen off the main thread: wait for all of them (the size may
   * dip under the cap while a cover is still to be written). */
  bs_test_wait_until (done_storing, covers, 10);
  g_assert_cmpuint (directory_size (dir), >, 0);
  g_assert_cmpuint (directory_size (dir), <=, cap);
  /* The folder was counted to trim it, not at every store. */
  g_assert_cmpuint (bs_cover_cache_get_folder_counts (covers), >, 1);
  g_assert_cmpuint (bs_cover_cache_get_folder_counts (covers), <, 12);
  bs_test_remove_dir (dir);
}

/* Under its cap, the cache counts its folder once, at the first store, and keeps the
 * total in memory after that; a cover stored again replaces its size in the total. */
static void
test_cover_cache_counts_its_folder_once (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(BsCoverCache) covers = NULL;
  guint64 three_covers;

  covers = bs_cover_cache_new (client, bs_server_get_server_id (server->server), dir,
                               BS_COVER_CACHE_DEFAULT_MAX_BYTES);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = get_cover (covers, id, &error);

      g_assert_no_error (error);
    }
  bs_test_wait_until (done_storing, covers, 10);
  g_assert_cmpuint (bs_cover_cache_get_folder_counts (covers), ==, 1);
  three_covers = directory_size (dir);
  g_clear_object (&covers);

  /* A new cache on the same folder, with a cap of just those three covers, counts what
   * an earlier run left at its first store, and trims what a fourth cover takes over. */
  covers = bs_cover_cache_new (client, bs_server_get_server_id (server->server), dir,
                               three_covers);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = get_cover (covers, "b4", &error);

    g_assert_no_error (error);
  }
  bs_test_wait_until (done_storing, covers, 10);
  g_assert_cmpuint (bs_cover_cache_get_folder_counts (covers), ==, 1);
  g_assert_cmpuint (directory_size (dir), >, 0);
  g_assert_cmpuint (directory_size (dir), <=, three_covers);
  bs_test_remove_dir (dir);
}

static GBytes *
get_cover_stored (BsCoverCache *covers,
                  const char   *book_id)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = get_cover (covers, book_id, &error);

  g_assert_no_error (error);
  bs_test_wait_until (done_storing, covers, 10);
  return bytes;
}

static void
cover_changed_cb (BsCoverCache *covers,
                  const char   *book_id,
                  GPtrArray    *changed)
{
  g_ptr_array_add (changed, g_strdup (book_id));
}

/* Covers on disk are handed out as they are until the catalog changes; then still at
 * once, while each is asked for again with its ETag the first time it is wanted: a
 * renamed book's new drawing is kept and announced, the others are said to be current,
 * and out of reach the copy on disk simply stays. */
static void
test_cover_cache_revalidates_after_catalog_change (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  const char *server_id = bs_server_get_server_id (server->server);
  g_autoptr(BsCoverCache) first = bs_cover_cache_new (client, server_id, dir,
                                                      BS_COVER_CACHE_DEFAULT_MAX_BYTES);
  g_autoptr(BsCoverCache) next = NULL;
  g_autoptr(BsCoverCache) away = NULL;
  g_autoptr(BsClient) unreachable = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) b1 = get_cover_stored (first, "b1");
  g_autoptr(GBytes) b2 = get_cover_stored (first, "b2");
  g_autoptr(GBytes) b1_again = NULL;
  g_autoptr(GBytes) b1_meanwhile = NULL;
  g_autoptr(GBytes) b1_renamed = NULL;
  g_autoptr(GBytes) b2_current = NULL;
  g_autoptr(GBytes) b1_once_more = NULL;
  g_autoptr(GBytes) b2_away = NULL;

  g_assert_cmpuint (bs_cover_cache_get_fetches (first), ==, 2);

  /* The next run shows them from disk. */
  next = bs_cover_cache_new (client, server_id, dir, BS_COVER_CACHE_DEFAULT_MAX_BYTES);
  g_signal_connect (next, "cover-changed", G_CALLBACK (cover_changed_cb), changed);
  b1_again = get_cover_stored (next, "b1");
  g_assert_true (g_bytes_equal (b1_again, b1));
  g_assert_cmpuint (bs_cover_cache_get_fetches (next), ==, 0);

  bs_test_rename_book (server, "b1", "A Title Drawn Anew");
  bs_cover_cache_catalog_changed (next);
  /* The copy on disk comes at once; the new drawing once asked for and kept. */
  b1_meanwhile = get_cover (next, "b1", NULL);
  g_assert_true (g_bytes_equal (b1_meanwhile, b1));
  b2_current = get_cover_stored (next, "b2");
  g_assert_true (g_bytes_equal (b2_current, b2));
  bs_test_wait_until (done_storing, next, 10);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, "b1");
  g_assert_cmpuint (bs_cover_cache_get_fetches (next), ==, 2);
  g_assert_cmpuint (bs_cover_cache_get_unchanged (next), ==, 1);
  b1_renamed = get_cover_stored (next, "b1");
  g_assert_false (g_bytes_equal (b1_renamed, b1));
  /* Asked once per change. */
  b1_once_more = get_cover_stored (next, "b1");
  g_assert_true (g_bytes_equal (b1_once_more, b1_renamed));
  g_assert_cmpuint (bs_cover_cache_get_fetches (next), ==, 2);

  unreachable = bs_client_new ("http://127.0.0.1:1", NULL);
  away = bs_cover_cache_new (unreachable, server_id, dir, BS_COVER_CACHE_DEFAULT_MAX_BYTES);
  bs_cover_cache_catalog_changed (away);
  b2_away = get_cover_stored (away, "b2");
  g_assert_true (g_bytes_equal (b2_away, b2));
  g_assert_cmpuint (bs_cover_cache_get_fetches (away), ==, 1);
  bs_test_remove_dir (dir);
}

static void
test_token_file_for_tests (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "tokens.ini", NULL);
  g_autoptr(BsTokenStore) first = NULL;
  g_autoptr(BsTokenStore) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *forgotten = NULL;
  GAsyncResult *slot = NULL;

  first = bs_token_store_new (file);
  bs_token_store_save_async (first, "server-1", "secret-token", NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_assert_true (bs_token_store_save_finish (first, result, &error));
  }

  second = bs_token_store_new (file);
  bs_token_store_load_async (second, "server-1", NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    token = bs_token_store_load_finish (second, result, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "secret-token");

  bs_token_store_forget (second, "server-1");
  g_clear_object (&second);
  second = bs_token_store_new (file);
  bs_token_store_load_async (second, "server-1", NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    forgotten = bs_token_store_load_finish (second, result, &error);
  }
  g_assert_null (forgotten);
  bs_test_remove_dir (dir);
}

/* Without a secret service the token lives in memory, and the store says so. */
static void
test_token_without_secret_service (void)
{
  g_autoptr(BsTokenStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  GAsyncResult *slot = NULL;

  if (g_test_subprocess ())
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      store = bs_token_store_new (NULL);
      bs_token_store_save_async (store, "server-2", "memory-token", NULL, bs_test_result_cb, &slot);
      {
        g_autoptr(GAsyncResult) result = wait_pointer (&slot);
        bs_token_store_save_finish (store, result, &error);
      }
      g_assert_no_error (error);
      g_assert_false (bs_token_store_is_persistent (store));
      bs_token_store_load_async (store, "server-2", NULL, bs_test_result_cb, &slot);
      {
        g_autoptr(GAsyncResult) result = wait_pointer (&slot);
        token = bs_token_store_load_finish (store, result, &error);
      }
      g_assert_cmpstr (token, ==, "memory-token");
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static gboolean
wait_until (gboolean (*condition) (gpointer),
            gpointer   data,
            guint      seconds)
{
  bs_test_wait_until (condition, data, seconds);
  return TRUE;
}

static gboolean
board_has_quantity (gpointer data)
{
  GListModel *model = data;
  g_autoptr(BsBookCount) top = NULL;

  if (g_list_model_get_n_items (model) == 0)
    return FALSE;
  top = g_list_model_get_item (model, 0);
  return g_str_equal (bs_book_get_book_id (bs_book_count_get_book (top)), "b66") &&
         bs_book_count_get_count (top) == 7;
}

static gboolean
board_has_ten (gpointer data)
{
  GListModel *model = data;
  g_autoptr(BsBookCount) top = NULL;

  if (g_list_model_get_n_items (model) == 0)
    return FALSE;
  top = g_list_model_get_item (model, 0);
  return bs_book_count_get_count (top) == 10;
}

static gboolean
board_filled (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static gboolean
is_connected (gpointer data)
{
  return bs_live_bestsellers_is_connected (data);
}

static void
test_live_bestsellers (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(BsClient) buyer = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(BsLiveBestsellers) live = bs_live_bestsellers_new (client);
  GListModel *board = bs_live_bestsellers_get_model (live);
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autofree char *url = g_strdup (bs_server_get_url (server->server));
  guint port = bs_server_get_port (server->server);

  bs_live_bestsellers_set_timing (live, 50, 200, 1000);
  bs_live_bestsellers_start (live);
  g_assert_true (wait_until (board_filled, board, 10));
  g_assert_true (wait_until (is_connected, live, 10));
  g_assert_false (bs_live_bestsellers_is_polling (live));

  bs_client_sign_in_async (buyer, "harry.d@macrometa.io", "bookstore-demo", NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsAccount) account = bs_client_sign_in_finish (buyer, result, &error);
    g_assert_no_error (error);
  }
  bs_client_add_to_cart_async (buyer, "b66", 7, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsCartItem) item = bs_client_add_to_cart_finish (buyer, result, &error);
    g_assert_no_error (error);
  }
  bs_client_checkout_async (buyer, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsOrder) order = bs_client_checkout_finish (buyer, result, &error);
    g_assert_no_error (error);
  }
  g_assert_true (wait_until (board_has_quantity, board, 10));

  /* The server restarts on the same port: the subscription comes back by itself. */
  g_clear_object (&server->server);
  server->server = bs_server_new (&(BsServerConfig) { .db_path = server->db_path, .port = port,
                                                      .n_threads = 1, .demo = TRUE });
  bs_server_open (server->server, &error);
  g_assert_no_error (error);
  bs_server_start (server->server, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bs_server_get_url (server->server), ==, url);
  g_assert_true (wait_until (is_connected, live, 10));

  /* A new order after the restart reaches the board through the new connection. */
  bs_client_add_to_cart_async (buyer, "b66", 3, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsCartItem) item = bs_client_add_to_cart_finish (buyer, result, &error);
    g_assert_no_error (error);
  }
  bs_client_checkout_async (buyer, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsOrder) order = bs_client_checkout_finish (buyer, result, &error);
    g_assert_no_error (error);
  }
  g_assert_true (wait_until (board_has_ten, board, 10));
  bs_live_bestsellers_stop (live);
}

/* A server without the live route (the seed's kind) is polled instead. */
static void
bestsellers_only_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  const char *board = "[{\"bookId\":\"b9\",\"_key\":\"b9\",\"name\":\"N\",\"author\":\"A\","
                      "\"category\":\"C\",\"price\":1.5,\"rating\":4,\"quantity\":3}]";

  if (g_str_equal (path, "/api/bestsellers"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, board,
                                        strlen (board));
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

static gboolean
is_polling (gpointer data)
{
  return bs_live_bestsellers_is_polling (data);
}

static void
test_live_falls_back_to_polling (void)
{
  SoupServer *server = NULL;
  g_autoptr(BsClient) client = NULL;
  g_autoptr(BsLiveBestsellers) live = NULL;
  g_autofree char *base = NULL;

  server = bs_test_fake_server_new (bestsellers_only_cb, NULL, &base);

  client = bs_client_new (base, NULL);
  live = bs_live_bestsellers_new (client);
  bs_live_bestsellers_set_timing (live, 50, 200, 100);
  bs_live_bestsellers_start (live);
  g_assert_true (wait_until (is_polling, live, 10));
  g_assert_true (wait_until (board_filled, bs_live_bestsellers_get_model (live), 10));
  bs_live_bestsellers_stop (live);
  g_clear_object (&live);
  g_clear_object (&client);
  bs_test_fake_server_free (server);
}

static void
test_checkout_retry_orders_once (void)
{
  g_autoptr(BsTestServer) shop = bs_test_server_new (TRUE, 1);
  g_autoptr(BsTestProxy) proxy = bs_test_proxy_new (bs_server_get_url (shop->server));
  g_autoptr(BsClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsOrder) order = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  GAsyncResult *slot = NULL;

  client = bs_client_new (bs_test_proxy_get_url (proxy), NULL);

  bs_client_sign_in_async (client, "guest@macrometa.io", "Abcd1234", NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsAccount) account = bs_client_sign_in_finish (client, result, &error);
    g_assert_no_error (error);
  }
  bs_client_add_to_cart_async (client, "b12", 2, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsCartItem) item = bs_client_add_to_cart_finish (client, result, &error);
    g_assert_no_error (error);
  }

  /* The order is placed, its answer lost on the way. */
  bs_test_proxy_drop_answers (proxy, "POST", "/api/orders", 1);
  bs_client_checkout_async (client, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_autoptr(BsOrder) lost = bs_client_checkout_finish (client, result, &error);

    g_assert_null (lost);
    g_assert_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE);
    g_clear_error (&error);
  }
  g_assert_cmpuint (bs_test_proxy_n_dropped (proxy), ==, 1);

  /* The retry carries the same key: the server answers with the order it placed. */
  bs_client_checkout_async (client, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    order = bs_client_checkout_finish (client, result, &error);
  }
  g_assert_no_error (error);
  /* Two copies of b12 at 8.25. */
  g_assert_cmpint (bs_order_get_total (order), ==, 2 * 825);

  bs_client_list_orders_async (client, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    orders = bs_client_list_orders_finish (client, result, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);

  g_clear_object (&client);
}

/* Sign in, restart (a new session finds the kept token), sign out: the token and the
 * customer's snapshots are gone, and the next start is signed out. */
static void
test_session (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (TRUE, 1);
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "tokens.ini", NULL);
  g_autoptr(BsCache) cache = bs_cache_new (dir);
  const char *server_id = bs_server_get_server_id (server->server);
  g_autoptr(BsClient) client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(BsClient) next_client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(BsClient) last_client = bs_client_new (bs_server_get_url (server->server), NULL);
  g_autoptr(BsTokenStore) tokens = NULL;
  g_autoptr(BsTokenStore) next_tokens = NULL;
  g_autoptr(BsTokenStore) last_tokens = NULL;
  g_autoptr(BsSession) session = NULL;
  g_autoptr(BsSession) next = NULL;
  g_autoptr(BsSession) after = NULL;
  g_autoptr(GPtrArray) cart = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *cart_name = NULL;
  GAsyncResult *slot = NULL;

  tokens = bs_token_store_new (file);
  session = bs_session_new (client, tokens, cache, server_id);

  bs_session_sign_in_async (session, "harry.d@macrometa.io", "bookstore-demo", NULL,
                            bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_assert_true (bs_session_sign_in_finish (session, result, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpstr (bs_session_get_account (session)->display_name, ==, "Harry D.");
  cart_name = bs_session_snapshot_name (session, "cart");
  save (cache, server_id, cart_name, BS_SNAPSHOT_CART, cart, NULL);

  /* The next start, with a token store of its own, signs in by itself. */
  next_tokens = bs_token_store_new (file);
  next = bs_session_new (next_client, next_tokens, cache, server_id);
  bs_session_restore_async (next, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_assert_true (bs_session_restore_finish (next, result, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpstr (bs_session_get_account (next)->username, ==, "harry.d@macrometa.io");

  bs_session_sign_out_async (next, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_assert_true (bs_session_sign_out_finish (next, result, &error));
  }
  g_assert_false (bs_session_is_signed_in (next));
  g_assert_null (bs_client_get_token (next_client));
  {
    g_autoptr(GPtrArray) gone = load (cache, server_id, cart_name, BS_SNAPSHOT_CART, NULL, &error);
    g_assert_null (gone);
    g_clear_error (&error);
  }

  /* And the start after that, with a store of its own again, is signed out. */
  last_tokens = bs_token_store_new (file);
  after = bs_session_new (last_client, last_tokens, cache, server_id);
  bs_session_restore_async (after, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_pointer (&slot);
    g_assert_false (bs_session_restore_finish (after, result, &error));
  }
  g_assert_no_error (error);
  g_assert_false (bs_session_is_signed_in (after));
  bs_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offline/snapshots", test_offline_snapshots);
  g_test_add_func ("/offline/damaged-snapshots-are-misses", test_damaged_snapshots_are_misses);
  g_test_add_func ("/offline/snapshot-taken-when-asked", test_snapshot_taken_when_asked);
  g_test_add_func ("/offline/snapshot-book-lines", test_snapshot_book_lines);
  g_test_add_func ("/offline/damaged-cover-is-a-miss", test_damaged_cover_is_a_miss);
  g_test_add_func ("/offline/clear-saved-data", test_clear_saved_data);
  g_test_add_func ("/offline/cover-cache", test_cover_cache);
  g_test_add_func ("/offline/cover-cache-stays-under-its-cap", test_cover_cache_stays_under_its_cap);
  g_test_add_func ("/offline/cover-cache-revalidates-after-catalog-change",
                   test_cover_cache_revalidates_after_catalog_change);
  g_test_add_func ("/offline/cover-cache-counts-its-folder-once",
                   test_cover_cache_counts_its_folder_once);
  g_test_add_func ("/offline/token-file-for-tests", test_token_file_for_tests);
  g_test_add_func ("/offline/token-without-secret-service", test_token_without_secret_service);
  g_test_add_func ("/offline/live-bestsellers", test_live_bestsellers);
  g_test_add_func ("/offline/live-falls-back-to-polling", test_live_falls_back_to_polling);
  g_test_add_func ("/offline/checkout-retry-orders-once", test_checkout_retry_orders_once);
  g_test_add_func ("/offline/session", test_session);

  return g_test_run ();
}
