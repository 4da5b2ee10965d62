/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-routes-cart"

#include "config.h"

#include "bs-http.h"
#include "bs-json-fields.h"
#include "bs-routes.h"

#define MAX_QUANTITY 99

/* The seed's flat cart item: {"cartId","_key","customerId","bookId","quantity","price"},
 * the price being the catalog's now. */
static void
write_cart_item (BsJsonWriter     *writer,
                 const char       *customer_id,
                 const BsLineItem *line)
{
  g_autofree char *cart_id = g_strconcat (customer_id, ":", line->book->book_id, NULL);

  bs_json_writer_begin_object (writer);
  bs_json_writer_member_string (writer, "cartId", cart_id);
  bs_json_writer_member_string (writer, "_key", cart_id);
  bs_json_writer_member_string (writer, "customerId", customer_id);
  bs_json_writer_member_string (writer, "bookId", line->book->book_id);
  bs_json_writer_member_int (writer, "quantity", line->quantity);
  bs_json_writer_member_decimal (writer, "price", line->book->price_cents, 2);
  bs_json_writer_end_object (writer);
}

/* {"order": <cart item>, "book": <book>} */
static void
write_cart_line (BsJsonWriter     *writer,
                 const char       *customer_id,
                 const BsLineItem *line)
{
  bs_json_writer_begin_object (writer);
  bs_json_writer_key (writer, "order");
  write_cart_item (writer, customer_id, line);
  bs_json_writer_key (writer, "book");
  bs_book_record_write_json (line->book, writer);
  bs_json_writer_end_object (writer);
}

static void
reply_line (BsRequest        *request,
            const BsLineItem *line)
{
  BsJsonWriter *writer = bs_json_writer_new ();

  write_cart_line (writer, request->customer_id, line);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

static void
reply_cart_error (BsRequest   *request,
                  const char  *book_id,
                  GError      *error)
{
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    bs_http_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, "%s", error->message);
  else if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_LIMIT))
    bs_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "%s", error->message);
  else
    bs_http_reply_gerror (request->msg, error);
}

static gboolean
read_book_id (JsonObject  *body,
              const char **out_book_id,
              GError     **error)
{
  if (!bs_json_member_string (body, "bookId", TRUE, out_book_id, error))
    return FALSE;
  if (!bs_book_id_is_valid (*out_book_id))
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                   "bookId must be 1 to %d letters, digits, '-' or '_'", BS_BOOK_ID_MAX_LENGTH);
      return FALSE;
    }
  return TRUE;
}

/* GET /api/cart */
void
bs_route_list_cart (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = bs_store_list_cart (request->store, request->customer_id, &error);
  BsJsonWriter *writer;

  if (lines == NULL)
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_array (writer);
  for (guint i = 0; i < lines->len; i++)
    write_cart_line (writer, request->customer_id, g_ptr_array_index (lines, i));
  bs_json_writer_end_array (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

/* GET /api/cart/{id}: the seed's flat shape, [item] or [] */
void
bs_route_get_cart_line (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BsLineItem) line = NULL;
  BsJsonWriter *writer;

  if (bs_http_reply_if_bad_book_id (request->msg, request->path_arg))
    return;

  line = bs_store_get_cart_line (request->store, request->customer_id, request->path_arg, &error);
  if (line == NULL && !g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  writer = bs_json_writer_new ();
  bs_json_writer_begin_array (writer);
  if (line != NULL)
    write_cart_item (writer, request->customer_id, line);
  bs_json_writer_end_array (writer);
  bs_http_reply_writer (request->msg, SOUP_STATUS_OK, writer);
}

/* POST /api/cart {"bookId","quantity"?}: adds; a client's "price" is ignored. */
void
bs_route_add_to_cart (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = bs_http_read_json_object (request->msg, &error);
  g_autoptr(BsLineItem) line = NULL;
  const char *book_id = NULL;
  int quantity = 1;

  if (body == NULL || !read_book_id (body, &book_id, &error) ||
      !bs_json_member_int (body, "quantity", 1, MAX_QUANTITY, FALSE, &quantity, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  line = bs_store_add_to_cart (request->store, request->customer_id, book_id, quantity, &error);
  if (line == NULL)
    reply_cart_error (request, book_id, error);
  else
    reply_line (request, line);
}

/* PUT /api/cart {"bookId","quantity"}: sets 1–99 copies, or removes the line with 0. */
void
bs_route_set_cart_quantity (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = bs_http_read_json_object (request->msg, &error);
  g_autoptr(BsLineItem) line = NULL;
  const char *book_id = NULL;
  int quantity = 0;

  if (body == NULL || !read_book_id (body, &book_id, &error) ||
      !bs_json_member_int (body, "quantity", 0, MAX_QUANTITY, TRUE, &quantity, &error))
    {
      bs_http_reply_gerror (request->msg, error);
      return;
    }

  if (quantity == 0)
    {
      g_autoptr(BsBookRecord) book = bs_store_get_book (request->store, book_id, &error);

      /* Setting a known book's absent line to nothing is already done. */
      if (book == NULL)
        reply_cart_error (request, book_id, error);
      else if (!bs_store_remove_from_cart (request->store, request->customer_id, book_id, &error) &&
               !g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND))
        bs_http_reply_gerror (request->msg, error);
      else
        bs_http_reply_ok (request->msg, book_id);
      return;
    }

  line = bs_store_set_cart_quantity (request->store, request->customer_id, book_id, quantity,
                                     &error);
  if (line == NULL)
    reply_cart_error (request, book_id, error);
  else
    reply_line (request, line);
}

/* DELETE /api/cart {"bookId"} or DELETE /api/cart/{id} */
void
bs_route_remove_from_cart (BsRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *book_id = request->path_arg;

  if (book_id == NULL)
    {
      body = bs_http_read_json_object (request->msg, &error);
      if (body == NULL || !read_book_id (body, &book_id, &error))
        {
          bs_http_reply_gerror (request->msg, error);
          return;
        }
    }
  else if (bs_http_reply_if_bad_book_id (request->msg, book_id))
    return;

  if (!bs_store_remove_from_cart (request->store, request->customer_id, book_id, &error))
    reply_cart_error (request, book_id, error);
  else
    bs_http_reply_ok (request->msg, book_id);
}
