/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-worker-pool"

#include "config.h"

#include "bs-worker-pool.h"

struct _BsWorkerPool
{
  GThreadPool *threads;  /* (owned) */
  guint max_waiting;
  gint waiting;          /* (atomic): jobs submitted and not yet started */
  GMutex lock;
  GCond all_done;
  guint unfinished;      /* (locked): jobs submitted and not yet finished */
};

typedef struct
{
  BsWorkerPool *pool;
  GMainContext *context;  /* (owned) */
  BsWorkFunc work;
  BsWorkFunc done;
  gpointer data;
  GDestroyNotify destroy;
} Job;

static void
job_free (gpointer pointer)
{
  Job *job = pointer;

  if (job->destroy != NULL)
    job->destroy (job->data);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
job_done_cb (gpointer pointer)
{
  Job *job = pointer;

  job->done (job->data);
  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer pointer,
         gpointer user_data)
{
  Job *job = pointer;
  BsWorkerPool *self = job->pool;
  GSource *done;

  g_atomic_int_dec_and_test (&self->waiting);
  job->work (job->data);

  /* Attached, never invoked: g_main_context_invoke() would run @done right here on
   * the pool thread if nobody iterated the context any more. */
  done = g_idle_source_new ();
  g_source_set_callback (done, job_done_cb, job, job_free);
  g_source_attach (done, job->context);
  g_source_unref (done);

  g_mutex_lock (&self->lock);
  if (--self->unfinished == 0)
    g_cond_broadcast (&self->all_done);
  g_mutex_unlock (&self->lock);
}

BsWorkerPool *
bs_worker_pool_new (guint n_threads,
                    guint max_waiting)
{
  BsWorkerPool *self = g_new0 (BsWorkerPool, 1);

  g_return_val_if_fail (n_threads > 0, NULL);

  self->max_waiting = max_waiting;
  g_mutex_init (&self->lock);
  g_cond_init (&self->all_done);
  self->threads = g_thread_pool_new (run_job, self, (int) n_threads, FALSE, NULL);
  return self;
}

/* Returns %FALSE, without taking @data, when the queue is full: the caller answers 503. */
gboolean
bs_worker_pool_submit (BsWorkerPool   *self,
                       GMainContext   *context,
                       BsWorkFunc      work,
                       BsWorkFunc      done,
                       gpointer        data,
                       GDestroyNotify  destroy)
{
  Job *job;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (work != NULL && done != NULL, FALSE);

  if ((guint) g_atomic_int_add (&self->waiting, 1) >= self->max_waiting)
    {
      g_atomic_int_add (&self->waiting, -1);
      return FALSE;
    }

  job = g_new0 (Job, 1);
  job->pool = self;
  job->context = g_main_context_ref (context != NULL ? context : g_main_context_default ());
  job->work = work;
  job->done = done;
  job->data = data;
  job->destroy = destroy;
  g_mutex_lock (&self->lock);
  self->unfinished++;
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->threads, job, NULL);
  return TRUE;
}

/* Returns once every job already submitted has run. The jobs are counted here rather
 * than left to g_thread_pool_free()'s wait, which hung now and then in the tests' teardown
 * (GLib 2.74) with every job done; the idle threads then leave by themselves. */
void
bs_worker_pool_free (BsWorkerPool *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  while (self->unfinished > 0)
    g_cond_wait (&self->all_done, &self->lock);
  g_mutex_unlock (&self->lock);
  g_thread_pool_free (self->threads, FALSE, FALSE);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->all_done);
  g_free (self);
}
