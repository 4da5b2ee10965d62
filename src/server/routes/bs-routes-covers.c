/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-covers"

#include "config.h"

#include "bs-cover-art.h"
#include "bs-http.h"
#include "bs-routes.h"

#define COVER_CACHE_CONTROL "public, max-age=86400"

static void
reply_cover (BsRequest     *request,
             const BsCover *cover)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);

  soup_message_headers_replace (headers, "Cache-Control", COVER_CACHE_CONTROL);
  if (bs_http_reply_if_not_modified (request->msg, cover->etag))
    return;

  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, cover->content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (request->msg),
                                  cover->bytes);
}

typedef struct
{
  BsBookRecord *book;
  GBytes *png;     /* (nullable): set by the worker */
  GError *error;   /* (nullable): set by the worker */
} DrawJob;

static void
draw_job_free (gpointer pointer)
{
  DrawJob *job = pointer;

  bs_book_record_free (job->book);
  g_clear_pointer (&job->png, g_bytes_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
draw_cover_cb (gpointer      pointer,
               GCancellable *cancellable)
{
  DrawJob *job = pointer;

  job->png = bs_cover_art_draw (job->book->name, job->book->author, job->book->category,
                                &job->error);
}

/* Back on the listener: keep the drawing in the KV table, then serve what the table
 * holds (another listener may have stored the same drawing first). */
static void
cover_drawn_cb (BsRequest *request,
                gpointer   data)
{
  DrawJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCover) cover = NULL;

  if (job->png == NULL)
    {
      bs_http_reply_gerror (request->msg, job->error);
      return;
    }

  if (!bs_store_put_cover (request->store, job->book->book_id, "image/png", job->png, TRUE,
                           &error) ||
      !(cover = bs_store_get_cover (request->store, job->book->book_id, &error)))
    {
      /* The book may have been removed meanwhile. */
      if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_INVALID) ||
          g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
        bs_http_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "No book with id %s",
                             job->book->book_id);
      else
        bs_http_reply_gerror (request->msg, error);
      return;
    }
  reply_cover (request, cover);
}

void
bs_route_get_image (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsCover) cover = NULL;
  g_autoptr(BsBookRecord) book = NULL;
  const char *book_id;
  DrawJob *job;

  if (!bs_http_query_text (request->query, "bookId", &book_id, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  if (book_id == NULL)
    {
      bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "bookId is required");
      return;
    }
  if (bs_http_reply_if_bad_book_id (request->msg, book_id))
    return;

  cover = bs_store_get_cover (request->store, book_id, &error);
  if (cover != NULL)
    {
      reply_cover (request, cover);
      return;
    }
  if (!g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  g_clear_error (&error);

  book = bs_routes_get_book_or_reply (request, book_id);
  if (book == NULL)
    return;

  /* Covers of imported and synthetic books are drawn on first request, off the listener. */
  job = g_new0 (DrawJob, 1);
  job->book = g_steal_pointer (&book);
  bs_request_run_in_worker (request, draw_cover_cb, cover_drawn_cb, job, draw_job_free);
}
