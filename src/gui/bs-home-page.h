/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bs-cover-loader.h"
#include "bs-shop.h"

G_BEGIN_DECLS

#define BS_TYPE_HOME_PAGE (bs_home_page_get_type ())
G_DECLARE_FINAL_TYPE (BsHomePage, bs_home_page, BS, HOME_PAGE, AdwBin)

BsHomePage *bs_home_page_new (BsShop        *shop,
                              BsCoverLoader *covers);

G_END_DECLS
