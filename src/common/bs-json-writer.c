/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-json-writer"

#include "config.h"

#include "bs-decimal.h"
#include "bs-json-writer.h"

struct _BsJsonWriter
{
  GString *out;
  /* One entry per open container: whether a value was already written in it. */
  GArray *has_value;
  gboolean after_key;
};

BsJsonWriter *
bs_json_writer_new (void)
{
  BsJsonWriter *self = g_new0 (BsJsonWriter, 1);

  self->out = g_string_sized_new (256);
  self->has_value = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return self;
}

void
bs_json_writer_free (BsJsonWriter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->out, TRUE);
  g_array_unref (self->has_value);
  g_free (self);
}

/* Separates a value from the one before it, unless it follows its key. */
static void
begin_value (BsJsonWriter *self)
{
  gboolean *has_value;

  if (self->after_key)
    {
      self->after_key = FALSE;
      return;
    }
  if (self->has_value->len == 0)
    return;

  has_value = &g_array_index (self->has_value, gboolean, self->has_value->len - 1);
  if (*has_value)
    g_string_append_c (self->out, ',');
  *has_value = TRUE;
}

static void
open_container (BsJsonWriter *self,
                char          bracket)
{
  gboolean empty = FALSE;

  begin_value (self);
  g_string_append_c (self->out, bracket);
  g_array_append_val (self->has_value, empty);
}

static void
close_container (BsJsonWriter *self,
                 char          bracket)
{
  g_return_if_fail (self->has_value->len > 0);
  g_array_set_size (self->has_value, self->has_value->len - 1);
  g_string_append_c (self->out, bracket);
}

void
bs_json_writer_begin_object (BsJsonWriter *self)
{
  open_container (self, '{');
}

void
bs_json_writer_end_object (BsJsonWriter *self)
{
  close_container (self, '}');
}

void
bs_json_writer_begin_array (BsJsonWriter *self)
{
  open_container (self, '[');
}

void
bs_json_writer_end_array (BsJsonWriter *self)
{
  close_container (self, ']');
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
bs_json_writer_key (BsJsonWriter *self,
                    const char   *key)
{
  g_return_if_fail (key != NULL);
  g_return_if_fail (!self->after_key);

  begin_value (self);
  append_escaped (self->out, key);
  g_string_append_c (self->out, ':');
  self->after_key = TRUE;
}

void
bs_json_writer_string (BsJsonWriter *self,
                       const char   *value)
{
  if (value == NULL)
    {
      bs_json_writer_null (self);
      return;
    }
  begin_value (self);
  append_escaped (self->out, value);
}

void
bs_json_writer_int (BsJsonWriter *self,
                    gint64        value)
{
  begin_value (self);
  g_string_append_printf (self->out, "%" G_GINT64_FORMAT, value);
}

void
bs_json_writer_decimal (BsJsonWriter *self,
                        gint64        value,
                        guint         decimals)
{
  begin_value (self);
  bs_decimal_append (self->out, value, decimals);
}

void
bs_json_writer_boolean (BsJsonWriter *self,
                        gboolean      value)
{
  begin_value (self);
  g_string_append (self->out, value ? "true" : "false");
}

void
bs_json_writer_null (BsJsonWriter *self)
{
  begin_value (self);
  g_string_append (self->out, "null");
}

void
bs_json_writer_member_string (BsJsonWriter *self,
                              const char   *key,
                              const char   *value)
{
  bs_json_writer_key (self, key);
  bs_json_writer_string (self, value);
}

void
bs_json_writer_member_int (BsJsonWriter *self,
                           const char   *key,
                           gint64        value)
{
  bs_json_writer_key (self, key);
  bs_json_writer_int (self, value);
}

void
bs_json_writer_member_decimal (BsJsonWriter *self,
                               const char   *key,
                               gint64        value,
                               guint         decimals)
{
  bs_json_writer_key (self, key);
  bs_json_writer_decimal (self, value, decimals);
}

void
bs_json_writer_member_boolean (BsJsonWriter *self,
                               const char   *key,
                               gboolean      value)
{
  bs_json_writer_key (self, key);
  bs_json_writer_boolean (self, value);
}

GBytes *
bs_json_writer_free_to_bytes (BsJsonWriter *self)
{
  gsize len = self->out->len;
  char *data;

  g_warn_if_fail (self->has_value->len == 0);
  data = g_string_free (g_steal_pointer (&self->out), FALSE);
  g_array_unref (self->has_value);
  g_free (self);
  return g_bytes_new_take (data, len);
}

char *
bs_json_writer_free_to_string (BsJsonWriter *self)
{
  char *data;

  g_warn_if_fail (self->has_value->len == 0);
  data = g_string_free (g_steal_pointer (&self->out), FALSE);
  g_array_unref (self->has_value);
  g_free (self);
  return data;
}
