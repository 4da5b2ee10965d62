/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-password"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include <gio/gio.h>

#include "bs-password.h"

static void
ensure_sodium (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&initialized, 1);
    }
}

/* Interactive limits (64 MiB, 2 passes). A build for sanitizer and valgrind runs may
 * ask for the minimum instead; such a build must never serve real accounts. */
void
bs_password_get_limits (guint64 *out_ops,
                        gsize   *out_memory)
{
#ifdef BS_ARGON2_TEST_LIMITS
  *out_ops = crypto_pwhash_OPSLIMIT_MIN;
  *out_memory = crypto_pwhash_MEMLIMIT_MIN;
#else
  *out_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  *out_memory = crypto_pwhash_MEMLIMIT_INTERACTIVE;
#endif
}

char *
bs_password_hash (const char  *password,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  guint64 ops;
  gsize memory;

  g_return_val_if_fail (password != NULL, NULL);

  ensure_sodium ();
  bs_password_get_limits (&ops, &memory);
  if (crypto_pwhash_str (hash, password, strlen (password), ops, memory) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           "Not enough memory to hash a password");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
bs_password_verify (const char *password_hash,
                    const char *password)
{
  g_return_val_if_fail (password_hash != NULL && password != NULL, FALSE);

  ensure_sodium ();
  return crypto_pwhash_str_verify (password_hash, password, strlen (password)) == 0;
}

/* A hash to verify against when the account does not exist, so that an unknown email
 * costs as much time as a wrong password. */
const char *
bs_password_dummy_hash (void)
{
  static char *dummy = NULL;

  if (g_once_init_enter (&dummy))
    {
      char random_password[33];
      char *hash;

      ensure_sodium ();
      randombytes_buf (random_password, sizeof random_password - 1);
      for (gsize i = 0; i < sizeof random_password - 1; i++)
        random_password[i] = 'a' + ((guchar) random_password[i] % 26);
      random_password[sizeof random_password - 1] = '\0';
      hash = bs_password_hash (random_password, NULL);
      g_once_init_leave (&dummy, hash != NULL ? hash : g_strdup ("$argon2id$invalid"));
    }
  return dummy;
}
