/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* For async calls in tests: pass bs_test_result_cb with a GAsyncResult* slot, then
 * bs_test_wait_result() iterates the thread-default context until it is filled. */
void          bs_test_result_cb   (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
GAsyncResult *bs_test_wait_result (GAsyncResult **slot);

/* Iterates the thread-default context, blocking between events, until @done says so;
 * fails the test after @seconds. */
typedef gboolean (*BsTestCondition) (gpointer data);
void          bs_test_wait_until  (BsTestCondition done,
                                   gpointer        data,
                                   guint           seconds);

G_END_DECLS
