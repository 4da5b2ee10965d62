/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The best-seller stream processor on a thread of its own: it consumes the order log
 * into the leaderboard whenever it is woken (after a checkout) and once a second, and
 * reports every change through @changed, on its own thread. */
typedef struct _BsStreamWorker BsStreamWorker;

BsStreamWorker *bs_stream_worker_start (const char      *db_path,
                                        GFunc            changed,
                                        gpointer         user_data);
void            bs_stream_worker_wake  (BsStreamWorker  *self);
void            bs_stream_worker_stop  (BsStreamWorker  *self);
void            bs_stream_worker_free  (BsStreamWorker  *self);

G_END_DECLS
