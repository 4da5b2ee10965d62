/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-json-body"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bs-http-error.h"
#include "bs-json-body.h"

/* json-glib is lenient (it skips comments, takes single quotes and reads 1e999 as
 * infinity), so a body is first checked against RFC 8259 plus our own limits, and only
 * then handed to json-glib to build the tree. */

#define MAX_DEPTH 64
#define MAX_SAFE_INTEGER G_GUINT64_CONSTANT (9007199254740992)

typedef struct
{
  const char *data;
  gsize length;
  gsize pos;
  GError **error;
  gsize members;   /* of every object, counted as read */
} Scanner;

static gboolean value (Scanner *s, guint depth);

static gboolean
fail (Scanner    *s,
      const char *message)
{
  g_set_error (s->error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
               "Request body is not valid JSON: %s (at byte %" G_GSIZE_FORMAT ")",
               message, s->pos);
  return FALSE;
}

static int
peek (Scanner *s)
{
  return s->pos < s->length ? (guchar) s->data[s->pos] : -1;
}

static void
skip_whitespace (Scanner *s)
{
  while (s->pos < s->length)
    {
      char c = s->data[s->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      s->pos++;
    }
}

static gboolean
literal (Scanner    *s,
         const char *word)
{
  gsize len = strlen (word);

  if (s->length - s->pos < len || memcmp (s->data + s->pos, word, len) != 0)
    return fail (s, "unexpected character");
  s->pos += len;
  return TRUE;
}

static int
hex4 (Scanner *s)
{
  int result = 0;

  if (s->length - s->pos < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (s->data[s->pos + i]);

      if (digit < 0)
        return -1;
      result = result * 16 + digit;
    }
  s->pos += 4;
  return result;
}

static gboolean
string (Scanner *s)
{
  s->pos++; /* the opening quote */

  while (s->pos < s->length)
    {
      guchar c = (guchar) s->data[s->pos];

      if (c == '"')
        {
          s->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return fail (s, "control character in a string");
      if (c != '\\')
        {
          s->pos++;
          continue;
        }

      s->pos++;
      switch (peek (s))
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          s->pos++;
          break;
        case 'u':
          {
            int unit;

            s->pos++;
            unit = hex4 (s);
            if (unit < 0)
              return fail (s, "bad \\u escape");
            if (unit == 0)
              return fail (s, "\\u0000 is not allowed");
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return fail (s, "unpaired surrogate in \\u escape");
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low;

                if (s->length - s->pos < 2 || s->data[s->pos] != '\\' || s->data[s->pos + 1] != 'u')
                  return fail (s, "unpaired surrogate in \\u escape");
                s->pos += 2;
                low = hex4 (s);
                if (low < 0xDC00 || low > 0xDFFF)
                  return fail (s, "unpaired surrogate in \\u escape");
              }
            break;
          }
        default:
          return fail (s, "bad escape in a string");
        }
    }

  return fail (s, "unterminated string");
}

static gboolean
number (Scanner *s)
{
  gsize start = s->pos;
  gboolean integral = TRUE;
  g_autofree char *text = NULL;

  if (peek (s) == '-')
    s->pos++;

  if (peek (s) == '0')
    s->pos++;
  else if (peek (s) >= '1' && peek (s) <= '9')
    while (g_ascii_isdigit (peek (s)))
      s->pos++;
  else
    return fail (s, "bad number");

  if (peek (s) == '.')
    {
      integral = FALSE;
      s->pos++;
      if (!g_ascii_isdigit (peek (s)))
        return fail (s, "bad number");
      while (g_ascii_isdigit (peek (s)))
        s->pos++;
    }

  if (peek (s) == 'e' || peek (s) == 'E')
    {
      integral = FALSE;
      s->pos++;
      if (peek (s) == '+' || peek (s) == '-')
        s->pos++;
      if (!g_ascii_isdigit (peek (s)))
        return fail (s, "bad number");
      while (g_ascii_isdigit (peek (s)))
        s->pos++;
    }

  text = g_strndup (s->data + start, s->pos - start);
  if (integral)
    {
      const char *digits = text[0] == '-' ? text + 1 : text;

      /* Longer than 16 digits is beyond 2^53 whatever the digits are. */
      if (strlen (digits) > 16 || g_ascii_strtoull (digits, NULL, 10) > MAX_SAFE_INTEGER)
        {
          s->pos = start;
          return fail (s, "integer out of range (at most 2^53 either way)");
        }
    }
  else if (!isfinite (g_ascii_strtod (text, NULL)))
    {
      s->pos = start;
      return fail (s, "number out of range");
    }

  return TRUE;
}

