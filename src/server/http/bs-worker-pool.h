/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small bounded pool for slow work (password hashing, big searches, drawing covers),
 * so that listener threads keep answering. Each job's @work runs on a pool thread, then
 * its @done on the GMainContext that submitted it. */
typedef struct _BsWorkerPool BsWorkerPool;

typedef void (*BsWorkFunc) (gpointer data);

BsWorkerPool *bs_worker_pool_new    (guint           n_threads,
                                     guint           max_waiting);
gboolean      bs_worker_pool_submit (BsWorkerPool   *self,
                                     GMainContext   *context,
                                     BsWorkFunc      work,
                                     BsWorkFunc      done,
                                     gpointer        data,
                                     GDestroyNotify  destroy);
void          bs_worker_pool_free   (BsWorkerPool   *self);

G_END_DECLS
