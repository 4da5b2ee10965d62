/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-demo.h"
#include "bs-test-util.h"

/* Friends by request and consent, recommendations from friends' purchases, and nobody's
 * secrets in the answers. */

static BsTestServer *shop;

typedef struct
{
  char *token;
  char *customer_id;
  char *display_name;
} Shopper;

static void
shopper_free (Shopper *shopper)
{
  g_free (shopper->token);
  g_free (shopper->customer_id);
  g_free (shopper->display_name);
  g_free (shopper);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shopper, shopper_free)

static Shopper *
new_shopper (BsTestServer *server,
             const char   *email,
             const char   *display_name)
{
  Shopper *shopper = g_new0 (Shopper, 1);
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"friendly one\","
                                           "\"displayName\":\"%s\"}", email, display_name);
  g_autoptr(BsTestResponse) created = bs_test_request (server, "POST", "/api/signup", body, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (created);

  g_assert_cmpuint (created->status, ==, 201);
  shopper->customer_id = g_strdup (json_object_get_string_member (json_node_get_object (root),
                                                                  "customerId"));
  shopper->token = bs_test_sign_in (server, email, "friendly one");
  shopper->display_name = g_strdup (display_name);
  return shopper;
}

static JsonObject *
friends_of (BsTestServer  *server,
            const Shopper *shopper)
{
  g_autoptr(BsTestResponse) response = bs_test_customer_request (server, shopper->token, "GET",
                                                                 "/api/friends", NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);

  g_assert_cmpuint (response->status, ==, 200);
  return json_object_ref (json_node_get_object (root));
}

/* "name1,name2" of one list of GET /api/friends */
static char *
names_in (JsonObject *friends,
          const char *list,
          const char *member)
{
  JsonArray *array = json_object_get_array_member (friends, list);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                              json_object_get_string_member (entry, member));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_lists (BsTestServer  *server,
              const Shopper *shopper,
              const char    *friends,
              const char    *incoming,
              const char    *outgoing)
{
  g_autoptr(JsonObject) all = friends_of (server, shopper);
  g_autofree char *friend_names = names_in (all, "friends", "displayName");
  g_autofree char *incoming_names = names_in (all, "incoming", "displayName");
  g_autofree char *outgoing_names = names_in (all, "outgoing", "username");

  g_assert_cmpstr (friend_names, ==, friends);
  g_assert_cmpstr (incoming_names, ==, incoming);
  g_assert_cmpstr (outgoing_names, ==, outgoing);
}

static char *
request_friend (BsTestServer  *server,
                const Shopper *from,
                const char    *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\"}", username);
  g_autoptr(BsTestResponse) response = bs_test_customer_request (server, from->token, "POST",
                                                                 "/api/friends", body);
  g_autoptr(JsonNode) root = bs_test_response_json (response);

  g_assert_cmpuint (response->status, ==, 202);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "requestId"));
}

static guint
friend_call (BsTestServer  *server,
             const Shopper *shopper,
             const char    *method,
             const char    *id)
{
  g_autofree char *path = g_strconcat ("/api/friends/", id, NULL);

  return bs_test_customer_status (server, shopper->token, method, path, NULL);
}

