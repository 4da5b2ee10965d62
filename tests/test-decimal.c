/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-decimal.h"
#include "bs-json-writer.h"

static void
test_decimal_writer (void)
{
  const struct {
    gint64 value;
    guint decimals;
    const char *expected;
  } cases[] = {
    { 1752, 2, "17.52" },
    { 2100, 2, "21" },
    { 1950, 2, "19.5" },
    { 1994, 2, "19.94" },
    { 5256, 2, "52.56" },
    { 5, 2, "0.05" },
    { 0, 2, "0" },
    { -1752, 2, "-17.52" },
    { 46, 1, "4.6" },
    { 50, 1, "5" },
    { 27, 1, "2.7" },
    { G_MAXINT64, 2, "92233720368547758.07" },
    { G_MININT64, 2, "-92233720368547758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bs_decimal_to_string (cases[i].value, cases[i].decimals);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_decimal_from_double (void)
{
  const struct {
    double number;
    guint decimals;
    gboolean accepted;
    gint64 expected;
  } cases[] = {
    { 17.52, 2, TRUE, 1752 },
    { 19.94, 2, TRUE, 1994 },
    { 4.6, 1, TRUE, 46 },
    { 21, 2, TRUE, 2100 },
    { 202.65, 2, TRUE, 20265 },
    { 0.1 + 0.2, 1, TRUE, 3 },
    { 17.525, 2, FALSE, 0 },
    { 4.55, 1, FALSE, 0 },
    { 1e300, 2, FALSE, 0 },
    { -3.8, 2, TRUE, -380 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 value = -1;

      g_assert_cmpint (bs_decimal_from_double (cases[i].number, cases[i].decimals, &value), ==,
                       cases[i].accepted);
      if (cases[i].accepted)
        g_assert_cmpint (value, ==, cases[i].expected);
    }
}

/* 17.52 × 3 must come out as 52.56, not 52.559999999999995. */
static void
test_money_arithmetic_is_exact (void)
{
  gint64 unit;
  g_autofree char *total = NULL;

  g_assert_true (bs_decimal_from_double (17.52, 2, &unit));
  total = bs_decimal_to_string (unit * 3, 2);
  g_assert_cmpstr (total, ==, "52.56");
}

static void
test_json_writer (void)
{
  g_autoptr(BsJsonWriter) writer = bs_json_writer_new ();
  g_autofree char *text = NULL;

  bs_json_writer_begin_object (writer);
  bs_json_writer_key (writer, "price");
  bs_json_writer_decimal (writer, 1994, 2);
  bs_json_writer_key (writer, "rating");
  bs_json_writer_decimal (writer, 46, 1);
  bs_json_writer_key (writer, "name");
  bs_json_writer_string (writer, "Quote \" slash \\ tab \t bell \a — é");
  bs_json_writer_key (writer, "list");
  bs_json_writer_begin_array (writer);
  bs_json_writer_int (writer, 1);
  bs_json_writer_boolean (writer, FALSE);
  bs_json_writer_null (writer);
  bs_json_writer_begin_object (writer);
  bs_json_writer_end_object (writer);
  bs_json_writer_begin_array (writer);
  bs_json_writer_end_array (writer);
  bs_json_writer_end_array (writer);
  bs_json_writer_end_object (writer);

  text = bs_json_writer_free_to_string (g_steal_pointer (&writer));
  g_assert_cmpstr (text, ==,
                   "{\"price\":19.94,\"rating\":4.6,"
                   "\"name\":\"Quote \\\" slash \\\\ tab \\t bell \\u0007 — é\","
                   "\"list\":[1,false,null,{},[]]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decimal/writer", test_decimal_writer);
  g_test_add_func ("/decimal/from-double", test_decimal_from_double);
  g_test_add_func ("/decimal/arithmetic-is-exact", test_money_arithmetic_is_exact);
  g_test_add_func ("/json-writer/document", test_json_writer);

  return g_test_run ();
}
