/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_TYPE_CALL (bs_call_get_type ())
G_DECLARE_FINAL_TYPE (BsCall, bs_call, BS, CALL, GObject)

const char *bs_call_get_method   (BsCall *self);
const char *bs_call_get_path     (BsCall *self);
guint       bs_call_get_status   (BsCall *self);
gsize       bs_call_get_bytes    (BsCall *self);
double      bs_call_get_duration (BsCall *self);
GDateTime  *bs_call_get_time     (BsCall *self);

#define BS_TYPE_CALL_LOG (bs_call_log_get_type ())
G_DECLARE_FINAL_TYPE (BsCallLog, bs_call_log, BS, CALL_LOG, GObject)

/* The seed's "View Latency Stats": the most recent calls, newest first. */
#define BS_CALL_LOG_SIZE 100

BsCallLog *bs_call_log_new        (void);
void       bs_call_log_add        (BsCallLog  *self,
                                   const char *method,
                                   const char *path,
                                   guint       status,
                                   gsize       bytes,
                                   double      duration_ms);
double     bs_call_log_percentile (BsCallLog  *self,
                                   double      percentile);

G_END_DECLS
