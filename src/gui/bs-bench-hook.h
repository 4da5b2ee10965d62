/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bs-cover-loader.h"
#include "bs-shop.h"

G_BEGIN_DECLS

void bs_bench_hook_watch (GtkWindow     *window,
                          BsShop        *shop,
                          BsCoverLoader *covers);

G_END_DECLS
