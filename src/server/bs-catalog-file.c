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

/* Deterministic books for benchmarks: book sN is the same whatever N is asked for, so
 * runs with different sizes share their first books. */
static const char * const categories[] = {
  "Cookbooks", "Database", "Fairy Tales", "Science Fiction", "Home Improvement", "Cars",
  "Woodwork",
};
static const char * const adjectives[] = {
  "Quiet", "Practical", "Hidden", "Complete", "Modern", "Little", "Northern", "Patient",
  "Golden", "Simple", "Wandering", "Essential", "Distant", "Honest", "Bright", "Careful",
};
static const char * const nouns[] = {
  "Kitchen", "Index", "Forest", "Engine", "Workshop", "Garden", "Query", "Lantern", "Orbit",
  "Joinery", "Harbour", "Recipe", "Castle", "Transaction", "Planet", "Chisel",
};
static const char * const subjects[] = {
  "Beginners", "Weekends", "Winter", "Everyone", "Makers", "Travellers", "Families",
  "Experts", "Dreamers", "Builders",
};
static const char * const given_names[] = {
  "Ada", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas",
  "Kemal", "Lena", "Mateo", "Nadia", "Oskar", "Priya",
};
static const char * const family_names[] = {
  "Alvarez", "Becker", "Chen", "Dubois", "Eriksen", "Fontaine", "Garcia", "Haddad",
  "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov",
};

static guint32
mix (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

#define PICK(array, hash) (array[(hash) % G_N_ELEMENTS (array)])

GPtrArray *
bs_catalog_synthetic (guint n_books)
{
  GPtrArray *books = g_ptr_array_new_full (n_books, (GDestroyNotify) bs_book_record_free);

  for (guint i = 1; i <= n_books; i++)
    {
      guint32 h = mix (i);
      guint32 g = mix (h);
      g_autofree char *book_id = g_strdup_printf ("s%u", i);
      g_autofree char *name = g_strdup_printf ("The %s %s for %s, Volume %u",
                                               PICK (adjectives, h), PICK (nouns, h >> 8),
                                               PICK (subjects, h >> 16), 1 + (g % 9));
      g_autofree char *author = g_strdup_printf ("%s %s", PICK (given_names, g >> 4),
                                                 PICK (family_names, g >> 12));

      g_ptr_array_add (books, bs_book_record_new (book_id, name, author,
                                                  categories[i % G_N_ELEMENTS (categories)],
                                                  399 + (gint64) (g % 19600),
                                                  (int) (25 + (h % 26))));
    }
  return books;
}
