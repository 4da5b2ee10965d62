/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

gboolean bs_demo_seed (BsStore  *store,
                       GError  **error);

G_END_DECLS
