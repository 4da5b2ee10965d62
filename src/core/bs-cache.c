/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cache"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bs-cache.h"
#include "bs-snapshot.h"

/* Snapshots of what a server said, for a start while it is down and for showing
 * something before the network answers. They belong to a server by its serverId (the
 * embedded server's port changes at every start), under
 * $BOOKSTORE_CACHE_DIR or ~/.cache/<app id>/servers/<serverId>/<name>.snapshot.
 *
 * A snapshot file is one GVariant "(ssv)": a format mark, a tag (the catalog's ETag)
 * and the models. It is written atomically and read from a mapped file, on a worker
 * thread both ways: a 100k-book catalog must not stall the main loop. */

#define FORMAT_MARK "bookstore-snapshot-1"
#define SERVERS_FILE "servers.ini"
#define SERVERS_GROUP "servers"

struct _BsCache
{
  GObject parent_instance;

  char *root;             /* (owned) */
  GThreadPool *writer;    /* (owned): one thread, so writes and removals land in order */
};

G_DEFINE_FINAL_TYPE (BsCache, bs_cache, G_TYPE_OBJECT)

static void
bs_cache_finalize (GObject *object)
{
  BsCache *self = BS_CACHE (object);

  /* Waits for the writes under way: a snapshot is either whole or not there. */
  g_thread_pool_free (self->writer, FALSE, TRUE);
  g_free (self->root);

  G_OBJECT_CLASS (bs_cache_parent_class)->finalize (object);
}

static void
bs_cache_class_init (BsCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_cache_finalize;
}

static void write_job (gpointer data, gpointer user_data);

static void
bs_cache_init (BsCache *self)
{
  self->writer = g_thread_pool_new (write_job, self, 1, TRUE, NULL);
}

/* @root: (nullable): where to keep everything; by default $BOOKSTORE_CACHE_DIR, else the
 * user cache folder for this application */
BsCache *
bs_cache_new (const char *root)
{
  BsCache *self = g_object_new (BS_TYPE_CACHE, NULL);
  const char *relocated = g_getenv ("BOOKSTORE_CACHE_DIR");

  if (root != NULL)
    self->root = g_strdup (root);
  else if (relocated != NULL && relocated[0] != '\0')
    self->root = g_strdup (relocated);
  else
    self->root = g_build_filename (g_get_user_cache_dir (), APPLICATION_ID, NULL);
  return self;
}

const char *
bs_cache_get_root (BsCache *self)
{
  g_return_val_if_fail (BS_IS_CACHE (self), NULL);

  return self->root;
}

/* Server ids and snapshot names become file names: nothing but [A-Za-z0-9_-]. */
static gboolean
is_safe_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 128)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
bs_cache_get_server_dir (BsCache    *self,
                         const char *server_id)
{
  g_return_val_if_fail (BS_IS_CACHE (self), NULL);
  g_return_val_if_fail (is_safe_name (server_id), NULL);

  return g_build_filename (self->root, "servers", server_id, NULL);
}

static char *
snapshot_path (BsCache    *self,
               const char *server_id,
               const char *name)
{
  g_autofree char *dir = bs_cache_get_server_dir (self, server_id);
  g_autofree char *file = g_strconcat (name, ".snapshot", NULL);

  return g_build_filename (dir, file, NULL);
}

/* When the snapshot @name of @server_id was last saved, in microseconds (a snapshot may
 * be saved twice within a second), or -1 when there is none. */
gint64
bs_cache_get_saved_time (BsCache    *self,
                         const char *server_id,
                         const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (BS_IS_CACHE (self), -1);
  g_return_val_if_fail (server_id != NULL && name != NULL, -1);

  path = snapshot_path (self, server_id, name);
  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL)
    return -1;
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) *
           G_USEC_PER_SEC +
         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

/* The last serverId seen at @url, so that a start while that server is down still finds
 * its snapshots. */
