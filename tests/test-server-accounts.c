/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bs-demo.h"
#include "bs-password.h"
#include "bs-store.h"
#include "bs-test-util.h"

/* Accounts and sessions over a real server: sign-up, sign-in, sign-out, whoami, password
 * change, account deletion, throttling, and that nothing secret leaks. */

static BsTestServer *shop;

static JsonObject *
object_of (BsTestResponse *response)
{
  g_autoptr(JsonNode) root = bs_test_response_json (response);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
assert_no_secrets (BsTestResponse *response)
{
  const char *text = bs_test_response_text (response);

  g_assert_null (strstr (text, "$argon2"));
  g_assert_null (strstr (text, "password"));
}

static void
test_sign_up (void)
{
  g_autoptr(BsTestResponse) created = bs_test_request (
    shop, "POST", "/api/signup",
    "{\"username\":\"Ann.Smith@Example.com\",\"password\":\"correct horse\",\"displayName\":\"Ann\"}",
    NULL);
  g_autoptr(JsonObject) body = object_of (created);
  g_autoptr(BsTestResponse) taken = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_false (json_object_get_boolean_member (body, "error"));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (body, "customerId")));
  assert_no_secrets (created);

  /* Emails are compared without case. */
  taken = bs_test_request (shop, "POST", "/api/signup",
                           "{\"username\":\"ann.smith@example.com\",\"password\":\"another one\"}",
                           NULL);
  bs_test_assert_error (taken, 409, "already exists");
}

static void
test_sign_up_rejects (void)
{
  g_autofree char *long_name = g_strnfill (65, 'x');
  g_autofree char *long_name_body = g_strdup_printf (
    "{\"username\":\"x@example.com\",\"password\":\"12345678\",\"displayName\":\"%s\"}", long_name);
  const struct {
    const char *body;
    guint status;
    const char *message;
  } cases[] = {
    { "", 400, "empty" },
    { "{\"password\":\"12345678\"}", 400, "username is required" },
    { "{\"username\":5,\"password\":\"12345678\"}", 400, "username must be a string" },
    { "{\"username\":null,\"password\":\"12345678\"}", 400, "username must be a string" },
    { "{\"username\":\"not-an-email\",\"password\":\"12345678\"}", 400, "email address" },
    { "{\"username\":\"a@b\",\"password\":\"12345678\"}", 400, "email address" },
    { "{\"username\":\"a b@example.com\",\"password\":\"12345678\"}", 400, "email address" },
    { "{\"username\":\"@example.com\",\"password\":\"12345678\"}", 400, "email address" },
    { "{\"username\":\"x@example.com\"}", 400, "password is required" },
    { "{\"username\":\"x@example.com\",\"password\":\"1234567\"}", 400, "at least 8 characters" },
    { "{\"username\":\"x@example.com\",\"password\":12345678}", 400, "password must be a string" },
    { "{\"username\":\"x@example.com\",\"password\":\"12345678\",\"displayName\":\"  \"}", 400,
      "displayName must be 1 to 64" },
    { long_name_body, 400, "displayName must be 1 to 64" },
    { "{'username':'x@example.com'}", 400, "double quotes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_request (shop, "POST", "/api/signup",
                                                            cases[i].body, NULL);

      g_test_message ("case %u", i);
      bs_test_assert_error (response, cases[i].status, cases[i].message);
    }

  /* None of them made an account. */
  {
    g_autoptr(BsTestResponse) signin = bs_test_request (
      shop, "POST", "/api/signin", "{\"username\":\"x@example.com\",\"password\":\"12345678\"}",
      NULL);
    bs_test_assert_error (signin, 401, "Wrong email or password");
  }
}

