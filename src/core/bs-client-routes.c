/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-client"

#include "config.h"

#include "bs-client-private.h"
#include "bs-json-writer.h"

/* The API's routes, one table row each; a call is the route and its arguments. */

#define CATALOG_PAGE_MAX 1000

static const BsRoute get_health_route = { "GET", "/api/health", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_health, (GDestroyNotify) bs_server_health_free };
static const BsRoute list_books_route = { "GET", "/api/books", BS_CALL_PAGE,
  (BsJsonParseFunc) bs_json_to_books, (GDestroyNotify) bs_book_page_free };
static const BsRoute get_book_route = { "GET", "/api/books/", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_book, g_object_unref };
static const BsRoute search_route = { "GET", "/api/search", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_books, (GDestroyNotify) g_ptr_array_unref };
static const BsRoute list_bestsellers_route = { "GET", "/api/bestsellers", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_bestsellers, (GDestroyNotify) g_ptr_array_unref };
static const BsRoute sign_up_route = { "POST", "/api/signup", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_customer_id, g_free };
static const BsRoute sign_in_route = { "POST", "/api/signin", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_session, (GDestroyNotify) bs_account_free };
static const BsRoute sign_out_route = { "POST", "/api/signout", BS_CALL_JSON };
static const BsRoute whoami_route = { "GET", "/api/whoami", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_account, (GDestroyNotify) bs_account_free };
static const BsRoute list_cart_route = { "GET", "/api/cart", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_cart, (GDestroyNotify) g_ptr_array_unref };
static const BsRoute add_to_cart_route = { "POST", "/api/cart", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_cart_change, (GDestroyNotify) bs_cart_change_free };
static const BsRoute set_cart_quantity_route = { "PUT", "/api/cart", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_cart_change, (GDestroyNotify) bs_cart_change_free };
static const BsRoute remove_from_cart_route = { "DELETE", "/api/cart/", BS_CALL_JSON };
static const BsRoute list_orders_route = { "GET", "/api/orders", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_orders, (GDestroyNotify) g_ptr_array_unref };
static const BsRoute checkout_route = { "POST", "/api/orders", BS_CALL_CHECKOUT,
  (BsJsonParseFunc) bs_json_to_order, g_object_unref };
static const BsRoute list_friends_route = { "GET", "/api/friends", BS_CALL_OPTIONAL,
  (BsJsonParseFunc) bs_json_to_friend_lists, (GDestroyNotify) bs_friend_lists_free,
  "{\"friends\":[],\"incoming\":[],\"outgoing\":[]}" };
static const BsRoute request_friend_route = { "POST", "/api/friends", BS_CALL_JSON,
  (BsJsonParseFunc) bs_json_to_request_id, g_free };
static const BsRoute accept_friend_route = { "POST", "/api/friends/", BS_CALL_JSON };
static const BsRoute remove_friend_route = { "DELETE", "/api/friends/", BS_CALL_JSON };
static const BsRoute list_recommendations_route = { "GET", "/api/recommendations",
  BS_CALL_OPTIONAL, (BsJsonParseFunc) bs_json_to_recommendations,
  (GDestroyNotify) g_ptr_array_unref, "[]" };
static const BsRoute list_friends_who_bought_route = { "GET", "/api/recommendations/",
  BS_CALL_JSON, (BsJsonParseFunc) bs_json_to_people, (GDestroyNotify) g_ptr_array_unref };
static const BsRoute get_cover_route = { "GET", "/api/getImage?bookId=", BS_CALL_RAW };

