/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-accounts"

#include "config.h"

#include "bs-pg-store-private.h"

/* A session's last use is written at most this often, so reads stay reads. */
#define TOUCH_INTERVAL_MS (60 * 60 * 1000)

#define CUSTOMER_COLUMNS "customer_id, username, display_name, password_hash"

/* The customer in the first row of @result, or NOT_FOUND naming @what. */
static BsCustomer *
read_customer (const PGresult  *result,
               const char      *what,
               GError         **error)
{
  BsCustomer *customer;

  if (PQntuples (result) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No customer %s", what);
      return NULL;
    }
  customer = g_new0 (BsCustomer, 1);
  customer->customer_id = bs_pg_dup_text (result, 0, 0);
  customer->username = bs_pg_dup_text (result, 0, 1);
  customer->display_name = bs_pg_dup_text (result, 0, 2);
  customer->password_hash = bs_pg_dup_text (result, 0, 3);
  return customer;
}

static gboolean
bs_pg_store_create_customer (BsStore           *self,
                             const BsCustomer  *customer,
                             gint64             now,
                             GError           **error)
{
  return bs_pg_run (self, error,
                    "INSERT INTO customers (" CUSTOMER_COLUMNS ", created_at) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    "ssssx", customer->customer_id, customer->username, customer->display_name,
                    customer->password_hash, now);
}

static BsCustomer *
bs_pg_store_find_customer (BsStore     *self,
                           const char  *username,
                           GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE username = $1",
                 "s", username);

  if (result == NULL)
    return NULL;
  return read_customer (result, username, error);
}

static BsCustomer *
bs_pg_store_get_customer (BsStore     *self,
                          const char  *customer_id,
                          GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE customer_id = $1",
                 "s", customer_id);

  if (result == NULL)
    return NULL;
  return read_customer (result, customer_id, error);
}

static gboolean
set_password_hash (BsStore     *self,
                   const char  *customer_id,
                   const char  *password_hash,
                   GError     **error)
{
  return bs_pg_run (self, error,
                    "UPDATE customers SET password_hash = $2 WHERE customer_id = $1",
                    "ss", customer_id, password_hash);
}

/* Sets a new password hash and ends every session but @keep_token_hash: whoever knew the
 * old password is signed out. */
static gboolean
bs_pg_store_change_password (BsStore       *self,
                             const char    *customer_id,
                             const char    *password_hash,
                             const guint8  *keep_token_hash,
                             GError       **error)
{
  if (!bs_store_begin (self, error))
    return FALSE;
  if (!set_password_hash (self, customer_id, password_hash, error) ||
      !bs_store_delete_sessions (self, customer_id, keep_token_hash, error))
    {
      bs_store_rollback (self);
      return FALSE;
    }
  return bs_store_commit (self, error);
}

/* Sessions, cart lines and purchase edges go with the account (foreign keys); its
 * orders stay, detached from it. */
static gboolean
bs_pg_store_delete_customer (BsStore     *self,
                             const char  *customer_id,
                             GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "DELETE FROM customers WHERE customer_id = $1", "s", customer_id);

  if (result == NULL)
    return FALSE;
  if (g_str_equal (PQcmdTuples (result), "0"))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No customer %s", customer_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bs_pg_store_create_session (BsStore       *self,
                            const char    *customer_id,
                            const guint8  *token_hash,
                            gint64         now,
                            GError       **error)
{
  return bs_pg_run (self, error,
                    "INSERT INTO sessions (token_hash, customer_id, created_at, last_used_at) "
                    "VALUES ($1, $2, $3, $3)",
                    "hsx", token_hash, customer_id, now);
}

/* Another node may have recorded a later use already: the clock only moves forward. */
static void
touch_session (BsStore      *self,
               const guint8 *token_hash,
               gint64        now)
{
  g_autoptr(GError) error = NULL;

  /* Only the idle clock suffers; the request itself can go on. */
  if (!bs_pg_run (self, &error,
                  "UPDATE sessions SET last_used_at = $2 "
                  "WHERE token_hash = $1 AND last_used_at < $2",
                  "hx", token_hash, now))
    g_debug ("Could not record a session's use: %s", error->message);
}

/* Returns the customer id of a live session; one idle longer than @max_idle is deleted
 * and reported as not found. */
static char *
bs_pg_store_find_session (BsStore       *self,
                          const guint8  *token_hash,
                          gint64         now,
                          gint64         max_idle,
                          GError       **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "SELECT customer_id, last_used_at FROM sessions WHERE token_hash = $1",
                 "h", token_hash);
  gint64 last_used;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No such session");
      return NULL;
    }
  last_used = bs_pg_get_int64 (result, 0, 1);

  if (now - last_used > max_idle)
    {
      g_autoptr(GError) delete_error = NULL;

      /* Only while still idle: another node may have seen it in use since. */
      if (!bs_pg_run (self, &delete_error,
                      "DELETE FROM sessions WHERE token_hash = $1 AND last_used_at = $2",
                      "hx", token_hash, last_used))
        g_debug ("Could not delete an expired session: %s", delete_error->message);
      g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "Session expired");
      return NULL;
    }
  if (now - last_used > TOUCH_INTERVAL_MS)
    touch_session (self, token_hash, now);
  return bs_pg_dup_text (result, 0, 0);
}

static gboolean
bs_pg_store_delete_session (BsStore       *self,
                            const guint8  *token_hash,
                            GError       **error)
{
  return bs_pg_run (self, error, "DELETE FROM sessions WHERE token_hash = $1", "h", token_hash);
}

/* Ends every session of @customer_id but the one of @except_token_hash, if given. */
static gboolean
bs_pg_store_delete_sessions (BsStore       *self,
                             const char    *customer_id,
                             const guint8  *except_token_hash,
                             GError       **error)
{
  return bs_pg_run (self, error,
                    "DELETE FROM sessions WHERE customer_id = $1 "
                    "AND ($2::bytea IS NULL OR token_hash <> $2)",
                    "sh", customer_id, except_token_hash);
}

void
bs_pg_store_accounts_install (BsStoreClass *klass)
{
  klass->create_customer = bs_pg_store_create_customer;
  klass->find_customer = bs_pg_store_find_customer;
  klass->get_customer = bs_pg_store_get_customer;
  klass->change_password = bs_pg_store_change_password;
  klass->delete_customer = bs_pg_store_delete_customer;
  klass->create_session = bs_pg_store_create_session;
  klass->find_session = bs_pg_store_find_session;
  klass->delete_session = bs_pg_store_delete_session;
  klass->delete_sessions = bs_pg_store_delete_sessions;
}
