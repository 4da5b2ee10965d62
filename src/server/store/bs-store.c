/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store"

#include "config.h"

#include "bs-pg-store.h"
#include "bs-sqlite-store.h"
#include "bs-store-engine.h"

typedef struct
{
  gint64 deadline;           /* monotonic µs; 0: no budget */
  GCancellable *cancellable; /* (owned) (nullable) */
  BsStoreProgressFunc progress_func;
  gpointer progress_data;
  gboolean catalog_changed;  /* in the transaction under way */
  GHashTable *kept_replies;  /* (owned) (nullable): key → GBytes, of kept_generation */
  guint kept_generation;
} BsStorePrivate;

/* Counts the catalog's committed changes made by any store of this process. A running
 * server is the only process that can change its database (its lock keeps any other
 * out), so a reply built at one generation stays true until the next. */
static gint catalog_generation;

#define MAX_KEPT_REPLIES 4096

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BsStore, bs_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (bs-store-error-quark, bs_store_error)

static void
bs_store_finalize (GObject *object)
{
  BsStorePrivate *priv = bs_store_get_instance_private (BS_STORE (object));

  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->kept_replies, g_hash_table_unref);

  G_OBJECT_CLASS (bs_store_parent_class)->finalize (object);
}

static void
bs_store_class_init (BsStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_store_finalize;
}

static void
bs_store_init (BsStore *self)
{
}

/* The store of @location: a SQLite database file. */
BsStore *
bs_store_open (const char  *location,
               GError     **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (bs_pg_store_is_location (location))
    return bs_pg_store_open (location, error);
  return bs_sqlite_store_open (location, error);
}

/* Gives the database its service identity once: it lives and dies with the database,
 * and clients key their caches by it. For an engine's migration, in its transaction. */
gboolean
bs_store_ensure_server_id (BsStore  *self,
                           GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *server_id = bs_store_get_meta (self, "server_id", &local_error);
  g_autofree char *uuid = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (server_id != NULL)
    return TRUE;
  uuid = g_uuid_string_random ();
  return bs_store_set_meta (self, "server_id", uuid, error);
}

/* Whether any number of servers may open @location at once (a database server's), or
 * only one (a file, which the server locks). */
gboolean
bs_store_location_is_shared (const char *location)
{
  return bs_pg_store_is_location (location);
}

/* @location as messages may show it: a database URI without its password. */
char *
bs_store_describe_location (const char *location)
{
  if (bs_pg_store_is_location (location))
    return bs_pg_store_describe (location);
  return g_strdup (location);
}

guint
bs_store_get_catalog_generation (BsStore *self)
{
  g_return_val_if_fail (BS_IS_STORE (self), 0);

  return BS_STORE_GET_CLASS (self)->get_catalog_generation (self);
}

/* For engines whose database only this process writes. */
guint
bs_store_get_process_catalog_generation (void)
{
  return (guint) g_atomic_int_get (&catalog_generation);
}

void
bs_store_note_catalog_changed (BsStore *self)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  priv->catalog_changed = TRUE;
}

/* A reply kept under @key at catalog generation @generation, if that is the one kept. */
GBytes *
bs_store_get_kept_reply (BsStore    *self,
                         const char *key,
                         guint       generation)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);
  GBytes *reply;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  if (priv->kept_replies == NULL || priv->kept_generation != generation)
    return NULL;
  reply = g_hash_table_lookup (priv->kept_replies, key);
  return reply != NULL ? g_bytes_ref (reply) : NULL;
}

/* Keeps @reply, built from what the catalog was at @generation (read before building
 * it: a change committed meanwhile makes it stale, never wrongly fresh). */
void
bs_store_keep_reply (BsStore    *self,
                     const char *key,
                     guint       generation,
                     GBytes     *reply)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  g_return_if_fail (BS_IS_STORE (self));

  if (priv->kept_replies == NULL || priv->kept_generation != generation ||
      g_hash_table_size (priv->kept_replies) >= MAX_KEPT_REPLIES)
    {
      g_clear_pointer (&priv->kept_replies, g_hash_table_unref);
      priv->kept_replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) g_bytes_unref);
      priv->kept_generation = generation;
    }
  g_hash_table_replace (priv->kept_replies, g_strdup (key), g_bytes_ref (reply));
}

