/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

/* Counts recent attempts per key (a username, a client address) in one scope, and says
 * how long a key must wait once it has too many. The counts are kept by the store, so
 * that every listener thread, and every node of a shared database, counts the same ones.
 * An attempt counts from the moment it is admitted — so a burst of parallel guesses
 * cannot slip past the limit while the slow checks run — and its verdict settles it: a
 * failure counts on for the window, a success or a check that never ran stops counting.
 * An attempt whose verdict never comes, because its node died, stops counting once the
 * verdict is overdue. */
typedef struct _BsThrottle BsThrottle;

BsThrottle *bs_throttle_new     (const char  *scope,
                                 guint        max_failures,
                                 guint        window_seconds);
void        bs_throttle_free    (BsThrottle  *self);
gint64      bs_throttle_admit   (BsThrottle  *self,
                                 BsStore     *store,
                                 const char  *key,
                                 gint64      *out_attempt,
                                 GError     **error);
gboolean    bs_throttle_forgive (BsThrottle  *self,
                                 BsStore     *store,
                                 const char  *key,
                                 GError     **error);

G_END_DECLS
