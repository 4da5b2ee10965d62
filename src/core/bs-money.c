/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-money"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <locale.h>
#include <string.h>

#include "bs-money.h"

/* The one place money is formatted for people: US dollars, from integer cents, with the
 * user's decimal mark and digit grouping (its LC_MONETARY), and the dollar sign where the
 * user's language puts it, so no double ever rounds a price. */

/* Groups @digits as @grouping says (localeconv's mon_grouping: the size of each group from
 * the right, the last one repeated; CHAR_MAX or nothing: no more grouping). */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *grouping,
                const char *separator)
{
  gsize length = strlen (digits);
  g_autofree gboolean *break_before = g_new0 (gboolean, length + 1);
  gsize from_right = 0;
  int size = 0;

  if (separator != NULL && separator[0] != '\0' && grouping != NULL)
    for (const char *group = grouping;;)
      {
        if (*group == CHAR_MAX || (*group == '\0' && size == 0) || *group < 0)
          break;
        if (*group != '\0')
          size = *group++;
        from_right += size;
        if (from_right >= length)
          break;
        break_before[length - from_right] = TRUE;
      }
  for (gsize i = 0; i < length; i++)
    {
      if (break_before[i])
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
  guint64 magnitude = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  g_autoptr(GString) amount = g_string_new (NULL);
  g_autofree char *price = NULL;

  append_grouped (amount, digits, conventions->mon_grouping, conventions->mon_thousands_sep);
  g_string_append_printf (amount, "%s%02u", point, (guint) (magnitude % 100));
  /* Translators: a price in US dollars; %s is the amount, already written with your
   * locale's decimal mark and grouping, as "1,234.56". Put the dollar sign where your
   * language puts it, as "%s $" (with a no-break space) in German and French. */
  price = g_strdup_printf (_("$%s"), amount->str);
  return cents < 0 ? g_strconcat ("−", price, NULL) : g_steal_pointer (&price);
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
