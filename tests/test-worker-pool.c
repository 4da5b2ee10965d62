/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-worker-pool.h"

/* The pool runs work on its threads, reports back on the submitting context, and refuses
 * work beyond its queue instead of piling it up. */

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean started;
  gboolean release;
  GThread *worker_thread;
  GThread *done_thread;
  guint done;
} Gate;

static void
blocking_work (gpointer data)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  gate->started = TRUE;
  gate->worker_thread = g_thread_self ();
  g_cond_broadcast (&gate->cond);
  while (!gate->release)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
}

static void
quick_work (gpointer data)
{
}

static void
done_cb (gpointer data)
{
  Gate *gate = data;

  gate->done_thread = g_thread_self ();
  gate->done++;
}

static void
test_bounded_queue (void)
{
  BsWorkerPool *pool = bs_worker_pool_new (1, 1);
  GMainContext *context = g_main_context_new ();
  Gate gate = { 0 };

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);

  g_main_context_push_thread_default (context);
  g_assert_true (bs_worker_pool_submit (pool, context, blocking_work, done_cb, &gate, NULL));
  g_mutex_lock (&gate.lock);
  while (!gate.started)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);

  /* One thread busy: one job may wait, the next is refused. */
  g_assert_true (bs_worker_pool_submit (pool, context, quick_work, done_cb, &gate, NULL));
  g_assert_false (bs_worker_pool_submit (pool, context, quick_work, done_cb, &gate, NULL));

  g_mutex_lock (&gate.lock);
  gate.release = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);

  while (gate.done < 2)
    g_main_context_iteration (context, TRUE);

  /* The work ran on a pool thread; its completion came back here. */
  g_assert_true (gate.worker_thread != g_thread_self ());
  g_assert_true (gate.done_thread == g_thread_self ());
  g_assert_true (bs_worker_pool_submit (pool, context, quick_work, done_cb, &gate, NULL));

  bs_worker_pool_free (pool);
  while (gate.done < 3)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/worker-pool/bounded-queue", test_bounded_queue);

  return g_test_run ();
}