static gboolean
container (Scanner *s,
           guint    depth,
           char     close)
{
  gboolean is_object = close == '}';

  if (depth >= MAX_DEPTH)
    return fail (s, "nested too deeply");

  s->pos++; /* the opening bracket */
  skip_whitespace (s);
  if (peek (s) == close)
    {
      s->pos++;
      return TRUE;
    }

  for (;;)
    {
      skip_whitespace (s);
      if (is_object)
        {
          if (peek (s) == '\'')
            return fail (s, "strings must use double quotes");
          if (peek (s) != '"')
            return fail (s, "expected a member name in double quotes");
          if (!string (s))
            return FALSE;
          s->members++;
          skip_whitespace (s);
          if (peek (s) != ':')
            return fail (s, "expected ':' after a member name");
          s->pos++;
        }

      if (!value (s, depth + 1))
        return FALSE;

      skip_whitespace (s);
      if (peek (s) == close)
        {
          s->pos++;
          return TRUE;
        }
      if (peek (s) != ',')
        return fail (s, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
      s->pos++;
    }
}

static gboolean
value (Scanner *s,
       guint    depth)
{
  skip_whitespace (s);

  switch (peek (s))
    {
    case '{':
      return container (s, depth, '}');
    case '[':
      return container (s, depth, ']');
    case '"':
      return string (s);
    case '\'':
      return fail (s, "strings must use double quotes");
    case '/':
      return fail (s, "comments are not allowed");
    case 't':
      return literal (s, "true");
    case 'f':
      return literal (s, "false");
    case 'n':
      return literal (s, "null");
    case -1:
      return fail (s, "unexpected end of input");
    default:
      if (peek (s) == '-' || g_ascii_isdigit (peek (s)))
        return number (s);
      if (s->data[s->pos] == 'N' || s->data[s->pos] == 'I')
        return fail (s, "numbers must be finite");
      return fail (s, "unexpected character");
    }
}

/* The members of every object in @node. json-glib keeps the last of two members of
 * one name, so fewer than were read means a name was given twice. */
static gsize
count_members (JsonNode *node)
{
  gsize count = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) values = json_object_get_values (json_node_get_object (node));

      count = g_list_length (values);
      for (GList *l = values; l != NULL; l = l->next)
        count += count_members (l->data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        count += count_members (json_array_get_element (array, i));
    }
  return count;
}

/* Parses a request body under the strict rules of the API contract. The caller has
 * already bounded @length. */
JsonNode *
bs_json_body_parse (const char *data,
                    gsize       length,
                    GError    **error)
{
  Scanner scanner = { data, length, 0, error, 0 };
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0)
    {
      g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                           "Request body is empty; a JSON object is required");
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                           "Request body is not valid UTF-8");
      return NULL;
    }

  skip_whitespace (&scanner);
  if (scanner.pos == length)
    {
      g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                           "Request body is empty; a JSON object is required");
      return NULL;
    }
  if (!value (&scanner, 0))
    return NULL;
  skip_whitespace (&scanner);
  if (scanner.pos != length)
    {
      fail (&scanner, peek (&scanner) == '/' ? "comments are not allowed"
                                             : "unexpected text after the value");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                   "Request body is not valid JSON: %s", local_error->message);
      return NULL;
    }
  /* Two parsers could read such a body two ways: which member counts? Neither. */
  if (count_members (json_parser_get_root (parser)) != scanner.members)
    {
      g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                           "Request body is not valid JSON: a member name appears twice in "
                           "one object");
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

JsonObject *
bs_json_body_parse_object (const char *data,
                           gsize       length,
                           GError    **error)
{
  g_autoptr(JsonNode) root = bs_json_body_parse (data, length, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                           "Request body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}
