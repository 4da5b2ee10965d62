/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cover-loader"

#include "config.h"

#include "bs-cover-loader.h"

/* Covers for tiles: a GdkPaintable per book that asks for its image only when first
 * drawn, decodes it off the main thread, and shares the texture through a bounded memory
 * cache. A paintable nobody draws any more cancels its load. After a catalog change a
 * cover keeps showing while the cache asks whether it is still current; a newer drawing
 * ("cover-changed") is loaded and shown in its place. */

#define MEMORY_TEXTURES 400
#define COVER_WIDTH 300
#define COVER_HEIGHT 450

struct _BsCoverLoader
{
  GObject parent_instance;

  BsCoverCache *cache;     /* (owned) */
  GHashTable *textures;    /* (owned): book id → Remembered */
  GQueue recent;           /* book ids (owned), most recent first */
  GPtrArray *live;         /* (owned): the BsCoverPaintables alive, unowned */
  guint n_loading;         /* paintables drawn as placeholders, their cover on its way */
  guint n_with_cover;      /* paintables holding their cover */
  guint catalog_changes;   /* heard from the cache so far */
};

/* A texture in memory, and the catalog it was asked for under. */
typedef struct
{
  GdkTexture *texture;     /* (owned) */
  guint catalog_changes;
} Remembered;

static void
remembered_free (gpointer data)
{
  Remembered *remembered = data;

  g_object_unref (remembered->texture);
  g_free (remembered);
}

G_DEFINE_FINAL_TYPE (BsCoverLoader, bs_cover_loader, G_TYPE_OBJECT)

#define BS_TYPE_COVER_PAINTABLE (bs_cover_paintable_get_type ())
G_DECLARE_FINAL_TYPE (BsCoverPaintable, bs_cover_paintable, BS, COVER_PAINTABLE, GObject)

struct _BsCoverPaintable
{
  GObject parent_instance;

  BsCoverLoader *loader;     /* (owned) */
  char *book_id;             /* (owned) */
  GdkTexture *texture;       /* (owned) (nullable) */
  GCancellable *cancellable; /* (owned) (nullable): while loading */
  gboolean asked;
  gboolean loading;
  guint catalog_changes;     /* the loader's when its cover was asked for (or checked) */
};

static void paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsCoverPaintable, bs_cover_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, paintable_iface_init))

static void
remember_texture (BsCoverLoader *self,
                  const char    *book_id,
                  GdkTexture    *texture,
                  guint          catalog_changes)
{
  Remembered *remembered = g_new0 (Remembered, 1);

  remembered->texture = g_object_ref (texture);
  remembered->catalog_changes = catalog_changes;
  g_hash_table_replace (self->textures, g_strdup (book_id), remembered);
  g_queue_push_head (&self->recent, g_strdup (book_id));
  while (g_queue_get_length (&self->recent) > MEMORY_TEXTURES)
    {
      g_autofree char *oldest = g_queue_pop_tail (&self->recent);

      /* Still in use elsewhere in the queue: keep it. */
      if (g_queue_find_custom (&self->recent, oldest, (GCompareFunc) g_strcmp0) == NULL)
        g_hash_table_remove (self->textures, oldest);
    }
}

static void
stop_loading (BsCoverPaintable *self)
{
  if (self->loading)
    self->loader->n_loading--;
  self->loading = FALSE;
}

static void
set_texture (BsCoverPaintable *self,
             GdkTexture       *texture)
{
  if (self->texture == NULL)
    self->loader->n_with_cover++;
  g_set_object (&self->texture, texture);
}

static void
decode_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsCoverPaintable *self = BS_COVER_PAINTABLE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Cover of %s: %s", self->book_id, error->message);
          stop_loading (self);
        }
      return;
    }
  stop_loading (self);
  set_texture (self, texture);
  remember_texture (self->loader, self->book_id, texture, self->catalog_changes);
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = bs_cover_cache_get_finish (BS_COVER_CACHE (source), result, &error);
  g_autoptr(GTask) task = NULL;
  BsCoverPaintable *self;

  /* Not holding the paintable: one disposed meanwhile cancelled this call, and a
   * cancelled call reports CANCELLED however it ended. */
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        stop_loading (user_data);
      return;
    }
  self = user_data;
  task = g_task_new (self, self->cancellable, decoded_cb, NULL);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_in_thread);
}

static void
bs_cover_paintable_snapshot (GdkPaintable *paintable,
                             GdkSnapshot  *snapshot,
                             double        width,
                             double        height)
{
  BsCoverPaintable *self = BS_COVER_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
  else
    /* A quiet placeholder while the cover comes: drawn once means wanted. */
    gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &(GdkRGBA) { 0.5, 0.5, 0.5, 0.15 },
                               &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* A cover from before a catalog change stays on show while the cache asks whether it
   * is still current; a newer drawing comes as "cover-changed". */
  if (self->asked && self->catalog_changes < self->loader->catalog_changes)
    {
      self->catalog_changes = self->loader->catalog_changes;
      bs_cover_cache_check (self->loader->cache, self->book_id);
    }
  if (!self->asked)
    {
      self->asked = TRUE;
      self->catalog_changes = self->loader->catalog_changes;
      self->loading = self->texture == NULL;
      if (self->loading)
        self->loader->n_loading++;
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      bs_cover_cache_get_async (self->loader->cache, self->book_id, self->cancellable, fetched_cb,
                                self);
    }
}

