/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-stream-worker"

#include "config.h"

#include "bs-store.h"
#include "bs-stream-worker.h"

#define BATCH_SIZE 100
#define POLL_INTERVAL_US G_USEC_PER_SEC

struct _BsStreamWorker
{
  char *db_path;
  GFunc changed;
  gpointer user_data;
  GThread *thread;

  GMutex lock;
  GCond cond;
  gboolean pending;    /* (locked) */
  gboolean stopping;   /* (locked) */
};

static void
consume_all (BsStreamWorker *self,
             BsStore        *store)
{
  g_autoptr(GError) error = NULL;
  gint64 applied;
  gboolean changed = FALSE;

  do
    {
      applied = bs_store_consume_orders (store, BATCH_SIZE, &error);
      changed |= applied > 0;
    }
  while (applied == BATCH_SIZE);

  /* The offset did not move: the next round tries the same events again. */
  if (applied < 0)
    g_warning ("Best sellers are behind: %s", error->message);
  if (changed)
    self->changed (NULL, self->user_data);
}

static gpointer
worker_thread (gpointer data)
{
  BsStreamWorker *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStore) store = bs_store_open (self->db_path, &error);

  if (store == NULL)
    {
      g_warning ("The best-seller worker cannot open its database: %s", error->message);
      return NULL;
    }

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      self->pending = FALSE;
      g_mutex_unlock (&self->lock);

      consume_all (self, store);

      g_mutex_lock (&self->lock);
      if (!self->pending && !self->stopping)
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + POLL_INTERVAL_US);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

BsStreamWorker *
bs_stream_worker_start (const char *db_path,
                        GFunc       changed,
                        gpointer    user_data)
{
  BsStreamWorker *self = g_new0 (BsStreamWorker, 1);

  self->db_path = g_strdup (db_path);
  self->changed = changed;
  self->user_data = user_data;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("bs-stream-worker", worker_thread, self);
  return self;
}

/* Thread-safe; cheap enough to call after every checkout. */
void
bs_stream_worker_wake (BsStreamWorker *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->pending = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Finishes the round in progress and joins the thread. Waking the worker afterwards does
 * nothing, so listeners may still do it until they stop. */
void
bs_stream_worker_stop (BsStreamWorker *self)
{
  if (self == NULL || self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_thread_join (g_steal_pointer (&self->thread));
}

void
bs_stream_worker_free (BsStreamWorker *self)
{
  if (self == NULL)
    return;
  bs_stream_worker_stop (self);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->db_path);
  g_free (self);
}
