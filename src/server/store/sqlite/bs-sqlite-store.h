/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

#define BS_TYPE_SQLITE_STORE (bs_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (BsSqliteStore, bs_sqlite_store, BS, SQLITE_STORE, BsStore)

/* One connection to the SQLite database file @path, in WAL mode, so that each thread
 * can have its own. */
BsStore *bs_sqlite_store_open (const char  *path,
                               GError     **error);

G_END_DECLS
