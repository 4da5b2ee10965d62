/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bs-auth.h"
#include "bs-catalog-file.h"
#include "bs-synthetic-catalog.h"
#include "bs-cover-import.h"
#include "bs-demo.h"
#include "bs-listener.h"
#include "bs-password.h"
#include "bs-server-resources.h"
#include "bs-server-socket.h"
#include "bs-server.h"
#include "bs-store.h"
#include "bs-stream-worker.h"

#define DEFAULT_ADDRESS "127.0.0.1"
#define WORKER_QUEUE_LIMIT 64
/* Sign-in failures allowed in a window, per username and per client address. */
#define SIGNIN_WINDOW_SECONDS (15 * 60)
#define SIGNIN_FAILURES_PER_USER 5
#define SIGNIN_FAILURES_PER_ADDRESS 30

struct _BsServer
{
  GObject parent_instance;

  char *db_path;             /* (owned) */
  char *address;             /* (owned) */
  guint port;
  guint n_threads;
  gboolean access_log;
  gboolean hold_stream;
  guint idle_timeout_seconds;
  char *tls_certificate_path;  /* (owned) (nullable) */
  char *tls_key_path;          /* (owned) (nullable) */

  int lock_fd;               /* -1 until opened */
  BsStore *store;            /* (owned) (nullable): operations at start, checkpoint at stop */
  BsServiceInfo info;        /* (owned members) */
  BsWorkerPool *pool;        /* (owned) (nullable) */
  GMutex listeners_lock;     /* guards listeners against the stream worker's thread */
  GPtrArray *listeners;      /* (owned) (nullable): BsListener */
  GPtrArray *sockets;        /* (owned) (nullable): bound, until the listeners take them */
  char *url;                 /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (BsServer, bs_server, G_TYPE_OBJECT)

static void
release_database (BsServer *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !bs_store_checkpoint (self->store, &error))
    g_warning ("Could not checkpoint the database: %s", error->message);
  g_clear_object (&self->store);

  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

static void
bs_server_finalize (GObject *object)
{
  BsServer *self = BS_SERVER (object);

  bs_server_stop (self);
  release_database (self);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_free (self->info.server_id);
  g_free (self->info.db_path);
  bs_throttle_free (self->info.signin_by_user);
  bs_throttle_free (self->info.signin_by_address);
  g_strfreev (self->info.trusted_proxies);
  bs_claims_free (self->info.checkouts);
  g_free (self->db_path);
  g_free (self->address);
  g_free (self->tls_certificate_path);
  g_free (self->tls_key_path);
  g_free (self->url);
  g_mutex_clear (&self->listeners_lock);

  G_OBJECT_CLASS (bs_server_parent_class)->finalize (object);
}

static void
bs_server_class_init (BsServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_server_finalize;

  bs_server_register_resource ();
}

static void
bs_server_init (BsServer *self)
{
  self->lock_fd = -1;
  g_mutex_init (&self->listeners_lock);
}

/* The trusted proxies' addresses in the spelling bs_request_client_address() compares;
 * they were checked when the options were read. */
static char **
trusted_proxies_text (const char * const *addresses)
{
  g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();

  if (addresses == NULL)
    return NULL;
  for (guint i = 0; addresses[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (addresses[i]);
      g_autofree char *text = NULL;

      g_return_val_if_fail (address != NULL, NULL);
      text = bs_request_address_text (address);
      g_strv_builder_add (texts, text);
    }
  return g_strv_builder_end (texts);
}

BsServer *
bs_server_new (const BsServerConfig *config)
{
  BsServer *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->db_path != NULL, NULL);

  self = g_object_new (BS_TYPE_SERVER, NULL);
  self->db_path = g_strdup (config->db_path);
  self->info.db_path = g_strdup (config->db_path);
  self->address = g_strdup (config->address != NULL ? config->address : DEFAULT_ADDRESS);
  self->port = config->port;
  self->n_threads = config->n_threads != 0 ? config->n_threads : g_get_num_processors ();
  self->info.demo = config->demo;
  self->info.signin_by_user = bs_throttle_new ("user", SIGNIN_FAILURES_PER_USER, SIGNIN_WINDOW_SECONDS);
  self->info.signin_by_address = bs_throttle_new ("address", SIGNIN_FAILURES_PER_ADDRESS,
                                                  SIGNIN_WINDOW_SECONDS);
  self->info.checkouts = bs_claims_new ();
  self->info.friend_everyone = config->friend_everyone;
  self->info.trusted_proxies = trusted_proxies_text (config->trusted_proxies);
  self->info.search_budget_us = config->search_budget_us > 0 ? config->search_budget_us
                                                            : BS_SERVER_DEFAULT_SEARCH_BUDGET_US;
  self->hold_stream = config->hold_stream;
  self->access_log = config->access_log;
  self->idle_timeout_seconds = config->idle_timeout_seconds != 0
                                 ? config->idle_timeout_seconds
                                 : BS_SERVER_DEFAULT_IDLE_TIMEOUT_SECONDS;
  self->tls_certificate_path = g_strdup (config->tls_certificate);
  self->tls_key_path = g_strdup (config->tls_key);
  return self;
}

/* One server process owns an SQLite database: an flock on a file beside it, which the
 * kernel drops when the process dies however it dies. Any number of nodes share a
 * PostgreSQL database. */
static gboolean
lock_database (BsServer  *self,
               GError   **error)
{
  g_autofree char *lock_path = NULL;
  g_autofree char *directory = NULL;
  int saved_errno;

  if (bs_store_location_is_shared (self->db_path))
    return TRUE;

  lock_path = g_strconcat (self->db_path, ".lock", NULL);
  directory = g_path_get_dirname (self->db_path);

  if (g_mkdir_with_parents (directory, 0700) < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the database folder %s: %s", directory, g_strerror (saved_errno));
      return FALSE;
    }

  self->lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot open %s: %s", lock_path, g_strerror (saved_errno));
      return FALSE;
    }

  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) < 0)
    {
      saved_errno = errno;
      close (self->lock_fd);
      self->lock_fd = -1;
      if (saved_errno == EWOULDBLOCK)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                     "The database %s is in use by another bookstore server", self->db_path);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     "Cannot lock %s: %s", lock_path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Takes the database, brings its schema up to date and, with demo, seeds the demo
 * shop once. Operations may follow; then bs_server_start() serves. */
