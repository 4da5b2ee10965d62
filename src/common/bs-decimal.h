/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Money is kept in integer cents and ratings in tenths; these turn such fixed-point
 * values into exact JSON numbers ("17.52", "21", "4.5") and back. */

void     bs_decimal_append      (GString *out,
                                 gint64   value,
                                 guint    decimals);
char    *bs_decimal_to_string   (gint64   value,
                                 guint    decimals);
gboolean bs_decimal_from_double (double   number,
                                 guint    decimals,
                                 gint64  *out_value);
gboolean bs_decimal_from_json   (JsonNode *node,
                                 guint    decimals,
                                 gint64   max_value,
                                 gint64  *out_value);

G_END_DECLS