char *
bs_cache_get_server_id_for_url (BsCache    *self,
                                const char *url)
{
  g_autoptr(GKeyFile) servers = NULL;
  g_autofree char *path = NULL;
  g_autofree char *server_id = NULL;

  g_return_val_if_fail (BS_IS_CACHE (self), NULL);

  servers = g_key_file_new ();
  path = g_build_filename (self->root, SERVERS_FILE, NULL);
  if (!g_key_file_load_from_file (servers, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  server_id = g_key_file_get_string (servers, SERVERS_GROUP, url, NULL);
  return is_safe_name (server_id) ? g_steal_pointer (&server_id) : NULL;
}

gboolean
bs_cache_set_server_id_for_url (BsCache     *self,
                                const char  *url,
                                const char  *server_id,
                                GError     **error)
{
  g_autoptr(GKeyFile) servers = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BS_IS_CACHE (self), FALSE);
  g_return_val_if_fail (is_safe_name (server_id), FALSE);

  servers = g_key_file_new ();
  path = g_build_filename (self->root, SERVERS_FILE, NULL);
  if (g_mkdir_with_parents (self->root, 0700) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot create %s",
                   self->root);
      return FALSE;
    }
  g_key_file_load_from_file (servers, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_string (servers, SERVERS_GROUP, url, server_id);
  return g_key_file_save_to_file (servers, path, error);
}

typedef struct
{
  char *path;
  char *tag;
  BsSnapshotKind kind;
  GPtrArray *models;   /* (nullable) */
} SnapshotJob;

static void
snapshot_job_free (gpointer data)
{
  SnapshotJob *job = data;

  g_free (job->path);
  g_free (job->tag);
  g_clear_pointer (&job->models, g_ptr_array_unref);
  g_free (job);
}

static GVariant *
models_to_variant (BsSnapshotKind  kind,
                   GPtrArray      *models)
{
  switch (kind)
    {
    case BS_SNAPSHOT_BOOKS:
      return bs_snapshot_from_books (models);
    case BS_SNAPSHOT_CART:
      return bs_snapshot_from_cart (models);
    case BS_SNAPSHOT_ORDERS:
      return bs_snapshot_from_orders (models);
    case BS_SNAPSHOT_BOOK_COUNTS:
      return bs_snapshot_from_book_counts (models);
    case BS_SNAPSHOT_FRIENDS:
      return bs_snapshot_from_friends (models);
    default:
      g_assert_not_reached ();
    }
}

static GPtrArray *
variant_to_models (BsSnapshotKind  kind,
                   GVariant       *variant)
{
  switch (kind)
    {
    case BS_SNAPSHOT_BOOKS:
      return bs_snapshot_to_books (variant);
    case BS_SNAPSHOT_CART:
      return bs_snapshot_to_cart (variant);
    case BS_SNAPSHOT_ORDERS:
      return bs_snapshot_to_orders (variant);
    case BS_SNAPSHOT_BOOK_COUNTS:
      return bs_snapshot_to_book_counts (variant);
    case BS_SNAPSHOT_FRIENDS:
      return bs_snapshot_to_friends (variant);
    default:
      g_assert_not_reached ();
    }
}

/* A write for the writer thread: a snapshot to build (from immutable models) and write,
 * or a file to remove. */
typedef struct
{
  GTask *task;          /* (owned) (nullable) */
  char *path;
  char *tag;
  BsSnapshotKind kind;
  GPtrArray *models;    /* (nullable): built on the writer thread */
  GVariant *payload;    /* (nullable): built already, from models that may change */
  gboolean remove;
  gboolean measure;     /* adds up the saved data instead; with @clear, removes it */
  gboolean clear;
} WriteJob;

static gboolean
release_task_cb (gpointer task)
{
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
write_job_free (WriteJob *job)
{
  /* A task holds the cache: if its reference were the last, the cache would finalize
   * on this writer thread and wait for the thread itself. Let it go where it was made,
   * in that context's own loop: g_main_context_invoke() would run it right here when
   * nobody holds the context at this moment. */
  if (job->task != NULL)
    {
      g_autoptr(GSource) release = g_idle_source_new ();
      GMainContext *context = g_task_get_context (job->task);

      g_source_set_callback (release, release_task_cb, g_steal_pointer (&job->task), NULL);
      g_source_attach (release, context);
    }
  g_free (job->path);
  g_free (job->tag);
  g_clear_pointer (&job->models, g_ptr_array_unref);
  g_clear_pointer (&job->payload, g_variant_unref);
  g_free (job);
}

/* Adds up the bytes of the files under @dir whose names end in @suffix (any file when
 * NULL), removing each when @clear is set. A file gone meanwhile counts as removed. */
static gboolean
add_up_files (GFile         *dir,
              const char    *suffix,
              gboolean       clear,
              guint64       *bytes,
              GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &local_error);
  if (children == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (;;)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        return TRUE;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!add_up_files (child, suffix, clear, bytes, error))
            return FALSE;
          continue;
        }
      if (suffix != NULL && !g_str_has_suffix (g_file_info_get_name (info), suffix))
        continue;
      *bytes += (guint64) g_file_info_get_size (info);
      if (clear && !g_file_delete (child, NULL, &local_error) &&
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
    }
}

