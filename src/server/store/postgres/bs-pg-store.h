/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

#define BS_TYPE_PG_STORE (bs_pg_store_get_type ())
G_DECLARE_FINAL_TYPE (BsPgStore, bs_pg_store, BS, PG_STORE, BsStore)

gboolean  bs_pg_store_is_location (const char  *location);
char     *bs_pg_store_describe    (const char  *uri);
BsStore  *bs_pg_store_open        (const char  *uri,
                                   GError     **error);

G_END_DECLS
