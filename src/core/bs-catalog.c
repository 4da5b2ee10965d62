/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-catalog"

#include "config.h"

#include "bs-catalog.h"
#include "bs-category.h"

/* The whole catalog as a GListModel of BsBook over a GPtrArray, with lookup by id in
 * O(1) and the categories in catalog order. A refresh swaps everything in one
 * items-changed, so views rebuild once. */

struct _BsCatalog
{
  GObject parent_instance;

  GPtrArray *books;        /* (owned): BsBook */
  GHashTable *by_id;       /* (owned): book id (borrowed from the book) → BsBook */
  GListStore *categories;  /* (owned): BsCategory */
  char *etag;              /* (owned) (nullable): of the server's answer these came from */
  guint64 requested;       /* replacements asked for */
  guint64 applied;         /* the newest one swapped in: an older one finishing later is dropped */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsCatalog, bs_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return BS_TYPE_BOOK;
}

static guint
get_n_items (GListModel *model)
{
  return BS_CATALOG (model)->books->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  BsCatalog *self = BS_CATALOG (model);

  if (position >= self->books->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->books, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
bs_catalog_finalize (GObject *object)
{
  BsCatalog *self = BS_CATALOG (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->books, g_ptr_array_unref);
  g_clear_object (&self->categories);
  g_free (self->etag);

  G_OBJECT_CLASS (bs_catalog_parent_class)->finalize (object);
}

static void
bs_catalog_class_init (BsCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_catalog_finalize;
}

static void
bs_catalog_init (BsCatalog *self)
{
  self->books = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->categories = g_list_store_new (BS_TYPE_CATEGORY);
}

BsCatalog *
bs_catalog_new (void)
{
  return g_object_new (BS_TYPE_CATALOG, NULL);
}

/* Everything a catalog needs from a list of books, built off the main thread: the work
 * grows with the catalog, and the main loop must stay responsive for 100k books. */
typedef struct
{
  GPtrArray *books;        /* BsBook */
  GHashTable *by_id;
  GPtrArray *categories;   /* BsCategory */
  char *etag;
  guint64 generation;      /* which replacement this is */
} Prepared;

static void
prepared_free (gpointer data)
{
  Prepared *prepared = data;

  g_clear_pointer (&prepared->books, g_ptr_array_unref);
  g_clear_pointer (&prepared->by_id, g_hash_table_unref);
  g_clear_pointer (&prepared->categories, g_ptr_array_unref);
  g_free (prepared->etag);
  g_free (prepared);
}

static Prepared *
prepare (GPtrArray  *books,
         const char *etag)
{
  Prepared *prepared = g_new0 (Prepared, 1);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  prepared->books = g_ptr_array_ref (books);
  prepared->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  prepared->categories = g_ptr_array_new_with_free_func (g_object_unref);
  prepared->etag = g_strdup (etag);

  for (guint i = 0; i < books->len; i++)
    {
      BsBook *book = g_ptr_array_index (books, i);
      const char *category = bs_book_get_category (book);
      gpointer count;

      g_hash_table_insert (prepared->by_id, (gpointer) bs_book_get_book_id (book), book);
      if (!g_hash_table_lookup_extended (counts, category, NULL, &count))
        {
          g_ptr_array_add (order, (gpointer) category);
          count = GUINT_TO_POINTER (0);
        }
      g_hash_table_insert (counts, (gpointer) category, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);

      g_ptr_array_add (prepared->categories,
                       bs_category_new (name, GPOINTER_TO_UINT (g_hash_table_lookup (counts, name))));
    }
  return prepared;
}

#define DROP_CHUNK 5000

/* Lets go of old books a few thousand per idle moment, on the main thread where they
 * lived: freeing 100k objects at once would hold the main loop. */
static gboolean
drop_some_cb (gpointer data)
{
  GPtrArray *books = data;

  g_ptr_array_remove_range (books, books->len > DROP_CHUNK ? books->len - DROP_CHUNK : 0,
                            MIN (books->len, DROP_CHUNK));
  return books->len > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Swaps @prepared in, in O(1) plus the categories. */
static void
swap_in (BsCatalog *self,
         Prepared  *prepared)
{
  guint removed = self->books->len;

  if (removed > DROP_CHUNK)
    g_idle_add_full (G_PRIORITY_LOW, drop_some_cb, self->books, (GDestroyNotify) g_ptr_array_unref);
  else
    g_ptr_array_unref (self->books);
  self->books = g_steal_pointer (&prepared->books);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  self->by_id = g_steal_pointer (&prepared->by_id);
  g_free (self->etag);
  self->etag = g_steal_pointer (&prepared->etag);

  /* The books first: a handler of the categories' change may look at the books, and
   * must find them consistent with what it was told. */
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->books->len);
  g_list_store_splice (self->categories, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->categories)),
                       prepared->categories->pdata, prepared->categories->len);
}

/* Takes @books (BsBook, in catalog order, the array owning them) as the whole catalog,
 * at once: for small catalogs. */
void
bs_catalog_replace (BsCatalog  *self,
                    GPtrArray  *books,
                    const char *etag)
{
  Prepared *prepared;

  g_return_if_fail (BS_IS_CATALOG (self));
  g_return_if_fail (books != NULL);

  prepared = prepare (books, etag);
  self->applied = ++self->requested;
  swap_in (self, prepared);
  prepared_free (prepared);
}

static void
prepare_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Prepared *request = task_data;
  Prepared *prepared = prepare (request->books, request->etag);

  prepared->generation = request->generation;
  g_task_return_pointer (task, prepared, prepared_free);
}

/* The same, with the indexing done on a worker thread: for a catalog of any size. */
void
bs_catalog_replace_async (BsCatalog           *self,
                          GPtrArray           *books,
                          const char          *etag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Prepared *request;

  g_return_if_fail (BS_IS_CATALOG (self));
  g_return_if_fail (books != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  request = g_new0 (Prepared, 1);
  g_task_set_source_tag (task, bs_catalog_replace_async);
  request->books = g_ptr_array_ref (books);
  request->etag = g_strdup (etag);
  request->generation = ++self->requested;
  g_task_set_task_data (task, request, prepared_free);
  g_task_run_in_thread (task, prepare_in_thread);
}

gboolean
bs_catalog_replace_finish (BsCatalog     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  Prepared *prepared;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  prepared = g_task_propagate_pointer (G_TASK (result), error);
  if (prepared == NULL)
    return FALSE;
  /* A later replacement that finished first wins. */
  if (prepared->generation > self->applied)
    {
      self->applied = prepared->generation;
      swap_in (self, prepared);
    }
  prepared_free (prepared);
  return TRUE;
}

BsBook *
bs_catalog_lookup (BsCatalog  *self,
                   const char *book_id)
{
  g_return_val_if_fail (BS_IS_CATALOG (self), NULL);

  return book_id != NULL ? g_hash_table_lookup (self->by_id, book_id) : NULL;
}

GListModel *
bs_catalog_get_categories (BsCatalog *self)
{
  g_return_val_if_fail (BS_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->categories);
}

const char *
bs_catalog_get_etag (BsCatalog *self)
{
  g_return_val_if_fail (BS_IS_CATALOG (self), NULL);

  return self->etag;
}
