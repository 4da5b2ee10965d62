/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "fuzz.h"

/* Runs a fuzz target over every file of the folders given: the seed corpus and the
 * inputs that once crashed it. Built into the normal suite, so that a crash found by
 * fuzzing stays fixed without clang or libFuzzer. */
int
main (int   argc,
      char *argv[])
{
  guint inputs = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          if (!g_file_get_contents (path, &contents, &length, NULL))
            g_error ("Cannot read %s", path);
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
          inputs++;
        }
    }
  if (inputs == 0)
    g_error ("No inputs to replay");
  g_print ("1..1\nok 1 - %u inputs replayed\n", inputs);
  return 0;
}
