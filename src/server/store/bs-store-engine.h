/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

/* What an engine's methods call on their store, and nothing else does. */

gboolean  bs_store_is_over_budget         (BsStore    *self);
gboolean  bs_store_is_cancelled           (BsStore    *self);
void      bs_store_report_progress        (BsStore    *self,
                                           const char *task,
                                           guint       done,
                                           guint       total);
void      bs_store_note_catalog_changed   (BsStore    *self);
void      bs_store_transaction_ended      (BsStore    *self,
                                           gboolean    committed);
guint     bs_store_get_process_catalog_generation (void);
gboolean  bs_store_ensure_server_id       (BsStore    *self,
                                           GError    **error);

G_END_DECLS
