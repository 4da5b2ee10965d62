/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_TYPE_BOOK (bs_book_get_type ())
G_DECLARE_FINAL_TYPE (BsBook, bs_book, BS, BOOK, GObject)

BsBook     *bs_book_new (const char *book_id, const char *name, const char *author,
                         const char *category, gint64 price, int rating);
const char *bs_book_get_book_id (BsBook *self);
const char *bs_book_get_name (BsBook *self);
const char *bs_book_get_author (BsBook *self);
const char *bs_book_get_category (BsBook *self);
gint64      bs_book_get_price (BsBook *self);
int         bs_book_get_rating (BsBook *self);

G_END_DECLS
