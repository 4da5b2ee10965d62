/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-client.h"

/* One SoupSession for every call to one service. Each call reads its answer with a size
 * cap, logs it for the latency view, and parses JSON on a worker thread (a big catalog
 * must not stall the main loop); models are handed back on the caller's context. */

#define MAX_RESPONSE_BYTES (32 * 1024 * 1024)
#define READ_CHUNK (64 * 1024)
#define DEFAULT_TIMEOUT_SECONDS 15
#define USER_AGENT "Bookstore/" PACKAGE_VERSION " "

G_DEFINE_QUARK (bs-client-error-quark, bs_client_error)

struct _BsClient
{
  GObject parent_instance;

  char *base_url;         /* (owned): no trailing slash */
  SoupSession *session;   /* (owned) */
  char *token;            /* (owned) (nullable) */
  BsCallLog *call_log;    /* (owned) */
  char *checkout_key;     /* (owned) (nullable): kept until a checkout gets an answer */
};

G_DEFINE_FINAL_TYPE (BsClient, bs_client, G_TYPE_OBJECT)

static void
bs_client_finalize (GObject *object)
{
  BsClient *self = BS_CLIENT (object);

  g_free (self->base_url);
  g_clear_object (&self->session);
  g_free (self->token);
  g_clear_object (&self->call_log);
  g_free (self->checkout_key);

  G_OBJECT_CLASS (bs_client_parent_class)->finalize (object);
}

static void
bs_client_class_init (BsClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_client_finalize;
}

static void
bs_client_init (BsClient *self)
{
  self->call_log = bs_call_log_new ();
}

