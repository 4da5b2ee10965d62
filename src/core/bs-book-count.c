/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-count"

#include "config.h"

#include "bs-book-count.h"

/* A book with a count: copies sold (best sellers) or friends who bought it
 * (recommendations). */

struct _BsBookCount
{
  BsBookLine parent_instance;
};

G_DEFINE_FINAL_TYPE (BsBookCount, bs_book_count, BS_TYPE_BOOK_LINE)

static void
bs_book_count_class_init (BsBookCountClass *klass)
{
}

static void
bs_book_count_init (BsBookCount *self)
{
}

BsBookCount *
bs_book_count_new (BsBook *book,
                   gint64  count)
{
  return g_object_new (BS_TYPE_BOOK_COUNT, "book", book, "quantity", count, NULL);
}

BsBook *
bs_book_count_get_book (BsBookCount *self)
{
  return bs_book_line_get_book (BS_BOOK_LINE (self));
}

gint64
bs_book_count_get_count (BsBookCount *self)
{
  return bs_book_line_get_quantity (BS_BOOK_LINE (self));
}
