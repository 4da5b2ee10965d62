/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-service"

#include "config.h"

#include "bs-http.h"
#include "bs-routes.h"

void
bs_route_health (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  gint64 books = bs_store_count_books (request->store, NULL, &error);
  gint64 orders = books < 0 ? -1 : bs_store_count_orders (request->store, &error);
  gint64 lag = orders < 0 ? -1 : bs_store_get_stream_lag (request->store, &error);
  BsJsonWriter *writer;

  if (lag < 0)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_object (writer);
  bs_json_writer_member_string (writer, "status", "ok");
  bs_json_writer_member_string (writer, "serverId", request->info->server_id);
  bs_json_writer_member_string (writer, "version", PACKAGE_VERSION);
  bs_json_writer_member_boolean (writer, "demo", request->info->demo);
  bs_json_writer_member_int (writer, "books", books);
  bs_json_writer_member_int (writer, "orders", orders);
  bs_json_writer_member_int (writer, "streamLag", lag);
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

/* The seed UI calls this on its first visit; the shop is seeded at start (--demo), so
 * here it only answers as the seed did. */
void
bs_route_init (BsRequest *request)
{
  BsJsonWriter *writer = bs_json_writer_new ();

  bs_json_writer_begin_object (writer);
  bs_json_writer_member_string (writer, "code", "200");
  bs_json_writer_member_string (writer, "message", "Init successful");
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}