/* @session: (nullable): one of the caller's, such as one with a short timeout for tests */
BsClient *
bs_client_new (const char  *base_url,
               SoupSession *session)
{
  BsClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (BS_TYPE_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  if (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->session = session != NULL
                    ? g_object_ref (session)
                    : soup_session_new_with_options ("user-agent", USER_AGENT, "timeout",
                                                     DEFAULT_TIMEOUT_SECONDS, NULL);
  return self;
}

const char *
bs_client_get_base_url (BsClient *self)
{
  g_return_val_if_fail (BS_IS_CLIENT (self), NULL);

  return self->base_url;
}

SoupSession *
bs_client_get_session (BsClient *self)
{
  g_return_val_if_fail (BS_IS_CLIENT (self), NULL);

  return self->session;
}

const char *
bs_client_get_token (BsClient *self)
{
  g_return_val_if_fail (BS_IS_CLIENT (self), NULL);

  return self->token;
}

void
bs_client_set_token (BsClient   *self,
                     const char *token)
{
  g_return_if_fail (BS_IS_CLIENT (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

BsCallLog *
bs_client_get_call_log (BsClient *self)
{
  g_return_val_if_fail (BS_IS_CLIENT (self), NULL);

  return self->call_log;
}

/* The engine */

typedef struct _Call Call;

/* Runs on a worker thread: it must use only @root and the call's copied fields. */
typedef gpointer (*ParseFunc) (JsonNode  *root,
                               Call      *call,
                               GError   **error);

typedef enum
{
  CALL_JSON = 0,
  CALL_RAW = 1 << 0,          /* the answer is bytes (a cover), not JSON */
  CALL_NOT_MODIFIED = 1 << 1, /* 304 is an answer: parse gets a NULL root */
  CALL_CHECKOUT = 1 << 2,     /* carries the pending Idempotency-Key */
  CALL_OPTIONAL = 1 << 3,     /* a route older servers lack: 404 reads as an empty answer */
} CallFlags;

struct _Call
{
  BsClient *client;            /* (owned) */
  SoupMessage *msg;            /* (owned) */
  char *etag;                  /* (owned) (nullable): copied from the answer for the parser */
  gint64 total;                /* X-Total-Count, or -1: likewise */
  gboolean not_modified;
  char *method;                /* (owned) */
  char *path;                  /* (owned) */
  CallFlags flags;
  const char *empty_answer;    /* with CALL_OPTIONAL: what a 404 stands for */
  ParseFunc parse;
  GDestroyNotify result_free;
  GInputStream *stream;        /* (owned) (nullable) */
  GByteArray *body;            /* (owned) */
  gint64 started;
};

static void
call_free (gpointer data)
{
  Call *call = data;

  g_object_unref (call->client);
  g_object_unref (call->msg);
  g_free (call->method);
  g_free (call->path);
  g_free (call->etag);
  g_clear_object (&call->stream);
  g_byte_array_unref (call->body);
  g_free (call);
}

static void
log_call (Call  *call,
          guint  status)
{
  bs_call_log_add (call->client->call_log, call->method, call->path, status, call->body->len,
                   (g_get_monotonic_time () - call->started) / 1000.0);
}

static GError *
transport_error (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (BS_CLIENT_ERROR, BS_CLIENT_ERROR_TIMEOUT,
                        _("The server did not answer in time"));
  /* Something answered, but not in HTTP. */
  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                        /* Translators: %s is the network library's own description of the
                           problem. */
                        _("The server sent something that is not HTTP: %s"), error->message);
  /* Translators: %s is the network's own description of the problem, as "Connection
   * refused". */
  return g_error_new (BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE, _("Cannot reach the server: %s"),
                      error->message);
}

/* The server's own message when it sent the API's error shape, for showing as is. */
static char *
server_message (GByteArray *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body->len == 0 || body->len > 64 * 1024 ||
      !json_parser_load_from_data (parser, (const char *) body->data, (gssize) body->len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "message", NULL));
}

/* The server words its refusals in English. One the catalog knows is shown in the user's
 * language; any other only to a user whose language has no catalog (who reads the
 * English of the rest of the app too), and otherwise the translated @fallback. */
static const char *
words_for_user (const char *message,
                const char *fallback)
{
  const char *translated;

  if (message == NULL || message[0] == '\0')
    return fallback;
  translated = g_dgettext (GETTEXT_PACKAGE, message);
  if (translated != message)
    return translated;
  /* gettext answers "" with the catalog's header, and with "" where there is none. */
  return g_dgettext (GETTEXT_PACKAGE, "")[0] == '\0' ? message : fallback;
}

static GError *
status_error (guint       status,
              GByteArray *body)
{
  g_autofree char *message = server_message (body);
  BsClientError code;
  const char *fallback;

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = BS_CLIENT_ERROR_UNAUTHORIZED;
      fallback = _("Sign in first");
      break;
    case SOUP_STATUS_NOT_FOUND:
      code = BS_CLIENT_ERROR_NOT_FOUND;
      fallback = _("Not found");
      break;
    case SOUP_STATUS_CONFLICT:
      code = BS_CLIENT_ERROR_CONFLICT;
      fallback = _("Something changed meanwhile; try again");
      break;
    case 429:
      code = BS_CLIENT_ERROR_RATE_LIMITED;
      fallback = _("Too many attempts; wait a moment");
      break;
    default:
      if (status >= 400 && status < 500)
        {
          code = BS_CLIENT_ERROR_INVALID_INPUT;
          fallback = _("The server refused the request");
        }
      else
        {
          code = BS_CLIENT_ERROR_SERVER;
          fallback = _("The server failed; try again later");
        }
    }
  return g_error_new_literal (BS_CLIENT_ERROR, code, words_for_user (message, fallback));
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Call *call = task_data;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root = NULL;
  gpointer result;

  if (!call->not_modified)
    {
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, (const char *) call->body->data,
                                       (gssize) call->body->len, &error))
        {
          g_task_return_new_error (task, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                                   /* Translators: %s is the JSON parser's own description of
                                      the problem. */
                                   _("The server sent something that is not JSON: %s"),
                                   error->message);
          return;
        }
      root = json_parser_get_root (parser);
    }

  result = call->parse (root, call, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, call->result_free);
}

static void
answer_complete (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->msg);
  gboolean answered = SOUP_STATUS_IS_SUCCESSFUL (status) ||
                      (status == SOUP_STATUS_NOT_MODIFIED && (call->flags & CALL_NOT_MODIFIED));

  log_call (call, status);

  /* A checkout is settled by an order or a final refusal; one lost on the way (no
   * answer, a server failure, "still in progress", "too many") is retried with the same
   * key, so it is placed at most once. */
  if ((call->flags & CALL_CHECKOUT) && status < 500 && status != SOUP_STATUS_CONFLICT &&
      status != 429)
    g_clear_pointer (&call->client->checkout_key, g_free);

  /* The seed's server has no categories, friends or recommendations routes: an app on
   * it shows those parts empty rather than failing. */
  if (status == SOUP_STATUS_NOT_FOUND && (call->flags & CALL_OPTIONAL))
    {
      g_byte_array_set_size (call->body, 0);
      g_byte_array_append (call->body, (const guint8 *) call->empty_answer,
                           (guint) strlen (call->empty_answer));
      answered = TRUE;
    }

  if (!answered)
    {
      g_task_return_error (task, status_error (status, call->body));
      return;
    }
  /* The parser runs on a worker thread: it gets copies, not libsoup's objects. */
  {
    SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);
    const char *total = soup_message_headers_get_one (headers, "X-Total-Count");

    call->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
    call->total = total != NULL ? g_ascii_strtoll (total, NULL, 10) : -1;
    call->not_modified = status == SOUP_STATUS_NOT_MODIFIED;
  }

  if (call->flags & CALL_RAW)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_byte_array_ref (call->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_task_run_in_thread (task, parse_in_thread);
}

