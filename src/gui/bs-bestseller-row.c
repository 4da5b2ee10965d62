/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-bestseller-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-bestseller-row.h"

/* A best seller: its rank, cover, title, author and copies sold. Built once and given
 * one book after another; the rank follows the row's place in the list. */

struct _BsBestsellerRow
{
  GtkWidget parent_instance;

  BsCoverLoader *covers;   /* (owned) */
  BsBookCount *count;      /* (owned) (nullable) */
  guint rank;

  GtkLabel *rank_label;
  GtkPicture *cover;
  GtkLabel *title;
  GtkLabel *author;
  GtkLabel *sold;
};

G_DEFINE_FINAL_TYPE (BsBestsellerRow, bs_bestseller_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COVERS,
  PROP_COUNT,
  PROP_RANK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
bs_bestseller_row_set_count (BsBestsellerRow *self,
                             BsBookCount     *count)
{
  g_autoptr(GdkPaintable) cover = NULL;
  g_autofree char *sold = NULL;
  BsBook *book;
  guint copies;

  g_return_if_fail (BS_IS_BESTSELLER_ROW (self));

  if (!g_set_object (&self->count, count))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  if (count == NULL)
    {
      gtk_picture_set_paintable (self->cover, NULL);
      return;
    }
  book = bs_book_count_get_book (count);
  copies = (guint) MIN (bs_book_count_get_count (count), G_MAXUINT);
  /* Translators: how many copies of a best seller were sold. */
  sold = g_strdup_printf (ngettext ("%u sold", "%u sold", copies), copies);
  cover = bs_cover_loader_get_paintable (self->covers, bs_book_get_book_id (book));
  gtk_picture_set_paintable (self->cover, cover);
  gtk_picture_set_alternative_text (self->cover, bs_book_get_name (book));
  gtk_label_set_label (self->title, bs_book_get_name (book));
  gtk_label_set_label (self->author, bs_book_get_author (book));
  gtk_label_set_label (self->sold, sold);
}

/* @rank: counted from 1. */
void
bs_bestseller_row_set_rank (BsBestsellerRow *self,
                            guint            rank)
{
  g_autofree char *text = NULL;

  g_return_if_fail (BS_IS_BESTSELLER_ROW (self));

  if (self->rank == rank)
    return;
  self->rank = rank;
  text = g_strdup_printf ("%u", rank);
  gtk_label_set_label (self->rank_label, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANK]);
}

static void
bs_bestseller_row_dispose (GObject *object)
{
  BsBestsellerRow *self = BS_BESTSELLER_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_BESTSELLER_ROW);
  /* The children no field names are the template's too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->count);
  g_clear_object (&self->covers);

  G_OBJECT_CLASS (bs_bestseller_row_parent_class)->dispose (object);
}

static void
bs_bestseller_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BsBestsellerRow *self = BS_BESTSELLER_ROW (object);

  switch (prop_id)
    {
    case PROP_COVERS:
      g_value_set_object (value, self->covers);
      break;
    case PROP_COUNT:
      g_value_set_object (value, self->count);
      break;
    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_bestseller_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BsBestsellerRow *self = BS_BESTSELLER_ROW (object);

  switch (prop_id)
    {
    case PROP_COVERS:
      self->covers = g_value_dup_object (value);
      break;
    case PROP_COUNT:
      bs_bestseller_row_set_count (self, g_value_get_object (value));
      break;
    case PROP_RANK:
      bs_bestseller_row_set_rank (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_bestseller_row_class_init (BsBestsellerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_bestseller_row_dispose;
  object_class->get_property = bs_bestseller_row_get_property;
  object_class->set_property = bs_bestseller_row_set_property;

  properties[PROP_COVERS] =
    g_param_spec_object ("covers", NULL, NULL, BS_TYPE_COVER_LOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_object ("count", NULL, NULL, BS_TYPE_BOOK_COUNT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RANK] =
    g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-bestseller-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BsBestsellerRow, rank_label);
  gtk_widget_class_bind_template_child (widget_class, BsBestsellerRow, cover);
  gtk_widget_class_bind_template_child (widget_class, BsBestsellerRow, title);
  gtk_widget_class_bind_template_child (widget_class, BsBestsellerRow, author);
  gtk_widget_class_bind_template_child (widget_class, BsBestsellerRow, sold);
}

static void
bs_bestseller_row_init (BsBestsellerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
