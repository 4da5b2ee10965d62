/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-category"

#include "config.h"

#include "bs-category.h"

/* A category of the catalog with how many books it holds. */

struct _BsCategory
{
  GObject parent_instance;

  char *name; /* (owned) */
  guint count;
};

G_DEFINE_FINAL_TYPE (BsCategory, bs_category, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_category_finalize (GObject *object)
{
  BsCategory *self = BS_CATEGORY (object);

  g_free (self->name);

  G_OBJECT_CLASS (bs_category_parent_class)->finalize (object);
}

static void
bs_category_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BsCategory *self = BS_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_category_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BsCategory *self = BS_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_COUNT:
      self->count = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_category_class_init (BsCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_category_finalize;
  object_class->get_property = bs_category_get_property;
  object_class->set_property = bs_category_set_property;

  /* The name. */
  properties[PROP_NAME]
      = g_param_spec_string ("name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* How many books it holds. */
  properties[PROP_COUNT]
      = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_category_init (BsCategory *self)
{
}

BsCategory *
bs_category_new (const char *name, guint count)
{
  return g_object_new (BS_TYPE_CATEGORY, "name", name, "count", count, NULL);
}

const char *
bs_category_get_name (BsCategory *self)
{
  g_return_val_if_fail (BS_IS_CATEGORY (self), NULL);

  return self->name;
}

guint
bs_category_get_count (BsCategory *self)
{
  g_return_val_if_fail (BS_IS_CATEGORY (self), 0);

  return self->count;
}
