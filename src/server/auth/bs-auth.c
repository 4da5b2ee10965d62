/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-auth"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "bs-auth.h"
#include "bs-http-error.h"

#define TOKEN_BYTES 32
/* 32 bytes in unpadded base64url */
#define TOKEN_LENGTH 43

gint64
bs_auth_now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
hash_token (const char *token,
            guint8     *out_hash)
{
  crypto_hash_sha256 (out_hash, (const guchar *) token, strlen (token));
}

/* A new opaque 256-bit session token for the client; only its hash is ever stored. */
char *
bs_auth_new_token (guint8 *out_hash)
{
  guint8 bytes[TOKEN_BYTES];
  char token[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (token, sizeof token, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  hash_token (token, out_hash);
  return g_strdup (token);
}

/* FALSE for anything that cannot be one of our tokens, such as the seed UI's "null". */
gboolean
bs_auth_hash_token (const char *token,
                    guint8     *out_hash)
{
  if (token == NULL || strlen (token) != TOKEN_LENGTH)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  hash_token (token, out_hash);
  return TRUE;
}

static const char *
read_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    return authorization + 7;
  return soup_message_headers_get_one (headers, "X-Customer-Id");
}

/* Sets request->customer_id and request->token_hash from a live session, or fails with
 * 401. */
gboolean
bs_auth_authenticate (BsRequest  *request,
                      GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!bs_auth_hash_token (read_token (request->msg), request->token_hash))
    {
      g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_UNAUTHORIZED,
                           "Sign in to do this");
      return FALSE;
    }

  request->customer_id = bs_store_find_session (request->store, request->token_hash,
                                                bs_auth_now_ms (), BS_SESSION_MAX_IDLE_MS,
                                                &local_error);
  if (request->customer_id == NULL)
    {
      if (g_error_matches (local_error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_UNAUTHORIZED,
                             "Your session has ended; sign in again");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