gboolean
bs_server_open (BsServer  *self,
                GError   **error)
{
  g_return_val_if_fail (BS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);

  if (!lock_database (self, error))
    return FALSE;

  self->store = bs_store_open (self->db_path, error);
  if (self->store == NULL ||
      !bs_store_migrate (self->store, error) ||
      (self->info.demo && !bs_demo_seed (self->store, error)) ||
      !(self->info.server_id = bs_store_get_meta (self->store, "server_id", error)))
    {
      g_autofree char *where = bs_store_describe_location (self->db_path);

      g_prefix_error (error, "Cannot use the database %s: ", where);
      release_database (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
bs_server_import_catalog (BsServer    *self,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GPtrArray) books = NULL;

  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, FALSE);

  books = bs_catalog_file_load (path, error);
  return books != NULL && bs_store_upsert_books (self->store, books, NULL, error);
}

gboolean
bs_server_remove_book (BsServer    *self,
                       const char  *book_id,
                       GError     **error)
{
  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, FALSE);

  return bs_store_remove_book (self->store, book_id, error);
}

gboolean
bs_server_add_synthetic (BsServer  *self,
                         guint      n_books,
                         GError   **error)
{
  g_autoptr(GPtrArray) books = NULL;

  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, FALSE);

  books = bs_synthetic_catalog_new (n_books);
  return bs_store_upsert_books (self->store, books, NULL, error);
}

/* A search that would rank this many hits or more (some 10 ms' work here) is worked
 * out once for the catalog, when it changes. */
#define SEARCH_ANSWER_MIN_HITS 5000

gboolean
bs_server_refresh_search_answers (BsServer  *self,
                                  GError   **error)
{
  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, FALSE);

  return bs_store_refresh_search_answers (self->store, SEARCH_ANSWER_MIN_HITS, error);
}

void
bs_server_set_progress_func (BsServer            *self,
                             BsStoreProgressFunc  func,
                             gpointer             user_data)
{
  g_return_if_fail (BS_IS_SERVER (self) && self->store != NULL);

  bs_store_set_progress_func (self->store, func, user_data);
}

gboolean
bs_server_import_covers (BsServer    *self,
                         const char  *directory,
                         GError     **error)
{
  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, FALSE);

  return bs_cover_import_directory (self->store, directory, NULL, error);
}

/* The embedded shop's single user: an account made on first use, with a password nobody
 * knows, and a fresh session for the app that embeds the server. Returns the token. */
