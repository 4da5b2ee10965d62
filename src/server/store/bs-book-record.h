/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-book-json.h"

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
                                             BsBookJsonForm      form,
                                             BsJsonWriter       *writer);
void          bs_book_record_write_json     (const BsBookRecord *record,
                                             BsJsonWriter       *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsBookRecord, bs_book_record_free)

G_END_DECLS
