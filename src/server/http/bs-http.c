/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-http"

#include "config.h"

#include <string.h>

#include "bs-http.h"
#include "bs-book-record.h"
#include "bs-json-body.h"
#include "bs-store.h"

#define MAX_OFFSET 1000000000u
#define MAX_LIMIT 1000u

G_DEFINE_QUARK (bs-http-error-quark, bs_http_error)

void
bs_http_reply_json (SoupServerMessage *msg,
                    guint              status,
                    GBytes            *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

void
bs_http_reply_writer (SoupServerMessage *msg,
                      guint              status,
                      BsJsonWriter      *writer)
{
  g_autoptr(GBytes) body = bs_json_writer_free_to_bytes (writer);

  bs_http_reply_json (msg, status, body);
}

/* {"error":false}, plus "removed" when given. */
void
bs_http_reply_ok (SoupServerMessage *msg,
                  const char        *removed)
{
  BsJsonWriter *writer = bs_json_writer_new ();

  bs_json_writer_begin_object (writer);
  bs_json_writer_member_boolean (writer, "error", FALSE);
  if (removed != NULL)
    {
      bs_json_writer_member_string (writer, "removed", removed);
    }
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (msg, SOUP_STATUS_OK, writer);
}

static void
reply_error_message (SoupServerMessage *msg,
                     guint              status,
                     const char        *message)
{
  BsJsonWriter *writer = bs_json_writer_new ();

  bs_json_writer_begin_object (writer);
  bs_json_writer_member_boolean (writer, "error", TRUE);
  bs_json_writer_member_int (writer, "code", status);
  bs_json_writer_member_string (writer, "message", message);
  bs_json_writer_end_object (writer);
  bs_http_reply_writer (msg, status, writer);
}

void
bs_http_reply_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  reply_error_message (msg, status, message);
}

/* 503, and when to ask again. */
static void
reply_unavailable (SoupServerMessage *msg,
                   const char        *retry_after,
                   const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                retry_after);
  reply_error_message (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, message);
}

/* Errors outside BS_HTTP_ERROR are internal: they are logged, and the client only learns
 * that something failed on our side. */
void
bs_http_reply_gerror (SoupServerMessage *msg,
                      const GError      *error)
{
  if (error->domain == BS_HTTP_ERROR && error->code >= 400 && error->code < 600)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      if ((error->code == BS_HTTP_ERROR_UNAVAILABLE ||
           error->code == BS_HTTP_ERROR_TOO_MANY_REQUESTS) &&
          soup_message_headers_get_one (headers, "Retry-After") == NULL)
        soup_message_headers_replace (headers, "Retry-After", "1");
      reply_error_message (msg, (guint) error->code, error->message);
      return;
    }

  /* Still locked after the busy timeout, or rolled back to break a deadlock: worth a
   * retry, not a failure. */
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_BUSY) ||
      g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_CONFLICT))
    {
      reply_unavailable (msg, "1", "The server is busy; try again in a moment");
      return;
    }
  /* The transaction was rolled back whole; the operator has to make room. */
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_STORAGE))
    {
      g_warning ("%s %s: %s", soup_server_message_get_method (msg),
                 g_uri_get_path (soup_server_message_get_uri (msg)), error->message);
      reply_unavailable (msg, "30", "The shop cannot save anything right now; nothing was changed");
      return;
    }
  /* The database server is restarting or out of reach: the store says so once, and
   * connects again. */
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_UNREACHABLE))
    {
      reply_unavailable (msg, "2", "The shop's database cannot be reached; try again in a moment");
      return;
    }
  /* A query past its budget would likely be again right now; a cancelled one was
   * cancelled by the client leaving or by the server stopping. */
  if (g_error_matches (error, BS_STORE_ERROR, BS_STORE_ERROR_OVER_BUDGET))
    {
      reply_unavailable (msg, "5", "This took too long to answer; try again later, or ask for less");
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      reply_unavailable (msg, "1", "The request was cancelled");
      return;
    }

  g_warning ("%s %s: %s", soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)), error->message);
  reply_error_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal server error");
}

static gboolean
etag_list_contains (const char *list,
                    const char *etag)
{
  g_auto(GStrv) candidates = NULL;

  if (list == NULL)
    return FALSE;

  /* If-None-Match compares weakly: W/"x" matches "x". */
  candidates = g_strsplit (list, ",", -1);
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      const char *candidate = g_strstrip (candidates[i]);

      if (g_str_has_prefix (candidate, "W/"))
        candidate += 2;
      if (g_str_equal (candidate, "*") || g_str_equal (candidate, etag))
        return TRUE;
    }
  return FALSE;
}

/* Sets the ETag, and answers 304 when the client already has this version. */
gboolean
bs_http_reply_if_not_modified (SoupServerMessage *msg,
                               const char        *etag)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (response, "ETag", etag);
  if (!etag_list_contains (soup_message_headers_get_one (request, "If-None-Match"), etag))
    return FALSE;

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
  return TRUE;
}

JsonObject *
bs_http_read_json_object (SoupServerMessage *msg,
                          GError           **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  /* The early handler has already refused bigger declared lengths. */
  if (body->length > BS_JSON_BODY_MAX_SIZE)
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_PAYLOAD_TOO_LARGE,
                   "Request body is larger than %d bytes", BS_JSON_BODY_MAX_SIZE);
      return NULL;
    }
  return bs_json_body_parse_object (body->data, (gsize) body->length, error);
}

/* A query parameter's value, or %NULL when it is absent; present values must be UTF-8. */
gboolean
bs_http_query_text (GHashTable  *query,
                    const char  *name,
                    const char **out_value,
                    GError     **error)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                   "%s must be valid UTF-8", name);
      return FALSE;
    }
  *out_value = value;
  return TRUE;
}

static gboolean
parse_count (GHashTable  *query,
             const char  *name,
             guint        min,
             guint        max,
             guint       *out_value,
             GError     **error)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 value;

  if (text == NULL)
    return TRUE;

  /* Decimal digits only: no sign, no spaces, no hex, no empty value. */
  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text) || strlen (text) > 10 ||
      (value = g_ascii_strtoull (text, NULL, 10)) < min || value > max)
    {
      g_set_error (error, BS_HTTP_ERROR, BS_HTTP_ERROR_BAD_REQUEST,
                   "%s must be a whole number from %u to %u", name, min, max);
      return FALSE;
    }
  *out_value = (guint) value;
  return TRUE;
}

/* offset ≥ 0 and 1 ≤ limit ≤ 1000; an absent limit is @default_limit (0: everything). */
gboolean
bs_http_query_paging (GHashTable  *query,
                      guint        default_limit,
                      guint       *out_offset,
                      guint       *out_limit,
                      GError     **error)
{
  *out_offset = 0;
  *out_limit = default_limit;
  return parse_count (query, "offset", 0, MAX_OFFSET, out_offset, error) &&
         parse_count (query, "limit", 1, MAX_LIMIT, out_limit, error);
}

/* Answers 400 and returns TRUE when @book_id cannot be a book's id. */
gboolean
bs_http_reply_if_bad_book_id (SoupServerMessage *msg,
                              const char        *book_id)
{
  if (bs_book_id_is_valid (book_id))
    return FALSE;
  bs_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                       "A book id is 1 to %d letters, digits, '-' or '_'", BS_BOOK_ID_MAX_LENGTH);
  return TRUE;
}
