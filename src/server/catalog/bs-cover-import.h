/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

#define BS_COVER_MAX_BYTES (2 * 1024 * 1024)
#define BS_COVER_MAX_SIDE 4096

gboolean bs_cover_import_directory (BsStore     *store,
                                    const char  *directory,
                                    guint       *out_imported,
                                    GError     **error);

G_END_DECLS