/* Every query from now on this connection stops, with BS_STORE_ERROR_OVER_BUDGET, once
 * the monotonic clock passes @deadline (0: never), or, with G_IO_ERROR_CANCELLED, once
 * @cancellable is cancelled. A transaction a query was in is rolled back whole. */
void
bs_store_set_budget (BsStore      *self,
                     gint64        deadline,
                     GCancellable *cancellable)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  g_return_if_fail (BS_IS_STORE (self));

  priv->deadline = deadline;
  g_set_object (&priv->cancellable, cancellable);
}

/* Long operations (storing many books, working out search answers) report how far
 * they are through @func. */
void
bs_store_set_progress_func (BsStore             *self,
                            BsStoreProgressFunc  func,
                            gpointer             user_data)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  g_return_if_fail (BS_IS_STORE (self));

  priv->progress_func = func;
  priv->progress_data = user_data;
}

void
bs_store_report_progress (BsStore    *self,
                          const char *task,
                          guint       done,
                          guint       total)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  if (priv->progress_func != NULL)
    priv->progress_func (task, done, total, priv->progress_data);
}

static void
free_thread_stores (gpointer data)
{
  g_hash_table_unref (data);
}

/* A connection of the calling thread's own, for worker-pool threads that read the
 * database: opened on first use, closed when the thread ends. */
BsStore *
bs_store_for_this_thread (const char  *location,
                          GError     **error)
{
  static GPrivate stores = G_PRIVATE_INIT (free_thread_stores);
  GHashTable *by_location = g_private_get (&stores);
  BsStore *store;

  if (by_location == NULL)
    {
      by_location = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&stores, by_location);
    }

  store = g_hash_table_lookup (by_location, location);
  if (store == NULL)
    {
      store = bs_store_open (location, error);
      if (store == NULL)
        return NULL;
      g_hash_table_insert (by_location, g_strdup (location), store);
    }
  return store;
}

/* Whether the budget set with bs_store_set_budget() is spent: its deadline passed, or
 * its cancellable cancelled. */
gboolean
bs_store_is_over_budget (BsStore *self)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  return (priv->deadline != 0 && g_get_monotonic_time () > priv->deadline) ||
         g_cancellable_is_cancelled (priv->cancellable);
}

gboolean
bs_store_is_cancelled (BsStore *self)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  return g_cancellable_is_cancelled (priv->cancellable);
}

/* An engine tells when its outermost transaction ends, so that a committed change of
 * the catalog makes the replies kept so far stale. */
void
bs_store_transaction_ended (BsStore  *self,
                            gboolean  committed)
{
  BsStorePrivate *priv = bs_store_get_instance_private (self);

  if (committed && priv->catalog_changed)
    g_atomic_int_inc (&catalog_generation);
  priv->catalog_changed = FALSE;
}

gboolean
bs_store_migrate (BsStore  *self,
                  GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->migrate (self, error);
}

gboolean
bs_store_begin (BsStore  *self,
                GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->begin (self, error);
}

gboolean
bs_store_commit (BsStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->commit (self, error);
}

void
bs_store_rollback (BsStore *self)
{
  g_return_if_fail (BS_IS_STORE (self));

  BS_STORE_GET_CLASS (self)->rollback (self);
}

gboolean
bs_store_begin_read (BsStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->begin_read (self, error);
}

void
bs_store_end_read (BsStore *self)
{
  g_return_if_fail (BS_IS_STORE (self));

  BS_STORE_GET_CLASS (self)->end_read (self);
}

char *
bs_store_get_meta (BsStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->get_meta (self, key, error);
}

gboolean
bs_store_set_meta (BsStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->set_meta (self, key, value, error);
}

gboolean
bs_store_checkpoint (BsStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->checkpoint (self, error);
}