static void read_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
read_more (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (call->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (chunk == NULL)
    {
      log_call (call, 0);
      g_task_return_error (task, transport_error (error));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      answer_complete (task);
      return;
    }

  g_byte_array_append (call->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (call->body->len > MAX_RESPONSE_BYTES)
    {
      log_call (call, soup_message_get_status (call->msg));
      g_task_return_new_error (task, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                               /* Translators: %d is a size limit in mebibytes. */
                               _("The server’s answer is larger than %d MiB"),
                               MAX_RESPONSE_BYTES / (1024 * 1024));
      return;
    }
  read_more (g_steal_pointer (&task));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      log_call (call, 0);
      g_task_return_error (task, transport_error (error));
      return;
    }
  read_more (g_steal_pointer (&task));
}

static char *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Starts @method @path; @builder, if given, is the JSON body (strings and integers only:
 * json-glib would write doubles inexactly). */
static void
start_call (BsClient            *self,
            const char          *method,
            const char          *path,
            JsonBuilder         *builder,
            CallFlags            flags,
            ParseFunc            parse,
            GDestroyNotify       result_free,
            const char          *if_none_match,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SoupMessageHeaders *headers;
  Call *call;

  g_task_set_source_tag (task, source_tag);

  call = g_new0 (Call, 1);
  call->client = g_object_ref (self);
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->flags = flags;
  call->empty_answer = g_str_equal (path, "/api/friends")
                         ? "{\"friends\":[],\"incoming\":[],\"outgoing\":[]}"
                         : "[]";
  call->parse = parse;
  call->result_free = result_free;
  call->body = g_byte_array_new ();
  call->started = g_get_monotonic_time ();
  call->msg = soup_message_new (method, url);
  g_task_set_task_data (task, call, call_free);

  if (call->msg == NULL)
    {
      g_task_return_new_error (task, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE,
                               /* Translators: %s is what the user typed as the shop's address.
                                  */
                               _("“%s” is not a server address"), self->base_url);
      return;
    }

  headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (headers, "Accept", (flags & CALL_RAW) ? "image/*" : "application/json");
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", if_none_match);
  if (flags & CALL_CHECKOUT)
    {
      if (self->checkout_key == NULL)
        self->checkout_key = g_uuid_string_random ();
      soup_message_headers_replace (headers, "Idempotency-Key", self->checkout_key);
    }
  if (builder != NULL)
    {
      g_autofree char *text = json_body (builder);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, cancellable, sent_cb,
                           g_steal_pointer (&task));
}

static gpointer
finish_pointer (BsClient      *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (BS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_done (BsClient      *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_autoptr(GVariant) nothing = finish_pointer (self, result, source_tag, error);

  return nothing != NULL;
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/* Parsers, on the worker thread */

/* For calls whose answer only says it went well. */
static gpointer
parse_done (JsonNode            *root,
            Call                *call,
            GError             **error)
{
  return g_variant_ref_sink (g_variant_new_boolean (TRUE));
}

static gpointer
parse_health (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_health (root, error);
}

static gpointer
parse_book_page (JsonNode  *root,
                 Call      *call,
                 GError   **error)
{
  g_autoptr(BsBookPage) page = g_new0 (BsBookPage, 1);

  page->etag = g_strdup (call->etag);
  page->total = call->total;
  if (root == NULL)
    {
      page->not_modified = TRUE;
      return g_steal_pointer (&page);
    }
  page->books = bs_json_to_books (root, error);
  return page->books != NULL ? g_steal_pointer (&page) : NULL;
}

static gpointer
parse_book (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_book (root, error);
}

static gpointer
parse_books (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_books (root, error);
}

static gpointer
parse_categories (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_categories (root, error);
}

static gpointer
parse_bestsellers (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_book_counts (root, "quantity", error);
}

static gpointer
parse_recommendations (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_book_counts (root, "friendsPurchased", error);
}

static gpointer
parse_account (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_account (root, error);
}

static gpointer
parse_sign_in (JsonNode *root, Call *call, GError **error)
{
  g_autoptr(BsAccount) account = bs_json_to_account (root, error);

  if (account != NULL && account->token == NULL)
    {
      g_set_error_literal (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The server signed in without a session token"));
      return NULL;
    }
  return g_steal_pointer (&account);
}

static gpointer
parse_string_member (JsonNode    *root,
                     const char  *member,
                     GError     **error)
{
  const char *value = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                        ? json_object_get_string_member_with_default (json_node_get_object (root),
                                                                      member, NULL)
                        : NULL;

  if (value == NULL)
    g_set_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                 /* Translators: %s is the name of a field the answer lacks, as "token". */
                 _("The server’s answer has no “%s”"), member);
  return g_strdup (value);
}

static gpointer
parse_customer_id (JsonNode *root, Call *call, GError **error)
{
  return parse_string_member (root, "customerId", error);
}

static gpointer
parse_request_id (JsonNode *root, Call *call, GError **error)
{
  return parse_string_member (root, "requestId", error);
}

static gpointer
parse_cart (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_cart (root, error);
}

/* What a cart change left: the line, or none when it was removed ({"removed":…}). */
typedef struct
{
  BsCartItem *item;   /* (owned) (nullable) */
} CartChange;

static void
cart_change_free (gpointer data)
{
  CartChange *change = data;

  g_clear_object (&change->item);
  g_free (change);
}

static gpointer
parse_cart_change (JsonNode  *root,
                   Call      *call,
                   GError   **error)
{
  CartChange *change = g_new0 (CartChange, 1);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "removed"))
    return change;
  change->item = bs_json_to_cart_line (root, error);
  if (change->item == NULL)
    {
      cart_change_free (change);
      return NULL;
    }
  return change;
}

static BsCartItem *
finish_cart_change (BsClient      *self,
                    GAsyncResult  *result,
                    gpointer       source_tag,
                    GError       **error)
{
  CartChange *change = finish_pointer (self, result, source_tag, error);
  BsCartItem *item;

  if (change == NULL)
    return NULL;
  item = g_steal_pointer (&change->item);
  cart_change_free (change);
  return item;
}

static gpointer
parse_orders (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_orders (root, error);
}

static gpointer
parse_order (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_order (root, error);
}

static gpointer
parse_friend_lists (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_friend_lists (root, error);
}

static gpointer
parse_people (JsonNode *root, Call *call, GError **error)
{
  return bs_json_to_friends (root, "customerId", "displayName", error);
}

/* The calls */

void
bs_client_get_health_async (BsClient *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "GET", "/api/health", NULL, CALL_JSON, parse_health,
              (GDestroyNotify) bs_server_health_free, NULL, cancellable, callback, user_data,
              bs_client_get_health_async);
}

BsServerHealth *
bs_client_get_health_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_get_health_async, error);
}

