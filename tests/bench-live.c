/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-test-util.h"

/* ./build-aux/dev bench live: how long a checkout on one node takes to reach a live
 * best-seller socket on another node of the same PostgreSQL database. Two nodes in this
 * process over one database (beside a throwaway PostgreSQL: run-with-postgres.sh); each
 * of N checkouts on node A, one after another, is timed from its 201 to the frame that
 * carries it on node B's socket. Prints the median and p99 in milliseconds. */

#define CHECKOUTS 200
#define WAIT_SECONDS 10

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *location = NULL;
  g_autoptr(BsTestServer) a = NULL;
  g_autoptr(BsTestServer) b = NULL;
  g_autoptr(BsTestLive) live = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  guint checkouts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : CHECKOUTS;

  if (!bs_test_on_postgres ())
    {
      g_printerr ("Runs beside a PostgreSQL of its own: tests/run-with-postgres.sh\n");
      return 2;
    }
  dir = bs_test_make_temp_dir ();
  location = bs_test_database_location (dir);
  a = bs_test_server_new_configured (&(BsServerConfig) { .db_path = location, .n_threads = 1,
                                                         .demo = TRUE });
  b = bs_test_server_new_configured (&(BsServerConfig) { .db_path = location, .n_threads = 1 });
  token = bs_test_sign_up (a, "live-bench@example.com", "across the nodes");
  bs_test_wait_until (bs_test_stream_caught_up, b, WAIT_SECONDS);
  live = bs_test_live_connect (bs_server_get_url (b->server));
  bs_test_live_wait (live, 1, WAIT_SECONDS);

  for (guint i = 0; i < checkouts; i++)
    {
      guint frames = live->frames->len;
      gint64 placed;

      g_assert_cmpuint (bs_test_customer_status (a, token, "POST", "/api/cart",
                                                 "{\"bookId\":\"b7\",\"quantity\":1}"), ==, 200);
      g_assert_cmpuint (bs_test_customer_status (a, token, "POST", "/api/orders", NULL), ==, 201);
      placed = g_get_monotonic_time ();
      bs_test_live_wait (live, frames + 1, WAIT_SECONDS);
      g_assert_cmpuint (live->frames->len, >, frames);
      g_array_append_val (delays, (double) { (g_get_monotonic_time () - placed) / 1000.0 });
      /* The hub sends at most ten frames a second: the next checkout waits its turn, so
       * that every frame answers one checkout. */
      g_usleep (110 * G_TIME_SPAN_MILLISECOND);
    }

  g_print ("A checkout on node A to the frame on node B's live socket, %u checkouts "
           "over PostgreSQL: median %.1f ms, p99 %.1f ms, max %.1f ms\n",
           checkouts, bs_test_median (delays), bs_test_percentile (delays, 99),
           bs_test_percentile (delays, 100));
  bs_test_remove_dir (dir);
  return 0;
}
