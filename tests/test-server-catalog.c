/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-catalog-file.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* The catalog, category, health and init routes over a real server with the demo shop. */

static BsTestServer *shop;

static JsonArray *
get_array (JsonNode *root)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_node_get_array (root);
}

static void
test_all_books (void)
{
  g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", "/api/books", NULL, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);
  JsonArray *books = get_array (root);
  const char *first_ids[] = { "b1", "b2", "b3", "b4", "b29", "b30" };
  JsonObject *b1;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (bs_test_response_header (response, "X-Total-Count"), ==, "84");
  g_assert_cmpuint (json_array_get_length (books), ==, 84);
  for (guint i = 0; i < G_N_ELEMENTS (first_ids); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (books, i),
                                                    "bookId"), ==, first_ids[i]);

  b1 = json_array_get_object_element (books, 0);
  g_assert_cmpstr (json_object_get_string_member (b1, "_key"), ==, "b1");
  g_assert_cmpstr (json_object_get_string_member (b1, "name"), ==,
                   "Modern Comfort Food: A Barefoot Contessa Cookbook");
  g_assert_cmpstr (json_object_get_string_member (b1, "author"), ==, "Ina Garten");
  g_assert_cmpstr (json_object_get_string_member (b1, "category"), ==, "Cookbooks");
  g_assert_cmpstr (json_object_get_string_member (b1, "cover"), ==, "/api/getImage?bookId=b1");

  /* Exact decimals on the wire, not %.17g. */
  g_assert_nonnull (strstr (bs_test_response_text (response),
                            "\"bookId\":\"b1\",\"_key\":\"b1\",\"name\":\"Modern Comfort Food: "
                            "A Barefoot Contessa Cookbook\",\"author\":\"Ina Garten\","
                            "\"category\":\"Cookbooks\",\"price\":21,\"rating\":4.5,"));
  g_assert_nonnull (strstr (bs_test_response_text (response), "\"price\":17.52,\"rating\":4.8"));
  g_assert_nonnull (strstr (bs_test_response_text (response), "\"price\":17.99,\"rating\":4.6"));
  g_assert_null (strstr (bs_test_response_text (response), "0000000"));
}

static void
test_books_by_category (void)
{
  const struct {
    const char *query;
    guint count;
    const char *category;
  } cases[] = {
    { "?category=Cookbooks", 12, "Cookbooks" },
    { "?category=Fairy%20Tales", 12, "Fairy Tales" },
    { "?category=Home+Improvement", 12, "Home Improvement" },
    { "?category=cookbooks", 0, NULL },
    { "?category=Nope", 0, NULL },
    { "?category=", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/books", cases[i].query, NULL);
      g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", path, NULL, NULL);
      g_autoptr(JsonNode) root = bs_test_response_json (response);
      JsonArray *books = get_array (root);
      g_autofree char *total = g_strdup_printf ("%u", cases[i].count);

      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (books), ==, cases[i].count);
      g_assert_cmpstr (bs_test_response_header (response, "X-Total-Count"), ==, total);
      for (guint j = 0; j < json_array_get_length (books); j++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (books, j),
                                                        "category"), ==, cases[i].category);
    }
}

static void
test_books_paging (void)
{
  g_autoptr(BsTestResponse) all = bs_test_request (shop, "GET", "/api/books", NULL, NULL);
  g_autoptr(JsonNode) all_root = bs_test_response_json (all);
  JsonArray *everything = get_array (all_root);
  const struct {
    const char *query;
    guint offset;
    guint count;
  } cases[] = {
    { "?offset=10&limit=5", 10, 5 },
    { "?limit=1000", 0, 84 },
    { "?offset=80&limit=10", 80, 4 },
    { "?offset=84", 84, 0 },
    { "?offset=500&limit=1", 500, 0 },
    { "?category=Cars&offset=2&limit=3", 0, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/books", cases[i].query, NULL);
      g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", path, NULL, NULL);
      g_autoptr(JsonNode) root = bs_test_response_json (response);
      JsonArray *page = get_array (root);

      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (page), ==, cases[i].count);
      if (strstr (cases[i].query, "category") != NULL)
        {
          g_autoptr(BsTestResponse) cars = bs_test_request (shop, "GET", "/api/books?category=Cars",
                                                            NULL, NULL);
          g_autoptr(JsonNode) cars_root = bs_test_response_json (cars);
          JsonArray *all_cars = get_array (cars_root);

          g_assert_cmpstr (bs_test_response_header (response, "X-Total-Count"), ==, "12");
          for (guint j = 0; j < cases[i].count; j++)
            g_assert_cmpstr (
              json_object_get_string_member (json_array_get_object_element (page, j), "bookId"), ==,
              json_object_get_string_member (json_array_get_object_element (all_cars, 2 + j),
                                             "bookId"));
          continue;
        }
      g_assert_cmpstr (bs_test_response_header (response, "X-Total-Count"), ==, "84");
      for (guint j = 0; j < cases[i].count; j++)
        g_assert_cmpstr (
          json_object_get_string_member (json_array_get_object_element (page, j), "bookId"), ==,
          json_object_get_string_member (
            json_array_get_object_element (everything, cases[i].offset + j), "bookId"));
    }
}

