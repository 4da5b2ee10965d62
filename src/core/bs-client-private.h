/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-client.h"

G_BEGIN_DECLS

/* How the client calls one route of the API: bs-client.c runs the call, and each route
 * in bs-client-routes.c is one BsRoute and its arguments. */

typedef enum
{
  BS_CALL_JSON = 0,
  BS_CALL_RAW = 1 << 0,          /* the answer is a BsCoverAnswer's bytes, not JSON; 304 is one */
  BS_CALL_PAGE = 1 << 1,         /* a BsBookPage: the list with its ETag, total and 304 */
  BS_CALL_CHECKOUT = 1 << 2,     /* carries the pending Idempotency-Key */
  BS_CALL_OPTIONAL = 1 << 3,     /* a route the seed's server lacks: 404 reads as empty */
} BsCallFlags;

typedef struct
{
  const char *method;
  const char *path;              /* an escaped id and a query are added after it */
  BsCallFlags flags;
  BsJsonParseFunc parse;         /* (nullable): none for a route whose answer only says done */
  GDestroyNotify result_free;
  const char *empty_answer;      /* with BS_CALL_OPTIONAL: what a 404 stands for */
} BsRoute;

typedef struct
{
  const char *id;                /* (nullable): a path segment, escaped here */
  const char *query;             /* (nullable): from "?", already escaped */
  GBytes *body;                  /* (nullable): JSON */
  const char *if_none_match;     /* (nullable) */
} BsCallArgs;

void     bs_client_call               (BsClient            *self,
                                       const BsRoute       *route,
                                       const BsCallArgs    *args,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gpointer bs_client_call_finish        (BsClient            *self,
                                       GAsyncResult        *result,
                                       const BsRoute       *route,
                                       GError             **error);
gboolean bs_client_call_finish_done   (BsClient            *self,
                                       GAsyncResult        *result,
                                       const BsRoute       *route,
                                       GError             **error);

G_END_DECLS
