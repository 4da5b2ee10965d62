/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A set of keys that one request at a time may hold, across all listener threads: an
 * Idempotency-Key while its checkout runs. */
typedef struct _BsClaims BsClaims;

BsClaims *bs_claims_new     (void);
void      bs_claims_free    (BsClaims   *self);
gboolean  bs_claims_take    (BsClaims   *self,
                             const char *key);
void      bs_claims_release (BsClaims   *self,
                             const char *key);

G_END_DECLS
