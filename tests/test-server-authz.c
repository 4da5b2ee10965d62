/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-test-util.h"

/* The authorization matrix: customer B, signed in, tries every customer route on
 * customer A's cart, orders, friends and account, by every id and token trick at hand.
 * B never sees nor changes anything of A's; no response anywhere holds a password hash,
 * a token other than the caller's, or another customer's email. */

typedef struct
{
  const char *method;
  const char *path;     /* {AID}: A's customer id, {AORDER}, {AKEY}, {DID}, {EID}, {AREQ} */
  const char *body;     /* (nullable) */
  const char *header;   /* (nullable): "Name: value", sent besides B's token */
  guint status;         /* 0: whatever B's own data gives */
} Attempt;

static const Attempt attempts[] = {
  { "GET", "/api/cart", NULL, NULL, 200 },
  { "GET", "/api/cart/b1", NULL, NULL, 200 },
  { "GET", "/api/cart?customerId={AID}", NULL, NULL, 200 },
  { "GET", "/api/cart/{AID}:b1", NULL, NULL, 400 },
  { "PUT", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":5}", NULL, 200 },
  { "PUT", "/api/cart", "{\"bookId\":\"b1\",\"quantity\":6,\"customerId\":\"{AID}\"}", NULL, 200 },
  { "DELETE", "/api/cart/b1", NULL, NULL, 200 },
  { "DELETE", "/api/cart/b1", NULL, NULL, 404 },
  { "DELETE", "/api/cart", "{\"bookId\":\"b4\",\"customerId\":\"{AID}\"}", NULL, 404 },
  { "POST", "/api/cart", "{\"bookId\":\"b2\",\"customerId\":\"{AID}\"}", NULL, 200 },
  { "POST", "/api/cart?customerId={AID}", "{\"bookId\":\"b3\"}", NULL, 200 },
  { "GET", "/api/orders", NULL, NULL, 200 },
  { "GET", "/api/orders?customerId={AID}", NULL, NULL, 200 },
  { "GET", "/api/orders/{AORDER}", NULL, NULL, 404 },
  /* A's own idempotency key: B gets an order of B's cart, never A's order. */
  { "POST", "/api/orders", NULL, "Idempotency-Key: {AKEY}", 201 },
  { "POST", "/api/orders", NULL, "Idempotency-Key: {AKEY}", 200 },
  { "GET", "/api/friends", NULL, NULL, 200 },
  { "GET", "/api/friends?customerId={AID}", NULL, NULL, 200 },
  { "POST", "/api/friends/{DID}", NULL, NULL, 404 },
  { "DELETE", "/api/friends/{DID}", NULL, NULL, 404 },
  { "DELETE", "/api/friends/{AREQ}", NULL, NULL, 404 },
  { "DELETE", "/api/friends/{EID}", NULL, NULL, 404 },
  { "POST", "/api/friends/{AID}", NULL, NULL, 404 },
  { "DELETE", "/api/friends/{AID}", NULL, NULL, 404 },
  { "GET", "/api/recommendations", NULL, NULL, 200 },
  { "GET", "/api/recommendations?customerId={AID}", NULL, NULL, 200 },
  { "GET", "/api/recommendations/b1", NULL, NULL, 200 },
  { "GET", "/api/whoami", NULL, NULL, 200 },
  { "GET", "/api/whoami?customerId={AID}", NULL, NULL, 200 },
  { "PUT", "/api/account/password", "{\"oldPassword\":\"password of a\",\"newPassword\":\"taken over 1\"}", NULL, 403 },
  { "PUT", "/api/account/password", "{\"oldPassword\":\"password of a\",\"newPassword\":\"taken over 1\",\"customerId\":\"{AID}\"}", NULL, 403 },
  { "DELETE", "/api/account", "{\"password\":\"password of a\"}", NULL, 403 },
  { "DELETE", "/api/account", "{\"password\":\"password of a\",\"customerId\":\"{AID}\"}", NULL, 403 },
};

/* Tokens that are not A's token, each tried on every customer route. */
static const char *tricks[] = {
  "{AID}",               /* A's customer id */
  "Bearer {AID}",
  "{ATOKEN}x",
  "{ATOKENHEAD}",        /* all but A's token's last character */
  "{ATOKENUPPER}",
  " {BTOKEN} {ATOKEN}",
  "{BTOKEN}, {ATOKEN}",
};

