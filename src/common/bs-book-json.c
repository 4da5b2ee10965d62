/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-json"

#include "config.h"

#include <string.h>

#include "bs-book-json.h"
#include "bs-decimal.h"
#include "bs-text.h"

#define MAX_NAME_LENGTH 512
#define MAX_AUTHOR_LENGTH 256
#define MAX_CATEGORY_LENGTH 64
#define MAX_PRICE_CENTS G_GINT64_CONSTANT (100000000)
#define MAX_RATING_TENTHS 50

gboolean
bs_book_id_is_valid (const char *book_id)
{
  gsize len;

  if (book_id == NULL)
    return FALSE;
  len = strlen (book_id);
  if (len == 0 || len > BS_BOOK_ID_MAX_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (book_id[i]) && book_id[i] != '_' && book_id[i] != '-')
      return FALSE;
  return TRUE;
}

/* json-glib's own getter warns on a member of another type; this answers NULL. */
static const char *
string_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
text_member (JsonObject  *object,
             const char  *member,
             guint        max_length,
             GError     **error)
{
  const char *text = string_or_null (object, member);

  if (text == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s must be a string", member);
      return NULL;
    }
  if (bs_text_is_blank (text) || g_utf8_strlen (text, -1) > max_length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s must be 1 to %u characters and not blank", member, max_length);
      return NULL;
    }
  return text;
}

/* Money and ratings are exact decimals in JSON (17.52, 21, 4.5), never negative. */
static gboolean
decimal_member (JsonObject  *object,
                const char  *member,
                guint        decimals,
                gint64       max_value,
                gint64      *out_value,
                GError     **error)
{
  g_autofree char *max_text = NULL;

  if (bs_decimal_from_json (json_object_get_member (object, member), decimals, max_value,
                            out_value))
    return TRUE;

  max_text = bs_decimal_to_string (max_value, decimals);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s must be a number from 0 to %s with at most %u decimal%s",
               member, max_text, decimals, decimals == 1 ? "" : "s");
  return FALSE;
}

/* Checks every member by the catalog's rules (G_IO_ERROR_INVALID_DATA, naming the
 * member). The seed's C8 variant's "_key" stands in for a missing "bookId"; unknown
 * members are ignored. */
gboolean
bs_book_json_read (JsonObject    *object,
                   BsBookFields  *out_fields,
                   GError       **error)
{
  BsBookFields fields = { NULL, };
  gint64 rating_tenths;

  fields.book_id = string_or_null (object, "bookId");
  if (fields.book_id == NULL)
    fields.book_id = string_or_null (object, "_key");
  if (!bs_book_id_is_valid (fields.book_id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "bookId must be 1 to %d letters, digits, '-' or '_'", BS_BOOK_ID_MAX_LENGTH);
      return FALSE;
    }

  if (!(fields.name = text_member (object, "name", MAX_NAME_LENGTH, error)) ||
      !(fields.author = text_member (object, "author", MAX_AUTHOR_LENGTH, error)) ||
      !(fields.category = text_member (object, "category", MAX_CATEGORY_LENGTH, error)) ||
      !decimal_member (object, "price", 2, MAX_PRICE_CENTS, &fields.price_cents, error) ||
      !decimal_member (object, "rating", 1, MAX_RATING_TENTHS, &rating_tenths, error))
    {
      g_prefix_error (error, "book %s: ", fields.book_id);
      return FALSE;
    }

  fields.rating_tenths = (int) rating_tenths;
  *out_fields = fields;
  return TRUE;
}

/* The members of the API's book object, for callers that add their own ("quantity"). */
void
bs_book_json_write_members (const BsBookFields *fields,
                            BsBookJsonForm      form,
                            BsJsonWriter       *writer)
{
  bs_json_writer_member_string (writer, "bookId", fields->book_id);
  if (form == BS_BOOK_JSON_CATALOG)
    {
      bs_json_writer_member_string (writer, "_key", fields->book_id);
    }
  bs_json_writer_member_string (writer, "name", fields->name);
  bs_json_writer_member_string (writer, "author", fields->author);
  bs_json_writer_member_string (writer, "category", fields->category);
  bs_json_writer_member_decimal (writer, "price", fields->price_cents, 2);
  bs_json_writer_member_decimal (writer, "rating", fields->rating_tenths, 1);
  if (form == BS_BOOK_JSON_CATALOG)
    {
      g_autofree char *cover = g_strconcat ("/api/getImage?bookId=", fields->book_id, NULL);

      bs_json_writer_member_string (writer, "cover", cover);
    }
}
