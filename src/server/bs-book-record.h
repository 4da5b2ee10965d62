/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-json-writer.h"

G_BEGIN_DECLS

/* A catalog entry as the service stores it: money in cents, the rating in tenths. */
typedef struct
{
  char *book_id;
  char *name;
  char *author;
  char *category;
  gint64 price_cents;
  int rating_tenths;
} BsBookRecord;

#define BS_BOOK_ID_MAX_LENGTH 64

BsBookRecord *bs_book_record_new            (const char        *book_id,
                                             const char        *name,
                                             const char        *author,
                                             const char        *category,
                                             gint64             price_cents,
                                             int                rating_tenths);
BsBookRecord *bs_book_record_new_from_json  (JsonObject        *object,
                                             GError           **error);
void          bs_book_record_free           (BsBookRecord      *record);
gboolean      bs_book_record_equal          (const BsBookRecord *a,
                                             const BsBookRecord *b);
void          bs_book_record_write_members  (const BsBookRecord *record,
                                             BsJsonWriter       *writer);
void          bs_book_record_write_json     (const BsBookRecord *record,
                                             BsJsonWriter       *writer);
gboolean      bs_book_id_is_valid           (const char         *book_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsBookRecord, bs_book_record_free)

G_END_DECLS