static void
test_sign_in_and_whoami (void)
{
  g_autoptr(BsTestResponse) signup = bs_test_request (
    shop, "POST", "/api/signup", "{\"username\":\"bob.jones@example.com\",\"password\":\"bob's secret\"}",
    NULL);
  g_autoptr(JsonObject) created = object_of (signup);
  g_autoptr(BsTestResponse) signin = bs_test_request (
    shop, "POST", "/api/signin",
    "{\"username\":\"BOB.jones@example.com\",\"password\":\"bob's secret\"}", NULL);
  g_autoptr(JsonObject) session = object_of (signin);
  const char *token = json_array_get_string_element (
    json_object_get_array_member (session, "message"), 0);
  const char *display_name = json_object_get_string_member (session, "displayName");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(BsTestResponse) by_header = bs_test_customer_request (shop, token, "GET",
                                                                  "/api/whoami", NULL);
  g_autoptr(BsTestResponse) by_bearer = bs_test_request (shop, "GET", "/api/whoami", NULL,
                                                         "Authorization", bearer, NULL);
  g_autoptr(JsonObject) me = object_of (by_header);

  g_assert_cmpuint (signin->status, ==, 200);
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpstr (json_object_get_string_member (session, "customerId"), ==,
                   json_object_get_string_member (created, "customerId"));
  g_assert_cmpstr (json_object_get_string_member (session, "username"), ==, "bob.jones@example.com");
  /* A neutral name, never one made from the email. */
  g_assert_true (g_regex_match_simple ("^Reader [0-9]{4}$", display_name, 0, 0));
  g_assert_null (strcasestr (display_name, "bob"));
  assert_no_secrets (signin);

  g_assert_cmpuint (by_header->status, ==, 200);
  g_assert_cmpuint (by_bearer->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (me, "message"), ==,
                   json_object_get_string_member (created, "customerId"));
  g_assert_cmpstr (json_object_get_string_member (me, "displayName"), ==, display_name);
  assert_no_secrets (by_header);
}

static void
test_bad_credentials (void)
{
  const char *bodies[] = {
    "{\"username\":\"bob.jones@example.com\",\"password\":\"wrong password\"}",
    "{\"username\":\"nobody@example.com\",\"password\":\"whatever1\"}",
    "{\"username\":\"not an email\",\"password\":\"whatever1\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_request (shop, "POST", "/api/signin", bodies[i],
                                                            NULL);

      /* The same answer whether or not the account exists. */
      bs_test_assert_error (response, 401, "Wrong email or password");
    }
}

static void
test_customer_routes_need_a_session (void)
{
  const struct {
    const char *method;
    const char *path;
  } routes[] = {
    { "GET", "/api/whoami" }, { "POST", "/api/signout" }, { "PUT", "/api/account/password" },
    { "DELETE", "/api/account" }, { "GET", "/api/cart" }, { "POST", "/api/cart" },
    { "PUT", "/api/cart" }, { "DELETE", "/api/cart" }, { "GET", "/api/cart/b1" },
    { "DELETE", "/api/cart/b1" }, { "GET", "/api/orders" }, { "POST", "/api/orders" },
  };
  const char *tokens[] = {
    NULL, "", "null", "undefined", "56b83d81-940a-4dd4-c2f4-420c41deeca7",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "' OR 1=1 --",
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (tokens); j++)
      {
        g_autoptr(BsTestResponse) response =
          tokens[j] != NULL
            ? bs_test_customer_request (shop, tokens[j], routes[i].method, routes[i].path, "{}")
            : bs_test_request (shop, routes[i].method, routes[i].path, "{}", NULL);

        g_test_message ("%s %s with %s", routes[i].method, routes[i].path, tokens[j]);
        bs_test_assert_error (response, 401, NULL);
      }

  /* Public routes ignore a token that is missing or unknown, as the seed UI sends "null". */
  {
    g_autoptr(BsTestResponse) books = bs_test_customer_request (shop, "null", "GET",
                                                                "/api/books?limit=1", NULL);
    g_assert_cmpuint (books->status, ==, 200);
  }
}

static void
test_sign_out (void)
{
  g_autofree char *first = bs_test_sign_up (shop, "carol@example.com", "carol's pass");
  g_autofree char *second = bs_test_sign_in (shop, "carol@example.com", "carol's pass");
  g_autofree char *third = bs_test_sign_in (shop, "carol@example.com", "carol's pass");
  g_autoptr(BsTestResponse) out = bs_test_customer_request (shop, first, "POST", "/api/signout", NULL);
  g_autoptr(BsTestResponse) first_after = bs_test_customer_request (shop, first, "GET", "/api/whoami", NULL);
  g_autoptr(BsTestResponse) second_after = bs_test_customer_request (shop, second, "GET", "/api/whoami", NULL);
  g_autoptr(BsTestResponse) all = bs_test_customer_request (shop, second, "POST", "/api/signout?all=1", NULL);
  g_autoptr(BsTestResponse) third_after = bs_test_customer_request (shop, third, "GET", "/api/whoami", NULL);
  g_autoptr(BsTestResponse) bad_flag = NULL;
  g_autofree char *fourth = bs_test_sign_in (shop, "carol@example.com", "carol's pass");

  g_assert_cmpuint (out->status, ==, 200);
  g_assert_cmpstr (bs_test_response_text (out), ==, "{\"error\":false}");
  bs_test_assert_error (first_after, 401, NULL);
  g_assert_cmpuint (second_after->status, ==, 200);
  g_assert_cmpuint (all->status, ==, 200);
  bs_test_assert_error (third_after, 401, NULL);

  bad_flag = bs_test_customer_request (shop, fourth, "POST", "/api/signout?all=yes", NULL);
  bs_test_assert_error (bad_flag, 400, "all must be 0 or 1");
}