static int
bs_cover_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return COVER_WIDTH;
}

static int
bs_cover_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return COVER_HEIGHT;
}

/* The cover as shown now: its texture, or nothing while it comes. */
static GdkPaintable *
bs_cover_paintable_get_current_image (GdkPaintable *paintable)
{
  BsCoverPaintable *self = BS_COVER_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (COVER_WIDTH, COVER_HEIGHT);
}

static void
paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = bs_cover_paintable_snapshot;
  iface->get_current_image = bs_cover_paintable_get_current_image;
  iface->get_intrinsic_width = bs_cover_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = bs_cover_paintable_get_intrinsic_height;
}

static void
bs_cover_paintable_dispose (GObject *object)
{
  BsCoverPaintable *self = BS_COVER_PAINTABLE (object);

  /* Nobody draws it any more: its load can stop. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->loader != NULL)
    {
      g_ptr_array_remove_fast (self->loader->live, self);
      stop_loading (self);
      if (self->texture != NULL)
        self->loader->n_with_cover--;
    }
  g_clear_object (&self->texture);
  g_clear_object (&self->loader);

  G_OBJECT_CLASS (bs_cover_paintable_parent_class)->dispose (object);
}

static void
bs_cover_paintable_finalize (GObject *object)
{
  g_free (BS_COVER_PAINTABLE (object)->book_id);

  G_OBJECT_CLASS (bs_cover_paintable_parent_class)->finalize (object);
}

static void
bs_cover_paintable_class_init (BsCoverPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bs_cover_paintable_dispose;
  G_OBJECT_CLASS (klass)->finalize = bs_cover_paintable_finalize;
}

static void
bs_cover_paintable_init (BsCoverPaintable *self)
{
}

static void
bs_cover_loader_finalize (GObject *object)
{
  BsCoverLoader *self = BS_COVER_LOADER (object);

  g_clear_object (&self->cache);
  g_hash_table_unref (self->textures);
  g_ptr_array_unref (self->live);
  g_queue_clear_full (&self->recent, g_free);

  G_OBJECT_CLASS (bs_cover_loader_parent_class)->finalize (object);
}

static void
bs_cover_loader_class_init (BsCoverLoaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_cover_loader_finalize;
}

static void
bs_cover_loader_init (BsCoverLoader *self)
{
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remembered_free);
  g_queue_init (&self->recent);
  self->live = g_ptr_array_new ();
}

/* Covers may have changed: each shown is checked when next drawn. */
static void
catalog_changed_cb (BsCoverLoader *self)
{
  self->catalog_changes++;
  for (guint i = 0; i < self->live->len; i++)
    gdk_paintable_invalidate_contents (g_ptr_array_index (self->live, i));
}

/* A newer drawing of @book_id's cover is on disk: it replaces the one shown. */
static void
cover_changed_cb (BsCoverLoader *self,
                  const char    *book_id)
{
  g_hash_table_remove (self->textures, book_id);
  for (guint i = 0; i < self->live->len; i++)
    {
      BsCoverPaintable *paintable = g_ptr_array_index (self->live, i);

      if (!g_str_equal (paintable->book_id, book_id))
        continue;
      /* A load under way may bring the older drawing: it gives way to a new one. */
      if (paintable->cancellable != NULL)
        g_cancellable_cancel (paintable->cancellable);
      stop_loading (paintable);
      paintable->asked = FALSE;
      gdk_paintable_invalidate_contents (GDK_PAINTABLE (paintable));
    }
}

BsCoverLoader *
bs_cover_loader_new (BsCoverCache *cache)
{
  BsCoverLoader *self;

  g_return_val_if_fail (BS_IS_COVER_CACHE (cache), NULL);

  self = g_object_new (BS_TYPE_COVER_LOADER, NULL);
  self->cache = g_object_ref (cache);
  g_signal_connect_object (cache, "catalog-changed", G_CALLBACK (catalog_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cache, "cover-changed", G_CALLBACK (cover_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/* A new paintable for @book_id's cover, already drawn if the texture is in memory. */
GdkPaintable *
bs_cover_loader_get_paintable (BsCoverLoader *self,
                               const char    *book_id)
{
  BsCoverPaintable *paintable;
  Remembered *remembered;

  g_return_val_if_fail (BS_IS_COVER_LOADER (self), NULL);
  g_return_val_if_fail (book_id != NULL, NULL);

  paintable = g_object_new (BS_TYPE_COVER_PAINTABLE, NULL);
  paintable->loader = g_object_ref (self);
  paintable->book_id = g_strdup (book_id);
  g_ptr_array_add (self->live, paintable);
  remembered = g_hash_table_lookup (self->textures, book_id);
  /* Shown at once from memory; checked when drawn if the catalog changed since. */
  if (remembered != NULL)
    {
      set_texture (paintable, remembered->texture);
      paintable->asked = TRUE;
      paintable->catalog_changes = remembered->catalog_changes;
    }
  return GDK_PAINTABLE (paintable);
}

/* Whether covers are shown and none drawn so far is still on its way: what a user
 * sees as the covers being there (a cover being checked after a catalog change is
 * there meanwhile). */
gboolean
bs_cover_loader_shows_every_cover (BsCoverLoader *self)
{
  g_return_val_if_fail (BS_IS_COVER_LOADER (self), FALSE);

  return self->n_with_cover > 0 && self->n_loading == 0;
}
