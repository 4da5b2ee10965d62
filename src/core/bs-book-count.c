/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-count"

#include "config.h"

#include "bs-book-count.h"

/* A book with a count: copies sold (best sellers) or friends who bought it (recommendations). */

struct _BsBookCount
{
  GObject parent_instance;

  BsBook *book; /* (owned) */
  gint64  count;
};

G_DEFINE_FINAL_TYPE (BsBookCount, bs_book_count, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BOOK,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_book_count_finalize (GObject *object)
{
  BsBookCount *self = BS_BOOK_COUNT (object);

  g_clear_object (&self->book);

  G_OBJECT_CLASS (bs_book_count_parent_class)->finalize (object);
}

static void
bs_book_count_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BsBookCount *self = BS_BOOK_COUNT (object);

  switch (prop_id)
    {
    case PROP_BOOK:
      g_value_set_object (value, self->book);
      break;
    case PROP_COUNT:
      g_value_set_int64 (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_count_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BsBookCount *self = BS_BOOK_COUNT (object);

  switch (prop_id)
    {
    case PROP_BOOK:
      self->book = g_value_dup_object (value);
      break;
    case PROP_COUNT:
      self->count = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_count_class_init (BsBookCountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_book_count_finalize;
  object_class->get_property = bs_book_count_get_property;
  object_class->set_property = bs_book_count_set_property;

  /* The book. */
  properties[PROP_BOOK]
      = g_param_spec_object ("book", NULL, NULL, BS_TYPE_BOOK,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The count. */
  properties[PROP_COUNT]
      = g_param_spec_int64 ("count", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_book_count_init (BsBookCount *self)
{
}

BsBookCount *
bs_book_count_new (BsBook *book, gint64 count)
{
  return g_object_new (BS_TYPE_BOOK_COUNT, "book", book, "count", count, NULL);
}

BsBook *
bs_book_count_get_book (BsBookCount *self)
{
  g_return_val_if_fail (BS_IS_BOOK_COUNT (self), NULL);

  return self->book;
}

gint64
bs_book_count_get_count (BsBookCount *self)
{
  g_return_val_if_fail (BS_IS_BOOK_COUNT (self), 0);

  return self->count;
}
