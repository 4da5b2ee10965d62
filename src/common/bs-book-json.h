/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bs-json-writer.h"

G_BEGIN_DECLS

/* The book as the API writes it, read and written in one place for both sides: money in
 * cents, the rating in tenths. The strings are borrowed from the JSON or the caller. */
typedef struct
{
  const char *book_id;
  const char *name;
  const char *author;
  const char *category;
  gint64 price_cents;
  int rating_tenths;
} BsBookFields;

typedef enum
{
  BS_BOOK_JSON_CATALOG, /* with "_key" and "cover", as the catalog and cart list it */
  BS_BOOK_JSON_LINE,    /* the facts alone, as an order line carries them */
} BsBookJsonForm;

#define BS_BOOK_ID_MAX_LENGTH 64

gboolean bs_book_json_read          (JsonObject         *object,
                                     BsBookFields       *out_fields,
                                     GError            **error);
void     bs_book_json_write_members (const BsBookFields *fields,
                                     BsBookJsonForm      form,
                                     BsJsonWriter       *writer);
gboolean bs_book_id_is_valid        (const char         *book_id);

G_END_DECLS
