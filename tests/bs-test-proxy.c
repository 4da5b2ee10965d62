/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-test-proxy.h"
#include "bs-test-util.h"

/* Each request goes to the upstream server at once; the answers to the next @count
 * requests matching the rule are kept back until bs_test_proxy_release(), so the
 * server has done its work and only the client waits. Requests can be held instead:
 * then the server sees them only at the release, after those sent later. Or answers
 * can be lost: the server did the work, the client's connection just closes; or cut off
 * halfway through their body. */

typedef enum
{
  HOLD_ANSWERS,
  HOLD_REQUESTS,
  DROP_ANSWERS,
  CUT_ANSWERS,
} Rule;

struct _BsTestProxy
{
  SoupServer *server;
  SoupSession *session;
  char *url;
  char *upstream;
  char *hold_method;
  char *hold_path;
  guint hold_count;
  Rule rule;
  guint n_dropped;
  GPtrArray *held;   /* Forward: answered upstream and kept back, or not sent yet */
  guint in_flight;
  GCancellable *cancellable;
};

typedef struct
{
  BsTestProxy *proxy;
  SoupServerMessage *msg;   /* (owned) */
  SoupMessage *upstream;    /* (owned) */
  gboolean hold;
  gboolean drop;
  gboolean cut;
  gboolean sent;
} Forward;

static void
forward_free (Forward *forward)
{
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward);
}

static void
copy_header_cb (const char *name,
                const char *value,
                gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
forward_answer (Forward *forward)
{
  soup_server_message_unpause (forward->msg);
  forward_free (forward);
}

/* Sends the answer's status line, its headers with the whole body's length, and the first
 * half of the body; then closes the connection. */
static void
send_half_and_close (Forward *forward,
                     GBytes  *body)
{
  g_autoptr(GIOStream) connection = soup_server_message_steal_connection (forward->msg);
  GOutputStream *output = g_io_stream_get_output_stream (connection);
  gsize size = g_bytes_get_size (body);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u Cut\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                           soup_message_get_status (forward->upstream), size);

  g_output_stream_write_all (output, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (output, g_bytes_get_data (body, NULL), size / 2, NULL, NULL, NULL);
  g_io_stream_close (connection, NULL, NULL);
  forward_free (forward);
}

static void
upstream_answered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (forward->msg);

  forward->proxy->in_flight--;
  /* The server is gone: so is the connection, as the client would see it without us.
   * A dropped answer looks the same. */
  if (body == NULL || forward->drop)
    {
      forward->proxy->n_dropped += forward->drop;
      g_autoptr(GIOStream) connection = soup_server_message_steal_connection (forward->msg);

      g_io_stream_close (connection, NULL, NULL);
      forward_free (forward);
      return;
    }
  if (forward->cut)
    {
      send_half_and_close (forward, body);
      return;
    }
  soup_message_headers_foreach (soup_message_get_response_headers (forward->upstream), copy_header_cb,
                                headers);
  soup_message_headers_remove (headers, "Content-Length");
  soup_message_headers_remove (headers, "Transfer-Encoding");
  soup_message_headers_remove (headers, "Connection");
  soup_message_headers_set_content_length (headers, g_bytes_get_size (body));
  soup_server_message_set_status (forward->msg, soup_message_get_status (forward->upstream), NULL);
  if (g_bytes_get_size (body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (forward->msg), body);
  if (forward->hold)
    g_ptr_array_add (forward->proxy->held, forward);
  else
    forward_answer (forward);
}

static void
send_upstream (Forward *forward)
{
  BsTestProxy *self = forward->proxy;

  forward->sent = TRUE;
  self->in_flight++;
  soup_session_send_and_read_async (self->session, forward->upstream, G_PRIORITY_DEFAULT, self->cancellable,
                                    upstream_answered_cb, forward);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  BsTestProxy *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autofree char *target = g_strconcat (self->upstream, path,
                                         g_uri_get_query (uri) != NULL ? "?" : "",
                                         g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                                         NULL);
  Forward *forward;
  SoupMessageHeaders *upstream_headers;
  g_autoptr(GBytes) body = NULL;

  /* The live best sellers' WebSocket is not carried: it would hold one of the client's
   * few connections for good. */
  if (soup_message_headers_header_contains (soup_server_message_get_request_headers (msg), "Upgrade",
                                            "websocket"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_IMPLEMENTED, NULL);
      return;
    }
  forward = g_new0 (Forward, 1);

  forward->proxy = self;
  forward->msg = g_object_ref (msg);
  forward->upstream = soup_message_new (method, target);
  upstream_headers = soup_message_get_request_headers (forward->upstream);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header_cb,
                                upstream_headers);
  soup_message_headers_remove (upstream_headers, "Host");
  soup_message_headers_remove (upstream_headers, "Content-Length");
  soup_message_headers_remove (upstream_headers, "Connection");
  body = soup_message_body_flatten (request_body);
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (forward->upstream,
                                              soup_message_headers_get_content_type (upstream_headers, NULL),
                                              body);
  soup_server_message_pause (msg);
  if (self->hold_count > 0 && g_strcmp0 (method, self->hold_method) == 0 &&
      g_strcmp0 (path, self->hold_path) == 0)
    {
      self->hold_count--;
      if (self->rule == HOLD_REQUESTS)
        {
          g_ptr_array_add (self->held, forward);
          return;
        }
      forward->hold = self->rule == HOLD_ANSWERS;
      forward->drop = self->rule == DROP_ANSWERS;
      forward->cut = self->rule == CUT_ANSWERS;
    }
  send_upstream (forward);
}

