/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-listener"

#include "config.h"

#include <stdio.h>

#include "bs-http.h"
#include "bs-json-body.h"
#include "bs-listener.h"
#include "bs-live-hub.h"
#include "bs-routes.h"

/* How long a stopping listener waits for requests in flight before it gives up. */
#define DRAIN_TIMEOUT_SECONDS 10

#define LIVE_PATH "/api/bestsellers/live"

struct _BsListener
{
  BsListenerSetup setup;
  char *db_path;             /* (owned) */
  GSocket *socket;           /* (owned) */
  GThread *thread;           /* (owned) */
  GMainContext *context;     /* (owned) */
  GMainLoop *loop;           /* (owned) */

  /* Only touched on the listener thread: */
  SoupServer *soup;          /* (owned) */
  BsStore *store;            /* (owned) */
  BsLiveHub *live;           /* (owned) (nullable once draining) */
  guint in_flight;
  gboolean draining;

  gint requests_served;      /* (atomic) */

  /* Start-up handshake with the thread that starts the listener. */
  GMutex lock;
  GCond ready_cond;
  gboolean ready;
  GError *start_error;       /* (owned) (nullable) */
};

static void
maybe_quit (BsListener *self)
{
  if (self->draining && self->in_flight == 0)
    g_main_loop_quit (self->loop);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    BsListener        *self)
{
  gint64 *started = g_new (gint64, 1);

  *started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "bs-started", started, g_free);
  self->in_flight++;
}

static void
request_ended (BsListener        *self,
               SoupServerMessage *msg)
{
  g_assert (self->in_flight > 0);
  self->in_flight--;
  g_atomic_int_inc (&self->requests_served);

  if (self->setup.access_log)
    {
      const gint64 *started = g_object_get_data (G_OBJECT (msg), "bs-started");
      double ms = started != NULL ? (g_get_monotonic_time () - *started) / 1000.0 : 0.0;
      GUri *uri = soup_server_message_get_uri (msg);

      /* One fprintf is one line: stdio locks the stream per call. */
      fprintf (stderr, "%u %s %s%s%s %u %" G_GINT64_FORMAT " %.1fms\n", self->setup.index,
               soup_server_message_get_method (msg), uri != NULL ? g_uri_get_path (uri) : "-",
               uri != NULL && g_uri_get_query (uri) != NULL ? "?" : "",
               uri != NULL && g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
               soup_server_message_get_status (msg),
               soup_server_message_get_response_body (msg)->length, ms);
    }

  maybe_quit (self);
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     BsListener        *self)
{
  request_ended (self, msg);
}

static void
request_aborted_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    BsListener        *self)
{
  request_ended (self, msg);
}

/* Refuses a request from its headers alone. libsoup still drains a body the client
 * sends anyway (a client that asked "Expect: 100-continue" never sends it), so the body
 * is told not to keep what it reads: memory stays bounded whatever length is declared. */
static void
refuse_body (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
  bs_http_reply_error (msg, status, "%s", message);
}

/* Runs once the headers are in, before any body is read. */
static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  BsListener *self = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);

  if (self->draining)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      refuse_body (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "The server is shutting down");
      return;
    }

  /* libsoup would answer a plain GET here with an HTML page. */
  if (g_str_equal (path, LIVE_PATH) &&
      !soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, NULL))
    {
      bs_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                           "/api/bestsellers/live is a WebSocket: connect with an Upgrade request");
      return;
    }

  switch (soup_message_headers_get_encoding (request))
    {
    case SOUP_ENCODING_CHUNKED:
      refuse_body (msg, SOUP_STATUS_LENGTH_REQUIRED,
                   "Chunked request bodies are not accepted; send Content-Length");
      break;
    case SOUP_ENCODING_CONTENT_LENGTH:
      if (soup_message_headers_get_content_length (request) > BS_JSON_BODY_MAX_SIZE)
        refuse_body (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                     "Request body is larger than 65536 bytes");
      break;
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  BsListener *self = user_data;
  BsRequest request;

  /* An upgrade to the live socket: libsoup completes it after this handler, unless the
   * handler sets a status. (The early handler refused anything else.) */
  if (g_str_equal (path, LIVE_PATH))
    return;

  request = (BsRequest) {
    .msg = msg,
    .query = query,
    .store = self->store,
    .pool = self->setup.pool,
    .context = self->context,
    .info = self->setup.info,
  };

  bs_routes_dispatch (&request);
  g_free (request.path_arg);
  g_free (request.customer_id);
}