/* On the writer thread, after every write asked for before it. */
static void
measure_job (BsCache *self,
             GTask   *task,
             gboolean clear)
{
  g_autoptr(GFile) servers = g_file_new_build_filename (self->root, "servers", NULL);
  g_autoptr(GFile) covers = g_file_new_build_filename (self->root, "covers", NULL);
  g_autoptr(GError) error = NULL;
  guint64 *bytes = g_new0 (guint64, 1);

  if (!add_up_files (servers, ".snapshot", clear, bytes, &error) ||
      !add_up_files (covers, NULL, clear, bytes, &error))
    {
      g_free (bytes);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, bytes, g_free);
}

static void
write_job (gpointer data,
           gpointer user_data)
{
  WriteJob *job = data;
  g_autoptr(GVariant) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (job->remove)
    {
      g_unlink (job->path);
      write_job_free (job);
      return;
    }
  if (job->measure)
    {
      measure_job (user_data, job->task, job->clear);
      write_job_free (job);
      return;
    }

  dir = g_path_get_dirname (job->path);
  if (job->payload == NULL)
    job->payload = g_variant_ref_sink (models_to_variant (job->kind, job->models));
  snapshot = g_variant_ref_sink (g_variant_new ("(ss@v)", FORMAT_MARK, job->tag != NULL ? job->tag : "",
                                                g_variant_new_variant (job->payload)));
  if (g_mkdir_with_parents (dir, 0700) < 0 ||
      !g_file_set_contents_full (job->path, g_variant_get_data (snapshot),
                                 (gssize) g_variant_get_size (snapshot),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", dir);
      g_task_return_error (job->task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (job->task, TRUE);
  write_job_free (job);
}

/* Writes @models (of @kind) as the snapshot @name of @server_id, replacing the old one
 * atomically. Writes land in the order they were asked for. */
void
bs_cache_save_async (BsCache             *self,
                     const char          *server_id,
                     const char          *name,
                     BsSnapshotKind       kind,
                     GPtrArray           *models,
                     const char          *tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  WriteJob *job;

  g_return_if_fail (BS_IS_CACHE (self));
  g_return_if_fail (is_safe_name (server_id) && is_safe_name (name));
  g_return_if_fail (models != NULL);

  job = g_new0 (WriteJob, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, bs_cache_save_async);
  job->path = snapshot_path (self, server_id, name);
  job->tag = g_strdup (tag);
  job->kind = kind;
  /* Books and book counts never change and, many as they can be, are read on the writer's
   * thread. Everything else is read here, on its own: cart items change under the user's
   * hand, and even reading a GListStore (an order's lines) writes to it. */
  if (kind == BS_SNAPSHOT_BOOKS || kind == BS_SNAPSHOT_BOOK_COUNTS)
    job->models = g_ptr_array_ref (models);
  else
    job->payload = g_variant_ref_sink (models_to_variant (kind, models));
  g_thread_pool_push (self->writer, job, NULL);
}

gboolean
bs_cache_save_finish (BsCache       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bs_cache_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SnapshotJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (job->path, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) snapshot = NULL;
  g_autoptr(GVariant) payload = NULL;
  const char *mark;
  const char *tag;

  if (mapped == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_file_error (error->code), "%s",
                               error->message);
      return;
    }

  /* Checked once, whole: data in normal form is safe to read as trusted, which is several
   * times faster than GVariant checking each element of an untrusted one as it goes. */
  bytes = g_mapped_file_get_bytes (mapped);
  snapshot = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("(ssv)"), bytes, FALSE));
  if (g_variant_is_normal_form (snapshot))
    {
      g_variant_unref (snapshot);
      snapshot = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("(ssv)"), bytes, TRUE));
    }
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is damaged", job->path);
      return;
    }
  g_variant_get (snapshot, "(&s&sv)", &mark, &tag, &payload);
  if (!g_str_equal (mark, FORMAT_MARK) ||
      !(job->models = variant_to_models (job->kind, payload)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "%s is not a snapshot of this kind", job->path);
      return;
    }
  job->tag = tag[0] != '\0' ? g_strdup (tag) : NULL;
  g_task_return_pointer (task, g_ptr_array_ref (job->models), (GDestroyNotify) g_ptr_array_unref);
}