BsTestProxy *
bs_test_proxy_new (const char *upstream)
{
  BsTestProxy *self = g_new0 (BsTestProxy, 1);

  self->upstream = g_strdup (upstream);
  g_strchomp (self->upstream);
  if (g_str_has_suffix (self->upstream, "/"))
    self->upstream[strlen (self->upstream) - 1] = '\0';
  self->session = soup_session_new_with_options ("max-conns", 256, "max-conns-per-host", 256, NULL);
  self->cancellable = g_cancellable_new ();
  self->held = g_ptr_array_new ();
  self->server = bs_test_fake_server_new (proxy_cb, self, &self->url);
  return self;
}

const char *
bs_test_proxy_get_url (BsTestProxy *self)
{
  return self->url;
}

static void
hold (BsTestProxy *self,
      const char  *method,
      const char  *path,
      guint        count,
      Rule         rule)
{
  g_free (self->hold_method);
  g_free (self->hold_path);
  self->hold_method = g_strdup (method);
  self->hold_path = g_strdup (path);
  self->hold_count = count;
  self->rule = rule;
}

/* Keeps back the answers to the next @count requests of @method on @path. */
void
bs_test_proxy_hold_answers (BsTestProxy *self,
                            const char  *method,
                            const char  *path,
                            guint        count)
{
  hold (self, method, path, count, HOLD_ANSWERS);
}

/* Keeps the next @count requests of @method on @path from the server until the
 * release. */
void
bs_test_proxy_hold_requests (BsTestProxy *self,
                             const char  *method,
                             const char  *path,
                             guint        count)
{
  hold (self, method, path, count, HOLD_REQUESTS);
}

/* Loses the answers to the next @count requests of @method on @path: the server does
 * the work, the client sees its connection close. */
void
bs_test_proxy_drop_answers (BsTestProxy *self,
                            const char  *method,
                            const char  *path,
                            guint        count)
{
  hold (self, method, path, count, DROP_ANSWERS);
}

/* Cuts the answers to the next @count requests of @method on @path halfway through
 * their body: the server does the work, the client reads half an answer and the
 * connection closes. */
void
bs_test_proxy_cut_answers (BsTestProxy *self,
                           const char  *method,
                           const char  *path,
                           guint        count)
{
  hold (self, method, path, count, CUT_ANSWERS);
}

guint
bs_test_proxy_n_dropped (BsTestProxy *self)
{
  return self->n_dropped;
}

/* How many answers, or requests, are kept back now. */
guint
bs_test_proxy_n_held (BsTestProxy *self)
{
  return self->held->len;
}

/* Lets what was kept go, oldest first, and holds nothing more. */
void
bs_test_proxy_release (BsTestProxy *self)
{
  g_autoptr(GPtrArray) held = g_steal_pointer (&self->held);

  self->held = g_ptr_array_new ();
  self->hold_count = 0;
  for (guint i = 0; i < held->len; i++)
    {
      Forward *forward = g_ptr_array_index (held, i);

      if (forward->sent)
        forward_answer (forward);
      else
        send_upstream (forward);
    }
}

void
bs_test_proxy_free (BsTestProxy *self)
{
  bs_test_proxy_release (self);
  g_cancellable_cancel (self->cancellable);
  while (self->in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  bs_test_fake_server_free (self->server);
  g_object_unref (self->session);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->held);
  g_free (self->url);
  g_free (self->upstream);
  g_free (self->hold_method);
  g_free (self->hold_path);
  g_free (self);
}
