/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What went wrong talking to the service. G_IO_ERROR_CANCELLED is not one of these:
 * a cancelled call reports that, and nobody shows it. */
#define BS_CLIENT_ERROR (bs_client_error_quark ())

typedef enum
{
  BS_CLIENT_ERROR_OFFLINE,
  BS_CLIENT_ERROR_TIMEOUT,
  BS_CLIENT_ERROR_UNAUTHORIZED,
  BS_CLIENT_ERROR_NOT_FOUND,
  BS_CLIENT_ERROR_CONFLICT,
  BS_CLIENT_ERROR_RATE_LIMITED,
  BS_CLIENT_ERROR_INVALID_INPUT,     /* the message is the server's, for the user */
  BS_CLIENT_ERROR_INVALID_RESPONSE,
  BS_CLIENT_ERROR_SERVER,
} BsClientError;

GQuark bs_client_error_quark (void);

G_END_DECLS
