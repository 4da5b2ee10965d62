/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <sodium.h>
#include <string.h>

#include "bs-auth.h"
#include "bs-http.h"
#include "bs-json-fields.h"
#include "bs-password.h"
#include "bs-routes.h"

#define MAX_EMAIL_LENGTH 254
#define MAX_DISPLAY_NAME_LENGTH 64

/* One message for an unknown email and a wrong password, so accounts cannot be probed. */
#define WRONG_CREDENTIALS N_("Wrong email or password")

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *domain;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL || strlen (text) > MAX_EMAIL_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || strchr ("\"(),:;<>[\\]", *p) != NULL)
      return FALSE;

  domain = at + 1;
  if (strchr (domain, '.') == NULL || domain[0] == '.' || g_str_has_suffix (domain, ".") ||
      strstr (domain, "..") != NULL)
    return FALSE;
  return TRUE;
}

static gboolean
read_username (JsonObject  *body,
               char       **out_username,
               GError     **error)
{
  const char *username;

  if (!bs_json_member_string (body, "username", TRUE, &username, error))
    return FALSE;
  if (!is_email (username))
    {
      g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                           "username must be an email address");
      return FALSE;
    }
  *out_username = g_utf8_strdown (username, -1);
  return TRUE;
}

static gboolean
check_new_password (const char  *name,
                    const char  *password,
                    GError     **error)
{
  if (g_utf8_strlen (password, -1) < BS_PASSWORD_MIN_LENGTH || strlen (password) > BS_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                   "%s must be at least %d characters (and at most %d bytes)", name,
                   BS_PASSWORD_MIN_LENGTH, BS_PASSWORD_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

static void
write_customer_members (BsJsonWriter     *writer,
                        const BsCustomer *customer)
{
  bs_json_writer_member_string (writer, "customerId", customer->customer_id);
  bs_json_writer_member_string (writer, "username", customer->username);
  bs_json_writer_member_string (writer, "displayName", customer->display_name);
}

/* A password check admitted by the sign-in limits, and its two attempts to settle. */
typedef struct
{
  char *username;           /* (owned) (nullable): until admitted */
  gint64 user_attempt;
  gint64 address_attempt;
} PasswordAdmission;

typedef enum
{
  CHECK_SUCCEEDED,
  CHECK_FAILED,
  CHECK_NOT_RUN,            /* answered 503 before the check: no guess was made */
} CheckVerdict;

/* Passwords travel to the worker pool in jobs that wipe them when done. */
typedef struct
{
  BsCustomer *customer;     /* (owned) (nullable) */
  char *password;           /* (owned) */
  char *new_password;       /* (owned) (nullable) */
  char *new_hash;           /* (owned) (nullable): set by the worker */
  PasswordAdmission admission;  /* of a check of @password */
  gboolean verified;        /* set by the worker */
  GError *error;            /* (owned) (nullable): set by the worker */
} PasswordJob;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

static void
password_job_free (gpointer data)
{
  PasswordJob *job = data;

  bs_customer_free (job->customer);
  wipe_free (job->password);
  wipe_free (job->new_password);
  g_free (job->new_hash);
  g_free (job->admission.username);
  g_clear_error (&job->error);
  g_free (job);
}

/* Worker: checks job->password against the customer's hash (a dummy one when there is
 * no customer), then hashes job->new_password if there is one. */
static void
password_job_run (gpointer      data,
                  GCancellable *cancellable)
{
  PasswordJob *job = data;

  if (job->password != NULL)
    job->verified = bs_password_verify (job->customer != NULL ? job->customer->password_hash
                                                              : bs_password_dummy_hash (),
                                        job->password) &&
                    job->customer != NULL;
  if (job->new_password != NULL && (job->password == NULL || job->verified))
    job->new_hash = bs_password_hash (job->new_password, &job->error);
}

static void
reply_store_error (BsRequest *request,
                   GError    *error)
{
  bs_http_reply_gerror (request->msg, error);
}

/* Admits one password check for @username from the request's address into @admission,
 * or answers 429 (or 503) and returns FALSE. */
static gboolean
admit_password_check (BsRequest         *request,
                      const char        *username,
                      PasswordAdmission *admission)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = bs_request_client_address (request);
  gint64 wait = bs_throttle_admit (request->info->signin_by_user, request->store, username,
                                   &admission->user_attempt, &error);

  if (wait == 0)
    {
      wait = bs_throttle_admit (request->info->signin_by_address, request->store,
                                address, &admission->address_attempt, &error);
      if (wait != 0 && !bs_store_settle_attempt (request->store, admission->user_attempt, FALSE,
                                                 wait < 0 ? NULL : &error))
        wait = -1;
    }
  if (wait < 0)
    {
      bs_http_reply_gerror (request->msg, error);
      return FALSE;
    }
  if (wait > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", seconds);
      bs_http_reply_error (request->msg, BS_HTTP_ERROR_TOO_MANY_REQUESTS,
                           "Too many failed attempts; try again in %" G_GINT64_FORMAT " seconds", wait);
      return FALSE;
    }
  admission->username = g_strdup (username);
  return TRUE;
}

/* A success clears the user's failures and stops counting against the address. If the
 * store fails here, the attempts are left pending, and stop counting when overdue. */
static void
settle_password_check (BsRequest               *request,
                       const PasswordAdmission *admission,
                       CheckVerdict             verdict)
{
  g_autoptr(GError) error = NULL;
  gboolean failed = verdict == CHECK_FAILED;
  gboolean settled;

  if (verdict == CHECK_SUCCEEDED)
    settled = bs_throttle_forgive (request->info->signin_by_user, request->store,
                                   admission->username, &error);
  else
    settled = bs_store_settle_attempt (request->store, admission->user_attempt, failed, &error);
  if (!settled ||
      !bs_store_settle_attempt (request->store, admission->address_attempt, failed, &error))
    g_warning ("Cannot settle a sign-in attempt: %s", error->message);
}

/* Runs @job's check on the worker pool, or, when the pool is full and answered 503,
 * releases its attempts. */
static void
run_password_job (BsRequest     *request,
                  PasswordJob   *job,
                  BsRequestFunc  done)
{
  PasswordAdmission admission = job->admission;

  admission.username = g_strdup (job->admission.username);
  if (!bs_request_run_in_worker (request, password_job_run, done, job, password_job_free))
    settle_password_check (request, &admission, CHECK_NOT_RUN);
  g_free (admission.username);
}

/* POST /api/signup */

/* The demo's two regulars befriend every new account, so that recommendations work out
 * of the box; never the shared guest. */
static const char * const demo_friends[] = {
  "john.d@macrometa.io",
  "harry.d@macrometa.io",
  NULL,
};

static gboolean
create_account (BsRequest         *request,
                const BsCustomer  *customer,
                GError           **error)
{
  gint64 now = bs_auth_now_ms ();

  if (!bs_store_begin (request->store, error))
    return FALSE;
  if (!bs_store_create_customer (request->store, customer, now, error) ||
      (request->info->demo &&
       !bs_store_befriend_accounts (request->store, customer->customer_id, demo_friends, now,
                                    error)) ||
      (request->info->friend_everyone &&
       !bs_store_befriend_everyone (request->store, customer->customer_id, now, error)))
    {
      bs_store_rollback (request->store);
      return FALSE;
    }
  return bs_store_commit (request->store, error);
}

static void
signed_up_cb (BsRequest *request,
              gpointer   data)
{
  PasswordJob *job = data;
  g_autoptr(GError) error = NULL;
  BsJsonWriter *writer;

  if (job->new_hash == NULL)
    {
      bs_http_reply_gerror (request->msg, job->error);
      return;
    }

  job->customer->password_hash = g_steal_pointer (&job->new_hash);
  if (!create_account (request, job->customer, &error))
    {
      if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_EXISTS))
        bs_http_reply_error (request->msg, SOUP_STATUS_CONFLICT,
                             N_("An account with this email already exists"));
      else
        reply_store_error (request, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_object (writer);
  bs_json_writer_member_boolean (writer, "error", FALSE);
  bs_json_writer_member_string (writer, "customerId", job->customer->customer_id);
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_CREATED, writer);
}

