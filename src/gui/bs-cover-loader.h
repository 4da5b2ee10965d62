/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bs-cover-cache.h"

G_BEGIN_DECLS

#define BS_TYPE_COVER_LOADER (bs_cover_loader_get_type ())
G_DECLARE_FINAL_TYPE (BsCoverLoader, bs_cover_loader, BS, COVER_LOADER, GObject)

BsCoverLoader *bs_cover_loader_new          (BsCoverCache  *cache);
GdkPaintable  *bs_cover_loader_get_paintable (BsCoverLoader *self,
                                             const char    *book_id);
gboolean       bs_cover_loader_shows_every_cover (BsCoverLoader *self);

G_END_DECLS
