/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts recent failures per key (a username, a client address) across all listener
 * threads, and says how long a key must wait once it has too many. */
typedef struct _BsThrottle BsThrottle;

BsThrottle *bs_throttle_new     (guint       max_failures,
                                 guint       window_seconds);
void        bs_throttle_free    (BsThrottle *self);
guint       bs_throttle_wait    (BsThrottle *self,
                                 const char *key,
                                 gint64      now_us);
void        bs_throttle_fail    (BsThrottle *self,
                                 const char *key,
                                 gint64      now_us);
void        bs_throttle_forgive (BsThrottle *self,
                                 const char *key);

G_END_DECLS
