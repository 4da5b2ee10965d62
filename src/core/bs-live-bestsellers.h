/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-client.h"

G_BEGIN_DECLS

#define BS_TYPE_LIVE_BESTSELLERS (bs_live_bestsellers_get_type ())
G_DECLARE_FINAL_TYPE (BsLiveBestsellers, bs_live_bestsellers, BS, LIVE_BESTSELLERS, GObject)

BsLiveBestsellers *bs_live_bestsellers_new          (BsClient          *client);
GListModel        *bs_live_bestsellers_get_model    (BsLiveBestsellers *self);
void               bs_live_bestsellers_start        (BsLiveBestsellers *self);
void               bs_live_bestsellers_stop         (BsLiveBestsellers *self);
gboolean           bs_live_bestsellers_is_connected (BsLiveBestsellers *self);
gboolean           bs_live_bestsellers_is_polling   (BsLiveBestsellers *self);
gboolean           bs_live_bestsellers_is_loaded    (BsLiveBestsellers *self);
void               bs_live_bestsellers_show_saved   (BsLiveBestsellers *self,
                                                     GPtrArray         *board);
void               bs_live_bestsellers_set_timing   (BsLiveBestsellers *self,
                                                     guint              first_retry_ms,
                                                     guint              max_retry_ms,
                                                     guint              poll_ms);

G_END_DECLS