static void
test_one_book (void)
{
  g_autoptr(BsTestResponse) list = bs_test_request (shop, "GET", "/api/books?limit=1", NULL, NULL);
  g_autoptr(BsTestResponse) one = bs_test_request (shop, "GET", "/api/books/b1", NULL, NULL);
  g_autofree char *as_list = NULL;

  g_assert_cmpuint (one->status, ==, 200);
  as_list = g_strdup_printf ("[%s]", bs_test_response_text (one));
  g_assert_cmpstr (as_list, ==, bs_test_response_text (list));
}

static void
test_bad_requests (void)
{
  const struct {
    const char *method;
    const char *path;
    guint status;
    const char *message;
  } cases[] = {
    { "GET", "/api/books?limit=0", 400, "limit must be a whole number from 1 to 1000" },
    { "GET", "/api/books?limit=1001", 400, "limit must be" },
    { "GET", "/api/books?limit=-1", 400, "limit must be" },
    { "GET", "/api/books?limit=abc", 400, "limit must be" },
    { "GET", "/api/books?limit=", 400, "limit must be" },
    { "GET", "/api/books?limit=0x10", 400, "limit must be" },
    { "GET", "/api/books?limit=%205", 400, "limit must be" },
    { "GET", "/api/books?limit=99999999999999999999", 400, "limit must be" },
    { "GET", "/api/books?offset=-1", 400, "offset must be a whole number" },
    { "GET", "/api/books?offset=1.5", 400, "offset must be" },
    { "GET", "/api/books?category=%FF", 400, "category must be valid UTF-8" },
    { "GET", "/api/books/b999", 404, "No book with id b999" },
    { "GET", "/api/books/bad!id", 400, "A book id is" },
    { "GET", "/api/books/%2F", 404, "No such route" },
    { "GET", "/api/books/b%201", 400, "A book id is" },
    { "GET", "/api/books/", 404, "No such route" },
    { "GET", "/api/books/b1/more", 404, "No such route" },
    { "GET", "/api/nope", 404, "No such route: GET /api/nope" },
    { "GET", "/", 404, "No such route" },
    { "DELETE", "/api/books", 405, "DELETE is not allowed on /api/books" },
    { "POST", "/api/books/b1", 405, "not allowed" },
    { "PUT", "/api/health", 405, "not allowed" },
    { "GET", "/api/init", 405, "not allowed" },
    { "GET", "/api/getImage", 400, "bookId is required" },
    { "GET", "/api/getImage?bookId=", 400, "A book id is" },
    { "GET", "/api/getImage?bookId=../../etc", 400, "A book id is" },
    { "GET", "/api/getImage?bookId=b999", 404, "No book with id b999" },
    { "GET", "/api/getImage?bookId=b1%00x", 400, "must not contain NUL" },
    { "GET", "/api/books?category=Cars%00x", 400, "must not contain NUL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsTestResponse) response =
        bs_test_request (shop, cases[i].method, cases[i].path, NULL, NULL);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      bs_test_assert_error (response, cases[i].status, cases[i].message);
      if (cases[i].status == 405)
        g_assert_nonnull (bs_test_response_header (response, "Allow"));
    }
}

static void
test_etag (void)
{
  g_autoptr(BsTestResponse) first = bs_test_request (shop, "GET", "/api/books?category=Cars",
                                                     NULL, NULL);
  const char *etag = bs_test_response_header (first, "ETag");
  g_autoptr(BsTestResponse) again = NULL;
  g_autoptr(BsTestResponse) other_page = NULL;
  g_autoptr(BsTestResponse) listed = NULL;
  g_autoptr(BsTestResponse) star = NULL;
  g_autoptr(BsTestResponse) weak = NULL;
  g_autoptr(BsTestResponse) all = NULL;
  g_autoptr(BsTestResponse) empty = NULL;
  g_autofree char *listed_etags = NULL;
  g_autofree char *weak_etag = NULL;

  g_assert_nonnull (etag);
  g_assert_true (g_str_has_prefix (etag, "\"") && !g_str_has_prefix (etag, "W/"));

  again = bs_test_request (shop, "GET", "/api/books?category=Cars", NULL, "If-None-Match", etag,
                           NULL);
  g_assert_cmpuint (again->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (again->body), ==, 0);
  g_assert_cmpstr (bs_test_response_header (again, "ETag"), ==, etag);

  listed_etags = g_strdup_printf ("\"other\", %s", etag);
  listed = bs_test_request (shop, "GET", "/api/books?category=Cars", NULL, "If-None-Match",
                            listed_etags, NULL);
  g_assert_cmpuint (listed->status, ==, 304);

  star = bs_test_request (shop, "GET", "/api/books?category=Cars", NULL, "If-None-Match", "*",
                          NULL);
  g_assert_cmpuint (star->status, ==, 304);

  weak_etag = g_strconcat ("W/", etag, NULL);
  weak = bs_test_request (shop, "GET", "/api/books?category=Cars", NULL, "If-None-Match",
                          weak_etag, NULL);
  g_assert_cmpuint (weak->status, ==, 304);

  /* No category and an empty one are different lists, with different tags. */
  all = bs_test_request (shop, "GET", "/api/books", NULL, NULL);
  empty = bs_test_request (shop, "GET", "/api/books?category=", NULL, "If-None-Match",
                           bs_test_response_header (all, "ETag"), NULL);
  g_assert_cmpuint (empty->status, ==, 200);
  g_assert_cmpstr (bs_test_response_text (empty), ==, "[]");

  other_page = bs_test_request (shop, "GET", "/api/books?category=Cars&limit=2", NULL,
                                "If-None-Match", etag, NULL);
  g_assert_cmpuint (other_page->status, ==, 200);
  g_assert_cmpstr (bs_test_response_header (other_page, "ETag"), !=, etag);
}

static void
test_categories (void)
{
  const char *expected[] = { "Cookbooks", "Database", "Fairy Tales", "Science Fiction",
                             "Home Improvement", "Cars", "Woodwork" };
  g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", "/api/categories", NULL,
                                                        NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);
  JsonArray *categories = get_array (root);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (categories), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *category = json_array_get_object_element (categories, i);

      g_assert_cmpstr (json_object_get_string_member (category, "name"), ==, expected[i]);
      g_assert_cmpint (json_object_get_int_member (category, "count"), ==, 12);
    }
}

