/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-client-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-client-error.h"
#include "bs-client-json.h"
#include "bs-book-json.h"
#include "bs-decimal.h"

#define MAX_QUANTITY 99

void
bs_server_health_free (BsServerHealth *health)
{
  if (health == NULL)
    return;
  g_free (health->server_id);
  g_free (health->version);
  g_free (health);
}

void
bs_account_free (BsAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->token);
  g_free (account->customer_id);
  g_free (account->username);
  g_free (account->display_name);
  g_free (account);
}

void
bs_book_page_free (BsBookPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->books, g_ptr_array_unref);
  g_free (page->etag);
  g_free (page);
}

void
bs_cover_answer_free (BsCoverAnswer *cover)
{
  if (cover == NULL)
    return;
  g_clear_pointer (&cover->bytes, g_bytes_unref);
  g_free (cover->etag);
  g_free (cover);
}

void
bs_friend_lists_free (BsFriendLists *lists)
{
  if (lists == NULL)
    return;
  g_clear_pointer (&lists->friends, g_ptr_array_unref);
  g_clear_pointer (&lists->incoming, g_ptr_array_unref);
  g_clear_pointer (&lists->outgoing, g_ptr_array_unref);
  g_free (lists);
}

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
               /* Translators: what the app says when the shop's answer is malformed; %s says
                  what was wrong with it (in English, from the program). */
               _("The server sent something unexpected: %s"), what);
  return FALSE;
}

static JsonObject *
object_of (JsonNode  *node,
           GError   **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "an object was expected");
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
array_of (JsonNode  *node,
          GError   **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, "a list was expected");
      return NULL;
    }
  return json_node_get_array (node);
}

static const char *
string_member (JsonObject  *object,
               const char  *name,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *what = g_strdup_printf ("“%s” is not text", name);
      invalid (error, what);
      return NULL;
    }
  return json_node_get_string (node);
}

/* A member the service may leave out: its value when it is of @type, else %NULL. */
static JsonNode *
optional_value (JsonObject *object,
                const char *name,
                GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;
  return node;
}

static gboolean
integer_member (JsonObject  *object,
                const char  *name,
                gint64       min,
                gint64       max,
                gint64      *out_value,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < min ||
      json_node_get_int (node) > max)
    {
      g_autofree char *what = g_strdup_printf ("“%s” is not a whole number in range", name);
      return invalid (error, what);
    }
  *out_value = json_node_get_int (node);
  return TRUE;
}

static gboolean
decimal_member (JsonObject  *object,
                const char  *name,
                guint        decimals,
                gint64       max,
                gint64      *out_value,
                GError     **error)
{
  if (!bs_decimal_from_json (json_object_get_member (object, name), decimals, max, out_value))
    {
      g_autofree char *what = g_strdup_printf ("“%s” is not an amount", name);
      return invalid (error, what);
    }
  return TRUE;
}

/* By the same rules the service applied when it took the book in. */
static BsBook *
book_from_object (JsonObject  *object,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  BsBookFields fields;

  if (!bs_book_json_read (object, &fields, &local_error))
    {
      invalid (error, local_error->message);
      return NULL;
    }
  return bs_book_new (fields.book_id, fields.name, fields.author, g_intern_string (fields.category),
                      fields.price_cents, fields.rating_tenths);
}

BsBook *
bs_json_to_book (JsonNode  *node,
                 GError   **error)
{
  JsonObject *object = object_of (node, error);

  return object != NULL ? book_from_object (object, error) : NULL;
}

typedef gpointer (*ElementFunc) (JsonNode *node, gpointer data, GError **error);

