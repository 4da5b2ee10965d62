/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-request"

#include "config.h"

#include <string.h>

#include "bs-http.h"
#include "bs-request.h"

typedef struct
{
  BsRequest request;          /* with its own references */
  BsRequestWorkFunc work;
  BsRequestFunc done;
  gpointer data;
  GDestroyNotify destroy;
  GCancellable *cancellable;  /* (owned): the client left, or the listener stopped waiting */
  GSource *hangup_watch;      /* (owned) (nullable) */
  gulong disconnected_id;
  gboolean disconnected;      /* libsoup let the connection go: nothing to resume */
  gulong stopping_id;
} Deferred;

static void
deferred_free (gpointer pointer)
{
  Deferred *deferred = pointer;

  if (deferred->destroy != NULL)
    deferred->destroy (deferred->data);
  g_clear_signal_handler (&deferred->disconnected_id, deferred->request.msg);
  if (deferred->hangup_watch != NULL)
    g_source_destroy (deferred->hangup_watch);
  g_clear_pointer (&deferred->hangup_watch, g_source_unref);
  g_cancellable_disconnect (deferred->request.stopping, deferred->stopping_id);
  g_object_unref (deferred->cancellable);
  g_object_unref (deferred->request.stopping);
  g_clear_object (&deferred->request.socket);
  g_clear_pointer (&deferred->request.query, g_hash_table_unref);
  g_free (deferred->request.path_arg);
  g_free (deferred->request.customer_id);
  g_object_unref (deferred->request.msg);
  g_object_unref (deferred->request.store);
  g_free (deferred);
}

/* On a pool thread: the work sees only its own data, since the store and the message
 * belong to the listener thread. */
static void
deferred_work_cb (gpointer pointer)
{
  Deferred *deferred = pointer;

  deferred->work (deferred->data, deferred->cancellable);
}

static void
deferred_done_cb (gpointer pointer)
{
  Deferred *deferred = pointer;

  deferred->done (&deferred->request, deferred->data);
  if (!deferred->disconnected)
    soup_server_message_unpause (deferred->request.msg);
}

/* The connection became readable while its request waits for the pool: the client
 * hung up (nothing to read), or sent more (a pipelined request, or TLS's close notice),
 * which this cannot tell from a hang-up later, so it stops watching. A heuristic: a
 * client that only shut down its sending side (nc -N) looks hung up too. */
static gboolean
connection_readable_cb (GSocket      *socket,
                        GIOCondition  condition,
                        gpointer      data)
{
  Deferred *deferred = data;
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;
  gssize got = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL);

  if (got <= 0 || (condition & (G_IO_HUP | G_IO_ERR)) != 0)
    g_cancellable_cancel (deferred->cancellable);
  g_clear_pointer (&deferred->hangup_watch, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* libsoup reads nothing from a connection whose request is paused, so it would not
 * notice a client that hangs up meanwhile: this watches for it. */
static void
watch_for_hangup (Deferred     *deferred,
                  GMainContext *context)
{
  GSocket *socket = deferred->request.socket;

  if (socket == NULL)
    return;
  deferred->hangup_watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (deferred->hangup_watch, G_SOURCE_FUNC (connection_readable_cb), deferred, NULL);
  g_source_attach (deferred->hangup_watch, context);
}

static void
disconnected_cb (SoupServerMessage *msg,
                 Deferred          *deferred)
{
  deferred->disconnected = TRUE;
  g_cancellable_cancel (deferred->cancellable);
}

static void
stopping_cb (GCancellable *stopping,
             GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* Pauses the request, runs @work (data) on the worker pool, then @done on this
 * listener's thread, which writes the reply. A full pool answers 503 at once, frees @data
 * and returns %FALSE. The work is cancelled when the client hangs up, or when the
 * listener, stopping, stops waiting. */
gboolean
bs_request_run_in_worker (BsRequest         *request,
                          BsRequestWorkFunc  work,
                          BsRequestFunc      done,
                          gpointer           data,
                          GDestroyNotify     destroy)
{
  Deferred *deferred = g_new0 (Deferred, 1);

  deferred->request = *request;
  deferred->request.msg = g_object_ref (request->msg);
  deferred->request.store = g_object_ref (request->store);
  deferred->request.query = request->query != NULL ? g_hash_table_ref (request->query) : NULL;
  deferred->request.path_arg = g_strdup (request->path_arg);
  deferred->request.customer_id = g_strdup (request->customer_id);
  deferred->request.stopping = g_object_ref (request->stopping);
  deferred->request.socket = request->socket != NULL ? g_object_ref (request->socket) : NULL;
  deferred->cancellable = g_cancellable_new ();
  deferred->stopping_id = g_cancellable_connect (request->stopping, G_CALLBACK (stopping_cb),
                                                 g_object_ref (deferred->cancellable), g_object_unref);
  deferred->work = work;
  deferred->done = done;
  deferred->data = data;
  deferred->destroy = destroy;

  if (!bs_worker_pool_submit (request->pool, request->context, deferred_work_cb,
                              deferred_done_cb, deferred, deferred_free))
    {
      deferred_free (deferred);
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", "1");
      bs_http_reply_error (request->msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                           "The server is busy; try again in a moment");
      return FALSE;
    }

  soup_server_message_pause (request->msg);
  deferred->disconnected_id = g_signal_connect (request->msg, "disconnected", G_CALLBACK (disconnected_cb),
                                                deferred);
  watch_for_hangup (deferred, request->context);
  return TRUE;
}

/* @address in one spelling, so that addresses compare as text: an IPv4 address mapped
 * into IPv6 (::ffff:a.b.c.d, as a dual-stack socket reports IPv4 peers) as IPv4. */
char *
bs_request_address_text (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);
  static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 &&
      memcmp (bytes, mapped_prefix, sizeof mapped_prefix) == 0)
    {
      g_autoptr(GInetAddress) ipv4 = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);

      return g_inet_address_to_string (ipv4);
    }
  return g_inet_address_to_string (address);
}

/* The address of the client the request comes from, in one spelling
 * (bs_request_address_text()): the peer's, or, when the peer is a trusted proxy
 * (--trusted-proxy), the one the proxy put in X-Real-IP. Anybody else's X-Real-IP is
 * ignored, or a client could choose its own address. */
char *
bs_request_client_address (BsRequest *request)
{
  GSocketAddress *peer = soup_server_message_get_remote_address (request->msg);
  g_autofree char *peer_text = NULL;
  g_autoptr(GInetAddress) forwarded = NULL;
  const char *header;

  if (!G_IS_INET_SOCKET_ADDRESS (peer))
    return g_strdup ("-");
  peer_text = bs_request_address_text (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (peer)));
  if (request->info->trusted_proxies == NULL ||
      !g_strv_contains ((const char * const *) request->info->trusted_proxies, peer_text))
    return g_steal_pointer (&peer_text);
  header = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                         "X-Real-IP");
  forwarded = header != NULL ? g_inet_address_new_from_string (header) : NULL;
  return forwarded != NULL ? bs_request_address_text (forwarded) : g_steal_pointer (&peer_text);
}
