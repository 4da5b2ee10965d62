/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts recent attempts per key (a username, a client address) across all listener
 * threads, and says how long a key must wait once it has too many. An attempt counts as
 * a failure from the moment it is admitted — so a burst of parallel guesses cannot slip
 * past the limit while the slow checks run — and is withdrawn if it succeeds. */
typedef struct _BsThrottle BsThrottle;

BsThrottle *bs_throttle_new     (guint       max_failures,
                                 guint       window_seconds);
void        bs_throttle_free    (BsThrottle *self);
guint       bs_throttle_admit    (BsThrottle *self,
                                  const char *key,
                                  gint64      now_us);
void        bs_throttle_withdraw (BsThrottle *self,
                                  const char *key);
void        bs_throttle_forgive  (BsThrottle *self,
                                  const char *key);

G_END_DECLS
