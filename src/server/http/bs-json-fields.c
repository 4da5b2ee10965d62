/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-json-fields"

#include "config.h"

#include "bs-http-error.h"
#include "bs-json-fields.h"

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* *out_value is left untouched when an optional member is absent. */
gboolean
bs_json_member_string (JsonObject  *object,
                       const char  *name,
                       gboolean     required,
                       const char **out_value,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST, "%s is required", name);
      return FALSE;
    }
  if (!holds_type (node, G_TYPE_STRING))
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST, "%s must be a string", name);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

gboolean
bs_json_member_int (JsonObject  *object,
                    const char  *name,
                    int          min,
                    int          max,
                    gboolean     required,
                    int         *out_value,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !holds_type (node, G_TYPE_INT64) ||
      (value = json_node_get_int (node)) < min || value > max)
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                   "%s must be a whole number from %d to %d", name, min, max);
      return FALSE;
    }
  *out_value = (int) value;
  return TRUE;
}
