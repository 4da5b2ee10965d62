/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "bs-book-line.h"

G_BEGIN_DECLS

#define BS_TYPE_BOOK_COUNT (bs_book_count_get_type ())
G_DECLARE_FINAL_TYPE (BsBookCount, bs_book_count, BS, BOOK_COUNT, BsBookLine)

BsBookCount *bs_book_count_new (BsBook *book, gint64 count);
BsBook      *bs_book_count_get_book (BsBookCount *self);
gint64       bs_book_count_get_count (BsBookCount *self);

G_END_DECLS
