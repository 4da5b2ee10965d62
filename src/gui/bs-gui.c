/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-gui"

#include "config.h"

#include "bs-gui-resources.h"
#include "bs-gui.h"

/* The widgets' templates, registered once by whichever widget class needs them first
 * (a constructor in a static library could be dropped by the linker). */
void
bs_gui_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      bs_gui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
