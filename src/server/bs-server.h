/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bs-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *db_path;
  const char *address;     /* (nullable): an IP address, 127.0.0.1 by default */
  guint port;              /* 0: any free port */
  guint n_threads;         /* 0: one listener per core */
  gboolean demo;
  gboolean access_log;
  const char *tls_certificate;  /* (nullable): PEM files; both or neither */
  const char *tls_key;          /* (nullable) */
  gboolean friend_everyone;     /* the seed's rule: every new account befriends everyone */
  const char * const *trusted_proxies;  /* (nullable): addresses whose X-Real-IP is believed */
  gboolean hold_stream;         /* tests only: no best-seller worker runs */
  gint64 search_budget_us;      /* a search's time budget; 0: BS_SERVER_DEFAULT_SEARCH_BUDGET_US */
  guint idle_timeout_seconds;   /* 0: BS_SERVER_DEFAULT_IDLE_TIMEOUT_SECONDS */
} BsServerConfig;

/* Longer than any search should take; past it the client gets a 503 rather than a wait. */
#define BS_SERVER_DEFAULT_SEARCH_BUDGET_US (2 * G_USEC_PER_SEC)

/* How long a connection may send nothing, between requests or in one, before it is
 * closed: longer than clients keep an idle connection (libsoup's 60 s) and than the
 * live socket's 30 s pings. */
#define BS_SERVER_DEFAULT_IDLE_TIMEOUT_SECONDS 75

#define BS_TYPE_SERVER (bs_server_get_type ())
G_DECLARE_FINAL_TYPE (BsServer, bs_server, BS, SERVER, GObject)

/* The built-in shop's own account, which bs_server_open_local_session() signs in. */
#define BS_SERVER_LOCAL_USERNAME "local@bookstore.invalid"

BsServer   *bs_server_new                (const BsServerConfig *config);
gboolean    bs_server_open               (BsServer    *self,
                                          GError     **error);
gboolean    bs_server_import_catalog     (BsServer    *self,
                                          const char  *path,
                                          GError     **error);
gboolean    bs_server_remove_book        (BsServer    *self,
                                          const char  *book_id,
                                          GError     **error);
gboolean    bs_server_add_synthetic      (BsServer    *self,
                                          guint        n_books,
                                          GError     **error);
gboolean    bs_server_refresh_search_answers (BsServer *self,
                                          GError     **error);
void        bs_server_set_progress_func  (BsServer            *self,
                                          BsStoreProgressFunc  func,
                                          gpointer             user_data);
gboolean    bs_server_import_covers      (BsServer    *self,
                                          const char  *directory,
                                          GError     **error);
char       *bs_server_open_local_session (BsServer   *self,
                                          GError     **error);
gboolean    bs_server_rebuild_bestsellers (BsServer   *self,
                                          GError     **error);
gboolean    bs_server_backup             (BsServer    *self,
                                          const char  *path,
                                          GError     **error);
gboolean    bs_server_listen             (BsServer    *self,
                                          GError     **error);
gboolean    bs_server_start              (BsServer    *self,
                                          GError     **error);
void        bs_server_start_async        (BsServer    *self,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer     user_data);
gboolean    bs_server_start_finish       (BsServer    *self,
                                          GAsyncResult *result,
                                          GError     **error);
void        bs_server_open_local_session_async  (BsServer     *self,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer      user_data);
char       *bs_server_open_local_session_finish (BsServer     *self,
                                                 GAsyncResult *result,
                                                 GError      **error);
void        bs_server_stop               (BsServer    *self);
void        bs_server_stop_async         (BsServer    *self,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer     user_data);
gboolean    bs_server_stop_finish        (BsServer    *self,
                                          GAsyncResult *result,
                                          GError     **error);
const char *bs_server_get_url            (BsServer    *self);
guint       bs_server_get_port           (BsServer    *self);
const char *bs_server_get_server_id      (BsServer    *self);
guint       bs_server_get_n_listeners    (BsServer    *self);
guint       bs_server_get_requests_served (BsServer   *self,
                                          guint        listener);

G_END_DECLS
