/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store-records.h"

G_BEGIN_DECLS

/* An order's event in the order log, whatever the engine: its lines as JSON,
 * [{"bookId": "b1", "quantity": 2}, …], written by the checkout and read by the
 * best-seller worker. */

typedef gboolean (*BsOrderEventLineFunc) (const char  *book_id,
                                          gint64       quantity,
                                          gpointer     user_data,
                                          GError     **error);

char     *bs_order_event_write        (const BsOrderRecord   *order);
gboolean  bs_order_event_foreach_line (const char            *lines,
                                       gint64                 event_offset,
                                       BsOrderEventLineFunc   func,
                                       gpointer               user_data,
                                       GError               **error);

G_END_DECLS
