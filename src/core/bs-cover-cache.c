/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cover-cache"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bs-cover-cache.h"

/* Cover images on disk, each with its ETag beside it (NAME.etag), under a size cap with
 * the least recently used dropped first. Several requests for one cover share one fetch;
 * a request whose tile went away is cancelled alone, and the fetch with it when nobody
 * waits any more. After the catalog changed (a title redraws its cover on the server),
 * a cover on disk is still handed out at once, and asked for again in the background
 * with If-None-Match the first time it is wanted; a newer drawing is kept and announced
 * ("cover-changed"). All on the main thread but for the file work, which GIO does off
 * it. */

#define ETAG_SUFFIX ".etag"

struct _BsCoverCache
{
  GObject parent_instance;

  BsClient *client;        /* (owned) */
  char *server_id;         /* (owned) */
  char *directory;         /* (owned) */
  guint64 max_bytes;
  GHashTable *pending;     /* (owned): book id → Pending */
  guint fetches;           /* network fetches so far, for tests */
  guint unchanged;         /* of them, covers the server said were still current */
  guint catalog_changes;   /* since this cache was made: covers on disk may be stale */
  GHashTable *validated;   /* (owned): book ids whose copy on disk was confirmed since */
  GHashTable *revalidating; /* (owned): book ids being asked for again */
  guint storing;           /* covers being written and room made for them */
  GMutex storing_lock;     /* one store at a time: two evictions at once emptied the folder */
  gint64 total_bytes;      /* under storing_lock: the folder's size, or -1 until counted */
  guint folder_counts;     /* under storing_lock: times the folder was counted, for tests */
};

G_DEFINE_FINAL_TYPE (BsCoverCache, bs_cover_cache, G_TYPE_OBJECT)

enum { CATALOG_CHANGED, COVER_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  BsCoverCache *cache;     /* (owned): kept alive until the work reports back */
  char *book_id;
  GFile *file;
  GCancellable *cancellable;   /* of the shared work */
  GPtrArray *waiters;          /* GTask */
  guint catalog_changes;       /* the cache's when this began: a later change voids its answer */
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->cache);
  g_free (pending->book_id);
  g_object_unref (pending->file);
  g_object_unref (pending->cancellable);
  g_ptr_array_unref (pending->waiters);
  g_free (pending);
}

static void
bs_cover_cache_dispose (GObject *object)
{
  BsCoverCache *self = BS_COVER_CACHE (object);
  GHashTableIter iter;
  Pending *pending;

  if (self->pending != NULL)
    {
      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pending))
        g_cancellable_cancel (pending->cancellable);
    }

  G_OBJECT_CLASS (bs_cover_cache_parent_class)->dispose (object);
}

static void
bs_cover_cache_finalize (GObject *object)
{
  BsCoverCache *self = BS_COVER_CACHE (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->validated, g_hash_table_unref);
  g_clear_pointer (&self->revalidating, g_hash_table_unref);
  g_clear_object (&self->client);
  g_mutex_clear (&self->storing_lock);
  g_free (self->server_id);
  g_free (self->directory);

  G_OBJECT_CLASS (bs_cover_cache_parent_class)->finalize (object);
}