static const char *customer_routes[][2] = {
  { "GET", "/api/cart" }, { "POST", "/api/cart" }, { "PUT", "/api/cart" },
  { "DELETE", "/api/cart" }, { "GET", "/api/cart/b1" }, { "DELETE", "/api/cart/b1" },
  { "GET", "/api/orders" }, { "POST", "/api/orders" }, { "GET", "/api/friends" },
  { "POST", "/api/friends" }, { "POST", "/api/friends/x" }, { "DELETE", "/api/friends/x" },
  { "GET", "/api/recommendations" }, { "GET", "/api/recommendations/b1" },
  { "GET", "/api/whoami" }, { "PUT", "/api/account/password" }, { "DELETE", "/api/account" },
  { "POST", "/api/signout" },
};

typedef struct
{
  BsTestServer *server;
  char *a_token;
  char *b_token;
  char *a_id;
  char *b_id;
  char *d_id;
  char *e_id;
  char *a_request;
  char *a_order;
  GPtrArray *secrets;   /* what B must never see: A's token, id, email, order */
  guint responses;
} Shop;

static char *
expand (Shop       *shop,
        const char *text)
{
  g_autofree char *head = g_strndup (shop->a_token, strlen (shop->a_token) - 1);
  g_autofree char *upper = g_ascii_strup (shop->a_token, -1);

  return bs_test_expand (text, "{ATOKENHEAD}", head, "{ATOKENUPPER}", upper,
                         "{ATOKEN}", shop->a_token, "{BTOKEN}", shop->b_token, "{AID}", shop->a_id,
                         "{AORDER}", shop->a_order, "{AKEY}", "a-key-1", "{DID}", shop->d_id,
                         "{EID}", shop->e_id, "{AREQ}", shop->a_request, NULL);
}

/* Every response of the test passes here: none may hold a password hash, and none
 * given to anyone but A may hold what is A's, unless the request itself held it (an
 * error that repeats the path it was asked for tells nothing new). */
static void
check_leaks (Shop           *shop,
             BsTestResponse *response,
             gboolean        to_a,
             const char     *sent)
{
  const char *text = bs_test_response_text (response);

  shop->responses++;
  g_assert_null (strstr (text, "$argon2"));
  g_assert_null (strstr (text, "password_hash"));
  g_assert_null (strstr (text, "passwordHash"));
  if (!to_a)
    for (guint i = 0; i < shop->secrets->len; i++)
      if (strstr (text, g_ptr_array_index (shop->secrets, i)) != NULL &&
          (sent == NULL || strstr (sent, g_ptr_array_index (shop->secrets, i)) == NULL))
        g_error ("A's “%s” leaked: %s", (const char *) g_ptr_array_index (shop->secrets, i), text);
  if (to_a)
    g_assert_null (strstr (text, shop->b_token));
}

static BsTestResponse *
as_a (Shop       *shop,
      const char *method,
      const char *path,
      const char *body)
{
  BsTestResponse *response = bs_test_customer_request (shop->server, shop->a_token, method, path,
                                                       body);

  check_leaks (shop, response, TRUE, NULL);
  return response;
}

static char *
member_of (BsTestResponse *response,
           const char     *member)
{
  g_autoptr(JsonNode) root = bs_test_response_json (response);

  return g_strdup (json_object_get_string_member (json_node_get_object (root), member));
}

/* All A sees of A's own: cart, orders, friends, recommendations, account. */
static char *
view_of_a (Shop *shop)
{
  const char *paths[] = { "/api/cart", "/api/orders", "/api/friends", "/api/recommendations",
                          "/api/whoami" };
  GString *view = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(BsTestResponse) response = as_a (shop, "GET", paths[i], NULL);

      g_assert_cmpuint (response->status, ==, 200);
      g_string_append_printf (view, "%s\n", bs_test_response_text (response));
    }
  return g_string_free (view, FALSE);
}

static char *
customer_id_of (Shop       *shop,
                const char *token)
{
  g_autoptr(BsTestResponse) whoami = bs_test_customer_request (shop->server, token, "GET",
                                                               "/api/whoami", NULL);

  return member_of (whoami, "customerId");
}