static void
test_change_password (void)
{
  g_autofree char *mine = bs_test_sign_up (shop, "dave@example.com", "first password");
  g_autofree char *other = bs_test_sign_in (shop, "dave@example.com", "first password");
  g_autoptr(BsTestResponse) wrong = bs_test_customer_request (
    shop, mine, "PUT", "/api/account/password",
    "{\"oldPassword\":\"not it at all\",\"newPassword\":\"second password\"}");
  g_autoptr(BsTestResponse) short_new = bs_test_customer_request (
    shop, mine, "PUT", "/api/account/password",
    "{\"oldPassword\":\"first password\",\"newPassword\":\"short\"}");
  g_autoptr(BsTestResponse) changed = NULL;
  g_autoptr(BsTestResponse) mine_after = NULL;
  g_autoptr(BsTestResponse) other_after = NULL;
  g_autoptr(BsTestResponse) old_signin = NULL;
  g_autofree char *fresh = NULL;

  bs_test_assert_error (wrong, 403, "oldPassword is not your current password");
  bs_test_assert_error (short_new, 400, "newPassword must be at least 8 characters");

  changed = bs_test_customer_request (
    shop, mine, "PUT", "/api/account/password",
    "{\"oldPassword\":\"first password\",\"newPassword\":\"second password\"}");
  g_assert_cmpuint (changed->status, ==, 200);

  /* This session goes on; every other one ends. */
  mine_after = bs_test_customer_request (shop, mine, "GET", "/api/whoami", NULL);
  g_assert_cmpuint (mine_after->status, ==, 200);
  other_after = bs_test_customer_request (shop, other, "GET", "/api/whoami", NULL);
  bs_test_assert_error (other_after, 401, NULL);

  old_signin = bs_test_request (shop, "POST", "/api/signin",
                                "{\"username\":\"dave@example.com\",\"password\":\"first password\"}",
                                NULL);
  bs_test_assert_error (old_signin, 401, "Wrong email or password");
  fresh = bs_test_sign_in (shop, "dave@example.com", "second password");
  g_assert_nonnull (fresh);
}

static int
count_detached_orders (const char *db_path,
                       const char *order_id)
{
  g_autofree char *count = bs_test_db_query (db_path,
                                             "SELECT count(*) FROM orders WHERE order_id = $1 "
                                             "AND customer_id IS NULL", order_id, "");

  return atoi (count);
}