static void
bs_cover_cache_class_init (BsCoverCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_cover_cache_dispose;
  object_class->finalize = bs_cover_cache_finalize;

  /* The covers on disk may be out of date: shown covers are best asked for again. */
  signals[CATALOG_CHANGED] = g_signal_new ("catalog-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A newer drawing of the book's cover is now on disk: whoever shows it asks again. */
  signals[COVER_CHANGED] = g_signal_new ("cover-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_STRING);
}

static void
bs_cover_cache_init (BsCoverCache *self)
{
  /* Pendings free themselves when their work reports back. */
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  self->validated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->revalidating = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->storing_lock);
  self->total_bytes = -1;
}

BsCoverCache *
bs_cover_cache_new (BsClient   *client,
                    const char *server_id,
                    const char *directory,
                    guint64     max_bytes)
{
  BsCoverCache *self;

  g_return_val_if_fail (BS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (server_id != NULL && directory != NULL, NULL);

  self = g_object_new (BS_TYPE_COVER_CACHE, NULL);
  self->client = g_object_ref (client);
  self->server_id = g_strdup (server_id);
  self->directory = g_strdup (directory);
  self->max_bytes = max_bytes;
  return self;
}

/* Where the cover of @book_id of the server @server_id is kept in @directory. */
char *
bs_cover_cache_path_for (const char *directory,
                         const char *server_id,
                         const char *book_id)
{
  g_autofree char *key = g_strconcat (server_id, "/", book_id, NULL);
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (directory, name, NULL);
}

static GFile *
file_for (BsCoverCache *self,
          const char   *book_id)
{
  g_autofree char *path = bs_cover_cache_path_for (self->directory, self->server_id, book_id);

  return g_file_new_for_path (path);
}

/* Hands the outcome to everyone still waiting, and frees the pending work — which the
 * table no longer holds if its last waiter gave up meanwhile. */
static void
settle (Pending *pending,
        GBytes  *bytes,
        GError  *error)
{
  BsCoverCache *self = pending->cache;
  g_autoptr(GPtrArray) waiters = g_ptr_array_ref (pending->waiters);

  if (g_hash_table_lookup (self->pending, pending->book_id) == pending)
    g_hash_table_steal (self->pending, pending->book_id);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (bytes != NULL)
        g_task_return_pointer (waiter, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_error (waiter, g_error_copy (error));
    }
  g_ptr_array_set_size (waiters, 0);
  pending_free (pending);
}

static int
compare_oldest_first (gconstpointer a,
                      gconstpointer b)
{
  GFileInfo *x = *(GFileInfo **) a;
  GFileInfo *y = *(GFileInfo **) b;
  guint64 tx = g_file_info_get_attribute_uint64 (x, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  guint64 ty = g_file_info_get_attribute_uint64 (y, G_FILE_ATTRIBUTE_TIME_MODIFIED);

  return (tx > ty) - (tx < ty);
}

/* On a worker thread: counts the folder and, when it is over @max_bytes, drops the least
 * recently used covers until it is not. A read touches a cover's mtime, so mtime order is
 * use order. Returns what the folder then holds. */
static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static char *
etag_path_for (const char *cover_path)
{
  return g_strconcat (cover_path, ETAG_SUFFIX, NULL);
}

/* On a worker thread: counts the folder and, when it is over @max_bytes, drops the least
 * recently used covers, each with its ETag, until it is not. A read touches a cover's
 * mtime, so mtime order is use order. Returns what the folder then holds. */
static guint64
count_and_evict (const char *directory,
                 guint64     max_bytes)
{
  g_autoptr(GFile) dir = g_file_new_for_path (directory);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) covers = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;
  guint64 total = 0;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                             G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                             G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children == NULL)
    return 0;
  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      total += (guint64) g_file_info_get_size (info);
      if (g_str_has_suffix (g_file_info_get_name (info), ETAG_SUFFIX))
        g_object_unref (info);
      else
        g_ptr_array_add (covers, info);
    }
  if (total <= max_bytes)
    return total;

  g_ptr_array_sort (covers, compare_oldest_first);
  for (guint i = 0; i < covers->len && total > max_bytes; i++)
    {
      GFileInfo *oldest = g_ptr_array_index (covers, i);
      g_autofree char *path = g_build_filename (directory, g_file_info_get_name (oldest), NULL);
      g_autofree char *etag_path = etag_path_for (path);
      guint64 etag_size = file_size (etag_path);

      if (g_unlink (path) == 0)
        total -= (guint64) g_file_info_get_size (oldest);
      if (etag_size > 0 && g_unlink (etag_path) == 0)
        total -= etag_size;
    }
  return total;
}

typedef struct
{
  char *directory;
  guint64 max_bytes;
  char *path;
  GBytes *bytes;
  char *etag;        /* (nullable) */
  char *book_id;
  gboolean announce; /* a newer drawing than the one on disk: said once stored */
  guint catalog_changes;
} Storing;

static void
storing_free (gpointer data)
{
  Storing *storing = data;

  g_free (storing->directory);
  g_free (storing->path);
  g_bytes_unref (storing->bytes);
  g_free (storing->etag);
  g_free (storing->book_id);
  g_free (storing);
}

/* On a worker thread: keeps a fetched cover. The folder's size is kept in memory; it is
 * counted only at the first store and when a store takes it over the cap. */
