/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-tile-factory"

#include "config.h"

#include "bs-gui.h"

#include "bs-book-line.h"
#include "bs-book-tile.h"
#include "bs-book-tile-factory.h"

/* Grid cells are built from a template (bs-book-tile-item.ui), whose bindings call two
 * functions by name: cover_loader, the loader every tile of the grid draws its cover
 * with, and book_of_entry, the book of the cell's entry. A C scope finds functions by
 * symbol only, so this one also answers cover_loader with its own loader. */

#define BS_TYPE_TILE_SCOPE (bs_tile_scope_get_type ())
G_DECLARE_FINAL_TYPE (BsTileScope, bs_tile_scope, BS, TILE_SCOPE, GtkBuilderCScope)

struct _BsTileScope
{
  GtkBuilderCScope parent_instance;

  BsCoverLoader *covers;   /* (owned) */
};

static void bs_tile_scope_builder_scope_init (GtkBuilderScopeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BsTileScope, bs_tile_scope, GTK_TYPE_BUILDER_CSCOPE,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDER_SCOPE,
                                                      bs_tile_scope_builder_scope_init))

static GtkBuilderScopeInterface *parent_scope_iface;

/* An entry is a book, or a line (a best seller, a recommendation) of one. */
static BsBook *
book_of_entry (GtkListItem *item,
               GObject     *entry)
{
  if (BS_IS_BOOK_LINE (entry))
    return g_object_ref (bs_book_line_get_book (BS_BOOK_LINE (entry)));
  return entry != NULL ? g_object_ref (BS_BOOK (entry)) : NULL;
}

static BsCoverLoader *
give_covers (GtkListItem   *item,
             BsCoverLoader *covers)
{
  return g_object_ref (covers);
}

static void
release_covers (gpointer  covers,
                GClosure *closure)
{
  g_object_unref (covers);
}

static GClosure *
bs_tile_scope_create_closure (GtkBuilderScope         *scope,
                              GtkBuilder              *builder,
                              const char              *function_name,
                              GtkBuilderClosureFlags   flags,
                              GObject                 *object,
                              GError                 **error)
{
  BsTileScope *self = BS_TILE_SCOPE (scope);

  if (g_strcmp0 (function_name, "cover_loader") == 0)
    return g_cclosure_new (G_CALLBACK (give_covers), g_object_ref (self->covers),
                           release_covers);
  return parent_scope_iface->create_closure (scope, builder, function_name, flags, object,
                                             error);
}

static void
bs_tile_scope_builder_scope_init (GtkBuilderScopeInterface *iface)
{
  parent_scope_iface = g_type_interface_peek_parent (iface);
  iface->get_type_from_name = parent_scope_iface->get_type_from_name;
  iface->get_type_from_function = parent_scope_iface->get_type_from_function;
  iface->create_closure = bs_tile_scope_create_closure;
}

static void
bs_tile_scope_finalize (GObject *object)
{
  g_clear_object (&BS_TILE_SCOPE (object)->covers);

  G_OBJECT_CLASS (bs_tile_scope_parent_class)->finalize (object);
}

static void
bs_tile_scope_class_init (BsTileScopeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_tile_scope_finalize;
}

static void
bs_tile_scope_init (BsTileScope *self)
{
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (self), "book_of_entry",
                                          G_CALLBACK (book_of_entry));
}

/* Tiles of books for a grid or a list view, their covers drawn by @covers. */
GtkListItemFactory *
bs_book_tile_factory_new (BsCoverLoader *covers)
{
  g_autoptr(BsTileScope) scope = NULL;

  g_return_val_if_fail (BS_IS_COVER_LOADER (covers), NULL);

  bs_gui_ensure_resources ();
  g_type_ensure (BS_TYPE_BOOK_TILE);
  scope = g_object_new (BS_TYPE_TILE_SCOPE, NULL);
  scope->covers = g_object_ref (covers);
  return gtk_builder_list_item_factory_new_from_resource (GTK_BUILDER_SCOPE (scope),
                                                          RESOURCE_BASE_PATH "/gui/bs-book-tile-item.ui");
}
