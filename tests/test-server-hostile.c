/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "bs-test-util.h"

/* Hostile and malformed requests, across every route, as a table: each gets its
 * expected status with the API's JSON error, the server answers the next request, and
 * the shop's data is exactly as it was where nothing should change. */

typedef struct
{
  const char *method;
  const char *path;      /* {A}, {B}: customers A's and B's ids; {ABOOK}: a book in A's cart */
  const char *auth;      /* NULL, or the X-Customer-Id value: {A}/{B} are their tokens */
  const char *body;      /* NULL: none; "@MB": a megabyte */
  guint status;
  const char *message;   /* (nullable): part of the error message */
} Hostile;

/* The status of a request left unanswered, its connection closed. */
#define NO_ANSWER 0

#define A "{ATOKEN}"
#define B "{BTOKEN}"

static const Hostile hostile[] = {
  /* Bodies that are not the JSON object asked for. */
  { "POST", "/api/signup", NULL, NULL, 400, NULL },
  { "POST", "/api/signup", NULL, "", 400, NULL },
  { "POST", "/api/signup", NULL, "{", 400, NULL },
  { "POST", "/api/signup", NULL, "[]", 400, NULL },
  { "POST", "/api/signup", NULL, "null", 400, NULL },
  { "POST", "/api/signup", NULL, "\"x@example.com\"", 400, NULL },
  { "POST", "/api/signup", NULL, "{/* c */\"username\":\"c@example.com\",\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\",\"password\":\"long enough 1\"} // c", 400, NULL },
  { "POST", "/api/signup", NULL, "{'username':'c@example.com','password':'long enough 1'}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\",\"password\":\"long enough 1\",}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\",\"password\":\"long enough 1\"}{}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"nul@example.com\\u0000x\",\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"nul@example.com\",\"password\":\"long\\u0000enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\",\"password\":\"long enough \xff\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@\xc3\x28xample.com\",\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":12,\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":null,\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":[\"c@example.com\"],\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\",\"password\":\"short\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"not an email\",\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"\",\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"a@example.com\",\"password\":\"long enough 1\"}", 409, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"A@EXAMPLE.COM\",\"password\":\"long enough 1\"}", 409, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\",\"password\":\"long enough 1\",\"username\":\"d@example.com\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"{LONG}@example.com\",\"password\":\"long enough 1\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c@example.com\",\"password\":\"{LONG}\"}", 400, NULL },
  { "POST", "/api/signup", NULL, "@MB", 413, NULL },
  { "POST", "/api/signup", NULL, "{\"username\":\"c'; DROP TABLE customers; --@example.com\",\"password\":\"long enough 1\"}", 400, NULL },

  /* Signing in. */
  { "POST", "/api/signin", NULL, "{\"username\":\"a@example.com\",\"password\":\"wrong password\"}", 401, NULL },
  { "POST", "/api/signin", NULL, "{\"username\":\"nobody@example.com\",\"password\":\"long enough 1\"}", 401, NULL },
  { "POST", "/api/signin", NULL, "{\"username\":\"a@example.com\\u0000\",\"password\":\"password of a\"}", 400, NULL },
  { "POST", "/api/signin", NULL, "{\"username\":\"a@example.com\",\"password\":\"password of a\\u0000x\"}", 400, NULL },
  { "POST", "/api/signin", NULL, "{\"username\":\"a@example.com\"}", 400, NULL },
  { "POST", "/api/signin", NULL, "{\"username\":\"' OR '1'='1\",\"password\":\"' OR '1'='1\"}", 401, NULL },
  { "POST", "/api/signin", NULL, "not json", 400, NULL },
  { "POST", "/api/signin", NULL, "@MB", 413, NULL },

  /* Missing, forged and expired tokens, on customer routes. */
  { "GET", "/api/whoami", NULL, NULL, 401, NULL },
  { "GET", "/api/whoami", "", NULL, 401, NULL },
  { "GET", "/api/whoami", "forged-token", NULL, 401, NULL },
  { "GET", "/api/whoami", "{EXPIRED}", NULL, 401, NULL },
  { "GET", "/api/whoami", "{SIGNEDOUT}", NULL, 401, NULL },
  { "GET", "/api/whoami", "{ATOKEN}x", NULL, 401, NULL },
  { "GET", "/api/whoami", "' OR 1=1 --", NULL, 401, NULL },
  { "GET", "/api/whoami", "{A}", NULL, 401, NULL },
  { "GET", "/api/cart", NULL, NULL, 401, NULL },
  { "POST", "/api/cart", "forged-token", "{\"bookId\":\"b1\"}", 401, NULL },
  { "PUT", "/api/cart", "{EXPIRED}", "{\"bookId\":\"b1\",\"quantity\":2}", 401, NULL },
  { "DELETE", "/api/cart/b1", NULL, NULL, 401, NULL },
  { "GET", "/api/orders", "{A}", NULL, 401, NULL },
  { "POST", "/api/orders", "forged-token", NULL, 401, NULL },
  { "GET", "/api/friends", NULL, NULL, 401, NULL },
  { "POST", "/api/friends", "{EXPIRED}", "{\"username\":\"b@example.com\"}", 401, NULL },
  { "GET", "/api/recommendations", "forged-token", NULL, 401, NULL },
  { "PUT", "/api/account/password", NULL, "{\"oldPassword\":\"x\",\"newPassword\":\"y\"}", 401, NULL },
  { "DELETE", "/api/account", "forged-token", "{\"password\":\"password of a\"}", 401, NULL },
  { "POST", "/api/signout", "forged-token", NULL, 401, NULL },

  /* The cart: numbers that are not 1 to 99 copies, ids that are not books. */
  { "POST", "/api/cart", A, "{}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":12}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":null}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":0}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":-1}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":1.5}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":1e400}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":NaN}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":Infinity}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":9007199254740993}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":18446744073709551617}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":-9223372036854775809}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":\"2\"}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":true}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":100}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":98}", 400, "at most 99" },
  { "POST", "/api/cart", A, "{\"bookId\":\"b999\"}", 404, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"../../etc/passwd\"}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1\\u0000x\"}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"b1' OR '1'='1\"}", 400, NULL },
  { "POST", "/api/cart", A, "{\"bookId\":\"{LONG}\"}", 400, NULL },
  { "POST", "/api/cart", A, "@MB", 413, NULL },
  { "PUT", "/api/cart", A, "{\"bookId\":\"b1\"}", 400, NULL },
  { "PUT", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":-5}", 400, NULL },
  { "PUT", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":100}", 400, NULL },
  { "PUT", "/api/cart", A, "{\"bookId\":\"b1\",\"quantity\":2.25}", 400, NULL },
  { "PUT", "/api/cart", A, "{\"bookId\":\"b999\",\"quantity\":3}", 404, NULL },
  { "DELETE", "/api/cart/b2", A, NULL, 404, NULL },
  { "DELETE", "/api/cart/..%2F..%2Fetc%2Fpasswd", A, NULL, 400, NULL },
  { "DELETE", "/api/cart/b1%00", A, NULL, 400, NULL },
  { "GET", "/api/cart/b1'--", A, NULL, 400, NULL },
  { "DELETE", "/api/cart", A, "{\"bookId\":[]}", 400, NULL },

  /* Orders. */
  { "POST", "/api/orders", B, NULL, 409, "empty" },
  { "POST", "/api/orders", "{ATOKEN}\nIdempotency-Key: {LONG}", NULL, 400, "Idempotency-Key" },
  { "POST", "/api/orders", "{ATOKEN}\nIdempotency-Key: a b", NULL, 400, "Idempotency-Key" },
  { "POST", "/api/orders", "{ATOKEN}\nIdempotency-Key: ../x", NULL, 400, "Idempotency-Key" },
  { "POST", "/api/orders", "{ATOKEN}\nIdempotency-Key: \xc3\xa9t\xc3\xa9", NULL, 400, "Idempotency-Key" },

  /* The social graph. */
  { "POST", "/api/friends", A, "{}", 400, NULL },
  { "POST", "/api/friends", A, "{\"username\":\"a@example.com\"}", 400, NULL },
  { "POST", "/api/friends", A, "{\"username\":\"nobody@example.com\\u0000\"}", 400, NULL },
  { "POST", "/api/friends", A, "{\"username\":5}", 400, NULL },
  { "POST", "/api/friends/nobody", A, NULL, 404, NULL },
  { "POST", "/api/friends/..%2Fx", A, NULL, 400, NULL },
  { "DELETE", "/api/friends/nobody", A, NULL, 404, NULL },
  { "GET", "/api/recommendations?limit=-1", A, NULL, 400, NULL },
  { "GET", "/api/recommendations/b999", A, NULL, 404, NULL },
  { "GET", "/api/recommendations/%00", A, NULL, 400, NULL },

  /* Accounts. */
  { "PUT", "/api/account/password", A, "{\"oldPassword\":\"wrong password\",\"newPassword\":\"long enough 2\"}", 403, NULL },
  { "PUT", "/api/account/password", A, "{\"oldPassword\":\"password of a\",\"newPassword\":\"short\"}", 400, NULL },
  { "PUT", "/api/account/password", A, "{\"oldPassword\":\"password of a\"}", 400, NULL },
  { "DELETE", "/api/account", A, "{\"password\":\"wrong password\"}", 403, NULL },
  { "DELETE", "/api/account", A, NULL, 400, NULL },

  /* The catalog, search and covers: query strings, ids. */
  { "GET", "/api/books?offset=-1", NULL, NULL, 400, NULL },
  { "GET", "/api/books?limit=abc", NULL, NULL, 400, NULL },
  { "GET", "/api/books?limit=1.5", NULL, NULL, 400, NULL },
  { "GET", "/api/books?limit=99999999999999999999", NULL, NULL, 400, NULL },
  { "GET", "/api/books?category=%FF", NULL, NULL, 400, NULL },
  { "GET", "/api/books/..%2F..%2Fetc%2Fpasswd", NULL, NULL, 400, NULL },
  { "GET", "/api/books/b999", NULL, NULL, 404, NULL },
  { "GET", "/api/books/b1%00", NULL, NULL, 400, NULL },
  { "GET", "/api/books/b1'%20OR%20'1'='1", NULL, NULL, 400, NULL },
  { "GET", "/api/getImage", NULL, NULL, 400, NULL },
  { "GET", "/api/getImage?bookId=../../etc/passwd", NULL, NULL, 400, NULL },
  { "GET", "/api/getImage?bookId=b999", NULL, NULL, 404, NULL },
  { "GET", "/api/search", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q=", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q=%20%20", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q={LONG}", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q=%FF%FE", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q=a%00b", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q=the&offset=-5", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q=the&limit=1e3", NULL, NULL, 400, NULL },
  { "GET", "/api/search?q=NEAR(a%20b)", NULL, NULL, 200, NULL },
  { "GET", "/api/search?q=%22", NULL, NULL, 200, NULL },
  { "GET", "/api/search?q=*", NULL, NULL, 200, NULL },
  { "GET", "/api/search?q=name:x%20OR%20-y%20^z", NULL, NULL, 200, NULL },
  { "GET", "/api/search?q=%27;%20DROP%20TABLE%20books;%20--", NULL, NULL, 200, NULL },

  /* Methods and paths that are not routes. */
  { "PATCH", "/api/cart", A, "{}", 405, NULL },
  { "DELETE", "/api/books", NULL, NULL, 405, NULL },
  { "PUT", "/api/orders", A, NULL, 405, NULL },
  { "GET", "/api/nothing-here", NULL, NULL, 404, NULL },
  { "GET", "/api/books/b1/../../../etc/passwd", NULL, NULL, 404, NULL },
  { "GET", "/api/health?{LONGTARGET}", NULL, NULL, 414, NULL },
  { "GET", "/api/books/{LONGTARGET}", NULL, NULL, 414, NULL },
  /* Past libsoup's limit on a request head: the connection is closed unanswered. */
  { "GET", "/api/health?{LONGQUERY}", NULL, NULL, NO_ANSWER, NULL },
};

