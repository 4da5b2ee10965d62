/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "bs-book.h"
#include "bs-book-sorter.h"
#include "bs-test-util.h"

/* ./build-aux/dev bench sort: Browse's "Sort by" on 100,000 books, the way the window
 * sorts them (bs_book_sorter_new: GTK's string and numeric sorters, keys taken once per
 * book) beside a comparison function that collates two titles at every comparison (how
 * the window sorted before), interleaved in one run; medians of the runs. */

#define BOOKS 100000
#define RUNS 5

static const char *words[] = {
  "the", "garden", "stone", "house", "river", "Émile", "café", "night", "little", "castle",
  "for", "travellers", "cookbook", "recipes", "of", "and", "ÄRGER", "zebra", "Ångström",
  "über", "quiet", "Tales", "dark", "winter", "light", "ocean", "mountain", "Die", "à",
  "la", "carte", "volume", "second", "edition", "secret", "history", "œuvre", "naïve",
};

static GListStore *
make_books (void)
{
  GListStore *books = g_list_store_new (BS_TYPE_BOOK);
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);

  for (guint i = 0; i < BOOKS; i++)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autofree char *id = g_strdup_printf ("s%u", i + 1);
      guint n_words = g_rand_int_range (rand, 2, 7);
      g_autoptr(BsBook) book = NULL;

      for (guint w = 0; w < n_words; w++)
        g_string_append_printf (title, "%s%s", w > 0 ? " " : "",
                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      book = bs_book_new (id, title->str, "An Author", "Fiction",
                          g_rand_int_range (rand, 100, 10000), g_rand_int_range (rand, 0, 51));
      g_list_store_append (books, book);
    }
  return books;
}

static int
collate_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_utf8_collate (bs_book_get_name ((BsBook *) a), bs_book_get_name ((BsBook *) b));
}

static int
compare_prices (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  gint64 x = bs_book_get_price ((BsBook *) a);
  gint64 y = bs_book_get_price ((BsBook *) b);

  return (x > y) - (x < y);
}

/* Milliseconds to sort @books with @sorter (taken), as Browse does but all at once. */
static double
time_sort (GListModel *books,
           GtkSorter  *sorter)
{
  g_autoptr(GtkSortListModel) sorted = gtk_sort_list_model_new (g_object_ref (books), NULL);
  gint64 start = g_get_monotonic_time ();

  gtk_sort_list_model_set_sorter (sorted, sorter);
  g_object_unref (sorter);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListStore) books = NULL;
  g_autoptr(GArray) titles_collated = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) titles_keyed = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) prices_compared = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) prices_keyed = g_array_new (FALSE, FALSE, sizeof (double));

  setlocale (LC_ALL, "");
  books = make_books ();
  for (guint run = 0; run < RUNS; run++)
    {
      double ms;

      ms = time_sort (G_LIST_MODEL (books), GTK_SORTER (gtk_custom_sorter_new (collate_titles, NULL, NULL)));
      g_array_append_val (titles_collated, ms);
      ms = time_sort (G_LIST_MODEL (books), bs_book_sorter_new (BS_BOOK_ORDER_TITLE));
      g_array_append_val (titles_keyed, ms);
      ms = time_sort (G_LIST_MODEL (books), GTK_SORTER (gtk_custom_sorter_new (compare_prices, NULL, NULL)));
      g_array_append_val (prices_compared, ms);
      ms = time_sort (G_LIST_MODEL (books), bs_book_sorter_new (BS_BOOK_ORDER_PRICE));
      g_array_append_val (prices_keyed, ms);
    }
  g_print ("Sorting %d books (locale %s), median of %d runs:\n", BOOKS, setlocale (LC_COLLATE, NULL), RUNS);
  g_print ("  %-40s %9s\n", "", "ms");
  g_print ("  %-40s %9.1f\n", "title, g_utf8_collate per comparison", bs_test_median (titles_collated));
  g_print ("  %-40s %9.1f  (%.1f× faster)\n", "title, GtkStringSorter (the window's)", bs_test_median (titles_keyed),
           bs_test_median (titles_collated) / bs_test_median (titles_keyed));
  g_print ("  %-40s %9.1f\n", "price, comparison function", bs_test_median (prices_compared));
  g_print ("  %-40s %9.1f  (%.1f× faster)\n", "price, GtkNumericSorter (the window's)", bs_test_median (prices_keyed),
           bs_test_median (prices_compared) / bs_test_median (prices_keyed));
  return 0;
}
