/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* For async calls in tests: pass bs_test_result_cb with a GAsyncResult* slot, then
 * bs_test_wait_result() iterates the default context until it is filled; a minute
 * without an answer fails the test. */
void          bs_test_result_cb   (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
GAsyncResult *bs_test_wait_result (GAsyncResult **slot);

/* Iterates the thread-default context, blocking between events, until @done says so;
 * fails the test after @seconds, naming @what it waited for. */
typedef gboolean (*BsTestCondition) (gpointer data);
void          bs_test_wait_until_named (BsTestCondition done,
                                        gpointer        data,
                                        guint           seconds,
                                        const char     *what);
#define bs_test_wait_until(done, data, seconds) \
  bs_test_wait_until_named ((done), (data), (seconds), #done)

G_END_DECLS
