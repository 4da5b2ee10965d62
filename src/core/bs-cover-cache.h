/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-client.h"

G_BEGIN_DECLS

#define BS_TYPE_COVER_CACHE (bs_cover_cache_get_type ())
G_DECLARE_FINAL_TYPE (BsCoverCache, bs_cover_cache, BS, COVER_CACHE, GObject)

#define BS_COVER_CACHE_DEFAULT_MAX_BYTES (G_GUINT64_CONSTANT (64) * 1024 * 1024)

BsCoverCache *bs_cover_cache_new        (BsClient      *client,
                                         const char    *server_id,
                                         const char    *directory,
                                         guint64        max_bytes);
void          bs_cover_cache_get_async  (BsCoverCache  *self,
                                         const char    *book_id,
                                         GCancellable  *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer       user_data);
GBytes       *bs_cover_cache_get_finish (BsCoverCache  *self,
                                         GAsyncResult  *result,
                                         GError       **error);
guint         bs_cover_cache_get_fetches (BsCoverCache *self);
gboolean      bs_cover_cache_is_storing  (BsCoverCache *self);
guint         bs_cover_cache_get_folder_counts (BsCoverCache *self);
guint         bs_cover_cache_get_unchanged (BsCoverCache *self);
void          bs_cover_cache_catalog_changed (BsCoverCache *self);
void          bs_cover_cache_check       (BsCoverCache  *self,
                                          const char    *book_id);
void          bs_cover_cache_refresh     (BsCoverCache  *self,
                                          const char    *book_id);
char         *bs_cover_cache_path_for    (const char    *directory,
                                          const char    *server_id,
                                          const char    *book_id);
void          bs_cover_cache_set_server_id (BsCoverCache *self,
                                           const char   *server_id);

G_END_DECLS
