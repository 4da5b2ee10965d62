/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-throttle"

#include "config.h"

#include "bs-throttle.h"

/* Longer than any password check takes, queue included: at most 64 jobs wait for 2 to 4
 * threads, each job one Argon2id hash at libsodium's interactive limits (a tenth of a
 * second or so), some 3 s in all. A pending attempt is released after this only when
 * its node died before the verdict. */
#define VERDICT_SECONDS 30

struct _BsThrottle
{
  char *scope;
  BsAttemptLimit limit;
};

BsThrottle *
bs_throttle_new (const char *scope,
                 guint       max_failures,
                 guint       window_seconds)
{
  BsThrottle *self = g_new0 (BsThrottle, 1);

  g_return_val_if_fail (window_seconds > VERDICT_SECONDS, NULL);

  self->scope = g_strdup (scope);
  self->limit.max_attempts = max_failures;
  self->limit.window_ms = (gint64) window_seconds * 1000;
  self->limit.verdict_ms = VERDICT_SECONDS * 1000;
  return self;
}

void
bs_throttle_free (BsThrottle *self)
{
  if (self == NULL)
    return;
  g_free (self->scope);
  g_free (self);
}

/* Admits an attempt for @key, sets @out_attempt for its verdict
 * (bs_store_settle_attempt()) and returns 0; or, when @key had too many, counts nothing
 * and returns the seconds until it may try again; -1 on error. Times are the wall
 * clock's, which every node shares. */
gint64
bs_throttle_admit (BsThrottle  *self,
                   BsStore     *store,
                   const char  *key,
                   gint64      *out_attempt,
                   GError     **error)
{
  return bs_store_admit_attempt (store, self->scope, key, &self->limit, g_get_real_time () / 1000,
                                 out_attempt, error);
}

/* None of @key's attempts count any more. */
gboolean
bs_throttle_forgive (BsThrottle  *self,
                     BsStore     *store,
                     const char  *key,
                     GError     **error)
{
  return bs_store_forgive_attempts (store, self->scope, key, error);
}