static void
store_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Storing *storing = task_data;
  BsCoverCache *self = source_object;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->storing_lock);
  g_autofree char *etag_path = etag_path_for (storing->path);
  gint64 replaced_size = (gint64) (file_size (storing->path) + file_size (etag_path));
  gint64 stored_size = (gint64) g_bytes_get_size (storing->bytes);

  /* The old ETag goes first: a new cover is never beside the ETag of the one it replaced. */
  g_unlink (etag_path);
  if (g_mkdir_with_parents (storing->directory, 0700) < 0 ||
      !g_file_set_contents_full (storing->path, g_bytes_get_data (storing->bytes, NULL),
                                 (gssize) g_bytes_get_size (storing->bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_debug ("Could not keep a cover: %s", error != NULL ? error->message : "no folder");
      self->total_bytes = -1;
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (storing->etag != NULL &&
      g_file_set_contents_full (etag_path, storing->etag, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                0600, NULL))
    stored_size += (gint64) strlen (storing->etag);

  if (self->total_bytes >= 0)
    self->total_bytes += stored_size - replaced_size;
  if (self->total_bytes < 0 || (guint64) self->total_bytes > storing->max_bytes)
    {
      self->total_bytes = (gint64) count_and_evict (storing->directory, storing->max_bytes);
      self->folder_counts++;
    }
  g_task_return_boolean (task, TRUE);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsCoverCache *self = BS_COVER_CACHE (source);
  Storing *storing = g_task_get_task_data (G_TASK (result));

  self->storing--;
  /* Current once on disk, so that nobody reads an older drawing there as current. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  if (storing->catalog_changes == self->catalog_changes)
    g_hash_table_add (self->validated, g_strdup (storing->book_id));
  if (storing->announce)
    g_signal_emit (self, signals[COVER_CHANGED], 0, storing->book_id);
}

/* @catalog_changes: the cache's when @cover was asked for; @announce: whether @cover
 * replaces an older drawing on disk, to be said once stored */
static void
store (BsCoverCache  *self,
       const char    *book_id,
       GFile         *file,
       BsCoverAnswer *cover,
       guint          catalog_changes,
       gboolean       announce)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, stored_cb, NULL);
  Storing *storing = g_new0 (Storing, 1);

  storing->directory = g_strdup (self->directory);
  storing->max_bytes = self->max_bytes;
  storing->path = g_file_get_path (file);
  storing->bytes = g_bytes_ref (cover->bytes);
  storing->etag = g_strdup (cover->etag);
  storing->book_id = g_strdup (book_id);
  storing->announce = announce;
  storing->catalog_changes = catalog_changes;
  g_task_set_task_data (task, storing, storing_free);
  self->storing++;
  g_task_run_in_thread (task, store_in_thread);
}

static gboolean
needs_revalidation (BsCoverCache *self,
                    const char   *book_id)
{
  return self->catalog_changes > 0 && !g_hash_table_contains (self->validated, book_id);
}

/* Asking again in the background: one at a time per cover, never cancelled by a tile. */
typedef struct
{
  BsCoverCache *cache;     /* (owned) */
  char *book_id;
  GFile *file;
  guint catalog_changes;   /* the cache's when this began: a later change voids its answer */
} Revalidation;

static void
revalidation_free (Revalidation *revalidation)
{
  g_hash_table_remove (revalidation->cache->revalidating, revalidation->book_id);
  g_object_unref (revalidation->cache);
  g_free (revalidation->book_id);
  g_object_unref (revalidation->file);
  g_free (revalidation);
}

static void
revalidated_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Revalidation *revalidation = user_data;
  BsCoverCache *self = revalidation->cache;
  g_autoptr(BsCoverAnswer) cover = bs_client_get_cover_finish (BS_CLIENT (source), result, NULL);

  /* Out of reach, the copy on disk stays, and the next want asks again. */
  if (cover != NULL && cover->bytes == NULL)
    {
      self->unchanged++;
      if (revalidation->catalog_changes == self->catalog_changes)
        g_hash_table_add (self->validated, g_strdup (revalidation->book_id));
    }
  else if (cover != NULL)
    store (self, revalidation->book_id, revalidation->file, cover, revalidation->catalog_changes,
           TRUE);
  revalidation_free (revalidation);
}