typedef struct
{
  BsTestServer *server;
  char *a_token;
  char *b_token;
  char *expired_token;
  char *signed_out_token;
  char *a_id;
  char *long_text;     /* past the API's limits on a member or a search */
  char *long_target;   /* past the 8 KiB limit on a request target */
  char *long_query;    /* past libsoup's limit on a request head */
} Shop;

/* Expands the row's placeholders. */
static char *
expand (Shop       *shop,
        const char *text)
{
  return bs_test_expand (text, "{ATOKEN}", shop->a_token, "{BTOKEN}", shop->b_token,
                         "{EXPIRED}", shop->expired_token, "{SIGNEDOUT}", shop->signed_out_token,
                         "{A}", shop->a_id, "{LONGQUERY}", shop->long_query,
                         "{LONGTARGET}", shop->long_target, "{LONG}", shop->long_text, NULL);
}

static char *
build_request (Shop          *shop,
               const Hostile *row)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *path = expand (shop, row->path);
  g_autofree char *body = NULL;

  if (g_strcmp0 (row->body, "@MB") == 0)
    {
      g_autofree char *filler = g_strnfill (1024 * 1024, 'x');

      body = g_strdup_printf ("{\"username\":\"%s\"}", filler);
    }
  else if (row->body != NULL)
    body = expand (shop, row->body);

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
                          row->method, path);
  if (row->auth != NULL)
    {
      g_autofree char *auth = expand (shop, row->auth);
      g_auto(GStrv) lines = g_strsplit (auth, "\n", -1);

      /* An empty value splits into no lines at all. */
      g_string_append_printf (request, "X-Customer-Id: %s\r\n", lines[0] != NULL ? lines[0] : "");
      for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
        g_string_append_printf (request, "%s\r\n", lines[i]);
    }
  if (body != NULL)
    g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %zu\r\n",
                            strlen (body));
  g_string_append (request, "\r\n");
  if (body != NULL)
    g_string_append (request, body);
  return g_string_free (g_steal_pointer (&request), FALSE);
}

