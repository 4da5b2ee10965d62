/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bs-book-count.h"
#include "bs-cover-loader.h"

G_BEGIN_DECLS

#define BS_TYPE_BESTSELLER_ROW (bs_bestseller_row_get_type ())
G_DECLARE_FINAL_TYPE (BsBestsellerRow, bs_bestseller_row, BS, BESTSELLER_ROW, GtkWidget)

void bs_bestseller_row_set_count (BsBestsellerRow *self,
                                  BsBookCount     *count);
void bs_bestseller_row_set_rank  (BsBestsellerRow *self,
                                  guint            rank);

G_END_DECLS
