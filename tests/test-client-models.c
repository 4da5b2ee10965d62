/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-cart.h"
#include "bs-catalog.h"
#include "bs-category.h"
#include "bs-shop-private.h"

/* The models the views bind to: they change only when something changed, and tell once. */

static guint
count_notifies (GObject    *object,
                const char *property)
{
  return GPOINTER_TO_UINT (g_object_get_data (object, property));
}

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  guint count = count_notifies (object, pspec->name);

  g_object_set_data (object, pspec->name, GUINT_TO_POINTER (count + 1));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

static BsBook *
book (const char *id,
      const char *category,
      gint64      price)
{
  return bs_book_new (id, "A Title", "An Author", category, price, 45);
}

static void
test_cart (void)
{
  g_autoptr(BsCart) cart = bs_cart_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BsBook) b1 = book ("b1", "C", 1752);
  g_autoptr(BsBook) b2 = book ("b2", "C", 2100);
  g_autoptr(BsCartItem) more_b1 = bs_cart_item_new (b1, 5);
  g_autoptr(BsCartItem) b2_line = bs_cart_item_new (b2, 1);
  guint calls = 0;

  g_signal_connect (cart, "notify", G_CALLBACK (notified_cb), NULL);
  g_signal_connect (cart, "items-changed", G_CALLBACK (items_changed_cb), &calls);

  g_ptr_array_add (items, bs_cart_item_new (b1, 3));
  bs_cart_replace (cart, items);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (bs_cart_get_count (cart), ==, 3);
  g_assert_cmpint (bs_cart_get_total (cart), ==, 5256);
  g_assert_cmpuint (count_notifies (G_OBJECT (cart), "total"), ==, 1);

  /* An update in place changes a quantity, not the list. */
  bs_cart_update (cart, more_b1);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (bs_cart_get_count (cart), ==, 5);
  g_assert_cmpint (bs_cart_get_total (cart), ==, 8760);
  g_assert_cmpuint (count_notifies (G_OBJECT (cart), "total"), ==, 2);

  /* The same quantity again changes nothing and says nothing. */
  bs_cart_update (cart, more_b1);
  g_assert_cmpuint (count_notifies (G_OBJECT (cart), "total"), ==, 2);
  g_assert_cmpuint (count_notifies (G_OBJECT (cart), "count"), ==, 2);

  bs_cart_update (cart, b2_line);
  g_assert_cmpuint (calls, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 2);
  g_assert_cmpint (bs_cart_get_total (cart), ==, 10860);

  /* Changing an item's quantity directly keeps the totals right. */
  bs_cart_item_set_quantity (bs_cart_lookup (cart, "b2"), 4);
  g_assert_cmpint (bs_cart_get_total (cart), ==, 8760 + 8400);

  g_assert_true (bs_cart_remove (cart, "b1"));
  g_assert_false (bs_cart_remove (cart, "b1"));
  g_assert_cmpuint (bs_cart_get_count (cart), ==, 4);
  g_assert_cmpint (bs_cart_get_total (cart), ==, 8400);
}

static void
test_catalog (void)
{
  g_autoptr(BsCatalog) catalog = bs_catalog_new ();
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fewer = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *categories = bs_catalog_get_categories (catalog);
  g_autoptr(BsCategory) first = NULL;
  guint calls = 0;

  g_signal_connect (catalog, "items-changed", G_CALLBACK (items_changed_cb), &calls);
  for (guint i = 1; i <= 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_ptr_array_add (books, book (id, i % 3 == 0 ? "Cars" : "Cookbooks", i));
    }
  bs_catalog_replace (catalog, books, "\"tag\"");

  /* A thousand books arrive in one change. */
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 1000);
  g_assert_cmpint (bs_book_get_price (bs_catalog_lookup (catalog, "b777")), ==, 777);
  g_assert_null (bs_catalog_lookup (catalog, "b1001"));
  g_assert_cmpstr (bs_catalog_get_etag (catalog), ==, "\"tag\"");

  g_assert_cmpuint (g_list_model_get_n_items (categories), ==, 2);
  first = g_list_model_get_item (categories, 0);
  g_assert_cmpstr (bs_category_get_name (first), ==, "Cookbooks");
  g_assert_cmpuint (bs_category_get_count (first), ==, 667);

  g_ptr_array_add (fewer, book ("x", "Poetry", 1));
  bs_catalog_replace (catalog, fewer, NULL);
  g_assert_cmpuint (calls, ==, 2);
  g_assert_null (bs_catalog_lookup (catalog, "b777"));
  g_assert_cmpuint (g_list_model_get_n_items (categories), ==, 1);
}

/* Which answer a model shows: the newest asked for, or a change made here since. */
static void
test_freshness (void)
{
  BsFreshness freshness = { 0 };
  guint64 saved = bs_freshness_ask (&freshness);
  guint64 fetched = bs_freshness_ask (&freshness);
  guint64 late;

  /* The server answers first; the snapshot, asked for before, loses. */
  g_assert_true (bs_freshness_take (&freshness, fetched));
  g_assert_false (bs_freshness_take (&freshness, saved));

  /* A change here beats an answer asked for before it, but not one asked for after. */
  late = bs_freshness_ask (&freshness);
  bs_freshness_local (&freshness);
  g_assert_false (bs_freshness_take (&freshness, late));
  g_assert_true (bs_freshness_take (&freshness, bs_freshness_ask (&freshness)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/cart", test_cart);
  g_test_add_func ("/models/catalog", test_catalog);
  g_test_add_func ("/models/freshness", test_freshness);

  return g_test_run ();
}
