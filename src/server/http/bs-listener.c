/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-listener"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <stdio.h>

#include "bs-http.h"
#include "bs-json-body.h"
#include "bs-listener.h"
#include "bs-live-hub.h"
#include "bs-refusal.h"
#include "bs-routes.h"

/* A stopping listener waits this long for requests in flight, then drops their
 * connections, and gives up waiting altogether after the grace period. */
#define DRAIN_TIMEOUT_SECONDS 10
#define DRAIN_GRACE_SECONDS 5

/* What a request may spend on this thread's own queries; searches, which may take
 * longer, run on the pool with a budget of their own. */
#define ROUTE_BUDGET_US (5 * G_USEC_PER_SEC)

#define LIVE_PATH "/api/bestsellers/live"

struct _BsListener
{
  BsListenerSetup setup;
  char *db_path;             /* (owned) */
  GSocket *socket;           /* (owned): listening, until draining */
  GThread *thread;           /* (owned) */
  GMainContext *context;     /* (owned) */
  GMainLoop *loop;           /* (owned) */
  GCancellable *stopping;    /* (owned): cancelled when the drain stops waiting */
  GHashTable *clients;       /* "address:port" → GWeakRef to the GSocket, under clients_lock */

  /* Only touched on the listener thread: */
  GSource *accept_source;    /* (owned) (nullable once draining) */
  SoupServer *soup;          /* (owned) */
  BsStore *store;            /* (owned) */
  BsLiveHub *live;           /* (owned) (nullable once draining) */
  guint in_flight;           /* messages alive: each is let go exactly once */
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

/* The clients' sockets by address, so that a request waiting for the pool can watch
 * its connection: libsoup knows only the stream of a connection it did not accept. A
 * socket may go on another thread (a TLS handshake's), hence the lock. */
static GMutex clients_lock;

typedef struct
{
  GHashTable *clients;
  char *address;
  GSocket *socket;
} Client;

static void
client_gone_cb (gpointer  data,
                GObject  *socket)
{
  Client *client = data;

  GWeakRef *reference;

  /* Gone already, so its weak reference is empty; a newer client's at this address is
   * not. */
  g_mutex_lock (&clients_lock);
  reference = g_hash_table_lookup (client->clients, client->address);
  if (reference != NULL)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (reference);

      if (alive == NULL)
        g_hash_table_remove (client->clients, client->address);
    }
  g_mutex_unlock (&clients_lock);
  g_hash_table_unref (client->clients);
  g_free (client->address);
  g_free (client);
}

static void
remember_client (BsListener     *self,
                 GSocket        *socket,
                 GSocketAddress *remote)
{
  Client *client = g_new0 (Client, 1);

  client->clients = g_hash_table_ref (self->clients);
  client->address = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote));
  GWeakRef *reference = g_new0 (GWeakRef, 1);

  g_weak_ref_init (reference, socket);
  g_mutex_lock (&clients_lock);
  g_hash_table_replace (self->clients, g_strdup (client->address), reference);
  g_mutex_unlock (&clients_lock);
  g_object_weak_ref (G_OBJECT (socket), client_gone_cb, client);
}

/* Returns a reference, or NULL when the client is gone. */
static GSocket *
client_socket (BsListener        *self,
               SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autofree char *address = NULL;
  GWeakRef *reference;
  GSocket *socket = NULL;

  if (remote == NULL)
    return NULL;
  address = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote));
  g_mutex_lock (&clients_lock);
  reference = g_hash_table_lookup (self->clients, address);
  if (reference != NULL)
    socket = g_weak_ref_get (reference);
  g_mutex_unlock (&clients_lock);
  return socket;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* libsoup reports the end of a request in several ways, and in some not at all (a
 * client that hangs up mid-headers, a connection taken over); the message object going
 * away is the one end every request has. */
static void
message_gone_cb (gpointer  data,
                 GObject  *where_the_message_was)
{
  BsListener *self = data;

  g_assert (self->in_flight > 0);
  self->in_flight--;
  maybe_quit (self);
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
  g_object_weak_ref (G_OBJECT (msg), message_gone_cb, self);
}

static void
log_request (BsListener        *self,
             SoupServerMessage *msg)
{
  const gint64 *started = g_object_get_data (G_OBJECT (msg), "bs-started");
  double ms = started != NULL ? (g_get_monotonic_time () - *started) / 1000.0 : 0.0;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;

  /* One fprintf is one line: stdio locks the stream per call. */
  fprintf (stderr, "%u %s %s%s%s %u %" G_GINT64_FORMAT " %.1fms\n", self->setup.index,
           soup_server_message_get_method (msg), uri != NULL ? g_uri_get_path (uri) : "-",
           query != NULL ? "?" : "", query != NULL ? query : "",
           soup_server_message_get_status (msg),
           soup_server_message_get_response_body (msg)->length, ms);
}

