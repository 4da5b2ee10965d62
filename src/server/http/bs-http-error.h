/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors that end a request. The code is the HTTP status the client gets, and the
 * message is shown to it as is, so it must never carry internal details. */
#define BS_HTTP_ERROR (bs_http_error_quark ())

typedef enum
{
  BS_HTTP_ERROR_BAD_REQUEST = 400,
  BS_HTTP_ERROR_UNAUTHORIZED = 401,
  BS_HTTP_ERROR_NOT_FOUND = 404,
  BS_HTTP_ERROR_METHOD_NOT_ALLOWED = 405,
  BS_HTTP_ERROR_CONFLICT = 409,
  BS_HTTP_ERROR_LENGTH_REQUIRED = 411,
  BS_HTTP_ERROR_PAYLOAD_TOO_LARGE = 413,
  BS_HTTP_ERROR_TOO_MANY_REQUESTS = 429,
  BS_HTTP_ERROR_INTERNAL = 500,
  BS_HTTP_ERROR_UNAVAILABLE = 503,
} BsHttpError;

GQuark bs_http_error_quark (void);

G_END_DECLS
