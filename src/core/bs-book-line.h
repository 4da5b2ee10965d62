/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-book.h"

G_BEGIN_DECLS

#define BS_TYPE_BOOK_LINE (bs_book_line_get_type ())
G_DECLARE_DERIVABLE_TYPE (BsBookLine, bs_book_line, BS, BOOK_LINE, GObject)

struct _BsBookLineClass
{
  GObjectClass parent_class;
};

BsBook *bs_book_line_get_book     (BsBookLine *self);
gint64  bs_book_line_get_quantity (BsBookLine *self);

/* For subclasses whose quantity changes. */
void    bs_book_line_set_quantity (BsBookLine *self,
                                   gint64      quantity);

G_END_DECLS
