/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-tile"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-book-tile.h"
#include "bs-money.h"

/* A book in the grid: its cover (drawn lazily), title, author, price and an "Add to
 * Cart" button. GTK 4.8 cannot name a grid cell, so the tile is labelled by its title. */

struct _BsBookTile
{
  GtkWidget parent_instance;

  BsCoverLoader *loader;   /* (owned) */
  BsBook *book;            /* (owned) (nullable) */

  GtkWidget *box;
  GtkPicture *cover;
  GtkLabel *title;
  GtkLabel *author;
  GtkLabel *price;
  GtkButton *add;
};

G_DEFINE_FINAL_TYPE (BsBookTile, bs_book_tile, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COVERS,
  PROP_BOOK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_cover (BsBookTile *self)
{
  g_autoptr(GdkPaintable) cover = NULL;

  if (self->book != NULL && self->loader != NULL)
    cover = bs_cover_loader_get_paintable (self->loader, bs_book_get_book_id (self->book));
  gtk_picture_set_paintable (self->cover, cover);
}

static void
set_covers (BsBookTile    *self,
            BsCoverLoader *loader)
{
  if (!g_set_object (&self->loader, loader))
    return;
  show_cover (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERS]);
}

static void
set_book (BsBookTile *self,
          BsBook     *book)
{
  g_autofree char *price = NULL;
  g_autofree char *add_label = NULL;

  if (!g_set_object (&self->book, book))
    return;
  show_cover (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOOK]);
  if (book == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add), NULL);
      return;
    }

  gtk_picture_set_alternative_text (self->cover, bs_book_get_name (book));
  gtk_label_set_label (self->title, bs_book_get_name (book));
  gtk_label_set_label (self->author, bs_book_get_author (book));
  price = bs_money_format (bs_book_get_price (book));
  gtk_label_set_label (self->price, price);
  /* The target before the name: an action without its target would be refused. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->add), "s", bs_book_get_book_id (book));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add), "win.add-to-cart");
  /* The button says which book it adds, for a screen reader moving by button. */
  /* Translators: a button's accessible name; %s is a book's title. */
  add_label = g_strdup_printf (_("Add “%s” to Cart"), bs_book_get_name (book));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  add_label, -1);
}

static void
bs_book_tile_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BsBookTile *self = BS_BOOK_TILE (object);

  switch (prop_id)
    {
    case PROP_COVERS:
      g_value_set_object (value, self->loader);
      break;
    case PROP_BOOK:
      g_value_set_object (value, self->book);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_tile_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BsBookTile *self = BS_BOOK_TILE (object);

  switch (prop_id)
    {
    case PROP_COVERS:
      set_covers (self, g_value_get_object (value));
      break;
    case PROP_BOOK:
      set_book (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_tile_dispose (GObject *object)
{
  BsBookTile *self = BS_BOOK_TILE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_BOOK_TILE);
  g_clear_object (&self->book);
  g_clear_object (&self->loader);

  G_OBJECT_CLASS (bs_book_tile_parent_class)->dispose (object);
}

static void
bs_book_tile_class_init (BsBookTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_book_tile_dispose;
  object_class->get_property = bs_book_tile_get_property;
  object_class->set_property = bs_book_tile_set_property;

  /* Set once, by the cell's template; covers show once both are set. */
  properties[PROP_COVERS] =
    g_param_spec_object ("covers", NULL, NULL, BS_TYPE_COVER_LOADER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BOOK] =
    g_param_spec_object ("book", NULL, NULL, BS_TYPE_BOOK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/gui/bs-book-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, BsBookTile, box);
  gtk_widget_class_bind_template_child (widget_class, BsBookTile, cover);
  gtk_widget_class_bind_template_child (widget_class, BsBookTile, title);
  gtk_widget_class_bind_template_child (widget_class, BsBookTile, author);
  gtk_widget_class_bind_template_child (widget_class, BsBookTile, price);
  gtk_widget_class_bind_template_child (widget_class, BsBookTile, add);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bs_book_tile_init (BsBookTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BsBook *
bs_book_tile_get_book (BsBookTile *self)
{
  g_return_val_if_fail (BS_IS_BOOK_TILE (self), NULL);

  return self->book;
}
