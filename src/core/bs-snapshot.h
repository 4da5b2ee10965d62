/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-book.h"
#include "bs-book-count.h"
#include "bs-cart-item.h"
#include "bs-friend.h"
#include "bs-friend-request.h"
#include "bs-order.h"

G_BEGIN_DECLS

/* Models as GVariants for the disk caches: compact, and read straight from a mapped file.
 * The "to_models" direction checks the variant's type and returns NULL for anything
 * else, so a damaged or foreign file is just a cache miss. */

#define BS_SNAPSHOT_BOOK "(ssssxi)"

GVariant  *bs_snapshot_from_books        (GPtrArray *books);
GPtrArray *bs_snapshot_to_books          (GVariant  *variant);
GVariant  *bs_snapshot_from_cart         (GPtrArray *items);
GPtrArray *bs_snapshot_to_cart           (GVariant  *variant);
GVariant  *bs_snapshot_from_orders       (GPtrArray *orders);
GPtrArray *bs_snapshot_to_orders         (GVariant  *variant);
GVariant  *bs_snapshot_from_book_counts  (GPtrArray *counts);
GPtrArray *bs_snapshot_to_book_counts    (GVariant  *variant);
GVariant  *bs_snapshot_from_friends      (GPtrArray *lists);
GPtrArray *bs_snapshot_to_friends        (GVariant  *variant);

G_END_DECLS
