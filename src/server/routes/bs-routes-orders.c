/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-orders"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "bs-auth.h"
#include "bs-http.h"
#include "bs-routes.h"

#define MAX_IDEMPOTENCY_KEY_LENGTH 64

static void
write_order (BsJsonWriter  *writer,
             const BsOrderRecord *order)
{
  bs_json_writer_begin_object (writer);
  bs_json_writer_member_string (writer, "orderId", order->order_id);
  bs_json_writer_member_string (writer, "_key", order->order_id);
  bs_json_writer_member_string (writer, "customerId", order->customer_id);
  bs_json_writer_member_int (writer, "orderDate", order->order_date);
  bs_json_writer_member_decimal (writer, "total", order->total_cents, 2);
  bs_json_writer_key (writer, "books");
  bs_routes_write_lines (writer, order->lines, BS_BOOK_JSON_LINE, "quantity");
  bs_json_writer_end_object (writer);
}

/* GET /api/orders: newest first */
void
bs_route_list_orders (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = bs_store_list_orders (request->store, request->customer_id,
                                                      &error);
  BsJsonWriter *writer;

  if (orders == NULL)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < orders->len; i++)
    write_order (writer, g_ptr_array_index (orders, i));
  bs_json_writer_end_array (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

static gboolean
is_idempotency_key (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > MAX_IDEMPOTENCY_KEY_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '-' && key[i] != '_')
      return FALSE;
  return TRUE;
}

/* POST /api/orders: no body; the cart becomes an order. A retry with the same
 * Idempotency-Key gets the order it placed, whatever the cart holds by then. */
void
bs_route_checkout (BsRequest *request)
{
  const char *key = soup_message_headers_get_one (
    soup_server_message_get_request_headers (request->msg), "Idempotency-Key");
  g_autoptr(GError) error = NULL;
  g_autoptr(BsOrderRecord) order = NULL;
  g_autofree char *claim = NULL;
  gboolean replayed = FALSE;
  BsJsonWriter *writer;

  if (key != NULL)
    {
      if (!is_idempotency_key (key))
        {
          bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST,
                               "Idempotency-Key must be 1 to %d letters, digits, '-' or '_'",
                               MAX_IDEMPOTENCY_KEY_LENGTH);
          return;
        }
      claim = g_strconcat (request->customer_id, ":", key, NULL);
      if (!bs_claims_take (request->info->checkouts, claim))
        {
          g_clear_pointer (&claim, g_free);
          soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                        "Retry-After", "1");
          bs_http_reply_error (request->msg, SOUP_STATUS_CONFLICT,
                               "A checkout with this Idempotency-Key is still in progress");
          return;
        }
    }

  order = bs_store_checkout (request->store, request->customer_id, key, bs_auth_now_ms (),
                             &replayed, &error);
  if (claim != NULL)
    bs_claims_release (request->info->checkouts, claim);

  if (order == NULL)
    {
      if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_EMPTY))
        bs_http_reply_error (request->msg, SOUP_STATUS_CONFLICT, N_("Your cart is empty"));
      else
        bs_http_reply_gerror (request->msg, error);
      return;
    }

  if (!replayed)
    bs_stream_worker_wake (request->info->stream);

  writer = bs_json_writer_new ();
  write_order (writer, order);
  bs_http_reply_writer (request->msg, replayed ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, writer);
}