/* Request, accept, unfriend; decline; cancel; an unknown username looks the same. */
static void
test_friendship_by_consent (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autoptr(Shopper) ann = new_shopper (server, "ann@example.com", "Ann");
  g_autoptr(Shopper) ben = new_shopper (server, "ben@example.com", "Ben");
  g_autoptr(Shopper) cat = new_shopper (server, "cat@example.com", "Cat");
  g_autofree char *to_ben = request_friend (server, ann, "Ben@Example.com");
  g_autofree char *again = request_friend (server, ann, "ben@example.com");
  g_autofree char *to_nobody = request_friend (server, ann, "nobody@example.com");
  g_autofree char *cat_to_ben = NULL;
  g_autoptr(BsTestResponse) self_request = NULL;

  g_assert_cmpstr (to_ben, ==, again);
  g_assert_true (g_uuid_string_is_valid (to_nobody));
  assert_lists (server, ann, "", "", "ben@example.com,nobody@example.com");
  assert_lists (server, ben, "", "Ann", "");

  /* Accepting needs a request from that customer. */
  g_assert_cmpuint (friend_call (server, ann, "POST", ben->customer_id), ==, 404);
  g_assert_cmpuint (friend_call (server, ben, "POST", ann->customer_id), ==, 200);
  g_assert_cmpuint (friend_call (server, ben, "POST", ann->customer_id), ==, 404);
  assert_lists (server, ann, "Ben", "", "nobody@example.com");
  assert_lists (server, ben, "Ann", "", "");

  /* Declining. */
  cat_to_ben = request_friend (server, cat, "ben@example.com");
  assert_lists (server, ben, "Ann", "Cat", "");
  g_assert_cmpuint (friend_call (server, ben, "DELETE", cat->customer_id), ==, 200);
  assert_lists (server, ben, "Ann", "", "");
  assert_lists (server, cat, "", "", "");

  /* Cancelling by request id, and only one's own. */
  g_assert_cmpuint (friend_call (server, ben, "DELETE", to_nobody), ==, 404);
  g_assert_cmpuint (friend_call (server, ann, "DELETE", to_nobody), ==, 200);
  assert_lists (server, ann, "Ben", "", "");

  /* Unfriending ends it both ways. */
  g_assert_cmpuint (friend_call (server, ann, "DELETE", ben->customer_id), ==, 200);
  assert_lists (server, ann, "", "", "");
  assert_lists (server, ben, "", "", "");
  g_assert_cmpuint (friend_call (server, ann, "DELETE", ben->customer_id), ==, 404);
  g_assert_cmpuint (friend_call (server, ann, "DELETE", "no-such-id"), ==, 404);

  self_request = bs_test_customer_request (server, ann->token, "POST", "/api/friends",
                                           "{\"username\":\"ANN@example.com\"}");
  bs_test_assert_error (self_request, 400, "yourself");
}

/* Requests both ways, one accepted: the other must not outlive the friendship and let
 * either come back unasked after an unfriend. */
static void
test_no_request_outlives_a_friendship (void)
{
  g_autoptr(BsTestServer) server = bs_test_server_new (FALSE, 1);
  g_autoptr(Shopper) lea = new_shopper (server, "lea@example.com", "Lea");
  g_autoptr(Shopper) max = new_shopper (server, "max@example.com", "Max");
  g_autofree char *lea_to_max = request_friend (server, lea, "max@example.com");
  g_autofree char *max_to_lea = request_friend (server, max, "lea@example.com");

  g_assert_cmpuint (friend_call (server, max, "POST", lea->customer_id), ==, 200);
  assert_lists (server, lea, "Max", "", "");
  assert_lists (server, max, "Lea", "", "");

  g_assert_cmpuint (friend_call (server, max, "DELETE", lea->customer_id), ==, 200);
  assert_lists (server, lea, "", "", "");
  assert_lists (server, max, "", "", "");
  g_assert_cmpuint (friend_call (server, lea, "POST", max->customer_id), ==, 404);
  g_assert_cmpuint (friend_call (server, max, "POST", lea->customer_id), ==, 404);
}

