/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-store.h"

G_BEGIN_DECLS

/* The password of the demo's john.d and harry.d accounts (the README gives it). */
#define BS_DEMO_PASSWORD "bookstore-demo"

gboolean bs_demo_seed (BsStore  *store,
                       GError  **error);

G_END_DECLS
