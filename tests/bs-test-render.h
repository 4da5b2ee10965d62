/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What @widget shows now, drawn by its window's own renderer; NULL before it is drawn. */
GdkTexture *bs_test_render_widget     (GtkWidget  *widget);
/* The mean brightness of @texture, from 0 (black) to 1 (white). */
double      bs_test_texture_brightness (GdkTexture *texture);

G_END_DECLS