void
bs_route_signup (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = bs_http_read_json_object (request->msg, &error);
  g_autoptr(BsCustomer) existing = NULL;
  g_autofree char *username = NULL;
  const char *password = NULL;
  const char *display_name = NULL;
  PasswordJob *job;

  if (body == NULL || !read_username (body, &username, &error) ||
      !bs_json_member_string (body, "password", TRUE, &password, &error) ||
      !check_new_password ("password", password, &error) ||
      !bs_json_member_string (body, "displayName", FALSE, &display_name, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  if (display_name != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (display_name));

      if (trimmed[0] == '\0' || g_utf8_strlen (display_name, -1) > MAX_DISPLAY_NAME_LENGTH)
        {
          bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                               "displayName must be 1 to %d characters and not blank",
                               MAX_DISPLAY_NAME_LENGTH);
          return;
        }
    }

  /* Spares the slow hash for a taken email; the insert still decides. */
  existing = bs_store_find_customer (request->store, username, &error);
  if (existing != NULL)
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_CONFLICT,
                           N_("An account with this email already exists"));
      return;
    }
  if (!g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    {
      reply_store_error (request, error);
      return;
    }

  job = g_new0 (PasswordJob, 1);
  job->customer = g_new0 (BsCustomer, 1);
  job->customer->customer_id = g_uuid_string_random ();
  job->customer->username = g_steal_pointer (&username);
  /* Never derived from the email: a display name is shown to friends. */
  job->customer->display_name = display_name != NULL
                                  ? g_strdup (display_name)
                                  : g_strdup_printf ("Reader %u", 1000 + randombytes_uniform (9000));
  job->new_password = g_strdup (password);
  bs_request_run_in_worker (request, password_job_run, signed_up_cb, job, password_job_free);
}