static gint
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every table that holds the shop, as a count of rows and a checksum of them: live
 * sessions by token and owner only, since using one updates when it was last used (and
 * an expired one goes when it is tried). */
static char *
fingerprint (const char *db_path)
{
  static const char *queries[] = {
    "SELECT * FROM customers",
    "SELECT token_hash, customer_id FROM sessions WHERE last_used_at > 0",
    "SELECT * FROM cart_lines", "SELECT * FROM orders", "SELECT * FROM order_lines",
    "SELECT * FROM purchases", "SELECT * FROM order_log", "SELECT * FROM bestsellers",
    "SELECT * FROM friendships", "SELECT * FROM friend_requests", "SELECT * FROM books",
    "SELECT book_id, etag FROM covers", "SELECT * FROM meta",
  };
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db;

  /* PostgreSQL sums up each table itself, all in one query: its rows as text, in order. */
  if (bs_test_on_postgres ())
    {
      g_autoptr(GString) sql = g_string_new (NULL);

      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        g_string_append_printf (sql, "%sSELECT '%s: ' || count (*) || ' rows, ' || "
                                "coalesce (md5 (string_agg (t::text, '|' ORDER BY t::text)), '')"
                                " FROM (%s) t", q > 0 ? " UNION ALL " : "", queries[q], queries[q]);
      return bs_test_db_query (db_path, sql->str, NULL, "\n");
    }
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *statement;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &statement, NULL), ==, SQLITE_OK);
      while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
        {
          GString *row = g_string_new (NULL);

          for (int c = 0; c < sqlite3_column_count (statement); c++)
            {
              g_autofree char *hex = NULL;
              const guchar *blob = sqlite3_column_blob (statement, c);
              int length = sqlite3_column_bytes (statement, c);

              hex = g_compute_checksum_for_data (G_CHECKSUM_SHA1, blob != NULL ? blob : (const guchar *) "",
                                                 (gsize) length);
              g_string_append_printf (row, "%d:%s|", sqlite3_column_type (statement, c), hex);
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (statement);
      g_ptr_array_sort (rows, compare_rows);
      for (guint r = 0; r < rows->len; r++)
        g_checksum_update (checksum, g_ptr_array_index (rows, r), -1);
      g_string_append_printf (text, "%s: %u rows, %s\n", queries[q], rows->len,
                              g_checksum_get_string (checksum));
      g_checksum_reset (checksum);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static guint
status_of (const char *reply)
{
  if (!g_str_has_prefix (reply, "HTTP/1.1 ") && !g_str_has_prefix (reply, "HTTP/1.0 "))
    return 0;
  return (guint) g_ascii_strtoull (reply + strlen ("HTTP/1.1 "), NULL, 10);
}

/* TRUE when @reply's body is the API's error object for @status, holding @message. */
static gboolean
is_json_error (const char *reply,
               guint       status,
               const char *message)
{
  const char *body = strstr (reply, "\r\n\r\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (body == NULL || !json_parser_load_from_data (parser, body + 4, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  return json_object_get_boolean_member_with_default (object, "error", FALSE) &&
         json_object_get_int_member_with_default (object, "code", 0) == status &&
         json_object_has_member (object, "message") &&
         (message == NULL ||
          strstr (json_object_get_string_member (object, "message"), message) != NULL);
}

static void
expire_session (const char *db_path,
                const char *token)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 hash[32];
  gsize length = sizeof hash;
  sqlite3 *db;
  sqlite3_stmt *statement;

  if (bs_test_on_postgres ())
    {
      g_autofree char *changed = bs_test_db_query (db_path,
                                                   "UPDATE sessions SET last_used_at = 0 WHERE"
                                                   " token_hash = sha256 (convert_to ($1, 'UTF8')) RETURNING 1",
                                                   token, ",");

      g_assert_cmpstr (changed, ==, "1");
      return;
    }
  g_checksum_update (checksum, (const guchar *) token, -1);
  g_checksum_get_digest (checksum, hash, &length);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE sessions SET last_used_at = 0 WHERE token_hash = ?1",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (statement, 1, hash, (int) length, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (statement);
  sqlite3_close (db);
}

static void
shop_set_up (Shop *shop)
{
  g_autofree char *c_token = NULL;
  g_autoptr(BsTestResponse) whoami = NULL;
  g_autoptr(JsonNode) root = NULL;

  shop->long_text = g_strnfill (5000, 'x');
  shop->long_target = g_strnfill (9000, 't');
  shop->long_query = g_strnfill (100 * 1024, 'q');
  shop->server = bs_test_server_new (TRUE, 2);
  shop->a_token = bs_test_sign_up (shop->server, "a@example.com", "password of a");
  shop->b_token = bs_test_sign_up (shop->server, "b@example.com", "password of b");
  c_token = bs_test_sign_up (shop->server, "c-expired@example.com", "password of c");
  shop->expired_token = g_strdup (c_token);
  expire_session (shop->server->db_path, shop->expired_token);
  shop->signed_out_token = bs_test_sign_in (shop->server, "a@example.com", "password of a");
  g_assert_cmpuint (bs_test_customer_status (shop->server, shop->signed_out_token, "POST",
                                             "/api/signout", NULL), ==, 200);

  whoami = bs_test_customer_request (shop->server, shop->a_token, "GET", "/api/whoami", NULL);
  root = bs_test_response_json (whoami);
  shop->a_id = g_strdup (json_object_get_string_member (json_node_get_object (root), "customerId"));

  /* A's cart holds one book, 2 copies; B's is empty. */
  g_assert_cmpuint (bs_test_customer_status (shop->server, shop->a_token, "POST", "/api/cart",
                                             "{\"bookId\":\"b1\",\"quantity\":2}"), ==, 200);
  /* The demo's orders are in the best sellers: nothing changes in the background. */
  bs_test_wait_until (bs_test_stream_caught_up, shop->server, 10);
}

static void
test_hostile_requests (void)
{
  Shop shop = { 0 };
  guint port;
  guint wrong = 0;

  shop_set_up (&shop);
  port = bs_server_get_port (shop.server->server);
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const Hostile *row = &hostile[i];
      g_autofree char *before = fingerprint (shop.server->db_path);
      g_autofree char *request = build_request (&shop, row);
      g_autofree char *reply = bs_test_raw_request (port, request);
      g_autofree char *after = NULL;
      g_autofree char *health = bs_test_raw_request (port, "GET /api/health HTTP/1.1\r\n"
                                                           "Host: 127.0.0.1\r\n\r\n");
      guint status = status_of (reply);
      gboolean right = status == row->status &&
                       (status < 400 || is_json_error (reply, row->status, row->message)) &&
                       (status != NO_ANSWER || reply[0] == '\0');

      after = fingerprint (shop.server->db_path);
      if (!right || g_strcmp0 (before, after) != 0 || status_of (health) != 200)
        {
          g_autofree char *shown = g_strndup (reply, 300);

          g_test_message ("row %u, %s %.60s: expected %u, got %s%s%s%s\nto\n%s", i, row->method,
                          row->path, row->status, shown,
                          status_of (health) != 200 ? "\n[no answer after it]" : "",
                          g_strcmp0 (before, after) != 0 ? "\n[the shop changed] from\n" : "",
                          g_strcmp0 (before, after) != 0 ? before : "",
                          g_strcmp0 (before, after) != 0 ? after : "");
          wrong++;
        }
    }
  g_test_message ("%" G_GSIZE_FORMAT " hostile requests", G_N_ELEMENTS (hostile));
  g_assert_cmpuint (G_N_ELEMENTS (hostile), >=, 100);
  g_assert_cmpuint (wrong, ==, 0);

  g_free (shop.a_token);
  g_free (shop.b_token);
  g_free (shop.expired_token);
  g_free (shop.signed_out_token);
  g_free (shop.a_id);
  g_free (shop.long_text);
  g_free (shop.long_target);
  g_free (shop.long_query);
  bs_test_server_free (shop.server);
}

/* Framing the API cannot read: what libsoup refuses before any handler runs gets its
 * own bare answer (JSON is FALSE); the rest get the API's JSON error. */
typedef struct
{
  const char *request;
  guint status;
  gboolean json;
} Framing;

static const Framing framings[] = {
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n"
    "Connection: close\r\n\r\n{}abc", 400, TRUE },
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 5\r\nConnection: close\r\n\r\n{}abc",
    400, FALSE },
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n"
    "Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 411, TRUE },
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    "2\r\n{}\r\n0\r\n\r\n", 411, TRUE },
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n", 400,
    TRUE },
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n"
    "Connection: close\r\n\r\n", 400, TRUE },
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n", 400,
    FALSE },
  { "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n"
    "Connection: close\r\n\r\n", 413, TRUE },
  { "GARBAGE\r\n\r\n", 400, FALSE },
  { "GET /api/health\r\n\r\n", 400, FALSE },
  { "GET /api/health HTTP/2.0\r\nHost: x\r\n\r\n", 505, FALSE },
  { "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n", 400, FALSE },
  { "GET /api/books/b 1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, FALSE },
  { "BREW /api/books HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, TRUE },
  { "TRACE /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, TRUE },
  { "GET /api/books/%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, TRUE },
};

static GSocketConnection *
connect_to (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                                   (guint16) port, NULL, &error);

  g_assert_no_error (error);
  return connection;
}

/* Waits, blocking, for the server to close @connection; FALSE if it sends anything, or
 * if it has not closed it after 30 s. */
static gboolean
closed_by_server (GSocketConnection *connection)
{
  char buffer[64];
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GError) error = NULL;
  gssize n;

  g_socket_set_timeout (socket, 30);
  n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
  return n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
}

static void
assert_answers (guint port)
{
  g_autofree char *health = bs_test_raw_request (port, "GET /api/health HTTP/1.1\r\n"
                                                       "Host: 127.0.0.1\r\n\r\n");

  g_assert_cmpuint (status_of (health), ==, 200);
}

static void
test_hostile_framing (void)
{
  g_autoptr(BsTestServer) server =
    bs_test_server_new_configured (&(BsServerConfig) { .n_threads = 2, .idle_timeout_seconds = 1 });
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketConnection) stalled = NULL;
  guint port = bs_server_get_port (server->server);
  const char *partial = "POST /api/signup HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"user";

  for (guint i = 0; i < G_N_ELEMENTS (framings); i++)
    {
      g_autofree char *reply = bs_test_raw_request (port, framings[i].request);
      g_autofree char *printable = g_strescape (framings[i].request, NULL);

      g_test_message ("framing %u: %s", i, printable);
      g_assert_cmpuint (status_of (reply), ==, framings[i].status);
      if (framings[i].json)
        g_assert_true (is_json_error (reply, framings[i].status, NULL));
      assert_answers (port);
    }

  /* A body that stops coming, and connections that never send a thing: the server
   * answers others meanwhile, and closes them once they have been silent too long. */
  stalled = connect_to (port);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stalled)),
                                            partial, strlen (partial), NULL, NULL, NULL));
  for (guint i = 0; i < 300; i++)
    g_ptr_array_add (idle, connect_to (port));
  assert_answers (port);
  g_assert_true (closed_by_server (stalled));
  for (guint i = 0; i < idle->len; i++)
    g_assert_true (closed_by_server (g_ptr_array_index (idle, i)));
  assert_answers (port);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/requests", test_hostile_requests);
  g_test_add_func ("/hostile/framing", test_hostile_framing);

  return g_test_run ();
}
