/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-accounts"

#include "config.h"

#include "bs-sqlite-store-private.h"

/* A session's last use is written at most this often, so reads stay reads. */
#define TOUCH_INTERVAL_MS (60 * 60 * 1000)

#define CUSTOMER_COLUMNS "customer_id, username, display_name, password_hash"

static BsCustomer *
read_customer (BsStatement *statement)
{
  BsCustomer *customer = g_new0 (BsCustomer, 1);

  customer->customer_id = bs_statement_dup_text (statement, 0);
  customer->username = bs_statement_dup_text (statement, 1);
  customer->display_name = bs_statement_dup_text (statement, 2);
  customer->password_hash = bs_statement_dup_text (statement, 3);
  return customer;
}

static BsCustomer *
step_customer (BsStore     *self,
               BsStatement *statement,
               const char  *what,
               GError     **error)
{
  int rc = sqlite3_step (statement);

  if (rc == SQLITE_ROW)
    return read_customer (statement);
  if (rc == SQLITE_DONE)
    g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No customer %s", what);
  else
    bs_sqlite_fail (self, error);
  return NULL;
}

static gboolean
bs_sqlite_store_create_customer (BsStore           *self,
                                 const BsCustomer  *customer,
                                 gint64             now,
                                 GError           **error)
{
  return bs_sqlite_run (self, error,
                        "INSERT INTO customers (" CUSTOMER_COLUMNS ", created_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
                        "ssssx", customer->customer_id, customer->username, customer->display_name,
                        customer->password_hash, now);
}

static BsCustomer *
bs_sqlite_store_find_customer (BsStore     *self,
                               const char  *username,
                               GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE username = ?1",
                       error);

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "s", username);
  return step_customer (self, statement, username, error);
}

static BsCustomer *
bs_sqlite_store_get_customer (BsStore     *self,
                              const char  *customer_id,
                              GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE customer_id = ?1",
                       error);

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "s", customer_id);
  return step_customer (self, statement, customer_id, error);
}

static gboolean
set_password_hash (BsStore     *self,
                   const char  *customer_id,
                   const char  *password_hash,
                   GError     **error)
{
  return bs_sqlite_run (self, error,
                        "UPDATE customers SET password_hash = ?2 WHERE customer_id = ?1",
                        "ss", customer_id, password_hash);
}

/* Sets a new password hash and ends every session but @keep_token_hash: whoever knew the
 * old password is signed out. */
static gboolean
bs_sqlite_store_change_password (BsStore       *self,
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
bs_sqlite_store_delete_customer (BsStore     *self,
                                 const char  *customer_id,
                                 GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "DELETE FROM customers WHERE customer_id = ?1", error);

  if (statement == NULL)
    return FALSE;
  bs_statement_bind (statement, "s", customer_id);
  if (!bs_sqlite_step_done (self, statement, error))
    return FALSE;
  if (sqlite3_changes (bs_sqlite_get_db (self)) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No customer %s", customer_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
bs_sqlite_store_create_session (BsStore       *self,
                                const char    *customer_id,
                                const guint8  *token_hash,
                                gint64         now,
                                GError       **error)
{
  return bs_sqlite_run (self, error,
                        "INSERT INTO sessions (token_hash, customer_id, created_at, last_used_at) "
                        "VALUES (?1, ?2, ?3, ?3)",
                        "hsx", token_hash, customer_id, now);
}

static void
touch_session (BsStore      *self,
               const guint8 *token_hash,
               gint64        now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "UPDATE sessions SET last_used_at = ?2 WHERE token_hash = ?1", &error);

  if (statement != NULL)
    {
      bs_statement_bind (statement, "hx", token_hash, now);
      bs_sqlite_step_done (self, statement, &error);
    }
  /* Only the idle clock suffers; the request itself can go on. */
  if (error != NULL)
    g_debug ("Could not record a session's use: %s", error->message);
}

/* Returns the customer id of a live session; one idle longer than @max_idle is deleted
 * and reported as not found. */
static char *
bs_sqlite_store_find_session (BsStore       *self,
                              const guint8  *token_hash,
                              gint64         now,
                              gint64         max_idle,
                              GError       **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT customer_id, last_used_at FROM sessions WHERE token_hash = ?1",
                       error);
  g_autofree char *customer_id = NULL;
  gint64 last_used;
  int rc;

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "h", token_hash);
  rc = sqlite3_step (statement);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No such session");
      else
        bs_sqlite_fail (self, error);
      return NULL;
    }
  customer_id = bs_statement_dup_text (statement, 0);
  last_used = sqlite3_column_int64 (statement, 1);
  bs_statement_reset (g_steal_pointer (&statement));

  if (now - last_used > max_idle)
    {
      g_autoptr(GError) delete_error = NULL;

      if (!bs_store_delete_session (self, token_hash, &delete_error))
        g_debug ("Could not delete an expired session: %s", delete_error->message);
      g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "Session expired");
      return NULL;
    }
  if (now - last_used > TOUCH_INTERVAL_MS)
    touch_session (self, token_hash, now);
  return g_steal_pointer (&customer_id);
}

static gboolean
bs_sqlite_store_delete_session (BsStore       *self,
                                const guint8  *token_hash,
                                GError       **error)
{
  return bs_sqlite_run (self, error, "DELETE FROM sessions WHERE token_hash = ?1", "h", token_hash);
}

/* Ends every session of @customer_id but the one of @except_token_hash, if given. */
static gboolean
bs_sqlite_store_delete_sessions (BsStore       *self,
                                 const char    *customer_id,
                                 const guint8  *except_token_hash,
                                 GError       **error)
{
  return bs_sqlite_run (self, error,
                        "DELETE FROM sessions WHERE customer_id = ?1 "
                        "AND (?2 IS NULL OR token_hash IS NOT ?2)",
                        "sh", customer_id, except_token_hash);
}

void
bs_sqlite_store_accounts_install (BsStoreClass *klass)
{
  klass->create_customer = bs_sqlite_store_create_customer;
  klass->find_customer = bs_sqlite_store_find_customer;
  klass->get_customer = bs_sqlite_store_get_customer;
  klass->change_password = bs_sqlite_store_change_password;
  klass->delete_customer = bs_sqlite_store_delete_customer;
  klass->create_session = bs_sqlite_store_create_session;
  klass->find_session = bs_sqlite_store_find_session;
  klass->delete_session = bs_sqlite_store_delete_session;
  klass->delete_sessions = bs_sqlite_store_delete_sessions;
}
