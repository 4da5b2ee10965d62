/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes"

#include "config.h"

#include <string.h>

#include "bs-auth.h"
#include "bs-http.h"
#include "bs-routes.h"

/* A pattern is a path, optionally ending in "/{}": one segment that the handler gets as
 * request->path_arg. libsoup has already percent-decoded the path. */
typedef enum
{
  PUBLIC,
  CUSTOMER,   /* 401 without a live session; the handler gets request->customer_id */
} Access;

typedef struct
{
  const char *method;
  const char *pattern;
  Access access;
  void (*handler) (BsRequest *request);
} BsRoute;

static const BsRoute routes[] = {
  { "GET", "/api/books", PUBLIC, bs_route_list_books },
  { "GET", "/api/books/{}", PUBLIC, bs_route_get_book },
  { "GET", "/api/categories", PUBLIC, bs_route_list_categories },
  { "GET", "/api/getImage", PUBLIC, bs_route_get_image },
  { "GET", "/api/search", PUBLIC, bs_route_search },
  { "GET", "/api/bestsellers", PUBLIC, bs_route_bestsellers },
  { "GET", "/api/health", PUBLIC, bs_route_health },
  { "POST", "/api/init", PUBLIC, bs_route_init },

  { "POST", "/api/signup", PUBLIC, bs_route_signup },
  { "POST", "/api/signin", PUBLIC, bs_route_signin },
  { "POST", "/api/signout", CUSTOMER, bs_route_signout },
  { "GET", "/api/whoami", CUSTOMER, bs_route_whoami },
  { "PUT", "/api/account/password", CUSTOMER, bs_route_change_password },
  { "DELETE", "/api/account", CUSTOMER, bs_route_delete_account },

  { "GET", "/api/cart", CUSTOMER, bs_route_list_cart },
  { "POST", "/api/cart", CUSTOMER, bs_route_add_to_cart },
  { "PUT", "/api/cart", CUSTOMER, bs_route_set_cart_quantity },
  { "DELETE", "/api/cart", CUSTOMER, bs_route_remove_from_cart },
  { "GET", "/api/cart/{}", CUSTOMER, bs_route_get_cart_line },
  { "DELETE", "/api/cart/{}", CUSTOMER, bs_route_remove_from_cart },

  { "GET", "/api/orders", CUSTOMER, bs_route_list_orders },
  { "POST", "/api/orders", CUSTOMER, bs_route_checkout },

  { "GET", "/api/friends", CUSTOMER, bs_route_list_friends },
  { "POST", "/api/friends", CUSTOMER, bs_route_request_friend },
  { "POST", "/api/friends/{}", CUSTOMER, bs_route_accept_friend },
  { "DELETE", "/api/friends/{}", CUSTOMER, bs_route_remove_friend },
  { "GET", "/api/recommendations", CUSTOMER, bs_route_recommendations },
  { "GET", "/api/recommendations/{}", CUSTOMER, bs_route_friends_who_bought },
};

/* Returns TRUE when @path fits @pattern; *out_arg gets the {} segment. */
static gboolean
match_pattern (const char  *pattern,
               const char  *path,
               const char **out_arg)
{
  gsize prefix_length;
  const char *segment;

  *out_arg = NULL;
  if (!g_str_has_suffix (pattern, "/{}"))
    return g_str_equal (pattern, path);

  prefix_length = strlen (pattern) - 2;
  if (strncmp (pattern, path, prefix_length) != 0)
    return FALSE;
  segment = path + prefix_length;
  if (segment[0] == '\0' || strchr (segment, '/') != NULL)
    return FALSE;
  *out_arg = segment;
  return TRUE;
}

static gboolean
method_matches (const char *route_method,
                const char *method)
{
  /* libsoup leaves the body out of HEAD answers itself. */
  return g_str_equal (route_method, method) ||
         (g_str_equal (route_method, "GET") && g_str_equal (method, "HEAD"));
}

static void
allow (GString   **allowed,
       const char *method)
{
  if (*allowed == NULL)
    *allowed = g_string_new (NULL);
  else
    g_string_append (*allowed, ", ");
  g_string_append (*allowed, method);
}

/* The original shop's web pages call relative URLs ("./api/books" from the page
 * /category/Cookbooks asks for /category/api/books), and its worker took any path ending
 * in /api/… as that route: so do we, from the last "/api/" on. */
const char *
bs_routes_api_path (const char *path)
{
  const char *api = g_strrstr (path, "/api/");

  return api != NULL ? api : path;
}

void
bs_routes_dispatch (BsRequest *request)
{
  const char *method = soup_server_message_get_method (request->msg);
  GUri *uri = soup_server_message_get_uri (request->msg);
  const char *path = bs_routes_api_path (g_uri_get_path (uri));
  const char *raw_query = g_uri_get_query (uri);
  g_autoptr(GString) allowed = NULL;

  /* Decoded query values are C strings: a NUL would cut one short behind our checks. */
  if (raw_query != NULL && strstr (raw_query, "%00") != NULL)
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                           "Query parameters must not contain NUL characters");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *arg;

      if (!match_pattern (routes[i].pattern, path, &arg))
        continue;

      if (!method_matches (routes[i].method, method))
        {
          allow (&allowed, routes[i].method);
          if (g_str_equal (routes[i].method, "GET"))
            allow (&allowed, "HEAD");
          continue;
        }

      request->path_arg = g_strdup (arg);
      if (routes[i].access == CUSTOMER)
        {
          g_autoptr(GError) error = NULL;

          if (!bs_auth_authenticate (request, &error))
            {
              bs_http_reply_gerror (request->msg, error);
              return;
            }
        }
      routes[i].handler (request);
      return;
    }

  if (allowed != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Allow", allowed->str);
      bs_http_reply_error (request->msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                           "%s is not allowed on %s", method, path);
      return;
    }

  bs_http_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "No such route: %s %s", method, path);
}

/* An array of @lines (BsLineItem): each book in @form, with its copies under
 * @count_key. */
void
bs_routes_write_lines (BsJsonWriter   *writer,
                       GPtrArray      *lines,
                       BsBookJsonForm  form,
                       const char     *count_key)
{
  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < lines->len; i++)
    {
      const BsLineItem *line = g_ptr_array_index (lines, i);

      bs_json_writer_begin_object (writer);
      bs_book_record_write_members (line->book, form, writer);
      bs_json_writer_member_int (writer, count_key, line->quantity);
      bs_json_writer_end_object (writer);
    }
  bs_json_writer_end_array (writer);
}

/* The book @book_id, or %NULL once the reply says why not: no such book (404) or the
 * store's failure. */
BsBookRecord *
bs_routes_get_book_or_reply (BsRequest  *request,
                             const char *book_id)
{
  g_autoptr(GError) error = NULL;
  BsBookRecord *book = bs_store_get_book (request->store, book_id, &error);

  if (book != NULL)
    return book;
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    bs_http_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "No book with id %s", book_id);
  else
    bs_http_reply_gerror (request->msg, error);
  return NULL;
}
