/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

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

/* The orders as "Sort by" lists them: its positions are this table's. */
static const struct
{
  BsBookOrder order;
  const char *name;
} orders[] = {
  { BS_BOOK_ORDER_CATALOG, N_("Catalog order") },
  { BS_BOOK_ORDER_TITLE, N_("Title") },
  { BS_BOOK_ORDER_PRICE, N_("Price") },
  { BS_BOOK_ORDER_RATING, N_("Rating") },
};

/* The names of the orders, for a drop-down; bs_book_order_at() says which is which. */
GListModel *
bs_book_orders_new (void)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    gtk_string_list_append (names, _(orders[i].name));
  return G_LIST_MODEL (names);
}

BsBookOrder
bs_book_order_at (guint position)
{
  return position < G_N_ELEMENTS (orders) ? orders[position].order : BS_BOOK_ORDER_CATALOG;
}
