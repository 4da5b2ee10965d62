/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *bs_money_format  (gint64 cents);
char *bs_rating_format (int    tenths);

G_END_DECLS
