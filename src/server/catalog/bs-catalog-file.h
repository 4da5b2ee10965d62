/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GPtrArray *bs_catalog_file_parse (GBytes      *json,
                                  GError     **error);
GPtrArray *bs_catalog_file_load  (const char  *path,
                                  GError     **error);

G_END_DECLS
