/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-claims"

#include "config.h"

#include "bs-claims.h"

struct _BsClaims
{
  GMutex lock;
  GHashTable *keys;
};

BsClaims *
bs_claims_new (void)
{
  BsClaims *self = g_new0 (BsClaims, 1);

  g_mutex_init (&self->lock);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
bs_claims_free (BsClaims *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->keys);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Returns FALSE when another request holds @key. */
gboolean
bs_claims_take (BsClaims   *self,
                const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return g_hash_table_add (self->keys, g_strdup (key));
}

void
bs_claims_release (BsClaims   *self,
                   const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_hash_table_remove (self->keys, key);
}
