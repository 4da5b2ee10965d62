/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bs-http-error.h"
#include "bs-json-body.h"

typedef struct
{
  const char *body;
  gsize length;        /* 0: strlen (body) */
  const char *message; /* a part of the expected error */
} BadBody;

static void
test_bad_bodies (void)
{
  const BadBody cases[] = {
    { "", 0, "empty" },
    { "   \n ", 0, "empty" },
    { "{\"a\":1} // note", 0, "comments are not allowed" },
    { "/* note */ {}", 0, "comments are not allowed" },
    { "{'bookId':'b1'}", 0, "double quotes" },
    { "{\"bookId\":'b1'}", 0, "double quotes" },
    { "{\"name\":\"a\\u0000b\"}", 0, "\\u0000" },
    { "{\"q\":9007199254740993}", 0, "integer out of range" },
    { "{\"q\":-9007199254740993}", 0, "integer out of range" },
    { "{\"q\":123456789012345678901}", 0, "integer out of range" },
    { "{\"q\":1e400}", 0, "number out of range" },
    { "{\"q\":NaN}", 0, "finite" },
    { "{\"q\":Infinity}", 0, "finite" },
    { "{\"q\":-Infinity}", 0, "bad number" },
    { "{\"q\":01}", 0, "expected ',' or '}'" },
    { "{\"q\":1.}", 0, "bad number" },
    { "{\"q\":.5}", 0, "unexpected character" },
    { "{\"q\":+1}", 0, "unexpected character" },
    { "{\"a\":\"\xff\"}", 0, "UTF-8" },
    { "{\"a\":\"\xc3\"}", 0, "UTF-8" },
    { "{\"a\":1}\0", 8, "UTF-8" },
    { "{\"a\":1,}", 0, "member name" },
    { "[1,2,]", 0, "unexpected character" },
    { "{\"a\":1} {\"b\":2}", 0, "after the value" },
    { "{\"a\" 1}", 0, "':'" },
    { "{\"a\":\"unterminated}", 0, "unterminated" },
    { "{\"a\":\"tab\there\"}", 0, "control character" },
    { "{\"a\":\"\\x41\"}", 0, "bad escape" },
    { "{\"a\":\"\\ud800\"}", 0, "surrogate" },
    { "{\"a\":\"\\udc00\"}", 0, "surrogate" },
    { "{\"a\":tru}", 0, "unexpected character" },
    { "{\"a\":undefined}", 0, "unexpected character" },
    { "{\"a\":1,\"a\":2}", 0, "appears twice" },
    { "{\"user\":\"x\",\"us\\u0065r\":\"y\"}", 0, "appears twice" },
    { "{\"a\":[{\"b\":1,\"b\":{\"c\":2}}]}", 0, "appears twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length != 0 ? cases[i].length : strlen (cases[i].body);
      g_autoptr(JsonNode) node = bs_json_body_parse (cases[i].body, length, &error);

      g_autofree char *printable = g_strescape (cases[i].body, NULL);

      g_test_message ("body %u: %s", i, printable);
      g_assert_null (node);
      g_assert_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("body %u: “%s” does not say “%s”", i, error->message, cases[i].message);
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  for (int i = 0; i < 10000; i++)
    g_string_append_c (body, '[');
  node = bs_json_body_parse (body->str, body->len, &error);
  g_assert_null (node);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

static void
test_good_bodies (void)
{
  const char *bodies[] = {
    "{}",
    " {\"bookId\":\"b1\",\"quantity\":2,\"price\":21.5} ",
    "{\"q\":9007199254740992,\"r\":-9007199254740992}",
    "{\"name\":\"caf\\u00e9 \\ud83d\\udcda \\\"q\\\" \\/\"}",
    "{\"nested\":{\"list\":[true,false,null,1e3,-0.5E-2]}}",
    "{\"text\":\"Grüße — 本\"}",
    "{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = bs_json_body_parse_object (bodies[i], strlen (bodies[i]),
                                                                &error);

      g_assert_no_error (error);
      g_assert_nonnull (object);
    }
}

static void
test_values_survive (void)
{
  const char *body = "{\"quantity\":9007199254740992,\"name\":\"caf\\u00e9\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = bs_json_body_parse_object (body, strlen (body), &error);

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (object, "quantity"), ==,
                   G_GINT64_CONSTANT (9007199254740992));
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "café");
}

static void
test_object_required (void)
{
  const char *bodies[] = { "[]", "1", "\"text\"", "null", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = bs_json_body_parse_object (bodies[i], strlen (bodies[i]),
                                                                &error);

      g_assert_null (object);
      g_assert_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST);
      g_assert_nonnull (strstr (error->message, "must be a JSON object"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-body/bad", test_bad_bodies);
  g_test_add_func ("/json-body/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json-body/good", test_good_bodies);
  g_test_add_func ("/json-body/values-survive", test_values_survive);
  g_test_add_func ("/json-body/object-required", test_object_required);

  return g_test_run ();
}
