/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-sqlite-attempts"

#include "config.h"

#include "bs-sqlite-store-private.h"

/* Sign-in attempts per username or address, counted as bs_store_admit_attempt() says. An
 * attempt stops counting at its release: the end of its verdict's wait while pending,
 * the end of the window once failed. */

/* The seconds @key must wait: 0 while fewer than @max_attempts count, else until the
 * latest release but @max_attempts - 1; -1 on error. */
static gint64
bs_sqlite_store_attempt_wait (BsStore              *self,
                              const char           *scope,
                              const char           *key,
                              const BsAttemptLimit *limit,
                              gint64                now_ms,
                              GError              **error)
{
  g_autoptr(BsStatement) counted =
    bs_sqlite_prepare (self,
                       "SELECT release FROM (SELECT coalesce (pending_until_ms, at_ms + ?3) "
                       "AS release FROM signin_attempts WHERE scope = ?1 AND key = ?2) "
                       "WHERE release > ?4 ORDER BY release DESC LIMIT 1 OFFSET ?5",
                       error);
  int rc;

  if (counted == NULL)
    return -1;
  bs_statement_bind (counted, "ssxxi", scope, key, limit->window_ms, now_ms,
                     (int) limit->max_attempts - 1);
  rc = sqlite3_step (counted);
  if (rc == SQLITE_ROW)
    return MAX (1, (sqlite3_column_int64 (counted, 0) - now_ms + 999) / 1000);
  if (rc != SQLITE_DONE)
    {
      bs_sqlite_fail (self, error);
      return -1;
    }
  return 0;
}

/* One writer at a time (BEGIN IMMEDIATE) already makes each count and its decision one
 * step: nothing to lock. */
static gboolean
bs_sqlite_store_begin_attempts (BsStore  *self,
                                gint64    expired_ms,
                                GError  **error)
{
  return bs_sqlite_run (self, error, "DELETE FROM signin_attempts WHERE at_ms <= ?1", "x", expired_ms);
}

static gint64
bs_sqlite_store_add_attempt (BsStore     *self,
                             const char  *scope,
                             const char  *key,
                             gint64       now_ms,
                             gint64       pending_until_ms,
                             GError     **error)
{
  if (!bs_sqlite_run (self, error,
                      "INSERT INTO signin_attempts (scope, key, at_ms, pending_until_ms) "
                      "VALUES (?1, ?2, ?3, ?4)",
                      "ssxx", scope, key, now_ms, pending_until_ms))
    return -1;
  return sqlite3_last_insert_rowid (bs_sqlite_get_db (self));
}

static gboolean
bs_sqlite_store_settle_attempt (BsStore   *self,
                                gint64     attempt,
                                gboolean   failed,
                                GError   **error)
{
  if (failed)
    return bs_sqlite_run (self, error,
                          "UPDATE signin_attempts SET pending_until_ms = NULL WHERE attempt_seq = ?1",
                          "x", attempt);
  return bs_sqlite_run (self, error, "DELETE FROM signin_attempts WHERE attempt_seq = ?1", "x", attempt);
}

static gboolean
bs_sqlite_store_forgive_attempts (BsStore     *self,
                                  const char  *scope,
                                  const char  *key,
                                  GError     **error)
{
  return bs_sqlite_run (self, error, "DELETE FROM signin_attempts WHERE scope = ?1 AND key = ?2",
                        "ss", scope, key);
}

void
bs_sqlite_store_attempts_install (BsStoreClass *klass)
{
  klass->attempt_wait = bs_sqlite_store_attempt_wait;
  klass->begin_attempts = bs_sqlite_store_begin_attempts;
  klass->add_attempt = bs_sqlite_store_add_attempt;
  klass->settle_attempt = bs_sqlite_store_settle_attempt;
  klass->forgive_attempts = bs_sqlite_store_forgive_attempts;
}