static void
request_ended (BsListener        *self,
              SoupServerMessage *msg)
{
  g_atomic_int_inc (&self->requests_served);
  if (self->setup.access_log)
    log_request (self, msg);
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

/* Longer targets are refused with a 414; past some 64 KiB of request head, libsoup
 * drops the connection before any handler could answer. */
#define MAX_TARGET_LENGTH 8192

static gsize
request_target_length (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  return strlen (g_uri_get_path (uri)) + (query != NULL ? strlen (query) + 1 : 0);
}

/* libsoup answers some requests itself, with an empty body: a path that decodes to a
 * NUL byte or to a new "/.." segment is a 400 before any handler runs. Those get the
 * API's JSON error too, once their body is read. */
static void
request_read_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 BsListener        *self)
{
  guint status = soup_server_message_get_status (msg);

  if (status >= 400 && soup_server_message_get_response_body (msg)->length == 0)
    bs_http_reply_error (msg, status, "%s",
                         status == SOUP_STATUS_BAD_REQUEST ? N_("The request's path is not valid")
                                                           : soup_status_get_phrase (status));
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

  /* A path may hold any bytes; the log gets valid UTF-8. */
  if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    {
      g_autofree char *shown = g_utf8_make_valid (path, -1);

      g_debug ("%s %s: headers in", soup_server_message_get_method (msg), shown);
    }
  if (self->draining)
    {
      SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

      soup_message_headers_replace (response, "Connection", "close");
      soup_message_headers_replace (response, "Retry-After", "1");
      bs_http_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, N_("The server is shutting down"));
      return;
    }

  if (request_target_length (msg) > MAX_TARGET_LENGTH)
    {
      bs_refuse_before_body (msg, SOUP_STATUS_REQUEST_URI_TOO_LONG,
                             "The request's path and query are longer than 8192 bytes");
      return;
    }

  switch (soup_message_headers_get_encoding (request))
    {
    case SOUP_ENCODING_CHUNKED:
      bs_refuse_before_body (msg, SOUP_STATUS_LENGTH_REQUIRED,
                             "Chunked request bodies are not accepted; send Content-Length");
      return;
    case SOUP_ENCODING_CONTENT_LENGTH:
      /* "-1" or past 2^63: libsoup would wait for a body that never ends. */
      if (soup_message_headers_get_content_length (request) < 0)
        {
          bs_refuse_before_body (msg, SOUP_STATUS_BAD_REQUEST,
                                 "Content-Length must be a number of bytes");
          return;
        }
      if (soup_message_headers_get_content_length (request) > BS_JSON_BODY_MAX_SIZE)
        {
          bs_refuse_before_body (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                 "Request body is larger than 65536 bytes");
          return;
        }
      break;
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }

  /* libsoup would answer a plain GET here with an HTML page. */
  if (g_str_equal (path, LIVE_PATH) &&
      !soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, NULL))
    bs_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                         "/api/bestsellers/live is a WebSocket: connect with an Upgrade request");
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
    .stopping = self->stopping,
    .socket = client_socket (self, msg),
    .info = self->setup.info,
  };

  bs_store_set_budget (self->store, g_get_monotonic_time () + ROUTE_BUDGET_US, NULL);
  bs_routes_dispatch (&request);
  bs_store_set_budget (self->store, 0, NULL);
  g_clear_object (&request.socket);
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

  /* libsoup took the connection over: "request-finished" never comes for it. */
  request_ended (self, msg);

  if (self->live != NULL)
    bs_live_hub_add (self->live, connection);
  else
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

/* Connections are accepted here rather than by libsoup, so that draining can stop
 * listening while the requests in flight finish. */
