/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-stream-worker"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <unistd.h>

#include "bs-store.h"
#include "bs-stream-worker.h"

#define BATCH_SIZE 100
#define POLL_INTERVAL_US G_USEC_PER_SEC
/* The leader renews its lease every round (a second at most): a node that dies leaves it
 * to another within this. */
#define LEASE_NAME "bestsellers"
#define LEASE_MS 5000

/* Of all the nodes serving one database, the one holding the lease counts new orders
 * into the best sellers; every node pushes the leaderboard to its clients whenever its
 * version moves, whoever counted. One SQLite server is all the nodes there are. */
struct _BsStreamWorker
{
  char *db_path;
  GFunc changed;
  gpointer user_data;
  GThread *thread;
  char *holder;         /* this node's name on the lease */
  int wake_pipe[2];     /* a byte: orders came in here, or the worker must stop */

  GMutex lock;
  GCond cond;
  gboolean pending;    /* (locked) */
  gboolean stopping;   /* (locked) */
};

/* A database server restarting or out of reach: its store reports that itself, once, and
 * the next round tries again. */
static gboolean
database_away (const GError *error)
{
  return g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_UNREACHABLE);
}

static void
consume_all (BsStreamWorker *self,
             BsStore        *store)
{
  g_autoptr(GError) error = NULL;
  gint64 applied;

  do
    applied = bs_store_consume_orders (store, BATCH_SIZE, &error);
  while (applied == BATCH_SIZE);

  /* Nothing was marked counted: the next round tries the same events again. */
  if (applied < 0 && !database_away (error))
    g_warning ("Best sellers are behind: %s", error->message);
}

static void
run_round (BsStreamWorker *self,
           BsStore        *store,
           gint64         *seen_version)
{
  g_autoptr(GError) error = NULL;
  gint64 version;

  if (bs_store_hold_lease (store, LEASE_NAME, self->holder, LEASE_MS, &error))
    consume_all (self, store);
  else if (error != NULL && !database_away (error))
    g_warning ("Cannot take the best sellers' lease: %s", error->message);
  g_clear_error (&error);

  version = bs_store_get_bestsellers_version (store, &error);
  if (version < 0)
    {
      if (!database_away (error))
        g_warning ("Cannot read the best sellers' version: %s", error->message);
    }
  else if (version != *seen_version)
    {
      *seen_version = version;
      self->changed (NULL, self->user_data);
    }
}

static void
drain_wake_pipe (BsStreamWorker *self)
{
  char bytes[64];

  while (read (self->wake_pipe[0], bytes, sizeof bytes) > 0)
    ;
}

/* Until the next round: woken by a checkout here, by news from another node where the
 * engine sends it, or after the poll interval. */
static void
wait_for_news (BsStreamWorker *self,
               BsStore        *store)
{
  g_autoptr(GError) error = NULL;

  if (bs_store_wait_for_orders (store, self->wake_pipe[0], POLL_INTERVAL_US, &error))
    {
      drain_wake_pipe (self);
      return;
    }
  if (error != NULL && !database_away (error))
    g_warning ("Cannot wait for news of orders: %s", error->message);

  g_mutex_lock (&self->lock);
  if (!self->pending && !self->stopping)
    g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + POLL_INTERVAL_US);
  g_mutex_unlock (&self->lock);
  drain_wake_pipe (self);
}

/* The worker's own connection: a database away at start is tried again every poll
 * interval until it comes, or until the worker is stopped (then %NULL). */
static BsStore *
open_store (BsStreamWorker *self)
{
  gboolean warned = FALSE;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      BsStore *store = bs_store_open (self->db_path, &error);

      if (store != NULL)
        return store;
      if (!warned)
        g_warning ("The best-seller worker cannot open its database, and tries again: %s",
                   error->message);
      warned = TRUE;
      g_mutex_lock (&self->lock);
      if (!self->stopping)
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + POLL_INTERVAL_US);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      g_mutex_unlock (&self->lock);
    }
}

static gpointer
worker_thread (gpointer data)
{
  BsStreamWorker *self = data;
  g_autoptr(BsStore) store = open_store (self);
  gint64 seen_version;

  if (store == NULL)
    return NULL;
  seen_version = bs_store_get_bestsellers_version (store, NULL);

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      self->pending = FALSE;
      g_mutex_unlock (&self->lock);

      run_round (self, store, &seen_version);
      wait_for_news (self, store);

      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

static void
wake (BsStreamWorker *self)
{
  const char byte = 1;

  g_cond_signal (&self->cond);
  if (write (self->wake_pipe[1], &byte, 1) < 0 && errno != EAGAIN)
    g_warning ("Cannot wake the best-seller worker: %s", g_strerror (errno));
}

BsStreamWorker *
bs_stream_worker_start (const char *db_path,
                        GFunc       changed,
                        gpointer    user_data)
{
  BsStreamWorker *self = g_new0 (BsStreamWorker, 1);

  self->db_path = g_strdup (db_path);
  self->holder = g_uuid_string_random ();
  if (!g_unix_open_pipe (self->wake_pipe, FD_CLOEXEC, NULL) ||
      !g_unix_set_fd_nonblocking (self->wake_pipe[0], TRUE, NULL) ||
      !g_unix_set_fd_nonblocking (self->wake_pipe[1], TRUE, NULL))
    g_error ("Cannot make the best-seller worker's pipe: %s", g_strerror (errno));
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
  wake (self);
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
  wake (self);
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
  close (self->wake_pipe[0]);
  close (self->wake_pipe[1]);
  g_free (self->holder);
  g_free (self->db_path);
  g_free (self);
}