static void
test_health (void)
{
  g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", "/api/health", NULL, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);
  JsonObject *health = json_node_get_object (root);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (health, "serverId"), ==,
                   bs_server_get_server_id (shop->server));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (health, "serverId")));
  g_assert_cmpstr (json_object_get_string_member (health, "version"), ==, PACKAGE_VERSION);
  g_assert_true (json_object_get_boolean_member (health, "demo"));
  g_assert_cmpint (json_object_get_int_member (health, "books"), ==, 84);
  /* The demo shop's two past orders. */
  g_assert_cmpint (json_object_get_int_member (health, "orders"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (health, "streamLag"), ==, 0);
}

static void
test_init_changes_nothing (void)
{
  g_autoptr(BsTestResponse) before = bs_test_request (shop, "GET", "/api/books", NULL, NULL);
  g_autoptr(BsTestResponse) init = bs_test_request (shop, "POST", "/api/init", "{}",
                                                    "X-Customer-Id", "null", NULL);
  g_autoptr(BsTestResponse) no_body = bs_test_request (shop, "POST", "/api/init", NULL, NULL);
  g_autoptr(BsTestResponse) after = bs_test_request (shop, "GET", "/api/books", NULL,
                                                     "If-None-Match",
                                                     bs_test_response_header (before, "ETag"),
                                                     NULL);

  g_assert_cmpuint (init->status, ==, 200);
  g_assert_cmpstr (bs_test_response_text (init), ==,
                   "{\"code\":\"200\",\"message\":\"Init successful\"}");
  g_assert_cmpuint (no_body->status, ==, 200);
  g_assert_cmpuint (after->status, ==, 304);
}

