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

static void
rebuild_categories (BsCatalog *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->books->len; i++)
    {
      const char *name = bs_book_get_category (g_ptr_array_index (self->books, i));
      gpointer count;

      if (!g_hash_table_lookup_extended (counts, name, NULL, &count))
        {
          g_ptr_array_add (order, (gpointer) name);
          count = GUINT_TO_POINTER (0);
        }
      g_hash_table_insert (counts, (gpointer) name, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
    }

  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (categories,
                     bs_category_new (g_ptr_array_index (order, i),
                                      GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                              g_ptr_array_index (order, i)))));
  g_list_store_splice (self->categories, 0, g_list_model_get_n_items (G_LIST_MODEL (self->categories)),
                       categories->pdata, categories->len);
}

/* Takes @books (BsBook, in catalog order) as the whole catalog. */
void
bs_catalog_replace (BsCatalog  *self,
                    GPtrArray  *books,
                    const char *etag)
{
  guint removed;

  g_return_if_fail (BS_IS_CATALOG (self));
  g_return_if_fail (books != NULL);

  removed = self->books->len;
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_unref (self->books);
  self->books = g_ptr_array_ref (books);
  g_ptr_array_set_free_func (self->books, g_object_unref);
  for (guint i = 0; i < self->books->len; i++)
    {
      BsBook *book = g_ptr_array_index (self->books, i);

      g_hash_table_insert (self->by_id, (gpointer) bs_book_get_book_id (book), book);
    }
  g_free (self->etag);
  self->etag = g_strdup (etag);

  rebuild_categories (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->books->len);
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
