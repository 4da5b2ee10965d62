/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bs-request.h"

G_BEGIN_DECLS

/* One listener thread: its own GMainContext, SoupServer and store connection, serving
 * one of the service's SO_REUSEPORT sockets. */
typedef struct _BsListener BsListener;

typedef struct
{
  const char *db_path;
  const BsServiceInfo *info;
  BsWorkerPool *pool;
  gboolean access_log;
  guint idle_timeout_seconds;         /* a connection silent that long is closed */
  GTlsCertificate *tls_certificate;   /* (nullable): serve HTTPS */
  guint index;
} BsListenerSetup;

BsListener *bs_listener_start           (const BsListenerSetup *setup,
                                         GSocket               *socket,
                                         GError               **error);
void        bs_listener_drain           (BsListener            *self);
void        bs_listener_join            (BsListener            *self);
guint       bs_listener_get_requests_served (BsListener        *self);
void        bs_listener_bestsellers_changed (BsListener        *self);

G_END_DECLS
