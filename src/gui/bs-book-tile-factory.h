/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bs-cover-loader.h"

G_BEGIN_DECLS

GtkListItemFactory *bs_book_tile_factory_new (BsCoverLoader *covers);

G_END_DECLS
