/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BS_PASSWORD_MIN_LENGTH 8
#define BS_PASSWORD_MAX_BYTES 1024

/* Argon2id from libsodium. Slow on purpose: call from the worker pool, never from a
 * listener thread. */
char       *bs_password_hash       (const char  *password,
                                    GError     **error);
gboolean    bs_password_verify     (const char  *password_hash,
                                    const char  *password);
void        bs_password_get_limits (guint64     *out_ops,
                                    gsize       *out_memory);
const char *bs_password_dummy_hash (void);

G_END_DECLS
