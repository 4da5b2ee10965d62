/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bs-call-log.h"

G_BEGIN_DECLS

#define BS_TYPE_LATENCY_WINDOW (bs_latency_window_get_type ())
G_DECLARE_FINAL_TYPE (BsLatencyWindow, bs_latency_window, BS, LATENCY_WINDOW, AdwWindow)

BsLatencyWindow *bs_latency_window_new (GtkWindow *parent,
                                        BsCallLog *log);

G_END_DECLS
