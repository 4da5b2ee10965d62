/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-bestsellers"

#include "config.h"

#include "bs-http.h"
#include "bs-routes.h"

#define TOP_COUNT 20

/* The top 20 as the API writes them: [book + "quantity"]. Shared by the route and the
 * live socket's frames. */
GBytes *
bs_bestsellers_json (BsStore  *store,
                     GError  **error)
{
  g_autoptr(GPtrArray) top = bs_store_list_bestsellers (store, TOP_COUNT, error);
  BsJsonWriter *writer;

  if (top == NULL)
    return NULL;

  writer = bs_json_writer_new ();
  bs_routes_write_lines (writer, top, BS_BOOK_JSON_CATALOG, "quantity");
  return bs_json_writer_free_to_bytes (writer);
}

/* GET /api/bestsellers */
void
bs_route_bestsellers (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bs_bestsellers_json (request->store, &error);

  if (body == NULL)
    bs_http_reply_gerror (request->msg, error);
  else
    bs_http_reply_json (request->msg, SOUP_STATUS_OK, body);
}
