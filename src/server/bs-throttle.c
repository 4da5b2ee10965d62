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

/* Seconds until @key may try again; 0 when it may now. */
guint
bs_throttle_wait (BsThrottle *self,
                  const char *key,
                  gint64      now_us)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GArray *times = g_hash_table_lookup (self->failures, key);
  gint64 oldest;

  if (times == NULL)
    return 0;
  forget_old (self, times, now_us);
  if (times->len < self->max_failures)
    return 0;

  /* The wait ends when the oldest failure that counts leaves the window. */
  oldest = g_array_index (times, gint64, times->len - self->max_failures);
  return (guint) ((oldest + self->window_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
bs_throttle_fail (BsThrottle *self,
                  const char *key,
                  gint64      now_us)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GArray *times = g_hash_table_lookup (self->failures, key);

  if (g_hash_table_size (self->failures) > PRUNE_THRESHOLD)
    {
      GHashTableIter iter;
      GArray *other;

      g_hash_table_iter_init (&iter, self->failures);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &other))
        {
          forget_old (self, other, now_us);
          if (other->len == 0 && other != times)
            g_hash_table_iter_remove (&iter);
        }
    }

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->failures, g_strdup (key), times);
    }
  forget_old (self, times, now_us);
  g_array_append_val (times, now_us);
  /* Only the newest max_failures matter. */
  if (times->len > self->max_failures)
    g_array_remove_range (times, 0, times->len - self->max_failures);
}

void
bs_throttle_forgive (BsThrottle *self,
                     const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_hash_table_remove (self->failures, key);
}
