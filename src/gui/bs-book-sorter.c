/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-book.h"
#include "bs-book-sorter.h"

static GtkExpression *
book_property (const char *name)
{
  return gtk_property_expression_new (BS_TYPE_BOOK, NULL, name);
}

/* Sorters on the books' properties: GTK takes each book's key once (a collation key for
 * titles) and compares keys, where a comparison function would collate two titles anew
 * at every one of a sort's million comparisons. NULL keeps the catalog's order. */
GtkSorter *
bs_book_sorter_new (BsBookOrder order)
{
  GtkNumericSorter *numeric;

  switch (order)
    {
    case BS_BOOK_ORDER_TITLE:
      return GTK_SORTER (gtk_string_sorter_new (book_property ("name")));
    case BS_BOOK_ORDER_PRICE:
      return GTK_SORTER (gtk_numeric_sorter_new (book_property ("price")));
    case BS_BOOK_ORDER_RATING:
      numeric = gtk_numeric_sorter_new (book_property ("rating"));
      gtk_numeric_sorter_set_sort_order (numeric, GTK_SORT_DESCENDING);
      return GTK_SORTER (numeric);
    case BS_BOOK_ORDER_CATALOG:
    default:
      return NULL;
    }
}
