/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Typed members of a request body. A member that is present has its type (null,
 * strings for numbers, booleans and fractions are all 400s); unknown members are
 * ignored. */
gboolean bs_json_member_string (JsonObject  *object,
                                const char  *name,
                                gboolean     required,
                                const char **out_value,
                                GError     **error);
gboolean bs_json_member_int    (JsonObject  *object,
                                const char  *name,
                                int          min,
                                int          max,
                                gboolean     required,
                                int         *out_value,
                                GError     **error);

G_END_DECLS
