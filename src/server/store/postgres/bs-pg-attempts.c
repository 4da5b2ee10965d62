/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-attempts"

#include "config.h"

#include "bs-pg-store-private.h"

/* Sign-in attempts per username or address, counted as bs_store_admit_attempt() says, in
 * the database so that every node counts them all. An attempt stops counting at its
 * release: the end of its verdict's wait while pending, the end of the window once
 * failed. */

/* The seconds @key must wait: 0 while fewer than @max_attempts count, else until the
 * latest release but @max_attempts - 1; -1 on error. */
static gint64
bs_pg_store_attempt_wait (BsStore              *self,
                          const char           *scope,
                          const char           *key,
                          const BsAttemptLimit *limit,
                          gint64                now_ms,
                          GError              **error)
{
  g_autoptr(PGresult) counted =
    bs_pg_query (self, error,
                 "SELECT release FROM (SELECT coalesce (pending_until_ms, at_ms + $3) "
                 "AS release FROM signin_attempts WHERE scope = $1 AND key = $2) AS counting "
                 "WHERE release > $4 ORDER BY release DESC LIMIT 1 OFFSET $5",
                 "ssxxi", scope, key, limit->window_ms, now_ms, (int) limit->max_attempts - 1);

  if (counted == NULL)
    return -1;
  if (PQntuples (counted) == 1)
    return MAX (1, (bs_pg_get_int64 (counted, 0, 0) - now_ms + 999) / 1000);
  return 0;
}

/* Counts take turns on one row: sign-ins are few (each costs an Argon2id check), and a
 * count and its decision must be one step, or two nodes could both admit the last
 * attempt allowed. */
static gboolean
bs_pg_store_begin_attempts (BsStore  *self,
                            gint64    expired_ms,
                            GError  **error)
{
  return bs_pg_run (self, error, "SELECT 1 FROM meta WHERE key = 'signin_attempts' FOR UPDATE", "") &&
         bs_pg_run (self, error, "DELETE FROM signin_attempts WHERE at_ms <= $1", "x", expired_ms);
}

static gint64
bs_pg_store_add_attempt (BsStore     *self,
                         const char  *scope,
                         const char  *key,
                         gint64       now_ms,
                         gint64       pending_until_ms,
                         GError     **error)
{
  return bs_pg_query_int64 (self, error, -1,
                            "INSERT INTO signin_attempts (scope, key, at_ms, pending_until_ms) "
                            "VALUES ($1, $2, $3, $4) RETURNING attempt_seq",
                            "ssxx", scope, key, now_ms, pending_until_ms);
}

static gboolean
bs_pg_store_settle_attempt (BsStore   *self,
                            gint64     attempt,
                            gboolean   failed,
                            GError   **error)
{
  if (failed)
    return bs_pg_run (self, error,
                      "UPDATE signin_attempts SET pending_until_ms = NULL WHERE attempt_seq = $1",
                      "x", attempt);
  return bs_pg_run (self, error, "DELETE FROM signin_attempts WHERE attempt_seq = $1", "x", attempt);
}

static gboolean
bs_pg_store_forgive_attempts (BsStore     *self,
                              const char  *scope,
                              const char  *key,
                              GError     **error)
{
  return bs_pg_run (self, error, "DELETE FROM signin_attempts WHERE scope = $1 AND key = $2",
                    "ss", scope, key);
}

void
bs_pg_store_attempts_install (BsStoreClass *klass)
{
  klass->attempt_wait = bs_pg_store_attempt_wait;
  klass->begin_attempts = bs_pg_store_begin_attempts;
  klass->add_attempt = bs_pg_store_add_attempt;
  klass->settle_attempt = bs_pg_store_settle_attempt;
  klass->forgive_attempts = bs_pg_store_forgive_attempts;
}
