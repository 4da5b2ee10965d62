/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BS_COVER_ART_WIDTH 300
#define BS_COVER_ART_HEIGHT 450

GBytes *bs_cover_art_draw (const char  *title,
                           const char  *author,
                           const char  *category,
                           GError     **error);

G_END_DECLS