/* POST /api/signin */

static void
signed_in_cb (BsRequest *request,
              gpointer   data)
{
  PasswordJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint8 token_hash[BS_SESSION_TOKEN_HASH_SIZE];
  BsJsonWriter *writer;

  settle_password_check (request, &job->admission, job->verified ? CHECK_SUCCEEDED : CHECK_FAILED);
  if (!job->verified)
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_UNAUTHORIZED, WRONG_CREDENTIALS);
      return;
    }

  token = bs_auth_new_token (token_hash);
  if (!bs_store_create_session (request->store, job->customer->customer_id, token_hash,
                                bs_auth_now_ms (), &error))
    {
      reply_store_error (request, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_object (writer);
  bs_json_writer_key (writer, "message");
  bs_json_writer_begin_array (writer);
  bs_json_writer_string (writer, token);
  bs_json_writer_end_array (writer);
  write_customer_members (writer, job->customer);
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
  sodium_memzero (token, strlen (token));
}

void
bs_route_signin (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = bs_http_read_json_object (request->msg, &error);
  g_autofree char *username = NULL;
  const char *password = NULL;
  PasswordJob *job;

  if (body == NULL || !bs_json_member_string (body, "password", TRUE, &password, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  /* A malformed email cannot have an account; it gets the same answer as any other. */
  if (!read_username (body, &username, NULL))
    {
      const char *raw = NULL;

      if (!bs_json_member_string (body, "username", TRUE, &raw, &error))
        {
          bs_http_reply_gerror (request->msg, error);
          return;
        }
      username = g_utf8_strdown (raw, -1);
    }

  job = g_new0 (PasswordJob, 1);
  job->customer = bs_store_find_customer (request->store, username, &error);
  if (job->customer == NULL && !g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    {
      password_job_free (job);
      reply_store_error (request, error);
      return;
    }
  if (!admit_password_check (request, username, &job->admission))
    {
      password_job_free (job);
      return;
    }
  job->password = g_strdup (password);
  run_password_job (request, job, signed_in_cb);
}

/* POST /api/signout[?all=1] */
void
bs_route_signout (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *all = request->query != NULL ? g_hash_table_lookup (request->query, "all") : NULL;
  gboolean ok;

  if (all != NULL && !g_str_equal (all, "1") && !g_str_equal (all, "0"))
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "all must be 0 or 1");
      return;
    }

  if (all != NULL && g_str_equal (all, "1"))
    ok = bs_store_delete_sessions (request->store, request->customer_id, NULL, &error);
  else
    ok = bs_store_delete_session (request->store, request->token_hash, &error);

  if (!ok)
    reply_store_error (request, error);
  else
    bs_http_reply_ok (request->msg, NULL);
}

/* GET /api/whoami */
void
bs_route_whoami (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCustomer) customer = bs_store_get_customer (request->store, request->customer_id,
                                                          &error);
  BsJsonWriter *writer;

  if (customer == NULL)
    {
      reply_store_error (request, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_object (writer);
  bs_json_writer_member_string (writer, "message", customer->customer_id);
  write_customer_members (writer, customer);
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

/* Starts a job that checks @password_member of the body against the caller's password
 * (and hashes @new_password_member, if given), then runs @done. */
static void
run_password_check (BsRequest     *request,
                    const char    *password_member,
                    const char    *new_password_member,
                    BsRequestFunc  done)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = bs_http_read_json_object (request->msg, &error);
  const char *password = NULL;
  const char *new_password = NULL;
  PasswordJob *job;

  if (body == NULL || !bs_json_member_string (body, password_member, TRUE, &password, &error) ||
      (new_password_member != NULL &&
       (!bs_json_member_string (body, new_password_member, TRUE, &new_password, &error) ||
        !check_new_password (new_password_member, new_password, &error))))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  job = g_new0 (PasswordJob, 1);
  job->customer = bs_store_get_customer (request->store, request->customer_id, &error);
  if (job->customer == NULL)
    {
      password_job_free (job);
      reply_store_error (request, error);
      return;
    }
  /* A stolen session must not become a way to guess the password. */
  if (!admit_password_check (request, job->customer->username, &job->admission))
    {
      password_job_free (job);
      return;
    }
  job->password = g_strdup (password);
  job->new_password = g_strdup (new_password);
  run_password_job (request, job, done);
}

static gboolean
reply_if_not_verified (BsRequest   *request,
                       PasswordJob *job,
                       const char  *member)
{
  settle_password_check (request, &job->admission, job->verified ? CHECK_SUCCEEDED : CHECK_FAILED);
  if (job->verified)
    return FALSE;
  bs_http_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "%s is not your current password",
                       member);
  return TRUE;
}

/* PUT /api/account/password */

static void
password_changed_cb (BsRequest *request,
                     gpointer   data)
{
  PasswordJob *job = data;
  g_autoptr(GError) error = NULL;

  if (reply_if_not_verified (request, job, "oldPassword"))
    return;
  if (job->new_hash == NULL)
    {
      bs_http_reply_gerror (request->msg, job->error);
      return;
    }

  if (!bs_store_change_password (request->store, request->customer_id, job->new_hash,
                                 request->token_hash, &error))
    {
      reply_store_error (request, error);
      return;
    }
  bs_http_reply_ok (request->msg, NULL);
}

void
bs_route_change_password (BsRequest *request)
{
  run_password_check (request, "oldPassword", "newPassword", password_changed_cb);
}

/* DELETE /api/account */

static void
account_deleted_cb (BsRequest *request,
                    gpointer   data)
{
  PasswordJob *job = data;
  g_autoptr(GError) error = NULL;

  if (reply_if_not_verified (request, job, "password"))
    return;
  if (!bs_store_delete_customer (request->store, request->customer_id, &error))
    {
      reply_store_error (request, error);
      return;
    }
  bs_http_reply_ok (request->msg, NULL);
}

void
bs_route_delete_account (BsRequest *request)
{
  run_password_check (request, "password", NULL, account_deleted_cb);
}