/* The _async of a route that takes no argument, or only an id for its path. */
#define ROUTE_CALL(name) \
  void \
  bs_client_##name##_async (BsClient *self, GCancellable *cancellable, \
                            GAsyncReadyCallback callback, gpointer user_data) \
  { \
    bs_client_call (self, &name##_route, NULL, cancellable, callback, user_data); \
  }
#define ROUTE_CALL_WITH_ID(name) \
  void \
  bs_client_##name##_async (BsClient *self, const char *id, GCancellable *cancellable, \
                            GAsyncReadyCallback callback, gpointer user_data) \
  { \
    BsCallArgs args = { .id = id }; \
    \
    bs_client_call (self, &name##_route, &args, cancellable, callback, user_data); \
  }

/* The _finish of a route whose result is the parsed answer, or only that it went well. */
#define ROUTE_FINISH(Type, name) \
  Type \
  bs_client_##name##_finish (BsClient *self, GAsyncResult *result, GError **error) \
  { \
    return bs_client_call_finish (self, result, &name##_route, error); \
  }
#define ROUTE_FINISH_DONE(name) \
  gboolean \
  bs_client_##name##_finish (BsClient *self, GAsyncResult *result, GError **error) \
  { \
    return bs_client_call_finish_done (self, result, &name##_route, error); \
  }

/* {"key":"text",…} from NULL-terminated pairs; a NULL text leaves its key out. */
static GBytes *
strings_body (const char *first_key,
              ...)
{
  BsJsonWriter *writer = bs_json_writer_new ();
  va_list pairs;

  bs_json_writer_begin_object (writer);
  va_start (pairs, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (pairs, const char *))
    {
      const char *text = va_arg (pairs, const char *);

      if (text == NULL)
        continue;
      bs_json_writer_member_string (writer, key, text);
    }
  va_end (pairs);
  bs_json_writer_end_object (writer);
  return bs_json_writer_free_to_bytes (writer);
}

static GBytes *
cart_body (const char *book_id,
           int         quantity)
{
  BsJsonWriter *writer = bs_json_writer_new ();

  bs_json_writer_begin_object (writer);
  bs_json_writer_member_string (writer, "bookId", book_id);
  bs_json_writer_member_int (writer, "quantity", quantity);
  bs_json_writer_end_object (writer);
  return bs_json_writer_free_to_bytes (writer);
}

ROUTE_CALL (get_health)

ROUTE_FINISH (BsServerHealth *, get_health)

/* The whole catalog; with @if_none_match, a page that says "not modified" if it is. */
void
bs_client_list_books_async (BsClient *self, const char *if_none_match, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  BsCallArgs args = { .if_none_match = if_none_match };

  bs_client_call (self, &list_books_route, &args, cancellable, callback, user_data);
}

ROUTE_FINISH (BsBookPage *, list_books)

ROUTE_CALL_WITH_ID (get_book)

ROUTE_FINISH (BsBook *, get_book)

void
bs_client_search_async (BsClient *self, const char *text, guint offset, guint limit,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autofree char *q = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("?q=%s&offset=%u&limit=%u", q, offset,
                                            CLAMP (limit, 1, CATALOG_PAGE_MAX));
  BsCallArgs args = { .query = query };

  bs_client_call (self, &search_route, &args, cancellable, callback, user_data);
}

ROUTE_FINISH (GPtrArray *, search)

ROUTE_CALL (list_bestsellers)

ROUTE_FINISH (GPtrArray *, list_bestsellers)

void
bs_client_sign_up_async (BsClient *self, const char *username, const char *password,
                         const char *display_name, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GBytes) body = strings_body ("username", username, "password", password,
                                         "displayName", display_name, NULL);
  BsCallArgs args = { .body = body };

  bs_client_call (self, &sign_up_route, &args, cancellable, callback, user_data);
}

/* Returns the new customer's id. */
ROUTE_FINISH (char *, sign_up)

void
bs_client_sign_in_async (BsClient *self, const char *username, const char *password,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GBytes) body = strings_body ("username", username, "password", password, NULL);
  BsCallArgs args = { .body = body };

  bs_client_call (self, &sign_in_route, &args, cancellable, callback, user_data);
}

/* Returns the account with its token, which the client now uses. */
BsAccount *
bs_client_sign_in_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  BsAccount *account = bs_client_call_finish (self, result, &sign_in_route, error);

  if (account != NULL)
    bs_client_set_token (self, account->token);
  return account;
}

