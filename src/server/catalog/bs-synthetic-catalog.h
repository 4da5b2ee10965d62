/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BS_SYNTHETIC_VOCABULARY 50000

GPtrArray  *bs_synthetic_catalog_new  (guint n_books);
const char *bs_synthetic_title_word   (guint rank);

G_END_DECLS