gboolean
bs_store_backup (BsStore     *self,
                 const char  *path,
                 GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->backup (self, path, error);
}

GPtrArray *
bs_store_list_books (BsStore     *self,
                     const char  *category,
                     guint        offset,
                     guint        limit,
                     GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_books (self, category, offset, limit, error);
}

gint64
bs_store_count_books (BsStore     *self,
                      const char  *category,
                      GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), -1);

  return BS_STORE_GET_CLASS (self)->count_books (self, category, error);
}

BsBookRecord *
bs_store_get_book (BsStore     *self,
                   const char  *book_id,
                   GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->get_book (self, book_id, error);
}

GPtrArray *
bs_store_list_categories (BsStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_categories (self, error);
}

gint64
bs_store_get_catalog_version (BsStore  *self,
                              GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), -1);

  return BS_STORE_GET_CLASS (self)->get_catalog_version (self, error);
}

gboolean
bs_store_upsert_books (BsStore    *self,
                       GPtrArray  *books,
                       guint      *out_changed,
                       GError    **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->upsert_books (self, books, out_changed, error);
}

gboolean
bs_store_remove_book (BsStore     *self,
                      const char  *book_id,
                      GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->remove_book (self, book_id, error);
}

GPtrArray *
bs_store_list_friends (BsStore     *self,
                       const char  *customer_id,
                       GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_friends (self, customer_id, error);
}

GPtrArray *
bs_store_list_incoming_requests (BsStore     *self,
                                 const char  *customer_id,
                                 GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_incoming_requests (self, customer_id, error);
}

GPtrArray *
bs_store_list_outgoing_requests (BsStore     *self,
                                 const char  *customer_id,
                                 GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_outgoing_requests (self, customer_id, error);
}

char *
bs_store_request_friend (BsStore     *self,
                         const char  *customer_id,
                         const char  *username,
                         gint64       now,
                         GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->request_friend (self, customer_id, username, now, error);
}

gboolean
bs_store_accept_friend (BsStore     *self,
                        const char  *customer_id,
                        const char  *requester_id,
                        gint64       now,
                        GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->accept_friend (self, customer_id, requester_id, now, error);
}

gboolean
bs_store_remove_friend (BsStore     *self,
                        const char  *customer_id,
                        const char  *id,
                        GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->remove_friend (self, customer_id, id, error);
}

gboolean
bs_store_befriend_accounts (BsStore             *self,
                            const char          *customer_id,
                            const char * const  *usernames,
                            gint64               now,
                            GError             **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->befriend_accounts (self, customer_id, usernames, now, error);
}

gboolean
bs_store_befriend_everyone (BsStore     *self,
                            const char  *customer_id,
                            gint64       now,
                            GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->befriend_everyone (self, customer_id, now, error);
}

GPtrArray *
bs_store_recommend (BsStore     *self,
                    const char  *customer_id,
                    guint        offset,
                    guint        limit,
                    GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->recommend (self, customer_id, offset, limit, error);
}

GPtrArray *
bs_store_friends_who_bought (BsStore     *self,
                             const char  *customer_id,
                             const char  *book_id,
                             GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->friends_who_bought (self, customer_id, book_id, error);
}

gint64
bs_store_consume_orders (BsStore  *self,
                         guint     max_events,
                         GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), -1);

  return BS_STORE_GET_CLASS (self)->consume_orders (self, max_events, error);
}

gboolean
bs_store_rebuild_bestsellers (BsStore  *self,
                              GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->rebuild_bestsellers (self, error);
}

GPtrArray *
bs_store_list_bestsellers (BsStore  *self,
                           guint     limit,
                           GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_bestsellers (self, limit, error);
}

gint64
bs_store_get_stream_lag (BsStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), -1);

  return BS_STORE_GET_CLASS (self)->get_stream_lag (self, error);
}

/* Whether @holder holds the lease @name now, taking it when it is free or has expired,
 * and extending it by @ttl_ms: of all the nodes serving one database, one at a time runs
 * the best-seller worker. A lease row with an expiry works on every engine that speaks
 * PostgreSQL's protocol (advisory locks do not). */