/* GET /api/books/@book_id says @name, twice (the second from the reply kept). */
static void
assert_book_named (const char *book_id,
                   const char *name)
{
  g_autofree char *path = g_strconcat ("/api/books/", book_id, NULL);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", path, NULL, NULL);
      g_autoptr(JsonNode) root = NULL;

      g_assert_cmpuint (response->status, ==, 200);
      root = bs_test_response_json (response);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==, name);
    }
}

static void
assert_png (BsTestResponse *response)
{
  gsize size;
  const guchar *data = g_bytes_get_data (response->body, &size);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "image/png");
  g_assert_cmpuint (size, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpstr (bs_test_response_header (response, "Cache-Control"), ==,
                   "public, max-age=86400");
}

static void
test_cover_images (void)
{
  g_autoptr(BsTestResponse) b1 = bs_test_request (shop, "GET", "/api/getImage?bookId=b1", NULL,
                                                  NULL);
  g_autoptr(BsTestResponse) b2 = bs_test_request (shop, "GET", "/api/getImage?bookId=b2", NULL,
                                                  NULL);
  g_autoptr(BsTestResponse) cached = NULL;

  assert_png (b1);
  assert_png (b2);
  g_assert_false (g_bytes_equal (b1->body, b2->body));

  cached = bs_test_request (shop, "GET", "/api/getImage?bookId=b1", NULL, "If-None-Match",
                            bs_test_response_header (b1, "ETag"), NULL);
  g_assert_cmpuint (cached->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (cached->body), ==, 0);
}

/* The demo seeds a drawn cover for every one of its books. */
static void
test_every_demo_book_has_a_cover (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (shop->db_path, &error);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalog",
                                                 "demo-books.json", NULL);
  g_autoptr(GPtrArray) books = bs_catalog_file_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (books->len, ==, 84);
  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);
      g_autoptr(BsCover) cover = bs_store_get_cover (store, book->book_id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (cover->content_type, ==, "image/png");
      g_assert_cmpmem (g_bytes_get_data (cover->bytes, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
    }
}

/* A second connection changes the catalog under the running server, as an operator's
 * import would: ETags, totals and lazily drawn covers must follow. */
static void
test_catalog_changes_are_seen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (shop->db_path, &error);
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  g_autoptr(BsTestResponse) before = bs_test_request (shop, "GET", "/api/books", NULL, NULL);
  g_autoptr(BsTestResponse) categories_before = bs_test_request (shop, "GET", "/api/categories", NULL, NULL);
  g_autoptr(BsTestResponse) categories_after = NULL;
  g_autoptr(BsTestResponse) after = NULL;
  g_autoptr(BsTestResponse) cover = NULL;
  g_autoptr(BsTestResponse) renamed_cover = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (books, bs_book_record_new ("new-1", "A Brand New Book", "Some Author",
                                              "Poetry", 1234, 42));
  bs_store_upsert_books (store, books, NULL, &error);
  g_assert_no_error (error);

  after = bs_test_request (shop, "GET", "/api/books", NULL, "If-None-Match",
                           bs_test_response_header (before, "ETag"), NULL);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpstr (bs_test_response_header (after, "X-Total-Count"), ==, "85");
  g_assert_nonnull (strstr (bs_test_response_text (after),
                            "\"bookId\":\"new-1\",\"_key\":\"new-1\",\"name\":\"A Brand New Book\","
                            "\"author\":\"Some Author\",\"category\":\"Poetry\","
                            "\"price\":12.34,\"rating\":4.2"));

  /* The categories, counted once, are counted again. */
  g_assert_null (strstr (bs_test_response_text (categories_before), "Poetry"));
  categories_after = bs_test_request (shop, "GET", "/api/categories", NULL, NULL);
  g_assert_nonnull (strstr (bs_test_response_text (categories_after), "{\"name\":\"Poetry\",\"count\":1}"));

  cover = bs_test_request (shop, "GET", "/api/getImage?bookId=new-1", NULL, NULL);
  assert_png (cover);
  assert_book_named ("new-1", "A Brand New Book");

  /* A new title means a new drawing. */
  g_ptr_array_set_size (books, 0);
  g_ptr_array_add (books, bs_book_record_new ("new-1", "A Renamed Book", "Some Author",
                                              "Poetry", 1234, 42));
  bs_store_upsert_books (store, books, NULL, &error);
  g_assert_no_error (error);
  renamed_cover = bs_test_request (shop, "GET", "/api/getImage?bookId=new-1", NULL, NULL);
  assert_png (renamed_cover);
  /* The reply kept for the book is built again. */
  assert_book_named ("new-1", "A Renamed Book");
  g_assert_cmpstr (bs_test_response_header (renamed_cover, "ETag"), !=,
                   bs_test_response_header (cover, "ETag"));

  bs_store_remove_book (store, "new-1", &error);
  g_assert_no_error (error);
  {
    g_autoptr(BsTestResponse) gone = bs_test_request (shop, "GET", "/api/getImage?bookId=new-1",
                                                      NULL, NULL);
    g_autoptr(BsTestResponse) gone_book = bs_test_request (shop, "GET", "/api/books/new-1", NULL, NULL);

    bs_test_assert_error (gone_book, 404, "No book with id new-1");
    g_autoptr(BsTestResponse) categories_now = bs_test_request (shop, "GET", "/api/categories", NULL, NULL);

    bs_test_assert_error (gone, 404, "No book with id new-1");
    g_assert_null (strstr (bs_test_response_text (categories_now), "Poetry"));
  }
}

