/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-social"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "bs-auth.h"
#include "bs-http.h"
#include "bs-json-fields.h"
#include "bs-routes.h"

#define DEFAULT_RECOMMENDATIONS 20
#define MAX_USERNAME_LENGTH 254

static void
write_people (BsJsonWriter *writer,
              GPtrArray    *people,
              const char   *id_key,
              const char   *name_key)
{
  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < people->len; i++)
    {
      const BsPerson *person = g_ptr_array_index (people, i);

      bs_json_writer_begin_object (writer);
      bs_json_writer_member_string (writer, id_key, person->id);
      bs_json_writer_member_string (writer, name_key, person->name);
      bs_json_writer_end_object (writer);
    }
  bs_json_writer_end_array (writer);
}

/* GET /api/friends */
void
bs_route_list_friends (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) friends = NULL;
  g_autoptr(GPtrArray) incoming = NULL;
  g_autoptr(GPtrArray) outgoing = NULL;
  BsJsonWriter *writer;

  if (!(friends = bs_store_list_friends (request->store, request->customer_id, &error)) ||
      !(incoming = bs_store_list_incoming_requests (request->store, request->customer_id, &error)) ||
      !(outgoing = bs_store_list_outgoing_requests (request->store, request->customer_id, &error)))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_object (writer);
  bs_json_writer_key (writer, "friends");
  write_people (writer, friends, "customerId", "displayName");
  bs_json_writer_key (writer, "incoming");
  write_people (writer, incoming, "customerId", "displayName");
  bs_json_writer_key (writer, "outgoing");
  write_people (writer, outgoing, "requestId", "username");
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

/* POST /api/friends {"username"}: 202 whether or not the account exists, so that
 * accounts cannot be probed; the request waits for that person to accept it. */
void
bs_route_request_friend (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = bs_http_read_json_object (request->msg, &error);
  g_autoptr(BsCustomer) me = NULL;
  g_autofree char *username = NULL;
  g_autofree char *request_id = NULL;
  const char *typed = NULL;
  BsJsonWriter *writer;

  if (body == NULL || !bs_json_member_string (body, "username", TRUE, &typed, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  username = g_utf8_strdown (typed, -1);
  g_strstrip (username);
  if (username[0] == '\0' || strlen (username) > MAX_USERNAME_LENGTH)
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                           "username must be 1 to %d characters", MAX_USERNAME_LENGTH);
      return;
    }

  me = bs_store_get_customer (request->store, request->customer_id, &error);
  if (me == NULL)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  if (g_str_equal (me->username, username))
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                           N_("You cannot befriend yourself"));
      return;
    }

  request_id = bs_store_request_friend (request->store, request->customer_id, username,
                                        bs_auth_now_ms (), &error);
  if (request_id == NULL)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_object (writer);
  bs_json_writer_member_boolean (writer, "error", FALSE);
  bs_json_writer_member_string (writer, "requestId", request_id);
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_ACCEPTED, writer);
}

static void
reply_social_error (BsRequest *request,
                    GError    *error)
{
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    bs_http_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, N_("No such friend or request"));
  else
    bs_http_reply_gerror (request->msg, error);
}

/* POST /api/friends/{customerId}: accepts that customer's request */
void
bs_route_accept_friend (BsRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!bs_store_accept_friend (request->store, request->customer_id, request->path_arg,
                               bs_auth_now_ms (), &error))
    reply_social_error (request, error);
  else
    bs_http_reply_ok (request->msg, NULL);
}

/* DELETE /api/friends/{id}: unfriend, decline or cancel, whichever the id names */
void
bs_route_remove_friend (BsRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!bs_store_remove_friend (request->store, request->customer_id, request->path_arg, &error))
    reply_social_error (request, error);
  else
    bs_http_reply_ok (request->msg, NULL);
}

/* GET /api/recommendations[?limit]: [book + "friendsPurchased"] */
void
bs_route_recommendations (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  BsJsonWriter *writer;
  guint offset;
  guint limit;

  if (!bs_http_query_paging (request->query, DEFAULT_RECOMMENDATIONS, &offset, &limit, &error) ||
      !(items = bs_store_recommend (request->store, request->customer_id, offset, limit,
                                     &error)))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_routes_write_lines (writer, items, BS_BOOK_JSON_CATALOG, "friendsPurchased");
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

/* GET /api/recommendations/{id}: the caller's friends who bought that book */
void
bs_route_friends_who_bought (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsBookRecord) book = NULL;
  g_autoptr(GPtrArray) friends = NULL;
  BsJsonWriter *writer;

  if (bs_http_reply_if_bad_book_id (request->msg, request->path_arg))
    return;
  book = bs_routes_get_book_or_reply (request, request->path_arg);
  if (book == NULL)
    return;

  friends = bs_store_friends_who_bought (request->store, request->customer_id, request->path_arg,
                                         &error);
  if (friends == NULL)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  writer = bs_json_writer_new ();
  write_people (writer, friends, "customerId", "displayName");
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}
