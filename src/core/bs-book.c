/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book"

#include "config.h"

#include "bs-book.h"

/* A book of the catalog. Immutable: a catalog refresh brings new objects. */

struct _BsBook
{
  GObject parent_instance;

  char  *book_id;  /* (owned) */
  char  *name;     /* (owned) */
  char  *author;   /* (owned) */
  const char *category; /* (interned): a catalog has few, shared by many books */
  gint64 price;
  int    rating;
};

G_DEFINE_FINAL_TYPE (BsBook, bs_book, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BOOK_ID,
  PROP_NAME,
  PROP_AUTHOR,
  PROP_CATEGORY,
  PROP_PRICE,
  PROP_RATING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_book_finalize (GObject *object)
{
  BsBook *self = BS_BOOK (object);

  g_free (self->book_id);
  g_free (self->name);
  g_free (self->author);

  G_OBJECT_CLASS (bs_book_parent_class)->finalize (object);
}

static void
bs_book_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BsBook *self = BS_BOOK (object);

  switch (prop_id)
    {
    case PROP_BOOK_ID:
      g_value_set_string (value, self->book_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_PRICE:
      g_value_set_int64 (value, self->price);
      break;
    case PROP_RATING:
      g_value_set_int (value, self->rating);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BsBook *self = BS_BOOK (object);

  switch (prop_id)
    {
    case PROP_BOOK_ID:
      self->book_id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_AUTHOR:
      self->author = g_value_dup_string (value);
      break;
    case PROP_CATEGORY:
      self->category = g_intern_string (g_value_get_string (value));
      break;
    case PROP_PRICE:
      self->price = g_value_get_int64 (value);
      break;
    case PROP_RATING:
      self->rating = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_class_init (BsBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_book_finalize;
  object_class->get_property = bs_book_get_property;
  object_class->set_property = bs_book_set_property;

  /* The book's id, such as "b1". */
  properties[PROP_BOOK_ID]
      = g_param_spec_string ("book-id", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The title. */
  properties[PROP_NAME]
      = g_param_spec_string ("name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The author. */
  properties[PROP_AUTHOR]
      = g_param_spec_string ("author", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The category. */
  properties[PROP_CATEGORY]
      = g_param_spec_string ("category", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The price in US cents. */
  properties[PROP_PRICE]
      = g_param_spec_int64 ("price", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The rating in tenths of a star, 0–50. */
  properties[PROP_RATING]
      = g_param_spec_int ("rating", NULL, NULL, G_MININT, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_book_init (BsBook *self)
{
}

/* Fields are set directly rather than through construct properties: a catalog creates
 * a hundred thousand of these, and the GValue round trips would dominate. */
BsBook *
bs_book_new (const char *book_id,
             const char *name,
             const char *author,
             const char *category,
             gint64      price,
             int         rating)
{
  BsBook *self = g_object_new (BS_TYPE_BOOK, NULL);

  self->book_id = g_strdup (book_id);
  self->name = g_strdup (name);
  self->author = g_strdup (author);
  self->category = g_intern_string (category);
  self->price = price;
  self->rating = rating;
  return self;
}

const char *
bs_book_get_book_id (BsBook *self)
{
  g_return_val_if_fail (BS_IS_BOOK (self), NULL);

  return self->book_id;
}

const char *
bs_book_get_name (BsBook *self)
{
  g_return_val_if_fail (BS_IS_BOOK (self), NULL);

  return self->name;
}

const char *
bs_book_get_author (BsBook *self)
{
  g_return_val_if_fail (BS_IS_BOOK (self), NULL);

  return self->author;
}

const char *
bs_book_get_category (BsBook *self)
{
  g_return_val_if_fail (BS_IS_BOOK (self), NULL);

  return self->category;
}

gint64
bs_book_get_price (BsBook *self)
{
  g_return_val_if_fail (BS_IS_BOOK (self), 0);

  return self->price;
}

int
bs_book_get_rating (BsBook *self)
{
  g_return_val_if_fail (BS_IS_BOOK (self), 0);

  return self->rating;
}
