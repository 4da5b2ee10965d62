/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "bs-claims.h"
#include "bs-store.h"
#include "bs-stream-worker.h"
#include "bs-throttle.h"
#include "bs-worker-pool.h"

G_BEGIN_DECLS

/* What every listener knows about the service it is part of. Read-only once serving. */
typedef struct
{
  char *db_path;                 /* for pool threads, which open their own connections */
  char *server_id;
  gboolean demo;
  BsThrottle *signin_by_user;    /* failed sign-ins per username */
  BsThrottle *signin_by_address; /* failed sign-ins per client address */
  BsClaims *checkouts;           /* Idempotency-Keys of checkouts in progress */
  BsStreamWorker *stream;        /* (nullable): woken after each checkout */
  gboolean friend_everyone;      /* the seed's rule: a new account befriends everyone */
  gint64 search_budget_us;       /* how long a search may run */
  char **trusted_proxies;        /* (nullable): addresses whose X-Real-IP is believed */
} BsServiceInfo;

/* One request as a route handler sees it: the message, and the listener's own store
 * connection, worker pool and main context. */
typedef struct
{
  SoupServerMessage *msg;
  GHashTable *query;            /* (nullable) */
  char *path_arg;               /* (nullable): the decoded {id} of the route */
  BsStore *store;
  BsWorkerPool *pool;
  GMainContext *context;
  const BsServiceInfo *info;
  GCancellable *stopping;       /* the listener's: cancelled when it stops waiting for requests */
  GSocket *socket;              /* (nullable): the client's connection, the listener's reference */
  char *customer_id;            /* (nullable): set on customer routes, once authenticated */
  guint8 token_hash[BS_SESSION_TOKEN_HASH_SIZE];
} BsRequest;

typedef void (*BsRequestFunc) (BsRequest *request,
                               gpointer   data);

/* Work for the pool: @cancellable is cancelled once nobody waits for its answer. */
typedef void (*BsRequestWorkFunc) (gpointer      data,
                                   GCancellable *cancellable);

gboolean bs_request_run_in_worker (BsRequest         *request,
                                   BsRequestWorkFunc  work,
                                   BsRequestFunc      done,
                                   gpointer           data,
                                   GDestroyNotify     destroy);

char       *bs_request_address_text   (GInetAddress *address);
char       *bs_request_client_address (BsRequest    *request);

G_END_DECLS
