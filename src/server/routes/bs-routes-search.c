/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-search"

#include "config.h"

#include "bs-http.h"
#include "bs-routes.h"
#include "bs-text.h"

#define DEFAULT_LIMIT 100

typedef struct
{
  char *db_path;
  char *text;
  gint64 budget_us;
  guint offset;
  guint limit;
  GPtrArray *books;   /* (nullable): set by the worker */
  GError *error;      /* (nullable): set by the worker */
} SearchJob;

static void
search_job_free (gpointer data)
{
  SearchJob *job = data;

  g_free (job->db_path);
  g_free (job->text);
  g_clear_pointer (&job->books, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

/* On a pool thread, with that thread's own connection: a big catalog's search never
 * holds up a listener. It stops at its budget, or when nobody waits for it any more. */
static void
search_cb (gpointer      data,
           GCancellable *cancellable)
{
  SearchJob *job = data;
  BsStore *store = bs_store_for_this_thread (job->db_path, &job->error);

  if (store == NULL)
    return;
  g_debug ("Search for “%s” begun", job->text);
  bs_store_set_budget (store, g_get_monotonic_time () + job->budget_us, cancellable);
  job->books = bs_store_search_books (store, job->text, job->offset, job->limit, &job->error);
  bs_store_set_budget (store, 0, NULL);
  if (job->books == NULL)
    g_debug ("Search for “%s” ended: %s", job->text, job->error->message);
  else
    g_debug ("Search for “%s” ended: %u books", job->text, job->books->len);
}

static void
searched_cb (BsRequest *request,
             gpointer   data)
{
  SearchJob *job = data;
  BsJsonWriter *writer;

  if (job->books == NULL)
    {
      bs_http_reply_gerror (request->msg, job->error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < job->books->len; i++)
    bs_book_record_write_json (g_ptr_array_index (job->books, i), writer);
  bs_json_writer_end_array (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

/* GET /api/search?q=…[&offset&limit] */
void
bs_route_search (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *text = NULL;
  SearchJob *job;
  guint offset;
  guint limit;

  if (!bs_http_query_text (request->query, "q", &text, &error) ||
      !bs_http_query_paging (request->query, DEFAULT_LIMIT, &offset, &limit, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  if (text == NULL || bs_text_is_blank (text))
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "q is required: the words to search for");
      return;
    }
  if (g_utf8_strlen (text, -1) > BS_SEARCH_MAX_LENGTH)
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                           "q must be at most %d characters", BS_SEARCH_MAX_LENGTH);
      return;
    }

  job = g_new0 (SearchJob, 1);
  job->db_path = g_strdup (request->info->db_path);
  job->text = g_strdup (text);
  job->budget_us = request->info->search_budget_us;
  job->offset = offset;
  job->limit = limit;
  bs_request_run_in_worker (request, search_cb, searched_cb, job, search_job_free);
}
