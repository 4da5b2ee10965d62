/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a snapshot holds, and so which models it reads back as. */
typedef enum
{
  BS_SNAPSHOT_BOOKS,        /* BsBook */
  BS_SNAPSHOT_CART,         /* BsCartItem */
  BS_SNAPSHOT_ORDERS,       /* BsOrder */
  BS_SNAPSHOT_BOOK_COUNTS,  /* BsBookCount */
  BS_SNAPSHOT_FRIENDS,      /* three GPtrArrays of BsFriend: friends, incoming, outgoing */
} BsSnapshotKind;

#define BS_TYPE_CACHE (bs_cache_get_type ())
G_DECLARE_FINAL_TYPE (BsCache, bs_cache, BS, CACHE, GObject)

BsCache    *bs_cache_new                   (const char      *root);
const char *bs_cache_get_root              (BsCache         *self);
char       *bs_cache_get_covers_dir        (BsCache         *self);
char       *bs_cache_get_server_id_for_url (BsCache         *self,
                                            const char      *url);
gboolean    bs_cache_set_server_id_for_url (BsCache         *self,
                                            const char      *url,
                                            const char      *server_id,
                                            GError         **error);
char       *bs_cache_get_server_dir        (BsCache         *self,
                                            const char      *server_id);
gint64      bs_cache_get_saved_time        (BsCache         *self,
                                            const char      *server_id,
                                            const char      *name);
void        bs_cache_save_async            (BsCache         *self,
                                            const char      *server_id,
                                            const char      *name,
                                            BsSnapshotKind   kind,
                                            GPtrArray       *models,
                                            const char      *tag,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
gboolean    bs_cache_save_finish           (BsCache         *self,
                                            GAsyncResult    *result,
                                            GError         **error);
void        bs_cache_load_async            (BsCache         *self,
                                            const char      *server_id,
                                            const char      *name,
                                            BsSnapshotKind   kind,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
GPtrArray  *bs_cache_load_finish           (BsCache         *self,
                                            GAsyncResult    *result,
                                            char           **out_tag,
                                            GError         **error);
void        bs_cache_forget                (BsCache         *self,
                                            const char      *server_id,
                                            const char      *name);
void        bs_cache_measure_async         (BsCache         *self,
                                            gboolean         clear,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
gboolean    bs_cache_measure_finish        (BsCache         *self,
                                            GAsyncResult    *result,
                                            guint64         *out_bytes,
                                            GError         **error);

G_END_DECLS