static void
test_delete_account (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "erin@example.com", "erin's password");
  g_autofree char *other = bs_test_sign_in (shop, "erin@example.com", "erin's password");
  g_autoptr(BsTestResponse) added = bs_test_customer_request (shop, token, "POST", "/api/cart",
                                                              "{\"bookId\":\"b7\"}");
  g_autoptr(BsTestResponse) ordered = bs_test_customer_request (shop, token, "POST", "/api/orders",
                                                                NULL);
  g_autoptr(JsonObject) order = object_of (ordered);
  g_autoptr(BsTestResponse) readded = bs_test_customer_request (shop, token, "POST", "/api/cart",
                                                                "{\"bookId\":\"b8\"}");
  g_autoptr(BsTestResponse) wrong = bs_test_customer_request (shop, token, "DELETE", "/api/account",
                                                              "{\"password\":\"guess guess\"}");
  g_autoptr(BsTestResponse) deleted = NULL;
  g_autoptr(BsTestResponse) after = NULL;
  g_autoptr(BsTestResponse) other_after = NULL;
  g_autoptr(BsTestResponse) signin = NULL;
  g_autoptr(BsTestResponse) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) cart = NULL;
  const char *customer_id = json_object_get_string_member (order, "customerId");

  g_assert_cmpuint (added->status, ==, 200);
  g_assert_cmpuint (ordered->status, ==, 201);
  g_assert_cmpuint (readded->status, ==, 200);
  bs_test_assert_error (wrong, 403, "password is not your current password");

  deleted = bs_test_customer_request (shop, token, "DELETE", "/api/account",
                                      "{\"password\":\"erin's password\"}");
  g_assert_cmpuint (deleted->status, ==, 200);

  after = bs_test_customer_request (shop, token, "GET", "/api/whoami", NULL);
  bs_test_assert_error (after, 401, NULL);
  other_after = bs_test_customer_request (shop, other, "GET", "/api/cart", NULL);
  bs_test_assert_error (other_after, 401, NULL);
  signin = bs_test_request (shop, "POST", "/api/signin",
                            "{\"username\":\"erin@example.com\",\"password\":\"erin's password\"}",
                            NULL);
  bs_test_assert_error (signin, 401, "Wrong email or password");

  /* The order stays, detached; the cart line went with the account. */
  store = bs_store_open (shop->db_path, &error);
  g_assert_no_error (error);
  orders = bs_store_list_orders (store, customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 0);
  cart = bs_store_list_cart (store, customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cart->len, ==, 0);
  g_assert_cmpint (count_detached_orders (shop->db_path,
                                          json_object_get_string_member (order, "orderId")), ==, 1);

  /* Her friendships went with her: john.d no longer lists her. */
  {
    g_autofree char *john = bs_test_sign_in (shop, "john.d@macrometa.io", BS_DEMO_PASSWORD);
    g_autoptr(BsTestResponse) friends = bs_test_customer_request (shop, john, "GET",
                                                                  "/api/friends", NULL);

    g_assert_cmpuint (friends->status, ==, 200);
    g_assert_null (strstr (bs_test_response_text (friends), customer_id));
  }

  /* The email is free again. */
  again = bs_test_request (shop, "POST", "/api/signup",
                           "{\"username\":\"erin@example.com\",\"password\":\"a new start\"}", NULL);
  g_assert_cmpuint (again->status, ==, 201);
}

static void
test_throttling (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autofree char *token = bs_test_sign_up (server, "frank@example.com", "frank's password");
  g_autoptr(BsTestResponse) blocked = NULL;
  g_autoptr(BsTestResponse) other_user = NULL;
  const char *retry_after;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_request (
        server, "POST", "/api/signin",
        "{\"username\":\"frank@example.com\",\"password\":\"not the one\"}", NULL);

      bs_test_assert_error (response, 401, "Wrong email or password");
    }

  /* Now even the right password waits. */
  blocked = bs_test_request (server, "POST", "/api/signin",
                             "{\"username\":\"frank@example.com\",\"password\":\"frank's password\"}",
                             NULL);
  bs_test_assert_error (blocked, 429, "Too many failed attempts");
  retry_after = bs_test_response_header (blocked, "Retry-After");
  g_assert_nonnull (retry_after);
  /* Failures count for the whole window, not just while their verdicts were awaited. */
  g_assert_cmpuint (g_ascii_strtoull (retry_after, NULL, 10), >, 14 * 60);
  g_assert_cmpuint (g_ascii_strtoull (retry_after, NULL, 10), <=, 15 * 60);

  /* Another account from the same address is not locked out by five failures. */
  g_free (bs_test_sign_up (server, "grace@example.com", "grace's password"));
  other_user = bs_test_request (server, "POST", "/api/signin",
                                "{\"username\":\"grace@example.com\",\"password\":\"grace's password\"}",
                                NULL);
  g_assert_cmpuint (other_user->status, ==, 200);
}

/* Twenty guesses at once get no more checks than five in a row would. */
static void
test_throttling_holds_under_a_burst (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 2);

  g_free (bs_test_sign_up (server, "burst@example.com", "the real one"));
  g_assert_cmpuint (bs_test_guess_at_once (&server, 1, "burst@example.com", 20), <=, 5);
}

/* Thirty failures from one address, over many usernames, stop the next attempt. */
static void
test_throttling_per_address (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autoptr(BsTestResponse) blocked = NULL;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"username\":\"user%u@example.com\","
                                               "\"password\":\"whatever1\"}", i);
      g_autoptr(BsTestResponse) response = bs_test_request (server, "POST", "/api/signin", body,
                                                            NULL);

      bs_test_assert_error (response, 401, NULL);
    }
  blocked = bs_test_request (server, "POST", "/api/signin",
                             "{\"username\":\"user99@example.com\",\"password\":\"whatever1\"}",
                             NULL);
  bs_test_assert_error (blocked, 429, NULL);
}

/* A node that dies during checks leaves their attempts pending, as these rows are: they
 * count until their verdicts are overdue, and then no more. */