gboolean
bs_store_hold_lease (BsStore     *self,
                     const char  *name,
                     const char  *holder,
                     gint64       ttl_ms,
                     GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && holder != NULL && ttl_ms > 0, FALSE);

  return BS_STORE_GET_CLASS (self)->hold_lease (self, name, holder, ttl_ms, error);
}

/* A number that changes whenever the best sellers do, whoever counted them: each node
 * compares it to the last it saw before pushing the leaderboard; -1 on error. */
gint64
bs_store_get_bestsellers_version (BsStore  *self,
                                  GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), -1);

  return BS_STORE_GET_CLASS (self)->get_bestsellers_version (self, error);
}

/* Waits up to @timeout_us for news of new orders or best sellers from any node, or for
 * @wake_fd to be readable. Returns %FALSE without an error at once when the engine has
 * no such news (the caller then polls). */
gboolean
bs_store_wait_for_orders (BsStore  *self,
                          int       wake_fd,
                          gint64    timeout_us,
                          GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (wake_fd >= 0 && timeout_us >= 0, FALSE);

  return BS_STORE_GET_CLASS (self)->wait_for_orders (self, wake_fd, timeout_us, error);
}

/* Counts an attempt of @key (a username, a client address) in @scope, sets @out_attempt
 * and returns 0, when fewer than @limit's maximum count now; otherwise counts nothing and
 * returns the seconds until it may try again; -1 on error. An attempt counts while its
 * verdict is awaited — for at most @limit's verdict_ms, so that one cut off by a node's
 * death is released — and for the whole window once settled as failed. Kept in the
 * database, so that every node of one shop counts the same attempts. */
gint64
bs_store_admit_attempt (BsStore              *self,
                        const char           *scope,
                        const char           *key,
                        const BsAttemptLimit *limit,
                        gint64                now_ms,
                        gint64               *out_attempt,
                        GError              **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), -1);
  g_return_val_if_fail (scope != NULL && key != NULL && out_attempt != NULL, -1);
  g_return_val_if_fail (limit->max_attempts > 0 && limit->verdict_ms > 0 &&
                        limit->verdict_ms < limit->window_ms, -1);

  BsStoreClass *klass = BS_STORE_GET_CLASS (self);
  gint64 wait;

  /* Refused by a read while over the limit, so that a flood of refusals holds up no
   * writer; admitted by a second count once the engine's counts take turns. */
  wait = klass->attempt_wait (self, scope, key, limit, now_ms, error);
  if (wait != 0)
    return wait;
  if (!bs_store_begin (self, error))
    return -1;
  if (!klass->begin_attempts (self, now_ms - limit->window_ms, error) ||
      (wait = klass->attempt_wait (self, scope, key, limit, now_ms, error)) < 0 ||
      (wait == 0 &&
       (*out_attempt = klass->add_attempt (self, scope, key, now_ms, now_ms + limit->verdict_ms,
                                           error)) < 0))
    {
      bs_store_rollback (self);
      return -1;
    }
  if (!bs_store_commit (self, error))
    return -1;
  return wait;
}

/* The verdict on an admitted attempt: a failure keeps counting until it leaves the
 * window; anything else (a success, a check that never ran) stops counting. */
gboolean
bs_store_settle_attempt (BsStore   *self,
                         gint64     attempt,
                         gboolean   failed,
                         GError   **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (attempt > 0, FALSE);

  return BS_STORE_GET_CLASS (self)->settle_attempt (self, attempt, failed, error);
}

/* None of @key's attempts count any more. */
gboolean
bs_store_forgive_attempts (BsStore     *self,
                           const char  *scope,
                           const char  *key,
                           GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);
  g_return_val_if_fail (scope != NULL && key != NULL, FALSE);

  return BS_STORE_GET_CLASS (self)->forgive_attempts (self, scope, key, error);
}

GPtrArray *
bs_store_search_books (BsStore     *self,
                       const char  *text,
                       guint        offset,
                       guint        limit,
                       GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->search_books (self, text, offset, limit, error);
}

