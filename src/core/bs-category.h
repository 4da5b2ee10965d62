/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_TYPE_CATEGORY (bs_category_get_type ())
G_DECLARE_FINAL_TYPE (BsCategory, bs_category, BS, CATEGORY, GObject)

BsCategory *bs_category_new (const char *name, guint count);
const char *bs_category_get_name (BsCategory *self);
guint       bs_category_get_count (BsCategory *self);

G_END_DECLS