/* The whole catalog; with @if_none_match, a page that says "not modified" if it is. */
void
bs_client_list_books_async (BsClient *self, const char *if_none_match, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "GET", "/api/books", NULL, CALL_NOT_MODIFIED, parse_book_page,
              (GDestroyNotify) bs_book_page_free, if_none_match, cancellable, callback,
              user_data, bs_client_list_books_async);
}

BsBookPage *
bs_client_list_books_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_books_async, error);
}

/* One page of the catalog (for catalogs too big to keep whole): @category may be NULL;
 * @limit is 1 to 1000. The page's total is the category's. */
void
bs_client_list_books_page_async (BsClient *self, const char *category, guint offset, guint limit,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autofree char *escaped = category != NULL ? escape (category) : NULL;
  g_autofree char *path = g_strdup_printf ("/api/books?%s%s%soffset=%u&limit=%u",
                                           escaped != NULL ? "category=" : "",
                                           escaped != NULL ? escaped : "",
                                           escaped != NULL ? "&" : "", offset,
                                           CLAMP (limit, 1, 1000));

  start_call (self, "GET", path, NULL, CALL_JSON, parse_book_page,
              (GDestroyNotify) bs_book_page_free, NULL, cancellable, callback, user_data,
              bs_client_list_books_page_async);
}