static void
test_throttling_releases_overdue_checks (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  const char *right = "{\"username\":\"cut@example.com\",\"password\":\"cut short\"}";
  gint64 now_ms = g_get_real_time () / 1000;
  g_autofree char *cut_off = NULL;
  g_autofree char *overdue = g_strdup_printf ("UPDATE signin_attempts SET pending_until_ms = %"
                                              G_GINT64_FORMAT " WHERE key = 'cut@example.com'",
                                              now_ms - 1);
  g_autoptr(BsTestResponse) blocked = NULL;
  g_autoptr(BsTestResponse) released = NULL;
  g_autoptr(GString) rows = g_string_new ("INSERT INTO signin_attempts (scope, key, at_ms, pending_until_ms) VALUES ");

  g_free (bs_test_sign_up (server, "cut@example.com", "cut short"));
  for (guint i = 0; i < 5; i++)
    g_string_append_printf (rows, "%s('user', 'cut@example.com', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                            i > 0 ? ", " : "", now_ms - 1000, now_ms + 9000);
  g_free (bs_test_db_query (server->db_path, rows->str, NULL, ""));

  blocked = bs_test_request (server, "POST", "/api/signin", right, NULL);
  bs_test_assert_error (blocked, 429, "Too many failed attempts");
  g_assert_cmpuint (g_ascii_strtoull (bs_test_response_header (blocked, "Retry-After"), NULL, 10), <=, 10);

  g_free (bs_test_db_query (server->db_path, overdue, NULL, ""));
  released = bs_test_request (server, "POST", "/api/signin", right, NULL);
  g_assert_cmpuint (released->status, ==, 200);
  cut_off = bs_test_db_query (server->db_path,
                              "SELECT count(*) FROM signin_attempts WHERE key = 'cut@example.com'", NULL, "");
  g_assert_cmpstr (cut_off, ==, "0");
}

/* Thirty failed sign-ins (each for another account) with X-Real-IP @address, or, with
 * @vary, @address.0 to @address.29. */
static void
fail_thirty_times (BsTestServer *server,
                   const char   *address,
                   gboolean      vary)
{
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"username\":\"proxied%u@example.com\","
                                               "\"password\":\"whatever1\"}", i);
      g_autofree char *real_ip = vary ? g_strdup_printf ("%s.%u", address, i) : g_strdup (address);
      g_autoptr(BsTestResponse) response = bs_test_request (server, "POST", "/api/signin", body,
                                                            "X-Real-IP", real_ip, NULL);

      bs_test_assert_error (response, 401, NULL);
    }
}

static guint
sign_in_status_from (BsTestServer *server,
                     const char   *address)
{
  g_autoptr(BsTestResponse) response = bs_test_request (
    server, "POST", "/api/signin", "{\"username\":\"proxied99@example.com\",\"password\":\"whatever1\"}",
    "X-Real-IP", address, NULL);

  return response->status;
}

/* Behind a trusted proxy (nginx in front of the nodes), failures count against each
 * client's address as the proxy reports it in X-Real-IP, not against the proxy's, which
 * every client shares. From anybody else X-Real-IP is ignored: it cannot buy more tries. */
static void
test_throttling_behind_a_proxy (void)
{
  /* The proxy's address written as IPv4 mapped into IPv6, as dual-stack sockets write it:
   * the same address. */
  const char * const proxies[] = { "::ffff:127.0.0.1", NULL };
  g_autoptr(BsTestServer) proxied = bs_test_server_new_configured (
    &(BsServerConfig) { .n_threads = 1, .trusted_proxies = proxies });
  g_autoptr(BsTestServer) direct = bs_test_server_new (FALSE, 1);

  fail_thirty_times (proxied, "203.0.113.7", FALSE);
  g_assert_cmpuint (sign_in_status_from (proxied, "203.0.113.7"), ==, 429);
  g_assert_cmpuint (sign_in_status_from (proxied, "203.0.113.8"), ==, 401);

  fail_thirty_times (direct, "203.0.113", TRUE);
  g_assert_cmpuint (sign_in_status_from (direct, "203.0.113.99"), ==, 429);
}

/* A session is no way around the limit: re-checking the password counts too. */
static void
test_throttling_password_checks (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autofree char *token = bs_test_sign_up (server, "recheck@example.com", "recheck me");
  g_autoptr(BsTestResponse) blocked = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_customer_request (
        server, token, "DELETE", "/api/account", "{\"password\":\"not it at all\"}");

      bs_test_assert_error (response, 403, NULL);
    }
  blocked = bs_test_customer_request (server, token, "PUT", "/api/account/password",
                                      "{\"oldPassword\":\"recheck me\",\"newPassword\":\"new one!!\"}");
  bs_test_assert_error (blocked, 429, NULL);
}