static void
etag_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Revalidation *revalidation = user_data;
  g_autofree char *etag = NULL;

  /* Without its ETag (kept by an older version), the cover is fetched whole. */
  g_file_load_contents_finish (G_FILE (source), result, &etag, NULL, NULL, NULL);
  revalidation->cache->fetches++;
  bs_client_get_cover_async (revalidation->cache->client, revalidation->book_id, etag, NULL,
                             revalidated_cb, revalidation);
}

static void
revalidate (BsCoverCache *self,
            const char   *book_id,
            GFile        *file)
{
  Revalidation *revalidation;
  g_autofree char *path = NULL;
  g_autofree char *etag_path = NULL;
  g_autoptr(GFile) etag_file = NULL;

  if (g_hash_table_contains (self->revalidating, book_id))
    return;
  g_hash_table_add (self->revalidating, g_strdup (book_id));
  revalidation = g_new0 (Revalidation, 1);
  revalidation->cache = g_object_ref (self);
  revalidation->book_id = g_strdup (book_id);
  revalidation->file = g_object_ref (file);
  revalidation->catalog_changes = self->catalog_changes;
  path = g_file_get_path (file);
  etag_path = etag_path_for (path);
  etag_file = g_file_new_for_path (etag_path);
  g_file_load_contents_async (etag_file, NULL, etag_loaded_cb, revalidation);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCoverAnswer) cover = bs_client_get_cover_finish (BS_CLIENT (source), result, &error);

  if (cover != NULL && cover->bytes == NULL)
    g_set_error_literal (&error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_INVALID_RESPONSE,
                         "a cover that was not asked for was said to be current");
  if (error != NULL)
    {
      settle (pending, NULL, error);
      return;
    }
  /* Fresh from the server: current for this catalog once it is on disk. */
  store (pending->cache, pending->book_id, pending->file, cover, pending->catalog_changes, FALSE);
  settle (pending, cover->bytes, NULL);
}

/* Whether @bytes begin as a picture the server sends does (PNG, JPEG, WebP, GIF): a
 * cover file emptied or overwritten is a miss, fetched again. (One cut short past its
 * first bytes fails to decode, and its tile keeps the placeholder.) */
static gboolean
looks_like_a_picture (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) ||
         (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0) ||
         (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0) ||
         (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pending *pending = user_data;
  BsCoverCache *self = pending->cache;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (bytes != NULL && !looks_like_a_picture (bytes))
    {
      g_debug ("The cover of %s on disk is not a picture: fetched again", pending->book_id);
      g_clear_pointer (&bytes, g_bytes_unref);
    }
  if (bytes != NULL)
    {
      g_autoptr(GFileInfo) touched = g_file_info_new ();
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      /* Mark it used, for the eviction order; GIO does it off the main thread. */
      g_file_info_set_modification_date_time (touched, now);
      g_file_set_attributes_async (pending->file, touched, G_FILE_QUERY_INFO_NONE,
                                   G_PRIORITY_LOW, NULL, NULL, NULL);
      if (needs_revalidation (self, pending->book_id))
        revalidate (self, pending->book_id, pending->file);
      settle (pending, bytes, NULL);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      settle (pending, NULL, error);
      return;
    }
  self->fetches++;
  bs_client_get_cover_async (self->client, pending->book_id, NULL, pending->cancellable,
                             fetched_cb, pending);
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     GTask        *waiter)
{
  BsCoverCache *self = g_task_get_source_object (waiter);
  const char *book_id = g_task_get_task_data (waiter);
  Pending *pending = g_hash_table_lookup (self->pending, book_id);

  if (pending == NULL)
    return;
  g_object_ref (waiter);
  if (!g_ptr_array_remove (pending->waiters, waiter))
    {
      g_object_unref (waiter);
      return;
    }
  g_task_return_error_if_cancelled (waiter);
  /* Nobody waits any more: stop the shared work, and let a later ask start afresh. */
  if (pending->waiters->len == 0)
    {
      g_hash_table_steal (self->pending, book_id);
      g_cancellable_cancel (pending->cancellable);
    }
  g_object_unref (waiter);
}

