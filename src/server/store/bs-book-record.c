/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-record"

#include "config.h"

#include "bs-book-record.h"

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

static BsBookFields
fields_of (const BsBookRecord *record)
{
  return (BsBookFields) { record->book_id, record->name, record->author, record->category,
                          record->price_cents, record->rating_tenths };
}

/* Reads one book of a catalog file by the shared rules of the book's JSON shape. */
BsBookRecord *
bs_book_record_new_from_json (JsonObject  *object,
                              GError     **error)
{
  BsBookFields fields;

  if (!bs_book_json_read (object, &fields, error))
    return NULL;
  return bs_book_record_new (fields.book_id, fields.name, fields.author, fields.category,
                             fields.price_cents, fields.rating_tenths);
}

void
bs_book_record_write_members (const BsBookRecord *record,
                              BsBookJsonForm      form,
                              BsJsonWriter       *writer)
{
  BsBookFields fields = fields_of (record);

  bs_book_json_write_members (&fields, form, writer);
}

void
bs_book_record_write_json (const BsBookRecord *record,
                           BsJsonWriter       *writer)
{
  bs_json_writer_begin_object (writer);
  bs_book_record_write_members (record, BS_BOOK_JSON_CATALOG, writer);
  bs_json_writer_end_object (writer);
}
