/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-snapshot"

#include "config.h"

#include "bs-snapshot.h"

#define BOOKS_TYPE "a" BS_SNAPSHOT_BOOK
#define LINES_TYPE "a(" BS_SNAPSHOT_BOOK "i)"
#define ORDERS_TYPE "a(sxx" LINES_TYPE ")"
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

/* Book lines (cart lines, order lines, counts) are pairs of a book and its copies: an
 * int32 for carts and orders, an int64 for counts. */
static GVariant *
lines_to_variant (GPtrArray          *lines,
                  const GVariantType *type)
{
  gboolean wide = g_variant_type_equal (type, G_VARIANT_TYPE (COUNTS_TYPE));
  GVariantBuilder builder;

  g_variant_builder_init (&builder, type);
  for (guint i = 0; i < lines->len; i++)
    {
      BsBookLine *line = g_ptr_array_index (lines, i);
      gint64 quantity = bs_book_line_get_quantity (line);
      GVariant *pair[2] = {
        book_to_variant (bs_book_line_get_book (line)),
        wide ? g_variant_new_int64 (quantity) : g_variant_new_int32 ((gint32) quantity),
      };

      g_variant_builder_add_value (&builder, g_variant_new_tuple (pair, 2));
    }
  return g_variant_builder_end (&builder);
}

/* The lines of @variant, if it is of @type, as objects of @line_type; those whose
 * quantity is not between @min and @max are left out. */
static GPtrArray *
lines_from_variant (GVariant   *variant,
                    const char *type,
                    GType       line_type,
                    gint64      min,
                    gint64      max)
{
  GPtrArray *lines;
  gsize n;

  if (!has_type (variant, type))
    return NULL;
  n = g_variant_n_children (variant);
  lines = g_ptr_array_new_full ((guint) n, g_object_unref);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) book = NULL;
      g_autoptr(GVariant) count = NULL;
      g_autoptr(BsBook) model = NULL;
      gint64 quantity;

      g_variant_get_child (variant, i, "(@" BS_SNAPSHOT_BOOK "@*)", &book, &count);
      quantity = g_variant_is_of_type (count, G_VARIANT_TYPE_INT64)
                   ? g_variant_get_int64 (count)
                   : g_variant_get_int32 (count);
      if (quantity < min || quantity > max)
        continue;
      model = book_from_variant (book);
      g_ptr_array_add (lines, g_object_new (line_type, "book", model, "quantity", quantity, NULL));
    }
  return lines;
}

GVariant *
bs_snapshot_from_cart (GPtrArray *items)
{
  return lines_to_variant (items, G_VARIANT_TYPE (LINES_TYPE));
}

GPtrArray *
bs_snapshot_to_cart (GVariant *variant)
{
  return lines_from_variant (variant, LINES_TYPE, BS_TYPE_CART_ITEM, 1, 99);
}

GVariant *
bs_snapshot_from_orders (GPtrArray *orders)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (ORDERS_TYPE));
  for (guint i = 0; i < orders->len; i++)
    {
      BsOrder *order = g_ptr_array_index (orders, i);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
      GListModel *model = bs_order_get_lines (order);

      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        g_ptr_array_add (lines, g_list_model_get_item (model, j));
      g_variant_builder_add (&builder, "(sxx@" LINES_TYPE ")",
                             bs_order_get_order_id (order),
                             g_date_time_to_unix (bs_order_get_date (order)) * 1000,
                             bs_order_get_total (order),
                             lines_to_variant (lines, G_VARIANT_TYPE (LINES_TYPE)));
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
  while (g_variant_iter_next (&iter, "(&sxx@" LINES_TYPE ")", &order_id, &date_ms, &total,
                              &lines))
    {
      g_autoptr(GPtrArray) models = lines_from_variant (lines, LINES_TYPE, BS_TYPE_ORDER_LINE,
                                                        0, G_MAXINT64);
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (date_ms / 1000);

      g_variant_unref (lines);
      if (date != NULL)
        g_ptr_array_add (orders, bs_order_new (order_id, date, total, models));
    }
  return orders;
}

GVariant *
bs_snapshot_from_book_counts (GPtrArray *counts)
{
  return lines_to_variant (counts, G_VARIANT_TYPE (COUNTS_TYPE));
}

GPtrArray *
bs_snapshot_to_book_counts (GVariant *variant)
{
  return lines_from_variant (variant, COUNTS_TYPE, BS_TYPE_BOOK_COUNT, 0, G_MAXINT64);
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