char *
bs_server_open_local_session (BsServer  *self,
                              GError   **error)
{
  g_autoptr(BsCustomer) customer = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 token_hash[BS_SESSION_TOKEN_HASH_SIZE];
  g_autofree char *token = NULL;
  gint64 now = bs_auth_now_ms ();

  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, NULL);

  customer = bs_store_find_customer (self->store, BS_SERVER_LOCAL_USERNAME, &local_error);
  if (customer == NULL)
    {
      const char * const regulars[] = { "john.d@macrometa.io", "harry.d@macrometa.io", NULL };
      g_autofree char *secret = g_uuid_string_random ();
      g_autofree char *hash = NULL;

      if (!g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      hash = bs_password_hash (secret, error);
      if (hash == NULL)
        return NULL;
      customer = g_new0 (BsCustomer, 1);
      customer->customer_id = g_uuid_string_random ();
      customer->username = g_strdup (BS_SERVER_LOCAL_USERNAME);
      customer->display_name = g_strdup ("You");
      customer->password_hash = g_steal_pointer (&hash);
      if (!bs_store_create_customer (self->store, customer, now, error) ||
          (self->info.demo &&
           !bs_store_befriend_accounts (self->store, customer->customer_id, regulars, now, error)))
        return NULL;
    }

  token = bs_auth_new_token (token_hash);
  if (!bs_store_create_session (self->store, customer->customer_id, token_hash, now, error))
    return NULL;
  return g_steal_pointer (&token);
}

gboolean
bs_server_rebuild_bestsellers (BsServer  *self,
                               GError   **error)
{
  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, FALSE);

  return bs_store_rebuild_bestsellers (self->store, error);
}

gboolean
bs_server_backup (BsServer    *self,
                  const char  *path,
                  GError     **error)
{
  g_return_val_if_fail (BS_IS_SERVER (self) && self->store != NULL, FALSE);

  return bs_store_backup (self->store, path, error);
}

static char *
format_url (GInetAddress *address,
            guint         port,
            gboolean      tls)
{
  g_autofree char *host = g_inet_address_to_string (address);
  const char *scheme = tls ? "https" : "http";

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("%s://[%s]:%u", scheme, host, port);
  return g_strdup_printf ("%s://%s:%u", scheme, host, port);
}

static GTlsCertificate *
load_certificate (BsServer  *self,
                  GError   **error)
{
  GTlsCertificate *certificate;

  if ((self->tls_certificate_path == NULL) != (self->tls_key_path == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "--tls-cert and --tls-key go together");
      return NULL;
    }
  certificate = g_tls_certificate_new_from_files (self->tls_certificate_path, self->tls_key_path,
                                                  error);
  if (certificate == NULL)
    g_prefix_error (error, "Cannot use the TLS certificate %s: ", self->tls_certificate_path);
  return certificate;
}

/* At the lowest priority: it must be done before the first unknown email, not before
 * anything an embedding application draws at its start. */
static gpointer
warm_up_cb (gpointer data)
{
  setpriority (PRIO_PROCESS, (id_t) gettid (), 19);
  bs_password_dummy_hash ();
  return NULL;
}

/* On the stream worker's thread: every listener tells its live subscribers. */
static void
bestsellers_changed_cb (gpointer unused,
                        gpointer user_data)
{
  BsServer *self = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->listeners_lock);

  for (guint i = 0; self->listeners != NULL && i < self->listeners->len; i++)
    bs_listener_bestsellers_changed (g_ptr_array_index (self->listeners, i));
}

/* Binds the port, so that the URL is known, without serving yet: connections wait in
 * the kernel's queue until bs_server_start() serves them. An embedding application so
 * knows where its shop will be before the (slow) first start has seeded it. */
gboolean
bs_server_listen (BsServer  *self,
                  GError   **error)
{
  g_autoptr(GInetAddress) address = NULL;
  guint port;

  g_return_val_if_fail (BS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->listeners == NULL && self->sockets == NULL, FALSE);

  address = g_inet_address_new_from_string (self->address);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", self->address);
      return FALSE;
    }
  self->sockets = bs_server_socket_bind (address, self->port, self->n_threads, &port, error);
  if (self->sockets == NULL)
    return FALSE;
  self->port = port;
  g_free (self->url);
  self->url = format_url (address, port, self->tls_certificate_path != NULL);
  return TRUE;
}

/* Binds the port unless bs_server_listen() did, and starts the listener threads; the
 * caller's main context is never used, so an embedding application's loop stays free. */
gboolean
bs_server_start (BsServer  *self,
                 GError   **error)
{
  g_autoptr(GPtrArray) sockets = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (BS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);
  g_return_val_if_fail (self->listeners == NULL, FALSE);

  if (self->tls_certificate_path != NULL || self->tls_key_path != NULL)
    {
      certificate = load_certificate (self, error);
      if (certificate == NULL)
        return FALSE;
    }
  if (self->sockets == NULL && !bs_server_listen (self, error))
    return FALSE;
  sockets = g_steal_pointer (&self->sockets);

  /* The stand-in hash for unknown emails costs as much as any hash: made now, the first
   * unknown email is not slower than the others. */
  g_thread_unref (g_thread_new ("bs-warm-up", warm_up_cb, NULL));

  self->pool = bs_worker_pool_new (CLAMP (g_get_num_processors (), 2, 4), WORKER_QUEUE_LIMIT);
  self->listeners = g_ptr_array_new ();
  if (!self->hold_stream)
    self->info.stream = bs_stream_worker_start (self->db_path, bestsellers_changed_cb, self);
  for (guint i = 0; i < sockets->len; i++)
    {
      BsListenerSetup setup = {
        .db_path = self->db_path,
        .info = &self->info,
        .pool = self->pool,
        .access_log = self->access_log,
        .idle_timeout_seconds = self->idle_timeout_seconds,
        .tls_certificate = certificate,
        .index = i,
      };
      BsListener *listener = bs_listener_start (&setup, g_ptr_array_index (sockets, i), error);

      if (listener == NULL)
        {
          bs_server_stop (self);
          return FALSE;
        }
      g_mutex_lock (&self->listeners_lock);
      g_ptr_array_add (self->listeners, listener);
      g_mutex_unlock (&self->listeners_lock);
    }
  return TRUE;
}

