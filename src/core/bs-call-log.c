/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-call-log"

#include "config.h"

#include <math.h>

#include "bs-call-log.h"

struct _BsCall
{
  GObject parent_instance;

  char *method;      /* (owned) */
  char *path;        /* (owned) */
  guint status;      /* 0: no answer (offline, timeout, cancelled) */
  gsize bytes;
  double duration;   /* milliseconds */
  GDateTime *time;   /* (owned) */
};

G_DEFINE_FINAL_TYPE (BsCall, bs_call, G_TYPE_OBJECT)

static void
bs_call_finalize (GObject *object)
{
  BsCall *self = BS_CALL (object);

  g_free (self->method);
  g_free (self->path);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (bs_call_parent_class)->finalize (object);
}

static void
bs_call_class_init (BsCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_call_finalize;
}

static void
bs_call_init (BsCall *self)
{
}

const char *
bs_call_get_method (BsCall *self)
{
  return self->method;
}

const char *
bs_call_get_path (BsCall *self)
{
  return self->path;
}

guint
bs_call_get_status (BsCall *self)
{
  return self->status;
}

gsize
bs_call_get_bytes (BsCall *self)
{
  return self->bytes;
}

double
bs_call_get_duration (BsCall *self)
{
  return self->duration;
}

GDateTime *
bs_call_get_time (BsCall *self)
{
  return self->time;
}

struct _BsCallLog
{
  GObject parent_instance;

  GPtrArray *calls;  /* (owned): BsCall, newest first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsCallLog, bs_call_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return BS_TYPE_CALL;
}

static guint
get_n_items (GListModel *model)
{
  return BS_CALL_LOG (model)->calls->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  BsCallLog *self = BS_CALL_LOG (model);

  return position < self->calls->len ? g_object_ref (g_ptr_array_index (self->calls, position))
                                     : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
bs_call_log_finalize (GObject *object)
{
  g_clear_pointer (&BS_CALL_LOG (object)->calls, g_ptr_array_unref);

  G_OBJECT_CLASS (bs_call_log_parent_class)->finalize (object);
}

static void
bs_call_log_class_init (BsCallLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_call_log_finalize;
}

static void
bs_call_log_init (BsCallLog *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
}

BsCallLog *
bs_call_log_new (void)
{
  return g_object_new (BS_TYPE_CALL_LOG, NULL);
}

void
bs_call_log_add (BsCallLog  *self,
                 const char *method,
                 const char *path,
                 guint       status,
                 gsize       bytes,
                 double      duration_ms)
{
  BsCall *call;
  guint removed = 0;

  g_return_if_fail (BS_IS_CALL_LOG (self));

  call = g_object_new (BS_TYPE_CALL, NULL);
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->status = status;
  call->bytes = bytes;
  call->duration = duration_ms;
  call->time = g_date_time_new_now_local ();

  if (self->calls->len == BS_CALL_LOG_SIZE)
    {
      g_ptr_array_remove_index (self->calls, self->calls->len - 1);
      removed = 1;
    }
  g_ptr_array_insert (self->calls, 0, call);
  if (removed)
    g_list_model_items_changed (G_LIST_MODEL (self), self->calls->len - 1, 1, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The nearest-rank percentile (50, 90, 99) of the logged durations, in ms; 0 when empty. */
double
bs_call_log_percentile (BsCallLog *self,
                        double     percentile)
{
  g_autoptr(GArray) durations = NULL;
  guint rank;

  g_return_val_if_fail (BS_IS_CALL_LOG (self), 0);
  g_return_val_if_fail (percentile > 0 && percentile <= 100, 0);

  if (self->calls->len == 0)
    return 0;

  durations = g_array_sized_new (FALSE, FALSE, sizeof (double), self->calls->len);
  for (guint i = 0; i < self->calls->len; i++)
    g_array_append_val (durations, BS_CALL (g_ptr_array_index (self->calls, i))->duration);
  g_array_sort (durations, compare_doubles);

  rank = (guint) ceil (percentile / 100.0 * durations->len);
  return g_array_index (durations, double, MAX (rank, 1) - 1);
}