static void
shop_set_up (Shop *shop)
{
  g_autofree char *c_token = NULL;
  g_autofree char *d_token = NULL;
  g_autofree char *e_token = NULL;
  g_autofree char *e_path = NULL;
  g_autoptr(BsTestResponse) order = NULL;
  g_autoptr(BsTestResponse) friends = NULL;
  g_autoptr(JsonNode) root = NULL;

  shop->server = bs_test_server_new (TRUE, 2);
  shop->a_token = bs_test_sign_up (shop->server, "a@example.com", "password of a");
  shop->b_token = bs_test_sign_up (shop->server, "b@example.com", "password of b");
  c_token = bs_test_sign_up (shop->server, "c@example.com", "password of c");
  d_token = bs_test_sign_up (shop->server, "d@example.com", "password of d");
  e_token = bs_test_sign_up (shop->server, "e@example.com", "password of e");
  shop->a_id = customer_id_of (shop, shop->a_token);
  shop->b_id = customer_id_of (shop, shop->b_token);
  shop->d_id = customer_id_of (shop, d_token);
  shop->e_id = customer_id_of (shop, e_token);

  /* A: an order, a line in the cart, a friend (E), a request from D, one to C. */
  g_assert_cmpuint (bs_test_customer_status (shop->server, shop->a_token, "POST", "/api/cart",
                                             "{\"bookId\":\"b1\",\"quantity\":2}"), ==, 200);
  order = bs_test_request (shop->server, "POST", "/api/orders", NULL, "X-Customer-Id",
                           shop->a_token, "Idempotency-Key", "a-key-1", NULL);
  g_assert_cmpuint (order->status, ==, 201);
  shop->a_order = member_of (order, "orderId");
  g_assert_cmpuint (bs_test_customer_status (shop->server, shop->a_token, "POST", "/api/cart",
                                             "{\"bookId\":\"b4\",\"quantity\":1}"), ==, 200);
  g_assert_cmpuint (bs_test_customer_status (shop->server, d_token, "POST", "/api/friends",
                                             "{\"username\":\"a@example.com\"}"), ==, 202);
  g_assert_cmpuint (bs_test_customer_status (shop->server, e_token, "POST", "/api/friends",
                                             "{\"username\":\"a@example.com\"}"), ==, 202);
  e_path = g_strconcat ("/api/friends/", shop->e_id, NULL);
  g_assert_cmpuint (bs_test_customer_status (shop->server, shop->a_token, "POST", e_path, NULL),
                    ==, 200);
  g_assert_cmpuint (bs_test_customer_status (shop->server, shop->a_token, "POST", "/api/friends",
                                             "{\"username\":\"c@example.com\"}"), ==, 202);
  friends = as_a (shop, "GET", "/api/friends", NULL);
  root = bs_test_response_json (friends);
  shop->a_request = g_strdup (json_object_get_string_member (
    bs_test_object_member_at (json_object_get_array_member (json_node_get_object (root), "outgoing"),
                              0, NULL),
    "requestId"));

  shop->secrets = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (shop->secrets, g_strdup (shop->a_token));
  g_ptr_array_add (shop->secrets, g_strdup (shop->a_id));
  g_ptr_array_add (shop->secrets, g_strdup ("a@example.com"));
  g_ptr_array_add (shop->secrets, g_strdup (shop->a_order));
  g_ptr_array_add (shop->secrets, g_strdup (shop->a_request));
}

static void
shop_tear_down (Shop *shop)
{
  g_free (shop->a_token);
  g_free (shop->b_token);
  g_free (shop->a_id);
  g_free (shop->b_id);
  g_free (shop->d_id);
  g_free (shop->e_id);
  g_free (shop->a_request);
  g_free (shop->a_order);
  g_ptr_array_unref (shop->secrets);
  bs_test_server_free (shop->server);
}