BsBookPage *
bs_client_list_books_page_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_books_page_async, error);
}

void
bs_client_get_book_async (BsClient *self, const char *book_id, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *id = escape (book_id);
  g_autofree char *path = g_strconcat ("/api/books/", id, NULL);

  start_call (self, "GET", path, NULL, CALL_JSON, parse_book, g_object_unref, NULL, cancellable,
              callback, user_data, bs_client_get_book_async);
}

BsBook *
bs_client_get_book_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_get_book_async, error);
}

void
bs_client_list_categories_async (BsClient *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "GET", "/api/categories", NULL, CALL_OPTIONAL, parse_categories,
              (GDestroyNotify) g_ptr_array_unref, NULL, cancellable, callback, user_data,
              bs_client_list_categories_async);
}

GPtrArray *
bs_client_list_categories_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_categories_async, error);
}

void
bs_client_search_async (BsClient *self, const char *text, guint offset, guint limit,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autofree char *q = escape (text);
  g_autofree char *path = g_strdup_printf ("/api/search?q=%s&offset=%u&limit=%u", q, offset,
                                           CLAMP (limit, 1, 1000));

  start_call (self, "GET", path, NULL, CALL_JSON, parse_books, (GDestroyNotify) g_ptr_array_unref,
              NULL, cancellable, callback, user_data, bs_client_search_async);
}

GPtrArray *
bs_client_search_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_search_async, error);
}

void
bs_client_list_bestsellers_async (BsClient *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "GET", "/api/bestsellers", NULL, CALL_JSON, parse_bestsellers,
              (GDestroyNotify) g_ptr_array_unref, NULL, cancellable, callback, user_data,
              bs_client_list_bestsellers_async);
}

GPtrArray *
bs_client_list_bestsellers_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_bestsellers_async, error);
}

void
bs_client_sign_up_async (BsClient *self, const char *username, const char *password,
                         const char *display_name, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  if (display_name != NULL)
    {
      json_builder_set_member_name (builder, "displayName");
      json_builder_add_string_value (builder, display_name);
    }
  json_builder_end_object (builder);

  start_call (self, "POST", "/api/signup", builder, CALL_JSON, parse_customer_id, g_free, NULL,
              cancellable, callback, user_data, bs_client_sign_up_async);
}

/* Returns the new customer's id. */
char *
bs_client_sign_up_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_sign_up_async, error);
}

void
bs_client_sign_in_async (BsClient *self, const char *username, const char *password,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);

  start_call (self, "POST", "/api/signin", builder, CALL_JSON, parse_sign_in,
              (GDestroyNotify) bs_account_free, NULL, cancellable, callback, user_data,
              bs_client_sign_in_async);
}

/* Returns the account with its token, which the client now uses. */
BsAccount *
bs_client_sign_in_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  BsAccount *account = finish_pointer (self, result, bs_client_sign_in_async, error);

  if (account != NULL)
    bs_client_set_token (self, account->token);
  return account;
}

void
bs_client_sign_out_async (BsClient *self, gboolean everywhere, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "POST", everywhere ? "/api/signout?all=1" : "/api/signout", NULL, CALL_JSON,
              parse_done, (GDestroyNotify) g_variant_unref, NULL, cancellable, callback,
              user_data, bs_client_sign_out_async);
  /* The request carries the token already; the client forgets it now, whatever the
   * answer, so a sign-in meanwhile keeps its new one. */
  bs_client_set_token (self, NULL);
}

gboolean
bs_client_sign_out_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_done (self, result, bs_client_sign_out_async, error);
}

void
bs_client_whoami_async (BsClient *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  start_call (self, "GET", "/api/whoami", NULL, CALL_JSON, parse_account,
              (GDestroyNotify) bs_account_free, NULL, cancellable, callback, user_data,
              bs_client_whoami_async);
}

BsAccount *
bs_client_whoami_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_whoami_async, error);
}

void
bs_client_change_password_async (BsClient *self, const char *old_password,
                                 const char *new_password, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "oldPassword");
  json_builder_add_string_value (builder, old_password);
  json_builder_set_member_name (builder, "newPassword");
  json_builder_add_string_value (builder, new_password);
  json_builder_end_object (builder);

  start_call (self, "PUT", "/api/account/password", builder, CALL_JSON, parse_done,
              (GDestroyNotify) g_variant_unref, NULL, cancellable, callback, user_data,
              bs_client_change_password_async);
}

