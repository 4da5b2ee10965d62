/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-snapshot"

#include "config.h"

#include "bs-snapshot.h"

#define BOOKS_TYPE "a" BS_SNAPSHOT_BOOK
#define CART_TYPE "a(" BS_SNAPSHOT_BOOK "i)"
#define ORDERS_TYPE "a(sxxa(" BS_SNAPSHOT_BOOK "i))"
#define COUNTS_TYPE "a(" BS_SNAPSHOT_BOOK "x)"
#define PEOPLE_TYPE "a(ss)"
#define FRIENDS_TYPE "(" PEOPLE_TYPE PEOPLE_TYPE PEOPLE_TYPE ")"

static GVariant *
book_to_variant (BsBook *book)
{
  return g_variant_new ("(ssssxi)", bs_book_get_book_id (book), bs_book_get_name (book),
                        bs_book_get_author (book), bs_book_get_category (book),
                        bs_book_get_price (book), bs_book_get_rating (book));
}

static BsBook *
book_from_variant (GVariant *variant)
{
  const char *book_id, *name, *author, *category;
  gint64 price;
  int rating;

  g_variant_get (variant, "(&s&s&s&sxi)", &book_id, &name, &author, &category, &price, &rating);
  return bs_book_new (book_id, name, author, g_intern_string (category), price, rating);
}

static gboolean
has_type (GVariant   *variant,
          const char *type)
{
  return variant != NULL && g_variant_is_of_type (variant, G_VARIANT_TYPE (type));
}

GVariant *
bs_snapshot_from_books (GPtrArray *books)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (BOOKS_TYPE));
  for (guint i = 0; i < books->len; i++)
    g_variant_builder_add_value (&builder, book_to_variant (g_ptr_array_index (books, i)));
  return g_variant_builder_end (&builder);
}

GPtrArray *
bs_snapshot_to_books (GVariant *variant)
{
  GPtrArray *books;
  gsize n;

  if (!has_type (variant, BOOKS_TYPE))
    return NULL;
  n = g_variant_n_children (variant);
  books = g_ptr_array_new_full ((guint) n, g_object_unref);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (variant, i);

      g_ptr_array_add (books, book_from_variant (child));
    }
  return books;
}

GVariant *
bs_snapshot_from_cart (GPtrArray *items)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (CART_TYPE));
  for (guint i = 0; i < items->len; i++)
    {
      BsCartItem *item = g_ptr_array_index (items, i);

      g_variant_builder_add (&builder, "(@" BS_SNAPSHOT_BOOK "i)",
                             book_to_variant (bs_cart_item_get_book (item)),
                             bs_cart_item_get_quantity (item));
    }
  return g_variant_builder_end (&builder);
}

GPtrArray *
bs_snapshot_to_cart (GVariant *variant)
{
  GPtrArray *items;
  GVariantIter iter;
  GVariant *book;
  int quantity;

  if (!has_type (variant, CART_TYPE))
    return NULL;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(@" BS_SNAPSHOT_BOOK "i)", &book, &quantity))
    {
      g_autoptr(BsBook) model = book_from_variant (book);

      g_variant_unref (book);
      if (quantity < 1 || quantity > 99)
        continue;
      g_ptr_array_add (items, bs_cart_item_new (model, quantity));
    }
  return items;
}

GVariant *
bs_snapshot_from_orders (GPtrArray *orders)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (ORDERS_TYPE));
  for (guint i = 0; i < orders->len; i++)
    {
      BsOrder *order = g_ptr_array_index (orders, i);
      GListModel *lines = bs_order_get_lines (order);
      GVariantBuilder line_builder;

      g_variant_builder_init (&line_builder, G_VARIANT_TYPE ("a(" BS_SNAPSHOT_BOOK "i)"));
      for (guint j = 0; j < g_list_model_get_n_items (lines); j++)
        {
          g_autoptr(BsOrderLine) line = g_list_model_get_item (lines, j);

          g_variant_builder_add (&line_builder, "(@" BS_SNAPSHOT_BOOK "i)",
                                 book_to_variant (bs_order_line_get_book (line)),
                                 bs_order_line_get_quantity (line));
        }
      g_variant_builder_add (&builder, "(sxx@a(" BS_SNAPSHOT_BOOK "i))",
                             bs_order_get_order_id (order),
                             g_date_time_to_unix (bs_order_get_date (order)) * 1000,
                             bs_order_get_total (order), g_variant_builder_end (&line_builder));
    }
  return g_variant_builder_end (&builder);
}