gboolean
bs_store_refresh_search_answers (BsStore  *self,
                                 guint     min_hits,
                                 GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->refresh_search_answers (self, min_hits, error);
}

BsCover *
bs_store_get_cover (BsStore     *self,
                    const char  *book_id,
                    GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->get_cover (self, book_id, error);
}

gboolean
bs_store_put_cover (BsStore     *self,
                    const char  *book_id,
                    const char  *content_type,
                    GBytes      *bytes,
                    gboolean     drawn,
                    GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->put_cover (self, book_id, content_type, bytes, drawn, error);
}

gboolean
bs_store_create_customer (BsStore           *self,
                          const BsCustomer  *customer,
                          gint64             now,
                          GError           **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->create_customer (self, customer, now, error);
}

BsCustomer *
bs_store_find_customer (BsStore     *self,
                        const char  *username,
                        GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->find_customer (self, username, error);
}

BsCustomer *
bs_store_get_customer (BsStore     *self,
                       const char  *customer_id,
                       GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->get_customer (self, customer_id, error);
}

gboolean
bs_store_change_password (BsStore       *self,
                          const char    *customer_id,
                          const char    *password_hash,
                          const guint8  *keep_token_hash,
                          GError       **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->change_password (self, customer_id, password_hash, keep_token_hash, error);
}

gboolean
bs_store_delete_customer (BsStore     *self,
                          const char  *customer_id,
                          GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->delete_customer (self, customer_id, error);
}

gboolean
bs_store_create_session (BsStore       *self,
                         const char    *customer_id,
                         const guint8  *token_hash,
                         gint64         now,
                         GError       **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->create_session (self, customer_id, token_hash, now, error);
}

char *
bs_store_find_session (BsStore       *self,
                       const guint8  *token_hash,
                       gint64         now,
                       gint64         max_idle,
                       GError       **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->find_session (self, token_hash, now, max_idle, error);
}

gboolean
bs_store_delete_session (BsStore       *self,
                         const guint8  *token_hash,
                         GError       **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->delete_session (self, token_hash, error);
}

gboolean
bs_store_delete_sessions (BsStore       *self,
                          const char    *customer_id,
                          const guint8  *except_token_hash,
                          GError       **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->delete_sessions (self, customer_id, except_token_hash, error);
}

GPtrArray *
bs_store_list_cart (BsStore     *self,
                    const char  *customer_id,
                    GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_cart (self, customer_id, error);
}

BsLineItem *
bs_store_get_cart_line (BsStore     *self,
                        const char  *customer_id,
                        const char  *book_id,
                        GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->get_cart_line (self, customer_id, book_id, error);
}

BsLineItem *
bs_store_add_to_cart (BsStore     *self,
                      const char  *customer_id,
                      const char  *book_id,
                      int          quantity,
                      GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->add_to_cart (self, customer_id, book_id, quantity, error);
}

BsLineItem *
bs_store_set_cart_quantity (BsStore     *self,
                            const char  *customer_id,
                            const char  *book_id,
                            int          quantity,
                            GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->set_cart_quantity (self, customer_id, book_id, quantity, error);
}

gboolean
bs_store_remove_from_cart (BsStore     *self,
                           const char  *customer_id,
                           const char  *book_id,
                           GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  return BS_STORE_GET_CLASS (self)->remove_from_cart (self, customer_id, book_id, error);
}

BsOrderRecord *
bs_store_checkout (BsStore     *self,
                   const char  *customer_id,
                   const char  *idempotency_key,
                   gint64       now,
                   gboolean    *out_replayed,
                   GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->checkout (self, customer_id, idempotency_key, now, out_replayed, error);
}

GPtrArray *
bs_store_list_orders (BsStore     *self,
                      const char  *customer_id,
                      GError     **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), NULL);

  return BS_STORE_GET_CLASS (self)->list_orders (self, customer_id, error);
}

gint64
bs_store_count_orders (BsStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (BS_IS_STORE (self), -1);

  return BS_STORE_GET_CLASS (self)->count_orders (self, error);
}
