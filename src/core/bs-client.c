/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-client-private.h"

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

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
bs_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BsClient *self = BS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BsClient *self = BS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_client_constructed (GObject *object)
{
  BsClient *self = BS_CLIENT (object);

  G_OBJECT_CLASS (bs_client_parent_class)->constructed (object);

  if (self->base_url == NULL)
    self->base_url = g_strdup ("");
  if (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", USER_AGENT, "timeout",
                                                   DEFAULT_TIMEOUT_SECONDS, NULL);
}

static void
bs_client_class_init (BsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_client_finalize;
  object_class->get_property = bs_client_get_property;
  object_class->set_property = bs_client_set_property;
  object_class->constructed = bs_client_constructed;

  /* The service's address; a trailing slash is dropped. */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The caller's own, such as one with a short timeout for tests; else one of the
   * client's. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (BS_TYPE_CLIENT, "base-url", base_url, "session", session, NULL);
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

struct _Call
{
  BsClient *client;            /* (owned) */
  SoupMessage *msg;            /* (owned) */
  const BsRoute *route;
  char *path;                  /* (owned) */
  gboolean answered;           /* a success, or a 304 the call asked for */
  guint status;                /* copied from the answer for the worker thread: */
  char *etag;                  /* (owned) (nullable) */
  gint64 total;                /* X-Total-Count, or -1 */
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
  bs_call_log_add (call->client->call_log, call->route->method, call->path, status, call->body->len,
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
  g_autofree char *message = bs_json_error_message ((const char *) body->data, body->len);
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

static gpointer
parse_answer (Call    *call,
              GError **error)
{
  const BsRoute *route = call->route;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(BsBookPage) page = NULL;
  g_autoptr(GError) json_error = NULL;

  if (route->flags & BS_CALL_PAGE)
    {
      page = g_new0 (BsBookPage, 1);
      page->etag = g_strdup (call->etag);
      page->total = call->total;
      page->not_modified = call->status == SOUP_STATUS_NOT_MODIFIED;
      if (page->not_modified)
        return g_steal_pointer (&page);
    }

  parser = json_parser_new_immutable ();
  if (call->body->len == 0 ||
      !json_parser_load_from_data (parser, (const char *) call->body->data,
                                   (gssize) call->body->len, &json_error))
    {
      g_set_error (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                   /* Translators: %s is the JSON parser's own description of the problem. */
                   _("The server sent something that is not JSON: %s"),
                   json_error != NULL ? json_error->message : "(nothing)");
      return NULL;
    }

  /* A route that only says it went well still answers JSON, not a portal's page. */
  if (route->parse == NULL)
    return GINT_TO_POINTER (TRUE);
  if (page == NULL)
    return route->parse (json_parser_get_root (parser), error);
  page->books = route->parse (json_parser_get_root (parser), error);
  return page->books != NULL ? g_steal_pointer (&page) : NULL;
}

/* Refusals and answers alike are read here, off the main thread. */
static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gpointer result;

  if (!call->answered)
    g_task_return_error (task, status_error (call->status, call->body));
  else if ((result = parse_answer (call, &error)) == NULL)
    g_task_return_error (task, error);
  else if (call->route->parse == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_pointer (task, result, call->route->result_free);
}

static void
answer_complete (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  BsCallFlags flags = call->route->flags;
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);
  const char *total = soup_message_headers_get_one (headers, "X-Total-Count");
  guint status = soup_message_get_status (call->msg);

  log_call (call, status);

  /* A checkout is settled by an order or a final refusal; one lost on the way (no
   * answer, a server failure, "still in progress", "too many") is retried with the same
   * key, so it is placed at most once. */
  if ((flags & BS_CALL_CHECKOUT) && status < 500 && status != SOUP_STATUS_CONFLICT &&
      status != 429)
    g_clear_pointer (&call->client->checkout_key, g_free);

  /* The seed's server has no categories, friends or recommendations routes: an app on
   * it shows those parts empty rather than failing. */
  if (status == SOUP_STATUS_NOT_FOUND && (flags & BS_CALL_OPTIONAL))
    {
      g_byte_array_set_size (call->body, 0);
      g_byte_array_append (call->body, (const guint8 *) call->route->empty_answer,
                           (guint) strlen (call->route->empty_answer));
      status = SOUP_STATUS_OK;
    }
  /* Only a call that sent If-None-Match is told "not modified". */
  call->answered = SOUP_STATUS_IS_SUCCESSFUL (status) ||
                   (status == SOUP_STATUS_NOT_MODIFIED && (flags & (BS_CALL_PAGE | BS_CALL_RAW)));

  if ((flags & BS_CALL_RAW) && call->answered)
    {
      BsCoverAnswer *cover = g_new0 (BsCoverAnswer, 1);

      cover->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
      if (status != SOUP_STATUS_NOT_MODIFIED)
        cover->bytes = g_byte_array_free_to_bytes (g_byte_array_ref (call->body));
      g_task_return_pointer (task, cover, (GDestroyNotify) bs_cover_answer_free);
      return;
    }

  /* The parser runs on a worker thread: it gets copies, not libsoup's objects. */
  call->status = status;
  call->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  call->total = total != NULL ? g_ascii_strtoll (total, NULL, 10) : -1;
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

/* Calls @route with @args; the answer is parsed on a worker thread. */
void
bs_client_call (BsClient            *self,
                const BsRoute       *route,
                const BsCallArgs    *args,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  static const BsCallArgs no_args = { NULL, };
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  Call *call;

  g_return_if_fail (BS_IS_CLIENT (self));

  if (args == NULL)
    args = &no_args;
  g_task_set_source_tag (task, (gpointer) route);

  id = args->id != NULL ? g_uri_escape_string (args->id, NULL, FALSE) : NULL;
  call = g_new0 (Call, 1);
  call->client = g_object_ref (self);
  call->route = route;
  call->path = g_strconcat (route->path, id != NULL ? id : "", args->query, NULL);
  call->body = g_byte_array_new ();
  call->started = g_get_monotonic_time ();
  url = g_strconcat (self->base_url, call->path, NULL);
  call->msg = soup_message_new (route->method, url);
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
  soup_message_headers_replace (headers, "Accept",
                                (route->flags & BS_CALL_RAW) ? "image/*" : "application/json");
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (args->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", args->if_none_match);
  if (route->flags & BS_CALL_CHECKOUT)
    {
      if (self->checkout_key == NULL)
        self->checkout_key = g_uuid_string_random ();
      soup_message_headers_replace (headers, "Idempotency-Key", self->checkout_key);
    }
  if (args->body != NULL)
    soup_message_set_request_body_from_bytes (call->msg, "application/json", args->body);

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, cancellable, sent_cb,
                           g_steal_pointer (&task));
}

static gboolean
is_result_of (BsClient      *self,
              GAsyncResult  *result,
              const BsRoute *route)
{
  return BS_IS_CLIENT (self) && g_task_is_valid (result, self) &&
         g_task_get_source_tag (G_TASK (result)) == route;
}

gpointer
bs_client_call_finish (BsClient      *self,
                       GAsyncResult  *result,
                       const BsRoute *route,
                       GError       **error)
{
  g_return_val_if_fail (is_result_of (self, result, route), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
bs_client_call_finish_done (BsClient      *self,
                            GAsyncResult  *result,
                            const BsRoute *route,
                            GError       **error)
{
  g_return_val_if_fail (is_result_of (self, result, route), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
