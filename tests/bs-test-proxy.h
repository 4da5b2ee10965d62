/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A forwarding proxy in front of a real server, on loopback, that can hold answers back:
 * it puts one reply after another, as a slow network would, without mocking the server. */
typedef struct _BsTestProxy BsTestProxy;

BsTestProxy *bs_test_proxy_new          (const char  *upstream);
const char  *bs_test_proxy_get_url      (BsTestProxy *self);
void         bs_test_proxy_hold_answers (BsTestProxy *self,
                                         const char  *method,
                                         const char  *path,
                                         guint        count);
void         bs_test_proxy_hold_requests (BsTestProxy *self,
                                          const char  *method,
                                          const char  *path,
                                          guint        count);
void         bs_test_proxy_drop_answers (BsTestProxy *self,
                                         const char  *method,
                                         const char  *path,
                                         guint        count);
void         bs_test_proxy_cut_answers  (BsTestProxy *self,
                                         const char  *method,
                                         const char  *path,
                                         guint        count);
guint        bs_test_proxy_n_held       (BsTestProxy *self);
guint        bs_test_proxy_n_dropped    (BsTestProxy *self);
void         bs_test_proxy_release      (BsTestProxy *self);
void         bs_test_proxy_free         (BsTestProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsTestProxy, bs_test_proxy_free)

G_END_DECLS
