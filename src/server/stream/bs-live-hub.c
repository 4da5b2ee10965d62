/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-live-hub"

#include "config.h"

#include "bs-live-hub.h"
#include "bs-routes.h"

/* Frames go out at most this often: changes in between are folded into one. */
#define MIN_INTERVAL_US (G_USEC_PER_SEC / 10)
#define PING_INTERVAL_SECONDS 30

struct _BsLiveHub
{
  BsStore *store;            /* (owned) */
  GMainContext *context;     /* (owned) */
  GPtrArray *connections;    /* (owned): SoupWebsocketConnection */
  gint64 last_sent_us;
  GSource *pending;          /* (owned) (nullable): a send folded into a later one */
};

BsLiveHub *
bs_live_hub_new (BsStore      *store,
                 GMainContext *context)
{
  BsLiveHub *self = g_new0 (BsLiveHub, 1);

  self->store = g_object_ref (store);
  self->context = g_main_context_ref (context);
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

static void
closed_cb (SoupWebsocketConnection *connection,
           BsLiveHub               *self)
{
  g_signal_handlers_disconnect_by_data (connection, self);
  g_ptr_array_remove (self->connections, connection);
}

static GBytes *
current_frame (BsLiveHub *self)
{
  g_autoptr(GError) error = NULL;
  GBytes *frame = bs_bestsellers_json (self->store, &error);

  if (frame == NULL)
    g_warning ("Cannot read the best sellers: %s", error->message);
  return frame;
}

static void
send_frame (SoupWebsocketConnection *connection,
            GBytes                  *frame)
{
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_message (connection, SOUP_WEBSOCKET_DATA_TEXT, frame);
}

void
bs_live_hub_add (BsLiveHub               *self,
                 SoupWebsocketConnection *connection)
{
  g_autoptr(GBytes) frame = current_frame (self);

  soup_websocket_connection_set_keepalive_interval (connection, PING_INTERVAL_SECONDS);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  g_ptr_array_add (self->connections, g_object_ref (connection));
  if (frame != NULL)
    send_frame (connection, frame);
}

static void
broadcast (BsLiveHub *self)
{
  g_autoptr(GBytes) frame = current_frame (self);

  self->last_sent_us = g_get_monotonic_time ();
  if (frame == NULL)
    return;
  for (guint i = 0; i < self->connections->len; i++)
    send_frame (g_ptr_array_index (self->connections, i), frame);
}

static gboolean
pending_cb (gpointer data)
{
  BsLiveHub *self = data;

  g_clear_pointer (&self->pending, g_source_unref);
  broadcast (self);
  return G_SOURCE_REMOVE;
}

/* The leaderboard changed: tell every subscriber, at most ten times a second. */
void
bs_live_hub_changed (BsLiveHub *self)
{
  gint64 wait_us;

  if (self->connections->len == 0 || self->pending != NULL)
    return;

  wait_us = self->last_sent_us + MIN_INTERVAL_US - g_get_monotonic_time ();
  if (wait_us <= 0)
    {
      broadcast (self);
      return;
    }
  self->pending = g_timeout_source_new ((guint) (wait_us / 1000) + 1);
  g_source_set_callback (self->pending, pending_cb, self, NULL);
  g_source_attach (self->pending, self->context);
}

guint
bs_live_hub_get_size (BsLiveHub *self)
{
  return self->connections->len;
}

/* Closes every subscriber ("going away") and frees the hub. */
void
bs_live_hub_free (BsLiveHub *self)
{
  if (self == NULL)
    return;
  if (self->pending != NULL)
    {
      g_source_destroy (self->pending);
      g_source_unref (self->pending);
    }
  while (self->connections->len > 0)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (self->connections, 0);

      g_signal_handlers_disconnect_by_data (connection, self);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_ptr_array_remove_index (self->connections, 0);
    }
  g_ptr_array_unref (self->connections);
  g_main_context_unref (self->context);
  g_object_unref (self->store);
  g_free (self);
}