void
bs_client_sign_out_async (BsClient *self, gboolean everywhere, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  BsCallArgs args = { .query = everywhere ? "?all=1" : NULL };

  bs_client_call (self, &sign_out_route, &args, cancellable, callback, user_data);
  /* The request carries the token already; the client forgets it now, whatever the
   * answer, so a sign-in meanwhile keeps its new one. */
  bs_client_set_token (self, NULL);
}

ROUTE_FINISH_DONE (sign_out)

ROUTE_CALL (whoami)

ROUTE_FINISH (BsAccount *, whoami)

ROUTE_CALL (list_cart)

ROUTE_FINISH (GPtrArray *, list_cart)

static BsCartItem *
cart_change_finish (BsClient      *self,
                    GAsyncResult  *result,
                    const BsRoute *route,
                    GError       **error)
{
  g_autoptr(BsCartChange) change = bs_client_call_finish (self, result, route, error);

  return change != NULL ? g_steal_pointer (&change->item) : NULL;
}

void
bs_client_add_to_cart_async (BsClient *self, const char *book_id, int quantity,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GBytes) body = cart_body (book_id, quantity);
  BsCallArgs args = { .body = body };

  bs_client_call (self, &add_to_cart_route, &args, cancellable, callback, user_data);
}

/* Returns the line as the server now has it. */
BsCartItem *
bs_client_add_to_cart_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return cart_change_finish (self, result, &add_to_cart_route, error);
}

void
bs_client_set_cart_quantity_async (BsClient *self, const char *book_id, int quantity,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(GBytes) body = cart_body (book_id, quantity);
  BsCallArgs args = { .body = body };

  bs_client_call (self, &set_cart_quantity_route, &args, cancellable, callback, user_data);
}

/* Returns the line, or %NULL without an error when quantity 0 removed it. */
BsCartItem *
bs_client_set_cart_quantity_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return cart_change_finish (self, result, &set_cart_quantity_route, error);
}

ROUTE_CALL_WITH_ID (remove_from_cart)

ROUTE_FINISH_DONE (remove_from_cart)

ROUTE_CALL (list_orders)

ROUTE_FINISH (GPtrArray *, list_orders)

/* Orders the cart. A retry after no answer (or a server failure) sends the same
 * Idempotency-Key, so the server places the order at most once. */
ROUTE_CALL (checkout)

ROUTE_FINISH (BsOrder *, checkout)

ROUTE_CALL (list_friends)

ROUTE_FINISH (BsFriendLists *, list_friends)

void
bs_client_request_friend_async (BsClient *self, const char *username, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GBytes) body = strings_body ("username", username, NULL);
  BsCallArgs args = { .body = body };

  bs_client_call (self, &request_friend_route, &args, cancellable, callback, user_data);
}

/* Returns the request's id. */
ROUTE_FINISH (char *, request_friend)

ROUTE_CALL_WITH_ID (accept_friend)

ROUTE_FINISH_DONE (accept_friend)

ROUTE_CALL_WITH_ID (remove_friend)

ROUTE_FINISH_DONE (remove_friend)

void
bs_client_list_recommendations_async (BsClient *self, guint limit, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *query = g_strdup_printf ("?limit=%u", CLAMP (limit, 1, CATALOG_PAGE_MAX));
  BsCallArgs args = { .query = query };

  bs_client_call (self, &list_recommendations_route, &args, cancellable, callback, user_data);
}

ROUTE_FINISH (GPtrArray *, list_recommendations)

ROUTE_CALL_WITH_ID (list_friends_who_bought)

ROUTE_FINISH (GPtrArray *, list_friends_who_bought)

/* With @if_none_match, a cover without bytes says the caller's copy is current. */
void
bs_client_get_cover_async (BsClient *self, const char *book_id, const char *if_none_match,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  BsCallArgs args = { .id = book_id, .if_none_match = if_none_match };

  bs_client_call (self, &get_cover_route, &args, cancellable, callback, user_data);
}

ROUTE_FINISH (BsCoverAnswer *, get_cover)
