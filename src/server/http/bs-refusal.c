/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-refusal"

#include "config.h"

#include <string.h>

#include "bs-json-writer.h"
#include "bs-refusal.h"

/* libsoup reads a request's whole body before it sends any answer (unless the client
 * asked "Expect: 100-continue"), however large the declared length. A request refused
 * from its headers alone therefore takes the connection over: the JSON answer is
 * written, the sending side shut, and what the client still sends is read and dropped
 * for a moment — closing on unread data would reset the connection and lose the answer.
 * The answer carries its length, so a client has all of it before the close. */

#define LINGER_BYTES (1024 * 1024)
#define LINGER_SECONDS 2

typedef struct
{
  GIOStream *stream;      /* (owned) */
  GBytes *response;       /* (owned) */
  GCancellable *linger;   /* (owned): cancelled when the lingering time is up */
  GSource *linger_timeout; /* (owned) (nullable) */
  gsize drained;
  char buffer[16 * 1024];
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  if (refusal->linger_timeout != NULL)
    {
      g_source_destroy (refusal->linger_timeout);
      g_source_unref (refusal->linger_timeout);
    }
  g_io_stream_close (refusal->stream, NULL, NULL);
  g_object_unref (refusal->stream);
  g_bytes_unref (refusal->response);
  g_object_unref (refusal->linger);
  g_free (refusal);
}

static void
drained_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (refusal->drained += (gsize) n) >= LINGER_BYTES)
    {
      refusal_free (refusal);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_DEFAULT, refusal->linger, drained_cb, refusal);
}

static gboolean
linger_over_cb (gpointer user_data)
{
  Refusal *refusal = user_data;

  g_cancellable_cancel (refusal->linger);
  return G_SOURCE_REMOVE;
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_free (refusal);
      return;
    }

  /* On the listener's own context, like every callback here. */
  refusal->linger_timeout = g_timeout_source_new_seconds (LINGER_SECONDS);
  g_source_set_callback (refusal->linger_timeout, linger_over_cb, refusal, NULL);
  g_source_attach (refusal->linger_timeout, g_main_context_get_thread_default ());
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream), refusal->buffer,
                             sizeof refusal->buffer, G_PRIORITY_DEFAULT, refusal->linger,
                             drained_cb, refusal);
}

/* Answers @status with the API's JSON error and closes the connection, without reading
 * the request's body. Call from an early handler, on the listener's thread. */
void
bs_refuse_before_body (SoupServerMessage *msg,
                       guint              status,
                       const char        *message)
{
  BsJsonWriter *writer = bs_json_writer_new ();
  g_autofree char *body = NULL;
  Refusal *refusal = g_new0 (Refusal, 1);
  GString *response;

  bs_json_writer_begin_object (writer);
  bs_json_writer_member_boolean (writer, "error", TRUE);
  bs_json_writer_member_int (writer, "code", status);
  bs_json_writer_member_string (writer, "message", message);
  bs_json_writer_end_object (writer);
  body = bs_json_writer_free_to_string (writer);

  response = g_string_new (NULL);
  g_string_append_printf (response,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n"
                          "\r\n%s",
                          status, soup_status_get_phrase (status), strlen (body), body);

  refusal->response = g_string_free_to_bytes (response);
  refusal->linger = g_cancellable_new ();
  refusal->stream = soup_server_message_steal_connection (msg);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (refusal->stream),
                                   g_bytes_get_data (refusal->response, NULL),
                                   g_bytes_get_size (refusal->response), G_PRIORITY_DEFAULT, NULL,
                                   written_cb, refusal);
}
