/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest request body any route accepts. */
#define BS_JSON_BODY_MAX_SIZE (64 * 1024)

JsonNode   *bs_json_body_parse        (const char *data,
                                       gsize       length,
                                       GError    **error);
JsonObject *bs_json_body_parse_object (const char *data,
                                       gsize       length,
                                       GError    **error);

G_END_DECLS
