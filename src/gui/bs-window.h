/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bs-cover-loader.h"
#include "bs-shop.h"

G_BEGIN_DECLS

#define BS_TYPE_WINDOW (bs_window_get_type ())
G_DECLARE_FINAL_TYPE (BsWindow, bs_window, BS, WINDOW, AdwApplicationWindow)

BsWindow   *bs_window_new             (AdwApplication *application,
                                       BsShop         *shop,
                                       BsCoverLoader  *covers,
                                       gboolean        shop_fixed);
GListModel *bs_window_get_shown_books (BsWindow       *self);
void        bs_window_open_book       (BsWindow       *self,
                                       const char     *book_id);
void        bs_window_search_for      (BsWindow       *self,
                                       const char     *text);

G_END_DECLS
