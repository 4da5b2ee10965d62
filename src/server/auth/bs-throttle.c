/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-throttle"

#include "config.h"

#include "bs-throttle.h"

/* Past this many keys, keys with no recent failure are dropped. */
#define PRUNE_THRESHOLD 10000

struct _BsThrottle
{
  GMutex lock;
  GHashTable *failures;   /* key → GArray of gint64 failure times (µs), oldest first */
  guint max_failures;
  gint64 window_us;
};

BsThrottle *
bs_throttle_new (guint max_failures,
                 guint window_seconds)
{
  BsThrottle *self = g_new0 (BsThrottle, 1);

  g_mutex_init (&self->lock);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
  self->max_failures = max_failures;
  self->window_us = (gint64) window_seconds * G_USEC_PER_SEC;
  return self;
}

void
bs_throttle_free (BsThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->failures);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
forget_old (BsThrottle *self,
            GArray     *times,
            gint64      now_us)
{
  guint expired = 0;

  while (expired < times->len && now_us - g_array_index (times, gint64, expired) >= self->window_us)
    expired++;
  g_array_remove_range (times, 0, expired);
}

static void
prune_if_crowded (BsThrottle *self,
                  GArray     *keep,
                  gint64      now_us)
{
  GHashTableIter iter;
  GArray *other;

  if (g_hash_table_size (self->failures) <= PRUNE_THRESHOLD)
    return;
  g_hash_table_iter_init (&iter, self->failures);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &other))
    {
      forget_old (self, other, now_us);
      if (other->len == 0 && other != keep)
        g_hash_table_iter_remove (&iter);
    }
}

/* Admits an attempt for @key and counts it, returning 0; or, when @key had too many,
 * counts nothing and returns the seconds until it may try again. */
guint
bs_throttle_admit (BsThrottle *self,
                   const char *key,
                   gint64      now_us)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GArray *times = g_hash_table_lookup (self->failures, key);

  prune_if_crowded (self, times, now_us);
  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->failures, g_strdup (key), times);
    }
  forget_old (self, times, now_us);

  if (times->len >= self->max_failures)
    {
      /* The wait ends when the oldest attempt that counts leaves the window. */
      gint64 oldest = g_array_index (times, gint64, times->len - self->max_failures);

      return (guint) ((oldest + self->window_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
    }
  g_array_append_val (times, now_us);
  return 0;
}

/* The latest admitted attempt of @key succeeded: it no longer counts. */
void
bs_throttle_withdraw (BsThrottle *self,
                      const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GArray *times = g_hash_table_lookup (self->failures, key);

  if (times != NULL && times->len > 0)
    g_array_set_size (times, times->len - 1);
}

void
bs_throttle_forgive (BsThrottle *self,
                     const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_hash_table_remove (self->failures, key);
}