/* Runs @func on a thread of GIO's pool, for an _async method tagged @source_tag. */
static void
run_in_thread (BsServer            *self,
               gpointer             source_tag,
               GTaskThreadFunc      func,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_run_in_thread (task, func);
}

static void
start_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  BsServer *self = source_object;
  GError *error = NULL;

  if ((self->store == NULL && !bs_server_open (self, &error)) || !bs_server_start (self, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Opens the database (migrating it, seeding the demo: seconds on a first run) unless it
 * is open, and serves, on a thread of its own. */
void
bs_server_start_async (BsServer            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (BS_IS_SERVER (self));

  run_in_thread (self, bs_server_start_async, start_in_thread, cancellable, callback, user_data);
}

gboolean
bs_server_start_finish (BsServer      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
local_session_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  GError *error = NULL;
  char *token = bs_server_open_local_session (source_object, &error);

  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

/* bs_server_open_local_session() on a thread: the first one hashes a password. */
void
bs_server_open_local_session_async (BsServer            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (BS_IS_SERVER (self));

  run_in_thread (self, bs_server_open_local_session_async, local_session_in_thread, cancellable,
                 callback, user_data);
}

char *
bs_server_open_local_session_finish (BsServer      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Refuses new requests, lets those in flight finish, joins every thread and
 * checkpoints the WAL. Safe to call twice. */
void
bs_server_stop (BsServer *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BS_IS_SERVER (self));

  if (self->listeners == NULL)
    return;

  /* The worker stops first, since it calls into listeners; it is freed last, since
   * checkouts finishing on listeners still wake it. */
  bs_stream_worker_stop (self->info.stream);
  for (guint i = 0; i < self->listeners->len; i++)
    bs_listener_drain (g_ptr_array_index (self->listeners, i));
  for (guint i = 0; i < self->listeners->len; i++)
    bs_listener_join (g_ptr_array_index (self->listeners, i));
  g_clear_pointer (&self->info.stream, bs_stream_worker_free);
  g_mutex_lock (&self->listeners_lock);
  g_clear_pointer (&self->listeners, g_ptr_array_unref);
  g_mutex_unlock (&self->listeners_lock);
  g_clear_pointer (&self->pool, bs_worker_pool_free);

  if (self->store != NULL && !bs_store_checkpoint (self->store, &error))
    g_warning ("Could not checkpoint the database: %s", error->message);
}

static void
stop_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  bs_server_stop (source_object);
  g_task_return_boolean (task, TRUE);
}

/* bs_server_stop() on a thread: the caller's loop goes on, and with it any client of
 * this server that must finish a request or close a connection for the stop to end. */
void
bs_server_stop_async (BsServer            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (BS_IS_SERVER (self));

  run_in_thread (self, bs_server_stop_async, stop_in_thread, cancellable, callback, user_data);
}

gboolean
bs_server_stop_finish (BsServer      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
bs_server_get_url (BsServer *self)
{
  g_return_val_if_fail (BS_IS_SERVER (self), NULL);

  return self->url;
}

guint
bs_server_get_port (BsServer *self)
{
  g_return_val_if_fail (BS_IS_SERVER (self), 0);

  return self->port;
}

const char *
bs_server_get_server_id (BsServer *self)
{
  g_return_val_if_fail (BS_IS_SERVER (self), NULL);

  return self->info.server_id;
}

guint
bs_server_get_n_listeners (BsServer *self)
{
  g_return_val_if_fail (BS_IS_SERVER (self), 0);

  return self->listeners != NULL ? self->listeners->len : 0;
}

/* How many requests listener @listener has finished: lets tests see that every
 * listener thread serves. */
guint
bs_server_get_requests_served (BsServer *self,
                               guint     listener)
{
  g_return_val_if_fail (BS_IS_SERVER (self), 0);
  g_return_val_if_fail (self->listeners != NULL && listener < self->listeners->len, 0);

  return bs_listener_get_requests_served (g_ptr_array_index (self->listeners, listener));
}
