/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void bs_refuse_before_body (SoupServerMessage *msg,
                            guint              status,
                            const char        *message);

G_END_DECLS
