/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-record"

#include "config.h"

#include <string.h>

#include "bs-book-record.h"
#include "bs-decimal.h"

#define MAX_NAME_LENGTH 512
#define MAX_AUTHOR_LENGTH 256
#define MAX_CATEGORY_LENGTH 64
#define MAX_PRICE_CENTS G_GINT64_CONSTANT (100000000)

BsBookRecord *
bs_book_record_new (const char *book_id,
                    const char *name,
                    const char *author,
                    const char *category,
                    gint64      price_cents,
                    int         rating_tenths)
{
  BsBookRecord *record = g_new0 (BsBookRecord, 1);

  record->book_id = g_strdup (book_id);
  record->name = g_strdup (name);
  record->author = g_strdup (author);
  record->category = g_strdup (category);
  record->price_cents = price_cents;
  record->rating_tenths = rating_tenths;
  return record;
}

void
bs_book_record_free (BsBookRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->book_id);
  g_free (record->name);
  g_free (record->author);
  g_free (record->category);
  g_free (record);
}

gboolean
bs_book_record_equal (const BsBookRecord *a,
                      const BsBookRecord *b)
{
  return g_strcmp0 (a->book_id, b->book_id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->author, b->author) == 0 &&
         g_strcmp0 (a->category, b->category) == 0 &&
         a->price_cents == b->price_cents &&
         a->rating_tenths == b->rating_tenths;
}

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

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static const char *
text_member (JsonObject  *object,
             const char  *member,
             guint        max_length,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s must be a string", member);
      return NULL;
    }

  text = json_node_get_string (node);
  if (is_blank (text) || g_utf8_strlen (text, -1) > max_length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s must be 1 to %u characters and not blank", member, max_length);
      return NULL;
    }
  return text;
}

static gboolean
decimal_member (JsonObject  *object,
                const char  *member,
                guint        decimals,
                gint64       max_value,
                gint64      *out_value,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *max_text = bs_decimal_to_string (max_value, decimals);
  GType type;

  type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                       : G_TYPE_INVALID;
  if ((type == G_TYPE_INT64 && json_node_get_int (node) >= 0 &&
       bs_decimal_from_double ((double) json_node_get_int (node), decimals, out_value) &&
       *out_value <= max_value) ||
      (type == G_TYPE_DOUBLE && json_node_get_double (node) >= 0 &&
       bs_decimal_from_double (json_node_get_double (node), decimals, out_value) &&
       *out_value <= max_value))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s must be a number from 0 to %s with at most %u decimal%s",
               member, max_text, decimals, decimals == 1 ? "" : "s");
  return FALSE;
}

/* Reads one book of a catalog file (the seed's shape; the C8 variant's "_key" stands in
 * for a missing "bookId"). Unknown members are ignored. */
BsBookRecord *
bs_book_record_new_from_json (JsonObject  *object,
                              GError     **error)
{
  const char *book_id;
  const char *name;
  const char *author;
  const char *category;
  gint64 price_cents;
  gint64 rating_tenths;

  book_id = json_object_get_string_member_with_default (object, "bookId", NULL);
  if (book_id == NULL)
    book_id = json_object_get_string_member_with_default (object, "_key", NULL);
  if (!bs_book_id_is_valid (book_id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "bookId must be 1 to %d letters, digits, '-' or '_'", BS_BOOK_ID_MAX_LENGTH);
      return NULL;
    }

  if (!(name = text_member (object, "name", MAX_NAME_LENGTH, error)) ||
      !(author = text_member (object, "author", MAX_AUTHOR_LENGTH, error)) ||
      !(category = text_member (object, "category", MAX_CATEGORY_LENGTH, error)) ||
      !decimal_member (object, "price", 2, MAX_PRICE_CENTS, &price_cents, error) ||
      !decimal_member (object, "rating", 1, 50, &rating_tenths, error))
    {
      g_prefix_error (error, "book %s: ", book_id);
      return NULL;
    }

  return bs_book_record_new (book_id, name, author, category, price_cents, (int) rating_tenths);
}

/* The members of the API's book object, for callers that add their own ("quantity"). */
void
bs_book_record_write_members (const BsBookRecord *record,
                              BsJsonWriter       *writer)
{
  g_autofree char *cover = g_strconcat ("/api/getImage?bookId=", record->book_id, NULL);

  bs_json_writer_key (writer, "bookId");
  bs_json_writer_string (writer, record->book_id);
  bs_json_writer_key (writer, "_key");
  bs_json_writer_string (writer, record->book_id);
  bs_json_writer_key (writer, "name");
  bs_json_writer_string (writer, record->name);
  bs_json_writer_key (writer, "author");
  bs_json_writer_string (writer, record->author);
  bs_json_writer_key (writer, "category");
  bs_json_writer_string (writer, record->category);
  bs_json_writer_key (writer, "price");
  bs_json_writer_decimal (writer, record->price_cents, 2);
  bs_json_writer_key (writer, "rating");
  bs_json_writer_decimal (writer, record->rating_tenths, 1);
  bs_json_writer_key (writer, "cover");
  bs_json_writer_string (writer, cover);
}

void
bs_book_record_write_json (const BsBookRecord *record,
                           BsJsonWriter       *writer)
{
  bs_json_writer_begin_object (writer);
  bs_book_record_write_members (record, writer);
  bs_json_writer_end_object (writer);
}
