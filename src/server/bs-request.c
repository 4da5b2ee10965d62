/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-request"

#include "config.h"

#include "bs-http.h"
#include "bs-request.h"

typedef struct
{
  BsRequest request;   /* with its own references */
  BsWorkFunc work;
  BsRequestFunc done;
  gpointer data;
  GDestroyNotify destroy;
} Deferred;

static void
deferred_free (gpointer pointer)
{
  Deferred *deferred = pointer;

  if (deferred->destroy != NULL)
    deferred->destroy (deferred->data);
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

  deferred->work (deferred->data);
}

static void
deferred_done_cb (gpointer pointer)
{
  Deferred *deferred = pointer;

  deferred->done (&deferred->request, deferred->data);
  soup_server_message_unpause (deferred->request.msg);
}

/* Pauses the request, runs @work (data) on the worker pool, then @done on this
 * listener's thread, which writes the reply. A full pool answers 503 at once. */
void
bs_request_run_in_worker (BsRequest      *request,
                          BsWorkFunc      work,
                          BsRequestFunc   done,
                          gpointer        data,
                          GDestroyNotify  destroy)
{
  Deferred *deferred = g_new0 (Deferred, 1);

  deferred->request = *request;
  deferred->request.msg = g_object_ref (request->msg);
  deferred->request.store = g_object_ref (request->store);
  deferred->request.query = request->query != NULL ? g_hash_table_ref (request->query) : NULL;
  deferred->request.path_arg = g_strdup (request->path_arg);
  deferred->request.customer_id = g_strdup (request->customer_id);
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
      return;
    }

  soup_server_message_pause (request->msg);
}