static void
test_bad_friend_requests (void)
{
  g_autoptr(Shopper) dan = new_shopper (shop, "dan@example.com", "Dan");
  const struct {
    const char *body;
    const char *message;
  } cases[] = {
    { "", "empty" },
    { "{}", "username is required" },
    { "{\"username\":7}", "username must be a string" },
    { "{\"username\":\"   \"}", "username must be 1 to 254" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_customer_request (shop, dan->token, "POST",
                                                                     "/api/friends", cases[i].body);

      bs_test_assert_error (response, 400, cases[i].message);
    }
  assert_lists (shop, dan, "Harry D.,John D.", "", "");
}

/* In the demo, john.d and harry.d befriend every new account, never the guest. */
static void
test_demo_friends (void)
{
  g_autoptr(Shopper) eve = new_shopper (shop, "eve@example.com", "Eve");
  g_autofree char *guest_token = bs_test_sign_in (shop, "guest@macrometa.io", "Abcd1234");
  g_autofree char *john_token = bs_test_sign_in (shop, "john.d@macrometa.io", BS_DEMO_PASSWORD);
  Shopper guest = { guest_token, NULL, NULL };
  Shopper john = { john_token, NULL, NULL };
  g_autoptr(JsonObject) johns = NULL;
  g_autofree char *john_friends = NULL;

  assert_lists (shop, eve, "Harry D.,John D.", "", "");
  assert_lists (shop, &guest, "", "", "");
  johns = friends_of (shop, &john);
  john_friends = names_in (johns, "friends", "displayName");
  g_assert_nonnull (strstr (john_friends, "Harry D."));
  g_assert_nonnull (strstr (john_friends, "Eve"));
  g_assert_null (strstr (john_friends, "Guest"));
}

static char *
recommended (BsTestServer  *server,
             const Shopper *shopper,
             const char    *query)
{
  g_autofree char *path = g_strconcat ("/api/recommendations", query, NULL);
  g_autoptr(BsTestResponse) response = bs_test_customer_request (server, shopper->token, "GET",
                                                                 path, NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (response);
  JsonArray *books = json_node_get_array (root);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpuint (response->status, ==, 200);
  for (guint i = 0; i < json_array_get_length (books); i++)
    {
      JsonObject *book = json_array_get_object_element (books, i);

      g_string_append_printf (text, "%s%s×%" G_GINT64_FORMAT, i > 0 ? " " : "",
                              json_object_get_string_member (book, "bookId"),
                              json_object_get_int_member (book, "friendsPurchased"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
buy (BsTestServer  *server,
     const Shopper *shopper,
     const char    *book_id)
{
  g_autofree char *body = g_strdup_printf ("{\"bookId\":\"%s\"}", book_id);

  g_assert_cmpuint (bs_test_customer_status (server, shopper->token, "POST", "/api/cart", body), ==, 200);
  g_assert_cmpuint (bs_test_customer_status (server, shopper->token, "POST", "/api/orders", NULL), ==, 201);
}

/* Friends' purchases, minus the caller's own; more friends first, then rating, then id. */
static void
test_recommendations (void)
{
  g_autoptr(Shopper) fay = new_shopper (shop, "fay@example.com", "Fay");
  g_autofree char *first = recommended (shop, fay, "");
  g_autofree char *after_buying = NULL;
  g_autofree char *limited = NULL;
  g_autofree char *harry_token = bs_test_sign_in (shop, "harry.d@macrometa.io", BS_DEMO_PASSWORD);
  g_autofree char *john_token = bs_test_sign_in (shop, "john.d@macrometa.io", BS_DEMO_PASSWORD);
  Shopper harry = { harry_token, NULL, NULL };
  Shopper john = { john_token, NULL, NULL };
  g_autofree char *shared = NULL;

  /* One friend each, so by rating (b3 and b17 4.8, b2 4.6, b1, b9 and b13 4.5, b5 4.4),
   * then by id in natural order. */
  g_assert_cmpstr (first, ==, "b3×1 b17×1 b2×1 b1×1 b9×1 b13×1 b5×1");

  buy (shop, fay, "b3");
  after_buying = recommended (shop, fay, "");
  g_assert_cmpstr (after_buying, ==, "b17×1 b2×1 b1×1 b9×1 b13×1 b5×1");

  /* Two friends who bought one book put it first. */
  buy (shop, &harry, "b60");
  buy (shop, &john, "b60");
  shared = recommended (shop, fay, "");
  g_assert_true (g_str_has_prefix (shared, "b60×2 "));

  limited = recommended (shop, fay, "?limit=2");
  g_assert_cmpstr (limited, ==, "b60×2 b17×1");
  {
    g_autofree char *second_page = recommended (shop, fay, "?offset=2&limit=2");
    g_assert_cmpstr (second_page, ==, "b2×1 b1×1");
  }
  {
    g_autoptr(BsTestResponse) bad = bs_test_customer_request (shop, fay->token, "GET",
                                                              "/api/recommendations?limit=0", NULL);
    bs_test_assert_error (bad, 400, "limit must be");
  }
}

/* Who among my friends bought a book: ids and display names, nothing more. */
static void
test_friends_who_bought (void)
{
  g_autoptr(Shopper) gus = new_shopper (shop, "gus@example.com", "Gus");
  g_autoptr(BsTestResponse) b2 = bs_test_customer_request (shop, gus->token, "GET",
                                                           "/api/recommendations/b2", NULL);
  g_autoptr(BsTestResponse) b84 = bs_test_customer_request (shop, gus->token, "GET",
                                                            "/api/recommendations/b84", NULL);
  g_autoptr(BsTestResponse) unknown = bs_test_customer_request (shop, gus->token, "GET",
                                                                "/api/recommendations/nope", NULL);
  g_autoptr(JsonNode) root = bs_test_response_json (b2);
  JsonArray *people = json_node_get_array (root);
  JsonObject *john;

  g_assert_cmpuint (b2->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (people), ==, 1);
  john = json_array_get_object_element (people, 0);
  g_assert_cmpuint (json_object_get_size (john), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (john, "displayName"), ==, "John D.");
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (john, "customerId")));
  g_assert_cmpstr (bs_test_response_text (b84), ==, "[]");
  bs_test_assert_error (unknown, 404, "No book with id nope");
}

/* No answer of the social routes shows an email (but those one typed oneself), a
 * password hash or a token. */
static void
test_no_secrets (void)
{
  g_autoptr(Shopper) hal = new_shopper (shop, "hal@example.com", "Hal");
  g_autofree char *john_token = bs_test_sign_in (shop, "john.d@macrometa.io", BS_DEMO_PASSWORD);
  g_autofree char *harry_token = bs_test_sign_in (shop, "harry.d@macrometa.io", BS_DEMO_PASSWORD);
  const char *paths[] = { "/api/friends", "/api/recommendations", "/api/recommendations/b1",
                          "/api/recommendations/b2" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(BsTestResponse) response = bs_test_customer_request (shop, hal->token, "GET",
                                                                     paths[i], NULL);
      const char *text = bs_test_response_text (response);

      g_assert_cmpuint (response->status, ==, 200);
      g_assert_null (strchr (text, '@'));
      g_assert_null (strstr (text, "argon2"));
      g_assert_null (strstr (text, john_token));
      g_assert_null (strstr (text, harry_token));
      g_assert_null (strstr (text, "macrometa"));
    }
}

/* The seed's rule, on request: every new account befriends every other. */
static void
test_friend_everyone (void)
{
  g_autofree char *dir = bs_test_make_temp_dir ();
  g_autofree char *db_path = bs_test_database_location (dir);
  g_autoptr(GError) error = NULL;
  BsTestServer server = { .dir = dir, .db_path = db_path };
  g_autoptr(Shopper) ivy = NULL;
  g_autoptr(Shopper) jon = NULL;
  g_autoptr(Shopper) kim = NULL;

  server.server = bs_server_new (&(BsServerConfig) { .db_path = db_path, .n_threads = 1,
                                                     .friend_everyone = TRUE });
  bs_server_open (server.server, &error);
  g_assert_no_error (error);
  bs_server_start (server.server, &error);
  g_assert_no_error (error);
  server.session = soup_session_new ();

  ivy = new_shopper (&server, "ivy@example.com", "Ivy");
  jon = new_shopper (&server, "jon@example.com", "Jon");
  kim = new_shopper (&server, "kim@example.com", "Kim");
  assert_lists (&server, ivy, "Jon,Kim", "", "");
  assert_lists (&server, kim, "Ivy,Jon", "", "");

  g_clear_object (&server.session);
  g_clear_object (&server.server);
  bs_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  shop = bs_test_server_new (TRUE, 2);

  g_test_add_func ("/social/friendship-by-consent", test_friendship_by_consent);
  g_test_add_func ("/social/no-request-outlives-a-friendship",
                   test_no_request_outlives_a_friendship);
  g_test_add_func ("/social/bad-friend-requests", test_bad_friend_requests);
  g_test_add_func ("/social/demo-friends", test_demo_friends);
  g_test_add_func ("/social/recommendations", test_recommendations);
  g_test_add_func ("/social/friends-who-bought", test_friends_who_bought);
  g_test_add_func ("/social/no-secrets", test_no_secrets);
  g_test_add_func ("/social/friend-everyone", test_friend_everyone);

  status = g_test_run ();
  bs_test_server_free (shop);
  return status;
}
