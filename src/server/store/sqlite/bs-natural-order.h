/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Orders "b9" before "b10": runs of digits compare as numbers, the rest byte by byte. */
int bs_natural_compare (const char *a,
                        gsize       a_length,
                        const char *b,
                        gsize       b_length);

G_END_DECLS