static void
test_body_limits (void)
{
  g_autoptr(GString) oversized = g_string_new ("POST /api/init HTTP/1.1\r\nHost: x\r\n"
                                                "Content-Length: 70000\r\n\r\n");
  g_autofree char *announced = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *chunked = NULL;

  /* The body is never read: a declared gigabyte is refused at once, from the headers. */
  {
    gint64 start = g_get_monotonic_time ();
    g_autofree char *declared = bs_test_raw_request (bs_server_get_port (shop->server),
                                                     "POST /api/init HTTP/1.1\r\nHost: x\r\n"
                                                     "Content-Length: 1000000000\r\n\r\n");

    g_assert_true (g_str_has_prefix (declared, "HTTP/1.1 413"));
    g_assert_nonnull (strstr (declared, "\"code\":413"));
    g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  }

  /* A client that waits for "100 Continue" is answered from the headers alone. */
  announced = bs_test_raw_request (bs_server_get_port (shop->server),
                                   "POST /api/init HTTP/1.1\r\nHost: x\r\n"
                                   "Expect: 100-continue\r\nContent-Length: 70000\r\n\r\n");
  g_assert_true (g_str_has_prefix (announced, "HTTP/1.1 413"));
  g_assert_nonnull (strcasestr (announced, "Connection: close"));
  g_assert_nonnull (strstr (announced, "\"code\":413"));

  /* One that sends the body anyway gets the same answer. */
  for (guint i = 0; i < 70000; i++)
    g_string_append_c (oversized, ' ');
  sent = bs_test_raw_request (bs_server_get_port (shop->server), oversized->str);
  g_assert_true (g_str_has_prefix (sent, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (sent, "Request body is larger than 65536 bytes"));

  chunked = bs_test_raw_request (bs_server_get_port (shop->server),
                                 "POST /api/init HTTP/1.1\r\nHost: x\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  g_assert_true (g_str_has_prefix (chunked, "HTTP/1.1 411"));
  g_assert_nonnull (strstr (chunked, "\"code\":411"));
}

static void
test_head_request (void)
{
  g_autoptr(BsTestResponse) response = bs_test_request (shop, "HEAD", "/api/books", NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
  g_assert_cmpstr (bs_test_response_header (response, "X-Total-Count"), ==, "84");
}

/* Both listener threads answer on the one port: the kernel spreads new connections. */
static void
test_two_listeners_serve (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 2);

  g_assert_cmpuint (bs_server_get_n_listeners (server->server), ==, 2);
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *reply = bs_test_raw_request (bs_server_get_port (server->server),
                                                    "GET /api/health HTTP/1.1\r\nHost: x\r\n"
                                                    "Connection: close\r\n\r\n");

      g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200"));
      if (bs_server_get_requests_served (server->server, 0) > 0 &&
          bs_server_get_requests_served (server->server, 1) > 0)
        break;
    }
  g_assert_cmpuint (bs_server_get_requests_served (server->server, 0), >, 0);
  g_assert_cmpuint (bs_server_get_requests_served (server->server, 1), >, 0);
}

static void
test_empty_server (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autoptr(BsTestResponse) books = bs_test_request (server, "GET", "/api/books", NULL, NULL);
  g_autoptr(BsTestResponse) health = bs_test_request (server, "GET", "/api/health", NULL, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (health);

  g_assert_cmpuint (books->status, ==, 200);
  g_assert_cmpstr (bs_test_response_text (books), ==, "[]");
  g_assert_cmpstr (bs_test_response_header (books, "X-Total-Count"), ==, "0");
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "demo"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "books"), ==, 0);
}

