/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-text"

#include "config.h"

#include "bs-text.h"

/* Whether @text (valid UTF-8) is empty or only white space, in any script. */
gboolean
bs_text_is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}