/* The cover of @book_id: from disk when it is there, else from the server (and kept). */
void
bs_cover_cache_get_async (BsCoverCache        *self,
                          const char          *book_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Pending *pending;

  g_return_if_fail (BS_IS_COVER_CACHE (self));
  g_return_if_fail (book_id != NULL);

  g_task_set_source_tag (task, bs_cover_cache_get_async);
  g_task_set_task_data (task, g_strdup (book_id), g_free);
  if (g_task_return_error_if_cancelled (task))
    return;

  pending = g_hash_table_lookup (self->pending, book_id);
  if (pending == NULL)
    {
      pending = g_new0 (Pending, 1);
      pending->cache = g_object_ref (self);
      pending->book_id = g_strdup (book_id);
      pending->file = file_for (self, book_id);
      pending->cancellable = g_cancellable_new ();
      pending->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      pending->catalog_changes = self->catalog_changes;
      g_hash_table_insert (self->pending, pending->book_id, pending);
      g_file_load_bytes_async (pending->file, pending->cancellable, loaded_cb, pending);
    }

  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (waiter_cancelled_cb), task, 0);
  g_ptr_array_add (pending->waiters, g_steal_pointer (&task));
}

GBytes *
bs_cover_cache_get_finish (BsCoverCache  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
bs_cover_cache_get_fetches (BsCoverCache *self)
{
  g_return_val_if_fail (BS_IS_COVER_CACHE (self), 0);

  return self->fetches;
}

/* The catalog changed: each cover on disk is asked for again, with its ETag, the next
 * time it is wanted, and whoever shows covers hears "catalog-changed". */
void
bs_cover_cache_catalog_changed (BsCoverCache *self)
{
  g_return_if_fail (BS_IS_COVER_CACHE (self));

  self->catalog_changes++;
  /* Confirmed before this change means nothing now. */
  g_hash_table_remove_all (self->validated);
  g_signal_emit (self, signals[CATALOG_CHANGED], 0);
}

/* Asks the server in the background whether @book_id's cover on disk is current, when
 * the catalog changed since it was; a newer one is announced by "cover-changed". For a
 * cover shown from memory, which does not come through bs_cover_cache_get_async(). */
void
bs_cover_cache_check (BsCoverCache *self,
                      const char   *book_id)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (BS_IS_COVER_CACHE (self));
  g_return_if_fail (book_id != NULL);

  if (!needs_revalidation (self, book_id))
    return;
  file = file_for (self, book_id);
  revalidate (self, book_id, file);
}

/* The book's facts changed (a title seen newer than the catalog's): its cover is asked
 * for again in the background, whatever the catalog says. */
void
bs_cover_cache_refresh (BsCoverCache *self,
                        const char   *book_id)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (BS_IS_COVER_CACHE (self));
  g_return_if_fail (book_id != NULL);

  g_hash_table_remove (self->validated, book_id);
  file = file_for (self, book_id);
  revalidate (self, book_id, file);
}

/* How many fetches the server answered with "still current". */
guint
bs_cover_cache_get_unchanged (BsCoverCache *self)
{
  g_return_val_if_fail (BS_IS_COVER_CACHE (self), 0);

  return self->unchanged;
}

/* How many times the folder was counted (and trimmed to the cap): once at the first store,
 * then only when a store takes it over. */
guint
bs_cover_cache_get_folder_counts (BsCoverCache *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (BS_IS_COVER_CACHE (self), 0);

  locker = g_mutex_locker_new (&self->storing_lock);
  return self->folder_counts;
}

/* Whether covers are still being written, and room made for them, off the main thread,
 * or asked for again in the background. */
gboolean
bs_cover_cache_is_storing (BsCoverCache *self)
{
  g_return_val_if_fail (BS_IS_COVER_CACHE (self), FALSE);

  return self->storing > 0 || g_hash_table_size (self->revalidating) > 0;
}

/* Covers are kept per server: a cache made before the server's id was known gets it
 * here. */
void
bs_cover_cache_set_server_id (BsCoverCache *self,
                              const char   *server_id)
{
  g_return_if_fail (BS_IS_COVER_CACHE (self));
  g_return_if_fail (server_id != NULL);

  g_free (self->server_id);
  self->server_id = g_strdup (server_id);
}