static gboolean
accept_cb (GSocket      *socket,
           GIOCondition  condition,
           gpointer      user_data)
{
  BsListener *self = user_data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (socket, NULL, &error);
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GIOStream) stream = NULL;
      g_autoptr(GSocketAddress) local = NULL;
      g_autoptr(GSocketAddress) remote = NULL;

      if (client == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_warning ("Cannot accept a connection: %s", error->message);
          return G_SOURCE_CONTINUE;
        }

      /* libsoup sets this on the sockets it accepts; these it never sees accepted.
       * Without it, Nagle's algorithm holds a reply's second write until the client
       * acknowledges the first, which its delayed ACK puts off by some 40 ms. */
      if (!g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, &error))
        {
          g_warning ("Cannot send replies at once: %s", error->message);
          g_clear_error (&error);
        }
      /* A connection that sends nothing for that long, idle or in the middle of a
       * request, is closed: otherwise each one held open would cost a file descriptor
       * for good. */
      g_socket_set_timeout (client, self->setup.idle_timeout_seconds);
      connection = g_socket_connection_factory_create_connection (client);
      if (self->setup.tls_certificate != NULL)
        {
          stream = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (connection),
                                                             self->setup.tls_certificate, &error));
          if (stream == NULL)
            {
              g_warning ("Cannot set up TLS: %s", error->message);
              continue;
            }
        }
      else
        stream = G_IO_STREAM (g_object_ref (connection));

      local = g_socket_get_local_address (client, NULL);
      remote = g_socket_get_remote_address (client, NULL);
      if (remote != NULL)
        remember_client (self, client, remote);
      if (!soup_server_accept_iostream (self->soup, stream, local, remote, &error))
        g_warning ("Cannot serve a connection: %s", error->message);
    }
}

static void
stop_listening (BsListener *self)
{
  if (self->accept_source == NULL)
    return;
  g_source_destroy (self->accept_source);
  g_clear_pointer (&self->accept_source, g_source_unref);
  g_socket_close (self->socket, NULL);
}

/* libsoup keeps connections alive only while the server has a listener of its own
 * (request_finished() in soup-server.c checks for one). Ours are accepted by hand, so
 * the server gets this one: a loopback socket on a free port that is never advertised. */
static gboolean
add_keepalive_anchor (BsListener  *self,
                      GError     **error)
{
  g_autoptr(GSocket) anchor = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;

  if (anchor == NULL)
    return FALSE;
  address = g_inet_socket_address_new (loopback, 0);
  return g_socket_bind (anchor, address, FALSE, error) && g_socket_listen (anchor, error) &&
         soup_server_listen_socket (self->soup, anchor, 0, error);
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
  g_signal_connect (self->soup, "request-read", G_CALLBACK (request_read_cb), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
  /* libsoup keeps one handler per path: the live path needs its own early and plain
   * handlers, or requests there would skip the checks above. */
  soup_server_add_early_handler (self->soup, LIVE_PATH, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, LIVE_PATH, handler_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, LIVE_PATH, NULL, NULL, live_connected_cb, self,
                                     NULL);
  if (!add_keepalive_anchor (self, error))
    return FALSE;

  g_socket_set_blocking (self->socket, FALSE);
  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (accept_cb), self, NULL);
  g_source_attach (self->accept_source, self->context);
  return TRUE;
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

  stop_listening (self);
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
  g_clear_object (&self->stopping);
  g_clear_pointer (&self->clients, g_hash_table_unref);
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
  self->stopping = g_cancellable_new ();
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, weak_ref_free);
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
drain_grace_over_cb (gpointer data)
{
  BsListener *self = data;

  g_warning ("Listener %u stopped with %u requests unfinished", self->setup.index,
             self->in_flight);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

/* Requests still unfinished after the drain timeout have their connections dropped;
 * work they left on the pool still reports back here before the loop ends. */
static gboolean
drain_timeout_cb (gpointer data)
{
  BsListener *self = data;
  GSource *grace = g_timeout_source_new_seconds (DRAIN_GRACE_SECONDS);

  g_cancellable_cancel (self->stopping);
  soup_server_disconnect (self->soup);
  g_source_set_callback (grace, drain_grace_over_cb, self, NULL);
  g_source_attach (grace, self->context);
  g_source_unref (grace);
  return G_SOURCE_REMOVE;
}

static gboolean
drain_cb (gpointer data)
{
  BsListener *self = data;
  GSource *timeout = g_timeout_source_new_seconds (DRAIN_TIMEOUT_SECONDS);

  self->draining = TRUE;
  stop_listening (self);
  /* Live subscribers are told the server goes away; they are not requests in flight. */
  g_clear_pointer (&self->live, bs_live_hub_free);
  g_source_set_callback (timeout, drain_timeout_cb, self, NULL);
  g_source_attach (timeout, self->context);
  g_source_unref (timeout);
  maybe_quit (self);
  return G_SOURCE_REMOVE;
}

/* Asks the listener to stop listening, to refuse new requests on open connections, and
 * to stop once those in flight are done. */
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
