/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-decimal"

#include "config.h"

#include <float.h>
#include <math.h>

#include "bs-decimal.h"

static gint64
power_of_ten (guint decimals)
{
  gint64 power = 1;

  for (guint i = 0; i < decimals; i++)
    power *= 10;
  return power;
}

/* Writes @value / 10^@decimals with no trailing zeros in the fraction, so 1750 with two
 * decimals is "17.5" and 2100 is "21": exact, unlike printf("%.17g") of a double. */
void
bs_decimal_append (GString *out,
                   gint64   value,
                   guint    decimals)
{
  guint64 magnitude;
  guint64 power;
  guint64 fraction;
  guint digits = decimals;

  g_return_if_fail (out != NULL);
  g_return_if_fail (decimals <= 6);

  power = (guint64) power_of_ten (decimals);
  if (value < 0)
    {
      g_string_append_c (out, '-');
      magnitude = (guint64) (-(value + 1)) + 1;
    }
  else
    magnitude = (guint64) value;

  g_string_append_printf (out, "%" G_GUINT64_FORMAT, magnitude / power);
  fraction = magnitude % power;
  if (fraction == 0)
    return;

  while (fraction % 10 == 0)
    {
      fraction /= 10;
      digits--;
    }
  g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, (int) digits, fraction);
}

char *
bs_decimal_to_string (gint64 value,
                      guint  decimals)
{
  GString *out = g_string_new (NULL);

  bs_decimal_append (out, value, decimals);
  return g_string_free (out, FALSE);
}

/* Accepts @number only when it has at most @decimals places (17.52 → 1752 cents) and
 * its scaled value fits in 2^53, where doubles still count every integer. */
gboolean
bs_decimal_from_double (double  number,
                        guint   decimals,
                        gint64 *out_value)
{
  double scaled;
  double rounded;

  g_return_val_if_fail (decimals <= 6, FALSE);

  if (!isfinite (number))
    return FALSE;

  scaled = number * (double) power_of_ten (decimals);
  rounded = round (scaled);
  if (fabs (rounded) > 9007199254740992.0)
    return FALSE;
  if (fabs (scaled - rounded) > MAX (1e-6, fabs (scaled) * 4 * DBL_EPSILON))
    return FALSE;

  if (out_value != NULL)
    *out_value = (gint64) rounded;
  return TRUE;
}

/* A JSON number (whole or not) as a fixed-point amount from 0 to @max_value. */
gboolean
bs_decimal_from_json (JsonNode *node,
                      guint     decimals,
                      gint64    max_value,
                      gint64   *out_value)
{
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                             : G_TYPE_INVALID;
  double number;
  gint64 value;

  if (type == G_TYPE_INT64)
    number = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    number = json_node_get_double (node);
  else
    return FALSE;

  if (number < 0 || !bs_decimal_from_double (number, decimals, &value) || value > max_value)
    return FALSE;
  *out_value = value;
  return TRUE;
}
