/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-money"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bs-money.h"

/* The one place money is formatted for people: US dollars, from integer cents, with the
 * user's decimal mark and digit grouping, so no double ever rounds a price. */

static void
append_grouped (GString    *out,
                guint64     whole,
                const char *separator)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0 && separator != NULL)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

char *
bs_money_format (gint64 cents)
{
  struct lconv *conventions = localeconv ();
  const char *point = conventions->mon_decimal_point != NULL &&
                          conventions->mon_decimal_point[0] != '\0'
                        ? conventions->mon_decimal_point
                        : ".";
  const char *separator = conventions->mon_thousands_sep;
  GString *out = g_string_new (NULL);
  guint64 magnitude = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;

  if (cents < 0)
    g_string_append (out, "−");
  g_string_append_c (out, '$');
  append_grouped (out, magnitude / 100, separator);
  g_string_append_printf (out, "%s%02u", point, (guint) (magnitude % 100));
  return g_string_free (out, FALSE);
}

/* "4.5" with the user's decimal mark. */
char *
bs_rating_format (int tenths)
{
  struct lconv *conventions = localeconv ();
  const char *point = conventions->decimal_point != NULL && conventions->decimal_point[0] != '\0'
                        ? conventions->decimal_point
                        : ".";

  return g_strdup_printf ("%d%s%d", tenths / 10, point, tenths % 10);
}
