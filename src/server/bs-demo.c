/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-demo"

#include "config.h"

#include "bs-catalog-file.h"
#include "bs-cover-art.h"
#include "bs-demo.h"

#define DEMO_CATALOG_RESOURCE RESOURCE_BASE_PATH "/server/catalog/demo-books.json"
#define DEMO_SEEDED_KEY "demo_seeded"

/* Seeds the demo shop once per database, recorded in the database itself, so that a
 * restart with --demo never brings back a book that was removed since. */
gboolean
bs_demo_seed (BsStore  *store,
              GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *seeded = bs_store_get_meta (store, DEMO_SEEDED_KEY, &local_error);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autoptr(GPtrArray) covers = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (seeded != NULL)
    return TRUE;

  json = g_resources_lookup_data (DEMO_CATALOG_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (json == NULL)
    return FALSE;
  books = bs_catalog_file_parse (json, error);
  if (books == NULL)
    return FALSE;

  /* Drawn before the transaction, which then only writes. */
  covers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);
      GBytes *png = bs_cover_art_draw (book->name, book->author, book->category, error);

      if (png == NULL)
        return FALSE;
      g_ptr_array_add (covers, png);
    }

  if (!bs_store_begin (store, error))
    return FALSE;
  if (!bs_store_upsert_books (store, books, NULL, error))
    goto fail;
  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);

      if (!bs_store_put_cover (store, book->book_id, "image/png", g_ptr_array_index (covers, i),
                               TRUE, error))
        goto fail;
    }
  if (!bs_store_set_meta (store, DEMO_SEEDED_KEY, "1", error))
    goto fail;
  return bs_store_commit (store, error);

fail:
  bs_store_rollback (store);
  return FALSE;
}
