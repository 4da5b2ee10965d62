/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-order-event"

#include "config.h"

#include <json-glib/json-glib.h>

#include "bs-json-writer.h"
#include "bs-order-event.h"
#include "bs-store.h"

char *
bs_order_event_write (const BsOrderRecord *order)
{
  BsJsonWriter *writer = bs_json_writer_new ();

  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < order->lines->len; i++)
    {
      const BsLineItem *item = g_ptr_array_index (order->lines, i);

      bs_json_writer_begin_object (writer);
      bs_json_writer_member_string (writer, "bookId", item->book->book_id);
      bs_json_writer_member_int (writer, "quantity", item->quantity);
      bs_json_writer_end_object (writer);
    }
  bs_json_writer_end_array (writer);
  return bs_json_writer_free_to_string (writer);
}

/* Calls @func with each line of the event at @event_offset; an event that is not a list
 * of lines with a book and a positive quantity is an error, and stops at once. */
gboolean
bs_order_event_foreach_line (const char            *lines,
                             gint64                 event_offset,
                             BsOrderEventLineFunc   func,
                             gpointer               user_data,
                             GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, lines, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_INVALID,
                   "Order event %" G_GINT64_FORMAT " is not a list of lines", event_offset);
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *line = json_array_get_object_element (array, i);
      const char *book_id = line != NULL ? json_object_get_string_member_with_default (line, "bookId", NULL) : NULL;
      gint64 quantity = line != NULL ? json_object_get_int_member_with_default (line, "quantity", 0) : 0;

      if (book_id == NULL || quantity <= 0)
        {
          g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_INVALID,
                       "Order event %" G_GINT64_FORMAT " has a malformed line", event_offset);
          return FALSE;
        }
      if (!func (book_id, quantity, user_data, error))
        return FALSE;
    }
  return TRUE;
}
