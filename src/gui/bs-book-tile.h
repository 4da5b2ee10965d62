/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bs-book.h"
#include "bs-cover-loader.h"

G_BEGIN_DECLS

#define BS_TYPE_BOOK_TILE (bs_book_tile_get_type ())
G_DECLARE_FINAL_TYPE (BsBookTile, bs_book_tile, BS, BOOK_TILE, GtkWidget)

BsBook    *bs_book_tile_get_book (BsBookTile    *self);

G_END_DECLS
