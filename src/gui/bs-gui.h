/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bs_gui_ensure_resources (void);
void bs_gui_ensure_style     (void);

G_END_DECLS
