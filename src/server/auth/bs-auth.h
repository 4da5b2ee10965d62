/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-request.h"

G_BEGIN_DECLS

/* Sessions end after this long without use. */
#define BS_SESSION_MAX_IDLE_MS (G_GINT64_CONSTANT (30) * 24 * 60 * 60 * 1000)

char    *bs_auth_new_token    (guint8                   *out_hash);
gboolean bs_auth_hash_token   (const char               *token,
                               guint8                   *out_hash);
gboolean bs_auth_authenticate (BsRequest                *request,
                               GError                  **error);
gint64   bs_auth_now_ms       (void);

G_END_DECLS
