/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bs-cover-loader.h"
#include "bs-shop.h"

G_BEGIN_DECLS

#define BS_TYPE_BOOK_DIALOG (bs_book_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsBookDialog, bs_book_dialog, BS, BOOK_DIALOG, AdwWindow)

BsBookDialog *bs_book_dialog_new (GtkWindow     *parent,
                                  BsShop        *shop,
                                  BsCoverLoader *covers,
                                  BsBook        *book);

G_END_DECLS
