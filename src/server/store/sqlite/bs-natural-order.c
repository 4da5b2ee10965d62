/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-natural-order"

#include "config.h"

#include "bs-natural-order.h"

int
bs_natural_compare (const char *a,
                    gsize       a_length,
                    const char *b,
                    gsize       b_length)
{
  gsize i = 0;
  gsize j = 0;

  while (i < a_length && j < b_length)
    {
      if (g_ascii_isdigit (a[i]) && g_ascii_isdigit (b[j]))
        {
          gsize a_start, b_start, a_digits, b_digits;

          while (i < a_length && a[i] == '0')
            i++;
          while (j < b_length && b[j] == '0')
            j++;
          for (a_start = i; i < a_length && g_ascii_isdigit (a[i]); i++)
            ;
          for (b_start = j; j < b_length && g_ascii_isdigit (b[j]); j++)
            ;
          a_digits = i - a_start;
          b_digits = j - b_start;
          if (a_digits != b_digits)
            return a_digits < b_digits ? -1 : 1;
          for (gsize k = 0; k < a_digits; k++)
            if (a[a_start + k] != b[b_start + k])
              return a[a_start + k] < b[b_start + k] ? -1 : 1;
          continue;
        }
      if (a[i] != b[j])
        return (guchar) a[i] < (guchar) b[j] ? -1 : 1;
      i++;
      j++;
    }

  if (i < a_length)
    return 1;
  if (j < b_length)
    return -1;
  return 0;
}
