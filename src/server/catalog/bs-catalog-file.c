/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-catalog-file"

#include "config.h"

#include "bs-book-record.h"
#include "bs-catalog-file.h"

/* A catalog file is a JSON array of books in the seed's shape. Every book is checked
 * before any is kept, so one bad entry rejects the whole file. */
GPtrArray *
bs_catalog_file_parse (GBytes  *json,
                       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonArray *array;
  gsize size;
  const char *data = g_bytes_get_data (json, &size);

  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "A catalog is a JSON array of books");
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      BsBookRecord *book;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Entry %u of the catalog is not an object", i + 1);
          return NULL;
        }
      book = bs_book_record_new_from_json (json_node_get_object (element), error);
      if (book == NULL)
        {
          g_prefix_error (error, "Entry %u of the catalog: ", i + 1);
          return NULL;
        }
      g_ptr_array_add (books, book);
      if (!g_hash_table_add (seen, book->book_id))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Entry %u of the catalog repeats the id %s", i + 1, book->book_id);
          return NULL;
        }
    }

  return g_steal_pointer (&books);
}

GPtrArray *
bs_catalog_file_load (const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GBytes) json = g_file_load_bytes (file, NULL, NULL, error);
  GPtrArray *books;

  if (json == NULL)
    return NULL;
  books = bs_catalog_file_parse (json, error);
  if (books == NULL)
    g_prefix_error (error, "%s: ", path);
  return books;
}