static GPtrArray *
map_array (JsonNode    *node,
           ElementFunc  func,
           gpointer     data,
           GError     **error)
{
  JsonArray *array = array_of (node, error);
  g_autoptr(GPtrArray) items = NULL;

  if (array == NULL)
    return NULL;
  items = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer item = func (json_array_get_element (array, i), data, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

static gpointer
book_element (JsonNode  *node,
              gpointer   data,
              GError   **error)
{
  return bs_json_to_book (node, error);
}

GPtrArray *
bs_json_to_books (JsonNode  *node,
                  GError   **error)
{
  return map_array (node, book_element, NULL, error);
}

/* {"order":{…,"quantity":2,"price":21},"book":{book}}: the price shown is the book's. */
static BsCartItem *
bs_json_to_cart_line (JsonNode  *node,
                      GError   **error)
{
  JsonObject *object = object_of (node, error);
  JsonObject *order;
  g_autoptr(BsBook) book = NULL;
  gint64 quantity;

  if (object == NULL)
    return NULL;
  order = object_of (json_object_get_member (object, "order"), error);
  if (order == NULL || !integer_member (order, "quantity", 1, MAX_QUANTITY, &quantity, error))
    return NULL;
  book = bs_json_to_book (json_object_get_member (object, "book"), error);
  if (book == NULL)
    return NULL;
  return bs_cart_item_new (book, (int) quantity);
}

static gpointer
cart_element (JsonNode  *node,
              gpointer   data,
              GError   **error)
{
  return bs_json_to_cart_line (node, error);
}

GPtrArray *
bs_json_to_cart (JsonNode  *node,
                 GError   **error)
{
  return map_array (node, cart_element, NULL, error);
}

static gpointer
order_line_element (JsonNode  *node,
                    gpointer   data,
                    GError   **error)
{
  JsonObject *object = object_of (node, error);
  g_autoptr(BsBook) book = NULL;
  gint64 quantity;

  if (object == NULL || !(book = book_from_object (object, error)) ||
      !integer_member (object, "quantity", 1, MAX_QUANTITY, &quantity, error))
    return NULL;
  return bs_order_line_new (book, (int) quantity);
}

BsOrder *
bs_json_to_order (JsonNode  *node,
                  GError   **error)
{
  JsonObject *object = object_of (node, error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GDateTime) date = NULL;
  const char *order_id;
  gint64 order_date;
  gint64 total;

  if (object == NULL || !(order_id = string_member (object, "orderId", error)) ||
      !integer_member (object, "orderDate", 0, G_GINT64_CONSTANT (253402300799999), &order_date,
                       error) ||
      !decimal_member (object, "total", 2, G_MAXINT64 / 2, &total, error) ||
      !(lines = map_array (json_object_get_member (object, "books"), order_line_element, NULL,
                           error)))
    return NULL;

  date = g_date_time_new_from_unix_utc (order_date / 1000);
  if (date == NULL)
    {
      invalid (error, "the order date is out of range");
      return NULL;
    }
  return bs_order_new (order_id, date, total, lines);
}

static gpointer
order_element (JsonNode  *node,
               gpointer   data,
               GError   **error)
{
  return bs_json_to_order (node, error);
}

GPtrArray *
bs_json_to_orders (JsonNode  *node,
                   GError   **error)
{
  return map_array (node, order_element, NULL, error);
}

static gpointer
book_count_element (JsonNode  *node,
                    gpointer   data,
                    GError   **error)
{
  JsonObject *object = object_of (node, error);
  g_autoptr(BsBook) book = NULL;
  gint64 count;

  if (object == NULL || !(book = book_from_object (object, error)) ||
      !integer_member (object, data, 0, G_MAXINT64, &count, error))
    return NULL;
  return bs_book_count_new (book, count);
}

/* Best sellers ("quantity") and recommendations ("friendsPurchased"). */
static GPtrArray *
bs_json_to_book_counts (JsonNode    *node,
                        const char  *count_member,
                        GError     **error)
{
  return map_array (node, book_count_element, (gpointer) count_member, error);
}

typedef struct
{
  const char *id_member;
  const char *name_member;
  gboolean requests;        /* BsFriendRequest, else BsFriend */
} PairMembers;

/* {"<id_member>":…,"<name_member>":…}: a friend, or a request sent. */
static gpointer
pair_element (JsonNode  *node,
              gpointer   data,
              GError   **error)
{
  PairMembers *members = data;
  JsonObject *object = object_of (node, error);
  const char *id, *name;

  if (object == NULL || !(id = string_member (object, members->id_member, error)) ||
      !(name = string_member (object, members->name_member, error)))
    return NULL;
  return members->requests ? (gpointer) bs_friend_request_new (id, name)
                           : (gpointer) bs_friend_new (id, name);
}

static GPtrArray *
bs_json_to_friends (JsonNode    *node,
                    const char  *id_member,
                    const char  *name_member,
                    GError     **error)
{
  PairMembers members = { id_member, name_member, FALSE };

  return map_array (node, pair_element, &members, error);
}

static GPtrArray *
friend_requests (JsonNode  *node,
                 GError   **error)
{
  PairMembers members = { "requestId", "username", TRUE };

  return map_array (node, pair_element, &members, error);
}

BsFriendLists *
bs_json_to_friend_lists (JsonNode  *node,
                         GError   **error)
{
  JsonObject *object = object_of (node, error);
  g_autoptr(BsFriendLists) lists = g_new0 (BsFriendLists, 1);

  if (object == NULL ||
      !(lists->friends = bs_json_to_friends (json_object_get_member (object, "friends"),
                                             "customerId", "displayName", error)) ||
      !(lists->incoming = bs_json_to_friends (json_object_get_member (object, "incoming"),
                                              "customerId", "displayName", error)) ||
      !(lists->outgoing = friend_requests (json_object_get_member (object, "outgoing"), error)))
    return NULL;
  return g_steal_pointer (&lists);
}

/* From sign-in ({"message":[token],…}) or whoami ({"message":id,…}). */
BsAccount *
bs_json_to_account (JsonNode  *node,
                    GError   **error)
{
  JsonObject *object = object_of (node, error);
  g_autoptr(BsAccount) account = g_new0 (BsAccount, 1);
  JsonNode *message;
  const char *customer_id, *username, *display_name;

  if (object == NULL || !(customer_id = string_member (object, "customerId", error)) ||
      !(username = string_member (object, "username", error)) ||
      !(display_name = string_member (object, "displayName", error)))
    return NULL;

  message = json_object_get_member (object, "message");
  if (message != NULL && JSON_NODE_HOLDS_ARRAY (message))
    {
      JsonArray *tokens = json_node_get_array (message);
      JsonNode *token = json_array_get_length (tokens) == 1 ? json_array_get_element (tokens, 0) : NULL;

      if (token == NULL || !JSON_NODE_HOLDS_VALUE (token) ||
          json_node_get_value_type (token) != G_TYPE_STRING)
        {
          invalid (error, "no session token");
          return NULL;
        }
      account->token = g_strdup (json_node_get_string (token));
    }

  account->customer_id = g_strdup (customer_id);
  account->username = g_strdup (username);
  account->display_name = g_strdup (display_name);
  return g_steal_pointer (&account);
}

BsServerHealth *
bs_json_to_health (JsonNode  *node,
                   GError   **error)
{
  JsonObject *object = object_of (node, error);
  g_autoptr(BsServerHealth) health = g_new0 (BsServerHealth, 1);
  const char *server_id, *version;
  JsonNode *demo;

  if (object == NULL || !(server_id = string_member (object, "serverId", error)) ||
      !(version = string_member (object, "version", error)) ||
      !integer_member (object, "books", 0, G_MAXINT64, &health->books, error) ||
      !integer_member (object, "orders", 0, G_MAXINT64, &health->orders, error) ||
      !integer_member (object, "streamLag", 0, G_MAXINT64, &health->stream_lag, error))
    return NULL;

  health->server_id = g_strdup (server_id);
  health->version = g_strdup (version);
  health->demo = (demo = optional_value (object, "demo", G_TYPE_BOOLEAN)) != NULL &&
                 json_node_get_boolean (demo);
  return g_steal_pointer (&health);
}

GPtrArray *
bs_json_to_bestsellers (JsonNode  *node,
                        GError   **error)
{
  return bs_json_to_book_counts (node, "quantity", error);
}

GPtrArray *
bs_json_to_recommendations (JsonNode  *node,
                            GError   **error)
{
  return bs_json_to_book_counts (node, "friendsPurchased", error);
}

/* Customers as a list of people: who of the user's friends bought a book. */
GPtrArray *
bs_json_to_people (JsonNode  *node,
                   GError   **error)
{
  return bs_json_to_friends (node, "customerId", "displayName", error);
}

/* A sign-in's answer: an account that must come with its session token. */
BsAccount *
bs_json_to_session (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(BsAccount) account = bs_json_to_account (node, error);

  if (account != NULL && account->token == NULL)
    {
      g_set_error_literal (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The server signed in without a session token"));
      return NULL;
    }
  return g_steal_pointer (&account);
}

static char *
string_of_object (JsonNode    *node,
                  const char  *member,
                  GError     **error)
{
  JsonObject *object = object_of (node, error);
  const char *value;

  if (object == NULL || !(value = string_member (object, member, error)))
    return NULL;
  return g_strdup (value);
}

char *
bs_json_to_customer_id (JsonNode  *node,
                        GError   **error)
{
  return string_of_object (node, "customerId", error);
}

char *
bs_json_to_request_id (JsonNode  *node,
                       GError   **error)
{
  return string_of_object (node, "requestId", error);
}

void
bs_cart_change_free (BsCartChange *change)
{
  if (change == NULL)
    return;
  g_clear_object (&change->item);
  g_free (change);
}

/* What a cart change left: the line, or none when it was removed ({"removed":…}). */
BsCartChange *
bs_json_to_cart_change (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(BsCartChange) change = g_new0 (BsCartChange, 1);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "removed"))
    return g_steal_pointer (&change);
  change->item = bs_json_to_cart_line (node, error);
  return change->item != NULL ? g_steal_pointer (&change) : NULL;
}

/* The message of the API's error shape ({"message":…}), or %NULL for any other body. */
char *
bs_json_error_message (const char *data,
                       gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *message;

  if (length == 0 || length > 64 * 1024 ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  message = optional_value (json_node_get_object (root), "message", G_TYPE_STRING);
  return message != NULL ? g_strdup (json_node_get_string (message)) : NULL;
}

typedef struct
{
  GBytes *data;
  BsJsonParseFunc parse;
  GDestroyNotify result_free;
} ParseJob;

static void
parse_job_free (gpointer data)
{
  ParseJob *job = data;

  g_bytes_unref (job->data);
  g_free (job);
}

static void
parse_job_run (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ParseJob *job = task_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GError *error = NULL;
  gsize size;
  const char *text = g_bytes_get_data (job->data, &size);
  gpointer result;

  if (size == 0 || !json_parser_load_from_data (parser, text, (gssize) size, NULL))
    invalid (&error, "not JSON");
  else if ((result = job->parse (json_parser_get_root (parser), &error)) != NULL)
    {
      g_task_return_pointer (task, result, job->result_free);
      return;
    }
  g_task_return_error (task, error);
}

/* Parses @data with @parse on a worker thread, for JSON that comes by other ways than a
 * call (a WebSocket frame). */
void
bs_json_parse_async (GBytes              *data,
                     BsJsonParseFunc      parse,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ParseJob *job = g_new0 (ParseJob, 1);

  g_task_set_source_tag (task, bs_json_parse_async);
  job->data = g_bytes_ref (data);
  job->parse = parse;
  job->result_free = result_free;
  g_task_set_task_data (task, job, parse_job_free);
  g_task_run_in_thread (task, parse_job_run);
}

gpointer
bs_json_parse_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