static void
test_customer_b_cannot_reach_a (void)
{
  Shop shop = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint tried = 0;

  shop_set_up (&shop);
  before = view_of_a (&shop);

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      const Attempt *attempt = &attempts[i];
      g_autofree char *path = expand (&shop, attempt->path);
      g_autofree char *body = attempt->body != NULL ? expand (&shop, attempt->body) : NULL;
      g_autofree char *header = attempt->header != NULL ? expand (&shop, attempt->header) : NULL;
      g_auto(GStrv) name_value = header != NULL ? g_strsplit (header, ": ", 2) : NULL;
      g_autoptr(BsTestResponse) response =
        bs_test_request (shop.server, attempt->method, path, body, "X-Customer-Id", shop.b_token,
                         name_value != NULL ? name_value[0] : NULL,
                         name_value != NULL ? name_value[1] : NULL, NULL);
      g_autofree char *now = NULL;

      g_autofree char *sent = g_strjoin ("\n", path, body != NULL ? body : "",
                                          header != NULL ? header : "", NULL);

      g_test_message ("B: %s %s", attempt->method, path);
      check_leaks (&shop, response, FALSE, sent);
      g_assert_cmpuint (response->status, ==, attempt->status);
      /* A's id in a read's query changes nothing: B gets what B gets without it. */
      if (g_str_equal (attempt->method, "GET") && strstr (path, "?customerId=") != NULL)
        {
          g_autofree char *plain = g_strndup (path, (gsize) (strchr (path, '?') - path));
          g_autoptr(BsTestResponse) own =
            bs_test_request (shop.server, attempt->method, plain, body, "X-Customer-Id", shop.b_token,
                             NULL);

          g_assert_cmpstr (bs_test_response_text (response), ==, bs_test_response_text (own));
        }
      now = view_of_a (&shop);
      g_assert_cmpstr (now, ==, before);
      tried++;
    }

  /* Tokens made from A's: refused on every customer route. */
  for (guint t = 0; t < G_N_ELEMENTS (tricks); t++)
    for (guint r = 0; r < G_N_ELEMENTS (customer_routes); r++)
      {
        g_autofree char *token = expand (&shop, tricks[t]);
        g_autoptr(BsTestResponse) response = NULL;

        if (g_str_has_prefix (token, "Bearer "))
          response = bs_test_request (shop.server, customer_routes[r][0], customer_routes[r][1],
                                      "{}", "Authorization", token, NULL);
        else
          response = bs_test_request (shop.server, customer_routes[r][0], customer_routes[r][1],
                                      "{}", "X-Customer-Id", token, NULL);
        check_leaks (&shop, response, FALSE, NULL);
        if (response->status != 401)
          g_error ("%s %s with token “%s”: %u", customer_routes[r][0], customer_routes[r][1],
                   tricks[t], response->status);
        tried++;
      }

  /* B signing out ends B's session only. */
  g_assert_cmpuint (bs_test_customer_status (shop.server, shop.b_token, "POST", "/api/signout",
                                             NULL), ==, 200);
  after = view_of_a (&shop);
  g_assert_cmpstr (after, ==, before);
  g_free (bs_test_sign_in (shop.server, "a@example.com", "password of a"));

  g_test_message ("%u attempts by B on A's data, %u responses checked for leaks", tried,
                  shop.responses);
  shop_tear_down (&shop);
}

/* The public routes and the sign-in answer hold no one's secrets either. */
static void
test_public_routes_leak_nothing (void)
{
  const char *paths[] = { "/api/books", "/api/books/b1", "/api/categories", "/api/bestsellers",
                          "/api/health", "/api/search?q=the", "/api/recommendations/b1" };
  Shop shop = { 0 };

  shop_set_up (&shop);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_request (shop.server, "GET", paths[i], NULL,
                                                            NULL);

      check_leaks (&shop, response, FALSE, NULL);
    }
  {
    g_autoptr(BsTestResponse) signin =
      bs_test_request (shop.server, "POST", "/api/signin",
                       "{\"username\":\"b@example.com\",\"password\":\"password of b\"}", NULL);
    g_autoptr(BsTestResponse) signup =
      bs_test_request (shop.server, "POST", "/api/signup",
                       "{\"username\":\"f@example.com\",\"password\":\"password of f\"}", NULL);

    g_assert_cmpuint (signin->status, ==, 200);
    check_leaks (&shop, signin, FALSE, NULL);
    check_leaks (&shop, signup, FALSE, NULL);
  }
  shop_tear_down (&shop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/authz/customer-b-cannot-reach-a", test_customer_b_cannot_reach_a);
  g_test_add_func ("/authz/public-routes-leak-nothing", test_public_routes_leak_nothing);

  return g_test_run ();
}
