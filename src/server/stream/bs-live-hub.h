/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "bs-store.h"

G_BEGIN_DECLS

/* One listener's subscribers to /api/bestsellers/live. Lives on the listener's thread
 * and reads through the listener's store. */
typedef struct _BsLiveHub BsLiveHub;

BsLiveHub *bs_live_hub_new       (BsStore                 *store,
                                  GMainContext            *context);
void       bs_live_hub_add       (BsLiveHub               *self,
                                  SoupWebsocketConnection *connection);
void       bs_live_hub_changed   (BsLiveHub               *self);
guint      bs_live_hub_get_size  (BsLiveHub               *self);
void       bs_live_hub_free      (BsLiveHub               *self);

G_END_DECLS
