/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-order"

#include "config.h"

#include "bs-order.h"

/* A past order: immutable, as the server recorded it. */

struct _BsOrder
{
  GObject parent_instance;

  char *order_id;     /* (owned) */
  GDateTime *date;    /* (owned) */
  gint64 total;       /* cents */
  GListStore *lines;  /* (owned): BsOrderLine */
};

G_DEFINE_FINAL_TYPE (BsOrder, bs_order, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ORDER_ID,
  PROP_DATE,
  PROP_TOTAL,
  PROP_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_order_finalize (GObject *object)
{
  BsOrder *self = BS_ORDER (object);

  g_free (self->order_id);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (bs_order_parent_class)->finalize (object);
}

static void
bs_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BsOrder *self = BS_ORDER (object);

  switch (prop_id)
    {
    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_LINES:
      g_value_set_object (value, self->lines);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_order_class_init (BsOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_order_finalize;
  object_class->get_property = bs_order_get_property;

  properties[PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* In cents, at the prices of the sale. */
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINES] =
    g_param_spec_object ("lines", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_order_init (BsOrder *self)
{
  self->lines = g_list_store_new (BS_TYPE_ORDER_LINE);
}

BsOrder *
bs_order_new (const char *order_id,
              GDateTime  *date,
              gint64      total,
              GPtrArray  *lines)
{
  BsOrder *self;

  g_return_val_if_fail (order_id != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (lines != NULL, NULL);

  self = g_object_new (BS_TYPE_ORDER, NULL);
  self->order_id = g_strdup (order_id);
  self->date = g_date_time_ref (date);
  self->total = total;
  g_list_store_splice (self->lines, 0, 0, lines->pdata, lines->len);
  return self;
}

const char *
bs_order_get_order_id (BsOrder *self)
{
  g_return_val_if_fail (BS_IS_ORDER (self), NULL);

  return self->order_id;
}

GDateTime *
bs_order_get_date (BsOrder *self)
{
  g_return_val_if_fail (BS_IS_ORDER (self), NULL);

  return self->date;
}

gint64
bs_order_get_total (BsOrder *self)
{
  g_return_val_if_fail (BS_IS_ORDER (self), 0);

  return self->total;
}

GListModel *
bs_order_get_lines (BsOrder *self)
{
  g_return_val_if_fail (BS_IS_ORDER (self), NULL);

  return G_LIST_MODEL (self->lines);
}