/* Reads a snapshot back as models; a missing or damaged file is an error (G_IO_ERROR),
 * which callers treat as an empty cache. */
void
bs_cache_load_async (BsCache             *self,
                     const char          *server_id,
                     const char          *name,
                     BsSnapshotKind       kind,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SnapshotJob *job;

  g_return_if_fail (BS_IS_CACHE (self));
  g_return_if_fail (is_safe_name (server_id) && is_safe_name (name));

  g_task_set_source_tag (task, bs_cache_load_async);
  job = g_new0 (SnapshotJob, 1);
  job->path = snapshot_path (self, server_id, name);
  job->kind = kind;
  g_task_set_task_data (task, job, snapshot_job_free);
  g_task_run_in_thread (task, load_in_thread);
}

GPtrArray *
bs_cache_load_finish (BsCache       *self,
                      GAsyncResult  *result,
                      char         **out_tag,
                      GError       **error)
{
  GPtrArray *models;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bs_cache_load_async, NULL);

  models = g_task_propagate_pointer (G_TASK (result), error);
  if (models != NULL && out_tag != NULL)
    {
      SnapshotJob *job = g_task_get_task_data (G_TASK (result));
      *out_tag = g_strdup (job->tag);
    }
  return models;
}

/* Removes a snapshot, such as a signed-out customer's cart and orders: at once, and
 * again after any write of it still under way, so nothing brings it back. */
void
bs_cache_forget (BsCache    *self,
                 const char *server_id,
                 const char *name)
{
  WriteJob *job;

  g_return_if_fail (BS_IS_CACHE (self));
  g_return_if_fail (is_safe_name (server_id) && is_safe_name (name));

  job = g_new0 (WriteJob, 1);
  job->path = snapshot_path (self, server_id, name);
  job->remove = TRUE;
  g_unlink (job->path);
  g_thread_pool_push (self->writer, job, NULL);
}

/* How many bytes the saved data takes: snapshots and covers (not which account was
 * signed in where). With @clear, they are removed, after any write already asked for.
 * What is on screen stays; only the next start finds nothing saved. */
void
bs_cache_measure_async (BsCache             *self,
                        gboolean             clear,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  WriteJob *job;

  g_return_if_fail (BS_IS_CACHE (self));

  job = g_new0 (WriteJob, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, bs_cache_measure_async);
  job->measure = TRUE;
  job->clear = clear;
  g_thread_pool_push (self->writer, job, NULL);
}

gboolean
bs_cache_measure_finish (BsCache       *self,
                         GAsyncResult  *result,
                         guint64       *out_bytes,
                         GError       **error)
{
  g_autofree guint64 *bytes = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  bytes = g_task_propagate_pointer (G_TASK (result), error);
  if (bytes == NULL)
    return FALSE;
  if (out_bytes != NULL)
    *out_bytes = *bytes;
  return TRUE;
}

/* Where covers are kept: beside the snapshots, so that clearing finds them. */
char *
bs_cache_get_covers_dir (BsCache *self)
{
  g_return_val_if_fail (BS_IS_CACHE (self), NULL);

  return g_build_filename (self->root, "covers", NULL);
}