static void
live_connected_cb (SoupServer              *soup,
                   SoupServerMessage       *msg,
                   const char              *path,
                   SoupWebsocketConnection *connection,
                   gpointer                 user_data)
{
  BsListener *self = user_data;

  /* libsoup took the connection over: its request ends here, not in "request-finished". */
  request_ended (self, msg);

  if (self->live != NULL)
    bs_live_hub_add (self->live, connection);
  else
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

static gboolean
set_up_server (BsListener  *self,
               GError     **error)
{
  self->store = bs_store_open (self->db_path, error);
  if (self->store == NULL)
    return FALSE;
  self->live = bs_live_hub_new (self->store, self->context);

  self->soup = soup_server_new ("server-header", "bookstore/" PACKAGE_VERSION " ",
                                "tls-certificate", self->setup.tls_certificate, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
  /* libsoup keeps one handler per path: the live path needs its own early and plain
   * handlers, or requests there would skip the checks above. */
  soup_server_add_early_handler (self->soup, LIVE_PATH, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, LIVE_PATH, handler_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, LIVE_PATH, NULL, NULL, live_connected_cb, self,
                                     NULL);

  return soup_server_listen_socket (self->soup, self->socket,
                                    self->setup.tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                    error);
}

static void
report_ready (BsListener *self,
              GError     *error)
{
  g_mutex_lock (&self->lock);
  self->start_error = error;
  self->ready = TRUE;
  g_cond_signal (&self->ready_cond);
  g_mutex_unlock (&self->lock);
}

static gpointer
listener_thread (gpointer data)
{
  BsListener *self = data;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);

  if (set_up_server (self, &error))
    {
      report_ready (self, NULL);
      g_main_loop_run (self->loop);
    }
  else
    report_ready (self, error);

  g_clear_pointer (&self->live, bs_live_hub_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);

  /* Let disconnected connections finish closing on this context. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
listener_free (BsListener *self)
{
  g_clear_object (&self->socket);
  g_clear_object (&self->setup.tls_certificate);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready_cond);
  g_free (self->db_path);
  g_free (self);
}

BsListener *
bs_listener_start (const BsListenerSetup  *setup,
                   GSocket                *socket,
                   GError                **error)
{
  BsListener *self = g_new0 (BsListener, 1);
  g_autofree char *name = g_strdup_printf ("bs-listener-%u", setup->index);

  self->setup = *setup;
  if (setup->tls_certificate != NULL)
    g_object_ref (setup->tls_certificate);
  self->db_path = g_strdup (setup->db_path);
  self->setup.db_path = self->db_path;
  self->socket = g_object_ref (socket);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready_cond);

  self->thread = g_thread_new (name, listener_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->ready_cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (self->thread);
      listener_free (self);
      return NULL;
    }
  return self;
}

static gboolean
drain_timeout_cb (gpointer data)
{
  BsListener *self = data;

  g_warning ("Listener %u stopped with %u requests still in flight", self->setup.index,
             self->in_flight);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
drain_cb (gpointer data)
{
  BsListener *self = data;
  GSource *timeout = g_timeout_source_new_seconds (DRAIN_TIMEOUT_SECONDS);

  self->draining = TRUE;
  /* Live subscribers are told the server goes away; they are not requests in flight. */
  g_clear_pointer (&self->live, bs_live_hub_free);
  g_source_set_callback (timeout, drain_timeout_cb, self, NULL);
  g_source_attach (timeout, self->context);
  g_source_unref (timeout);
  maybe_quit (self);
  return G_SOURCE_REMOVE;
}

/* Asks the listener to refuse new requests and to stop once those in flight are done. */
void
bs_listener_drain (BsListener *self)
{
  g_return_if_fail (self != NULL);

  g_main_context_invoke (self->context, drain_cb, self);
}

/* Waits for a draining listener to stop, and frees it. */
void
bs_listener_join (BsListener *self)
{
  g_return_if_fail (self != NULL);

  g_thread_join (self->thread);
  listener_free (self);
}

static gboolean
bestsellers_changed_cb (gpointer data)
{
  BsListener *self = data;

  if (self->live != NULL)
    bs_live_hub_changed (self->live);
  return G_SOURCE_REMOVE;
}

/* Thread-safe: tells this listener's live subscribers, on its own thread. */
void
bs_listener_bestsellers_changed (BsListener *self)
{
  g_main_context_invoke (self->context, bestsellers_changed_cb, self);
}

guint
bs_listener_get_requests_served (BsListener *self)
{
  return (guint) g_atomic_int_get (&self->requests_served);
}