/* Stopping and starting again on one database keeps the shop and its identity, and the
 * demo is seeded only once: a removed book stays removed. */
static void
test_restart_keeps_the_shop (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db_path = bs_test_database_location (dir);
  BsServerConfig config = { .db_path = db_path, .port = 0, .n_threads = 1, .demo = TRUE };
  g_autofree char *server_id = NULL;
  g_autoptr(GError) error = NULL;

  for (guint run = 0; run < 3; run++)
    {
      g_autoptr(BsServer) server = bs_server_new (&config);
      g_autoptr(GPtrArray) books = NULL;
      g_autoptr(BsStore) store = NULL;

      bs_server_open (server, &error);
      g_assert_no_error (error);
      if (run == 0)
        {
          server_id = g_strdup (bs_server_get_server_id (server));
          bs_server_remove_book (server, "b84", &error);
          g_assert_no_error (error);
        }
      g_assert_cmpstr (bs_server_get_server_id (server), ==, server_id);
      bs_server_start (server, &error);
      g_assert_no_error (error);
      bs_server_stop (server);

      store = bs_store_open (db_path, &error);
      g_assert_no_error (error);
      books = bs_store_list_books (store, NULL, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (books->len, ==, 83);
    }

  bs_test_remove_dir (dir);
}

/* The original shop's web pages call relative URLs: from the page /category/Cookbooks,
 * "./api/books" is /category/api/books. Any path ending in /api/… is that route, answered
 * byte for byte alike; a path with no /api/ in it is none. */
static void
test_routes_after_any_prefix (void)
{
  const struct {
    const char *prefixed;
    const char *plain;
  } cases[] = {
    { "/category/api/books?category=Cookbooks", "/api/books?category=Cookbooks" },
    { "/search/api/search?q=bread", "/api/search?q=bread" },
    { "/a/b/c/api/books/b7", "/api/books/b7" },
    { "/shop/api/categories", "/api/categories" },
    { "/category/api/cart", "/api/cart" },
    { "/category/api/nothing-here", "/api/nothing-here" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsTestResponse) prefixed = bs_test_request (shop, "GET", cases[i].prefixed, NULL, NULL);
      g_autoptr(BsTestResponse) plain = bs_test_request (shop, "GET", cases[i].plain, NULL, NULL);

      g_assert_cmpuint (prefixed->status, ==, plain->status);
      if (plain->status != 404)
        g_assert_cmpstr (bs_test_response_text (prefixed), ==, bs_test_response_text (plain));
    }
  {
    g_autoptr(BsTestResponse) response = bs_test_request (shop, "GET", "/category/books", NULL, NULL);

    bs_test_assert_error (response, 404, "No such route: GET /category/books");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  shop = bs_test_server_new (TRUE, 2);

  g_test_add_func ("/catalog/all-books", test_all_books);
  g_test_add_func ("/catalog/by-category", test_books_by_category);
  g_test_add_func ("/catalog/paging", test_books_paging);
  g_test_add_func ("/catalog/one-book", test_one_book);
  g_test_add_func ("/catalog/bad-requests", test_bad_requests);
  g_test_add_func ("/catalog/etag", test_etag);
  g_test_add_func ("/catalog/categories", test_categories);
  g_test_add_func ("/catalog/health", test_health);
  g_test_add_func ("/catalog/init-changes-nothing", test_init_changes_nothing);
  g_test_add_func ("/catalog/cover-images", test_cover_images);
  g_test_add_func ("/catalog/every-demo-book-has-a-cover", test_every_demo_book_has_a_cover);
  g_test_add_func ("/catalog/changes-are-seen", test_catalog_changes_are_seen);
  g_test_add_func ("/catalog/body-limits", test_body_limits);
  g_test_add_func ("/catalog/head", test_head_request);
  g_test_add_func ("/catalog/routes-after-any-prefix", test_routes_after_any_prefix);
  g_test_add_func ("/server/two-listeners-serve", test_two_listeners_serve);
  g_test_add_func ("/server/empty", test_empty_server);
  g_test_add_func ("/server/restart-keeps-the-shop", test_restart_keeps_the_shop);

  status = g_test_run ();
  bs_test_server_free (shop);
  return status;
}
