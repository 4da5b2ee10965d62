/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "bs-cache.h"
#include "bs-catalog.h"
#include "bs-catalog-file.h"
#include "bs-client.h"
#include "bs-server.h"
#include "bs-test-util.h"

/* ./build-aux/dev bench client: a cached 100k-book catalog loaded into BsCatalog. Each
 * run is its own process, for clean memory figures; the parent reports medians, and the
 * same figures for the catalog fetched from a real server on loopback, side by side. */

#define BOOKS 100000
#define RUNS 5

typedef struct
{
  double fill_ms;
  double bytes_per_book;
  double max_gap_ms;
} Figures;

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  guint64 size = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &size, &resident);
  return (gsize) (resident * (guint64) sysconf (_SC_PAGESIZE));
}

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticker;

static gboolean
tick_cb (gpointer data)
{
  Ticker *ticker = data;
  gint64 now = g_get_monotonic_time ();

  ticker->max_gap = MAX (ticker->max_gap, now - ticker->last);
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

/* One run: fill a BsCatalog from the snapshot (or from the server) while a 1 ms timeout
 * measures how long the main loop is ever held. */
static Figures
run_once (const char *cache_dir,
          const char *server_id,
          const char *url)
{
  g_autoptr(BsCatalog) catalog = bs_catalog_new ();
  g_autoptr(BsCache) cache = bs_cache_new (cache_dir);
  g_autoptr(BsClient) client = url != NULL ? bs_client_new (url, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  Ticker ticker;
  gsize before;
  gint64 start;
  guint tick;
  Figures figures;

  before = resident_bytes ();
  start = g_get_monotonic_time ();
  ticker = (Ticker) { start, 0 };
  tick = g_timeout_add (1, tick_cb, &ticker);

  if (client != NULL)
    {
      g_autoptr(BsBookPage) page = NULL;

      bs_client_list_books_async (client, NULL, NULL, bs_test_result_cb, &slot);
      result = bs_test_wait_result (&slot);
      page = bs_client_list_books_finish (client, result, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      bs_catalog_replace_async (catalog, page->books, page->etag, NULL, bs_test_result_cb, &slot);
    }
  else
    {
      g_autoptr(GPtrArray) books = NULL;
      g_autofree char *tag = NULL;

      bs_cache_load_async (cache, server_id, "catalog", BS_SNAPSHOT_BOOKS, NULL, bs_test_result_cb,
                           &slot);
      result = bs_test_wait_result (&slot);
      books = bs_cache_load_finish (cache, result, &tag, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      bs_catalog_replace_async (catalog, books, tag, NULL, bs_test_result_cb, &slot);
    }
  result = bs_test_wait_result (&slot);
  bs_catalog_replace_finish (catalog, result, &error);
  g_assert_no_error (error);

  figures.fill_ms = (g_get_monotonic_time () - start) / 1000.0;
  tick_cb (&ticker);
  g_source_remove (tick);
  figures.max_gap_ms = ticker.max_gap / 1000.0;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, BOOKS);
  figures.bytes_per_book = ((double) resident_bytes () - (double) before) / BOOKS;
  return figures;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), (GCompareFunc) compare_doubles);
  return values[RUNS / 2];
}

static Figures
run_in_children (const char *self_path,
                 const char *cache_dir,
                 const char *server_id,
                 const char *url)
{
  double fill[RUNS], bytes[RUNS], gap[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                       self_path, "--run", cache_dir, server_id,
                                                       url != NULL ? url : "", NULL);

      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (child));
      if (sscanf (out, "%lf %lf %lf", &fill[i], &bytes[i], &gap[i]) != 3)
        g_error ("A run printed “%s”", out);
    }
  return (Figures) { median (fill), median (bytes), median (gap) };
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *cache_dir = NULL;
  g_autoptr(BsServer) server = NULL;
  g_autoptr(BsCache) cache = NULL;
  g_autoptr(BsClient) client = NULL;
  g_autoptr(BsBookPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  Figures cached, fetched;

  if (argc == 5 && g_str_equal (argv[1], "--run"))
    {
      Figures figures = run_once (argv[2], argv[3], argv[4][0] != 0 ? argv[4] : NULL);

      printf ("%.1f %.0f %.1f\n", figures.fill_ms, figures.bytes_per_book, figures.max_gap_ms);
      return 0;
    }

  /* A real server with 100k generated books, and its catalog snapshot. */
  dir = bs_test_make_temp_dir ();
  db = g_build_filename (dir, "bench.db", NULL);
  cache_dir = g_build_filename (dir, "cache", NULL);
  server = bs_server_new (&(BsServerConfig) { .db_path = db, .n_threads = 1 });
  bs_server_open (server, &error);
  g_assert_no_error (error);
  bs_server_add_synthetic (server, BOOKS, &error);
  g_assert_no_error (error);
  bs_server_start (server, &error);
  g_assert_no_error (error);

  client = bs_client_new (bs_server_get_url (server), NULL);
  bs_client_list_books_async (client, NULL, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    page = bs_client_list_books_finish (client, result, &error);
  }
  g_assert_no_error (error);
  cache = bs_cache_new (cache_dir);
  bs_cache_save_async (cache, bs_server_get_server_id (server), "catalog", BS_SNAPSHOT_BOOKS,
                       page->books, page->etag, NULL, bs_test_result_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = bs_test_wait_result (&slot);
    bs_cache_save_finish (cache, result, &error);
  }
  g_assert_no_error (error);

  cached = run_in_children (argv[0], cache_dir, bs_server_get_server_id (server), NULL);
  fetched = run_in_children (argv[0], cache_dir, bs_server_get_server_id (server),
                             bs_server_get_url (server));

  printf ("client: %d books, medians of %d runs each\n", BOOKS, RUNS);
  printf ("%-28s %12s %14s %16s\n", "", "filled (ms)", "RSS/book (B)", "longest gap (ms)");
  printf ("%-28s %12.0f %14.0f %16.1f\n", "cached snapshot (GVariant)", cached.fill_ms,
          cached.bytes_per_book, cached.max_gap_ms);
  printf ("%-28s %12.0f %14.0f %16.1f\n", "fetched from server (JSON)", fetched.fill_ms,
          fetched.bytes_per_book, fetched.max_gap_ms);
  printf ("ratio cached/fetched: fill %.2f, memory %.2f\n", cached.fill_ms / fetched.fill_ms,
          cached.bytes_per_book / fetched.bytes_per_book);

  bs_server_stop (server);
  bs_test_remove_dir (dir);
  return 0;
}
