/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GPtrArray *bs_server_socket_bind (GInetAddress  *address,
                                  guint          port,
                                  guint          n_sockets,
                                  guint         *out_port,
                                  GError       **error);

G_END_DECLS