gboolean
bs_client_change_password_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_done (self, result, bs_client_change_password_async, error);
}

void
bs_client_delete_account_async (BsClient *self, const char *password, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);

  start_call (self, "DELETE", "/api/account", builder, CALL_JSON, parse_done,
              (GDestroyNotify) g_variant_unref, NULL, cancellable, callback, user_data,
              bs_client_delete_account_async);
}

gboolean
bs_client_delete_account_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  gboolean done = finish_done (self, result, bs_client_delete_account_async, error);

  if (done)
    bs_client_set_token (self, NULL);
  return done;
}

void
bs_client_list_cart_async (BsClient *self, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "GET", "/api/cart", NULL, CALL_JSON, parse_cart,
              (GDestroyNotify) g_ptr_array_unref, NULL, cancellable, callback, user_data,
              bs_client_list_cart_async);
}

GPtrArray *
bs_client_list_cart_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_cart_async, error);
}

static JsonBuilder *
cart_body (const char *book_id,
           int         quantity)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "bookId");
  json_builder_add_string_value (builder, book_id);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, quantity);
  json_builder_end_object (builder);
  return builder;
}

void
bs_client_add_to_cart_async (BsClient *self, const char *book_id, int quantity,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = cart_body (book_id, quantity);

  start_call (self, "POST", "/api/cart", builder, CALL_JSON, parse_cart_change, cart_change_free,
              NULL, cancellable, callback, user_data, bs_client_add_to_cart_async);
}

/* Returns the line as the server now has it. */
BsCartItem *
bs_client_add_to_cart_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_cart_change (self, result, bs_client_add_to_cart_async, error);
}

void
bs_client_set_cart_quantity_async (BsClient *self, const char *book_id, int quantity,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = cart_body (book_id, quantity);

  start_call (self, "PUT", "/api/cart", builder, CALL_JSON, parse_cart_change, cart_change_free,
              NULL, cancellable, callback, user_data, bs_client_set_cart_quantity_async);
}

/* Returns the line, or %NULL without an error when quantity 0 removed it. */
BsCartItem *
bs_client_set_cart_quantity_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_cart_change (self, result, bs_client_set_cart_quantity_async, error);
}

void
bs_client_remove_from_cart_async (BsClient *self, const char *book_id,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autofree char *id = escape (book_id);
  g_autofree char *path = g_strconcat ("/api/cart/", id, NULL);

  start_call (self, "DELETE", path, NULL, CALL_JSON, parse_done, (GDestroyNotify) g_variant_unref,
              NULL, cancellable, callback, user_data, bs_client_remove_from_cart_async);
}

gboolean
bs_client_remove_from_cart_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_done (self, result, bs_client_remove_from_cart_async, error);
}

static gpointer
parse_cart_line_flat (JsonNode *root, Call *call, GError **error)
{
  JsonArray *array = root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
  JsonObject *item;

  if (array == NULL || json_array_get_length (array) > 1)
    {
      g_set_error_literal (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The server sent something unexpected: a list of at most one line"));
      return NULL;
    }
  item = json_array_get_length (array) == 1 ? json_array_get_object_element (array, 0) : NULL;
  return g_variant_ref_sink (g_variant_new_int32 (item != NULL
                                                    ? (gint32) json_object_get_int_member_with_default (item, "quantity", 0)
                                                    : 0));
}

/* How many copies of @book_id the cart holds (the seed's flat route); 0 when none. */
void
bs_client_get_cart_quantity_async (BsClient *self, const char *book_id, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *id = escape (book_id);
  g_autofree char *path = g_strconcat ("/api/cart/", id, NULL);

  start_call (self, "GET", path, NULL, CALL_JSON, parse_cart_line_flat,
              (GDestroyNotify) g_variant_unref, NULL, cancellable, callback, user_data,
              bs_client_get_cart_quantity_async);
}

int
bs_client_get_cart_quantity_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  g_autoptr(GVariant) quantity = finish_pointer (self, result, bs_client_get_cart_quantity_async,
                                                 error);

  return quantity != NULL ? g_variant_get_int32 (quantity) : -1;
}

/* The seed UI's first call; it changes nothing on our service. */
void
bs_client_init_async (BsClient *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  start_call (self, "POST", "/api/init", NULL, CALL_JSON, parse_done,
              (GDestroyNotify) g_variant_unref, NULL, cancellable, callback, user_data,
              bs_client_init_async);
}