static void
test_demo_accounts (void)
{
  g_autofree char *john = bs_test_sign_in (shop, "john.d@macrometa.io", BS_DEMO_PASSWORD);
  g_autofree char *guest = bs_test_sign_in (shop, "guest@macrometa.io", "Abcd1234");
  g_autoptr(BsTestResponse) orders = bs_test_customer_request (shop, john, "GET", "/api/orders", NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (orders);
  JsonArray *list = json_node_get_array (root);
  JsonObject *order;
  JsonArray *books;

  g_assert_nonnull (guest);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  order = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (order, "orderDate"), ==, G_GINT64_CONSTANT (1603105787506));
  g_assert_nonnull (strstr (bs_test_response_text (orders), "\"total\":35.51"));
  books = json_object_get_array_member (order, "books");
  g_assert_cmpuint (json_array_get_length (books), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (books, 0), "bookId"), ==, "b2");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (books, 1), "bookId"), ==, "b3");
}

/* Unless built for sanitizer runs, passwords cost at least libsodium's interactive limits. */
static void
test_password_cost (void)
{
  guint64 ops;
  gsize memory;

  bs_password_get_limits (&ops, &memory);
#ifdef BS_ARGON2_TEST_LIMITS
  g_test_skip ("built with argon2_test_limits");
#else
  g_assert_cmpuint (ops, >=, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  g_assert_cmpuint (memory, >=, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  {
    g_autofree char *hash = bs_password_hash ("a password", NULL);

    g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
    g_assert_true (bs_password_verify (hash, "a password"));
    g_assert_false (bs_password_verify (hash, "a passworD"));
  }
#endif
}

/* Tokens are stored only as hashes. */
static void
test_tokens_are_not_stored (void)
{
  g_autofree char *token = bs_test_sign_up (shop, "heidi@example.com", "heidi's password");
  g_autofree char *data = NULL;
  gsize size;

  if (bs_test_on_postgres ())
    {
      g_autofree char *found = bs_test_db_query (shop->db_path,
                                                 "SELECT count (*) FROM sessions WHERE"
                                                 " position (convert_to ($1, 'UTF8') IN token_hash) > 0",
                                                 token, "");

      g_assert_cmpstr (found, ==, "0");
      return;
    }
  g_assert_true (g_file_get_contents (shop->db_path, &data, &size, NULL));
  g_assert_null (memmem (data, size, token, strlen (token)));
  {
    g_autofree char *wal_path = g_strconcat (shop->db_path, "-wal", NULL);
    g_autofree char *wal = NULL;
    gsize wal_size = 0;

    if (g_file_get_contents (wal_path, &wal, &wal_size, NULL))
      g_assert_null (memmem (wal, wal_size, token, strlen (token)));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  shop = bs_test_server_new (TRUE, 2);

  g_test_add_func ("/accounts/sign-up", test_sign_up);
  g_test_add_func ("/accounts/sign-up-rejects", test_sign_up_rejects);
  g_test_add_func ("/accounts/sign-in-and-whoami", test_sign_in_and_whoami);
  g_test_add_func ("/accounts/bad-credentials", test_bad_credentials);
  g_test_add_func ("/accounts/customer-routes-need-a-session", test_customer_routes_need_a_session);
  g_test_add_func ("/accounts/sign-out", test_sign_out);
  g_test_add_func ("/accounts/change-password", test_change_password);
  g_test_add_func ("/accounts/delete-account", test_delete_account);
  g_test_add_func ("/accounts/throttling", test_throttling);
  g_test_add_func ("/accounts/throttling-holds-under-a-burst", test_throttling_holds_under_a_burst);
  g_test_add_func ("/accounts/throttling-per-address", test_throttling_per_address);
  g_test_add_func ("/accounts/throttling-password-checks", test_throttling_password_checks);
  g_test_add_func ("/accounts/throttling-releases-overdue-checks", test_throttling_releases_overdue_checks);
  g_test_add_func ("/accounts/throttling-behind-a-proxy", test_throttling_behind_a_proxy);
  g_test_add_func ("/accounts/demo-accounts", test_demo_accounts);
  g_test_add_func ("/accounts/password-cost", test_password_cost);
  g_test_add_func ("/accounts/tokens-are-not-stored", test_tokens_are_not_stored);

  status = g_test_run ();
  bs_test_server_free (shop);
  return status;
}
