/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-catalog"

#include "config.h"

#include "bs-http.h"
#include "bs-routes.h"

/* The strong ETag of one page of the catalog: the same server, catalog version and query
 * always give the same bytes. */
static char *
catalog_etag (const BsRequest *request,
              gint64           version,
              const char      *category,
              guint            offset,
              guint            limit)
{
  /* "all" and "category:" differ even for an empty category name. */
  g_autofree char *key = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%s%s|%u|%u",
                                          request->info->server_id, version,
                                          category != NULL ? "category:" : "all",
                                          category != NULL ? category : "", offset, limit);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("\"%.32s\"", digest);
}

void
bs_route_list_books (BsRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *total_text = NULL;
  BsJsonWriter *writer;
  const char *category;
  guint offset;
  guint limit;
  gint64 version;
  gint64 total;

  if (!bs_http_query_text (request->query, "category", &category, &error) ||
      !bs_http_query_paging (request->query, 0, &offset, &limit, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  /* One read transaction, so the version, the count and the page agree. */
  if (!bs_store_begin_read (request->store, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }
  version = bs_store_get_catalog_version (request->store, &error);
  total = version < 0 ? -1 : bs_store_count_books (request->store, category, &error);
  if (total < 0)
    {
      bs_store_end_read (request->store);
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total);
  soup_message_headers_replace (headers, "X-Total-Count", total_text);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  etag = catalog_etag (request, version, category, offset, limit);
  if (bs_http_reply_if_not_modified (request->msg, etag))
    {
      bs_store_end_read (request->store);
      return;
    }

  books = bs_store_list_books (request->store, category, offset, limit, &error);
  bs_store_end_read (request->store);
  if (books == NULL)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < books->len; i++)
    bs_book_record_write_json (g_ptr_array_index (books, i), writer);
  bs_json_writer_end_array (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

void
bs_route_get_book (BsRequest *request)
{
  g_autoptr(BsBookRecord) book = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *key = NULL;
  guint generation = bs_store_get_catalog_generation (request->store);
  BsJsonWriter *writer;

  if (bs_http_reply_if_bad_book_id (request->msg, request->path_arg))
    return;

  /* A book's reply is built once per listener until the catalog changes. */
  key = g_strconcat ("book:", request->path_arg, NULL);
  reply = bs_store_get_kept_reply (request->store, key, generation);
  if (reply != NULL)
    {
      bs_http_reply_json (request->msg, SOUP_STATUS_OK, reply);
      return;
    }
  book = bs_routes_get_book_or_reply (request, request->path_arg);
  if (book == NULL)
    return;

  writer = bs_json_writer_new ();
  bs_book_record_write_json (book, writer);
  reply = bs_json_writer_free_to_bytes (writer);
  bs_store_keep_reply (request->store, key, generation, reply);
  bs_http_reply_json (request->msg, SOUP_STATUS_OK, reply);
}

void
bs_route_list_categories (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint generation = bs_store_get_catalog_generation (request->store);
  BsJsonWriter *writer;

  reply = bs_store_get_kept_reply (request->store, "categories", generation);
  if (reply != NULL)
    {
      bs_http_reply_json (request->msg, SOUP_STATUS_OK, reply);
      return;
    }
  categories = bs_store_list_categories (request->store, &error);
  if (categories == NULL)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < categories->len; i++)
    {
      const BsCategoryCount *category = g_ptr_array_index (categories, i);

      bs_json_writer_begin_object (writer);
      bs_json_writer_member_string (writer, "name", category->name);
      bs_json_writer_member_int (writer, "count", category->count);
      bs_json_writer_end_object (writer);
    }
  bs_json_writer_end_array (writer);
  reply = bs_json_writer_free_to_bytes (writer);
  bs_store_keep_reply (request->store, "categories", generation, reply);
  bs_http_reply_json (request->msg, SOUP_STATUS_OK, reply);
}
