/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-live-bestsellers"

#include "config.h"

#include "bs-live-bestsellers.h"

/* The best sellers as a live GListModel of BsBookCount: a subscription to
 * /api/bestsellers/live that replaces the model with every frame, reconnects with a
 * growing pause when the connection drops, and falls back to polling /api/bestsellers on
 * a server that has no live route (the seed's, say). */

#define FIRST_RETRY_MS 1000
#define MAX_RETRY_MS 30000
#define POLL_MS 30000

struct _BsLiveBestsellers
{
  GObject parent_instance;

  BsClient *client;                     /* (owned) */
  GListStore *model;                    /* (owned): BsBookCount */
  SoupWebsocketConnection *connection;  /* (owned) (nullable) */
  SoupMessage *handshake;               /* (owned) (nullable): while connecting */
  GCancellable *cancellable;            /* (owned) (nullable): while started */
  guint retry_source;
  guint poll_source;
  guint next_retry_ms;
  guint first_retry_ms;
  guint max_retry_ms;
  guint poll_ms;
  guint64 frames_received;
  guint64 frame_shown;
  gboolean polling;
  gboolean heard;                       /* the server sent a board since the start */
  gboolean loaded;                      /* the model holds a board, the server's or a saved one */
};

G_DEFINE_FINAL_TYPE (BsLiveBestsellers, bs_live_bestsellers, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTED,
  PROP_POLLING,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { BOARD_RECEIVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void connect_now (BsLiveBestsellers *self);
static void show_board  (BsLiveBestsellers *self,
                         GPtrArray         *board);

static void
bs_live_bestsellers_dispose (GObject *object)
{
  BsLiveBestsellers *self = BS_LIVE_BESTSELLERS (object);

  bs_live_bestsellers_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (bs_live_bestsellers_parent_class)->dispose (object);
}

static void
bs_live_bestsellers_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BsLiveBestsellers *self = BS_LIVE_BESTSELLERS (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, bs_live_bestsellers_is_connected (self));
      break;
    case PROP_POLLING:
      g_value_set_boolean (value, self->polling);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_live_bestsellers_class_init (BsLiveBestsellersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_live_bestsellers_dispose;
  object_class->get_property = bs_live_bestsellers_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POLLING] =
    g_param_spec_boolean ("polling", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE once the model holds a board, live or saved: an empty model means "nothing sold"
   * only then. */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server sent a board (a GPtrArray of BsBookCount), now in the model: worth
   * keeping for a start while the server is down. */
  signals[BOARD_RECEIVED] = g_signal_new ("board-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
bs_live_bestsellers_init (BsLiveBestsellers *self)
{
  self->model = g_list_store_new (BS_TYPE_BOOK_COUNT);
  self->first_retry_ms = FIRST_RETRY_MS;
  self->max_retry_ms = MAX_RETRY_MS;
  self->poll_ms = POLL_MS;
}

BsLiveBestsellers *
bs_live_bestsellers_new (BsClient *client)
{
  BsLiveBestsellers *self;

  g_return_val_if_fail (BS_IS_CLIENT (client), NULL);

  self = g_object_new (BS_TYPE_LIVE_BESTSELLERS, NULL);
  self->client = g_object_ref (client);
  return self;
}

GListModel *
bs_live_bestsellers_get_model (BsLiveBestsellers *self)
{
  g_return_val_if_fail (BS_IS_LIVE_BESTSELLERS (self), NULL);

  return G_LIST_MODEL (self->model);
}

gboolean
bs_live_bestsellers_is_connected (BsLiveBestsellers *self)
{
  g_return_val_if_fail (BS_IS_LIVE_BESTSELLERS (self), FALSE);

  return self->connection != NULL &&
         soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

gboolean
bs_live_bestsellers_is_loaded (BsLiveBestsellers *self)
{
  g_return_val_if_fail (BS_IS_LIVE_BESTSELLERS (self), FALSE);

  return self->loaded;
}

/* A board saved earlier, shown until the server sends one: never over the server's own. */
void
bs_live_bestsellers_show_saved (BsLiveBestsellers *self,
                                GPtrArray         *board)
{
  g_return_if_fail (BS_IS_LIVE_BESTSELLERS (self));
  g_return_if_fail (board != NULL);

  if (!self->heard)
    show_board (self, board);
}

gboolean
bs_live_bestsellers_is_polling (BsLiveBestsellers *self)
{
  g_return_val_if_fail (BS_IS_LIVE_BESTSELLERS (self), FALSE);

  return self->polling;
}

/* For tests: shorter pauses than a person would want. */
void
bs_live_bestsellers_set_timing (BsLiveBestsellers *self,
                                guint              first_retry_ms,
                                guint              max_retry_ms,
                                guint              poll_ms)
{
  g_return_if_fail (BS_IS_LIVE_BESTSELLERS (self));

  self->first_retry_ms = first_retry_ms;
  self->max_retry_ms = max_retry_ms;
  self->poll_ms = poll_ms;
}

static void
show_board (BsLiveBestsellers *self,
            GPtrArray         *board)
{
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       board->pdata, board->len);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
take_board (BsLiveBestsellers *self,
            GPtrArray         *board)
{
  self->heard = TRUE;
  show_board (self, board);
  g_signal_emit (self, signals[BOARD_RECEIVED], 0, board);
}

static void
set_polling (BsLiveBestsellers *self,
             gboolean           polling)
{
  if (self->polling == polling)
    return;
  self->polling = polling;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLING]);
}

static gboolean
retry_cb (gpointer data)
{
  BsLiveBestsellers *self = data;

  self->retry_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
retry_later (BsLiveBestsellers *self)
{
  if (self->cancellable == NULL || self->retry_source != 0)
    return;
  self->retry_source = g_timeout_add (self->next_retry_ms, retry_cb, self);
  self->next_retry_ms = MIN (self->next_retry_ms * 2, self->max_retry_ms);
}

static void
polled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) board = bs_client_list_bestsellers_finish (BS_CLIENT (source), result, &error);

  if (board != NULL)
    take_board (BS_LIVE_BESTSELLERS (user_data), board);
}

static gboolean
poll_cb (gpointer data)
{
  BsLiveBestsellers *self = data;

  bs_client_list_bestsellers_async (self->client, self->cancellable, polled_cb, self);
  return G_SOURCE_CONTINUE;
}

static void
start_polling (BsLiveBestsellers *self)
{
  set_polling (self, TRUE);
  poll_cb (self);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add (self->poll_ms, poll_cb, self);
}

typedef struct
{
  BsLiveBestsellers *self;  /* (unowned): a stop cancels the parse first */
  guint64 frame;
} FrameParse;

static void
frame_parsed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree FrameParse *parse = user_data;
  g_autoptr(GPtrArray) board = bs_json_parse_finish (result, NULL);
  BsLiveBestsellers *self = parse->self;

  /* A stop cancels the parse, and a cancelled GTask answers NULL even when its work was
   * done: so @self is touched only for a board, while it is alive. Frames are parsed side
   * by side; one overtaken by a later frame is dropped. */
  if (board == NULL || parse->frame <= self->frame_shown)
    return;
  self->frame_shown = parse->frame;
  take_board (self, board);
}

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            BsLiveBestsellers       *self)
{
  FrameParse *parse;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  parse = g_new0 (FrameParse, 1);
  parse->self = self;
  parse->frame = ++self->frames_received;
  bs_json_parse_async (message, (BsJsonParseFunc) bs_json_to_bestsellers,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, frame_parsed_cb,
                       parse);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           BsLiveBestsellers       *self)
{
  g_signal_handlers_disconnect_by_data (connection, self);
  g_clear_object (&self->connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  retry_later (self);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsLiveBestsellers *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection =
    soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (connection == NULL)
    {
      guint status;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A server that says the route is not there (the seed's kind) is asked now and
       * then instead; anything else, such as a proxy's passing 502, is tried again. */
      status = self->handshake != NULL ? soup_message_get_status (self->handshake) : 0;
      g_clear_object (&self->handshake);
      if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_METHOD_NOT_ALLOWED ||
          status == SOUP_STATUS_BAD_REQUEST)
        start_polling (self);
      else
        retry_later (self);
      return;
    }

  g_clear_object (&self->handshake);

  self->connection = connection;
  self->next_retry_ms = self->first_retry_ms;
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
connect_now (BsLiveBestsellers *self)
{
  g_autofree char *url = g_strconcat (bs_client_get_base_url (self->client),
                                      "/api/bestsellers/live", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (msg == NULL)
    return;
  g_set_object (&self->handshake, msg);
  soup_session_websocket_connect_async (bs_client_get_session (self->client), msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->cancellable, connected_cb, self);
}

void
bs_live_bestsellers_start (BsLiveBestsellers *self)
{
  g_return_if_fail (BS_IS_LIVE_BESTSELLERS (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->next_retry_ms = self->first_retry_ms;
  connect_now (self);
}

void
bs_live_bestsellers_stop (BsLiveBestsellers *self)
{
  g_return_if_fail (BS_IS_LIVE_BESTSELLERS (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_object (&self->handshake);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->connection);
    }
  set_polling (self, FALSE);
}