gboolean
bs_client_init_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_done (self, result, bs_client_init_async, error);
}

void
bs_client_list_orders_async (BsClient *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "GET", "/api/orders", NULL, CALL_JSON, parse_orders,
              (GDestroyNotify) g_ptr_array_unref, NULL, cancellable, callback, user_data,
              bs_client_list_orders_async);
}

GPtrArray *
bs_client_list_orders_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_orders_async, error);
}

/* Orders the cart. A retry after no answer (or a server failure) sends the same
 * Idempotency-Key, so the server places the order at most once. */
void
bs_client_checkout_async (BsClient *self, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "POST", "/api/orders", NULL, CALL_CHECKOUT, parse_order, g_object_unref, NULL,
              cancellable, callback, user_data, bs_client_checkout_async);
}

BsOrder *
bs_client_checkout_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_checkout_async, error);
}

void
bs_client_list_friends_async (BsClient *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  start_call (self, "GET", "/api/friends", NULL, CALL_OPTIONAL, parse_friend_lists,
              (GDestroyNotify) bs_friend_lists_free, NULL, cancellable, callback, user_data,
              bs_client_list_friends_async);
}

BsFriendLists *
bs_client_list_friends_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_friends_async, error);
}

void
bs_client_request_friend_async (BsClient *self, const char *username, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_end_object (builder);

  start_call (self, "POST", "/api/friends", builder, CALL_JSON, parse_request_id, g_free, NULL,
              cancellable, callback, user_data, bs_client_request_friend_async);
}

/* Returns the request's id. */
char *
bs_client_request_friend_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_request_friend_async, error);
}

void
bs_client_accept_friend_async (BsClient *self, const char *customer_id, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *id = escape (customer_id);
  g_autofree char *path = g_strconcat ("/api/friends/", id, NULL);

  start_call (self, "POST", path, NULL, CALL_JSON, parse_done, (GDestroyNotify) g_variant_unref,
              NULL, cancellable, callback, user_data, bs_client_accept_friend_async);
}

gboolean
bs_client_accept_friend_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_done (self, result, bs_client_accept_friend_async, error);
}

void
bs_client_remove_friend_async (BsClient *self, const char *id, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *escaped = escape (id);
  g_autofree char *path = g_strconcat ("/api/friends/", escaped, NULL);

  start_call (self, "DELETE", path, NULL, CALL_JSON, parse_done, (GDestroyNotify) g_variant_unref,
              NULL, cancellable, callback, user_data, bs_client_remove_friend_async);
}

gboolean
bs_client_remove_friend_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_done (self, result, bs_client_remove_friend_async, error);
}

void
bs_client_list_recommendations_async (BsClient *self, guint limit, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *path = g_strdup_printf ("/api/recommendations?limit=%u", CLAMP (limit, 1, 1000));

  start_call (self, "GET", path, NULL, CALL_OPTIONAL, parse_recommendations,
              (GDestroyNotify) g_ptr_array_unref, NULL, cancellable, callback, user_data,
              bs_client_list_recommendations_async);
}

GPtrArray *
bs_client_list_recommendations_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_recommendations_async, error);
}

void
bs_client_list_friends_who_bought_async (BsClient *self, const char *book_id,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *id = escape (book_id);
  g_autofree char *path = g_strconcat ("/api/recommendations/", id, NULL);

  start_call (self, "GET", path, NULL, CALL_JSON, parse_people, (GDestroyNotify) g_ptr_array_unref,
              NULL, cancellable, callback, user_data, bs_client_list_friends_who_bought_async);
}

GPtrArray *
bs_client_list_friends_who_bought_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_list_friends_who_bought_async, error);
}

void
bs_client_get_cover_async (BsClient *self, const char *book_id, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *id = escape (book_id);
  g_autofree char *path = g_strconcat ("/api/getImage?bookId=", id, NULL);

  start_call (self, "GET", path, NULL, CALL_RAW, NULL, NULL, NULL, cancellable, callback,
              user_data, bs_client_get_cover_async);
}

/* Returns the image's bytes (PNG or JPEG). */
GBytes *
bs_client_get_cover_finish (BsClient *self, GAsyncResult *result, GError **error)
{
  return finish_pointer (self, result, bs_client_get_cover_async, error);
}