GPtrArray *
bs_snapshot_to_orders (GVariant *variant)
{
  GPtrArray *orders;
  GVariantIter iter;
  const char *order_id;
  gint64 date_ms;
  gint64 total;
  GVariant *lines;

  if (!has_type (variant, ORDERS_TYPE))
    return NULL;
  orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(&sxx@a(" BS_SNAPSHOT_BOOK "i))", &order_id, &date_ms,
                              &total, &lines))
    {
      g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (date_ms / 1000);
      GVariantIter line_iter;
      GVariant *book;
      int quantity;

      g_variant_iter_init (&line_iter, lines);
      while (g_variant_iter_next (&line_iter, "(@" BS_SNAPSHOT_BOOK "i)", &book, &quantity))
        {
          g_autoptr(BsBook) model = book_from_variant (book);

          g_variant_unref (book);
          g_ptr_array_add (models, bs_order_line_new (model, quantity));
        }
      g_variant_unref (lines);
      if (date != NULL)
        g_ptr_array_add (orders, bs_order_new (order_id, date, total, models));
    }
  return orders;
}

GVariant *
bs_snapshot_from_book_counts (GPtrArray *counts)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (COUNTS_TYPE));
  for (guint i = 0; i < counts->len; i++)
    {
      BsBookCount *count = g_ptr_array_index (counts, i);

      g_variant_builder_add (&builder, "(@" BS_SNAPSHOT_BOOK "x)",
                             book_to_variant (bs_book_count_get_book (count)),
                             bs_book_count_get_count (count));
    }
  return g_variant_builder_end (&builder);
}

GPtrArray *
bs_snapshot_to_book_counts (GVariant *variant)
{
  GPtrArray *counts;
  GVariantIter iter;
  GVariant *book;
  gint64 count;

  if (!has_type (variant, COUNTS_TYPE))
    return NULL;
  counts = g_ptr_array_new_with_free_func (g_object_unref);
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(@" BS_SNAPSHOT_BOOK "x)", &book, &count))
    {
      g_autoptr(BsBook) model = book_from_variant (book);

      g_variant_unref (book);
      g_ptr_array_add (counts, bs_book_count_new (model, count));
    }
  return counts;
}

/* Friends and requests alike are pairs of strings: an id and a name. */
static GVariant *
people_to_variant (GPtrArray *people)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (PEOPLE_TYPE));
  for (guint i = 0; i < people->len; i++)
    {
      gpointer person = g_ptr_array_index (people, i);

      if (BS_IS_FRIEND_REQUEST (person))
        g_variant_builder_add (&builder, "(ss)", bs_friend_request_get_id (person),
                               bs_friend_request_get_username (person));
      else
        g_variant_builder_add (&builder, "(ss)", bs_friend_get_customer_id (person),
                               bs_friend_get_display_name (person));
    }
  return g_variant_builder_end (&builder);
}

/* @requests: whether the pairs are requests sent (BsFriendRequest), not BsFriend */
static GPtrArray *
people_from_variant (GVariant *variant,
                     gboolean  requests)
{
  GPtrArray *people = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  const char *id, *name;

  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(&s&s)", &id, &name))
    g_ptr_array_add (people, requests ? (gpointer) bs_friend_request_new (id, name)
                                      : (gpointer) bs_friend_new (id, name));
  return people;
}

/* @lists: the friends and the incoming requests (GPtrArrays of BsFriend), and the
 * outgoing requests (of BsFriendRequest). */
GVariant *
bs_snapshot_from_friends (GPtrArray *lists)
{
  g_return_val_if_fail (lists->len == 3, NULL);

  return g_variant_new ("(@" PEOPLE_TYPE "@" PEOPLE_TYPE "@" PEOPLE_TYPE ")",
                        people_to_variant (g_ptr_array_index (lists, 0)),
                        people_to_variant (g_ptr_array_index (lists, 1)),
                        people_to_variant (g_ptr_array_index (lists, 2)));
}

GPtrArray *
bs_snapshot_to_friends (GVariant *variant)
{
  GPtrArray *lists;

  if (!has_type (variant, FRIENDS_TYPE))
    return NULL;
  lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (gsize i = 0; i < 3; i++)
    {
      g_autoptr(GVariant) people = g_variant_get_child_value (variant, i);

      g_ptr_array_add (lists, people_from_variant (people, i == 2));
    }
  return lists;
}
