/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bs-book-record.h"

G_BEGIN_DECLS

#define BS_STORE_ERROR (bs_store_error_quark ())

typedef enum
{
  BS_STORE_ERROR_FAILED,
  BS_STORE_ERROR_BUSY,
  BS_STORE_ERROR_NOT_FOUND,
  BS_STORE_ERROR_INVALID,
  BS_STORE_ERROR_TOO_NEW,
} BsStoreError;

GQuark bs_store_error_quark (void);

typedef struct
{
  char *name;
  guint count;
} BsCategoryCount;

typedef struct
{
  char *content_type;
  char *etag;
  GBytes *bytes;
} BsCover;

void bs_category_count_free (BsCategoryCount *category);
void bs_cover_free          (BsCover         *cover);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCover, bs_cover_free)

#define BS_TYPE_STORE (bs_store_get_type ())
G_DECLARE_FINAL_TYPE (BsStore, bs_store, BS, STORE, GObject)

/* One SQLite connection. A store is used by one thread at a time: each listener has its
 * own, over the same WAL database. */
BsStore      *bs_store_open                (const char   *path,
                                            GError      **error);
gboolean      bs_store_migrate             (BsStore      *self,
                                            GError      **error);
gboolean      bs_store_begin               (BsStore      *self,
                                            GError      **error);
gboolean      bs_store_commit              (BsStore      *self,
                                            GError      **error);
void          bs_store_rollback            (BsStore      *self);
gboolean      bs_store_begin_read          (BsStore      *self,
                                            GError      **error);
void          bs_store_end_read            (BsStore      *self);
char         *bs_store_get_meta            (BsStore      *self,
                                            const char   *key,
                                            GError      **error);
gboolean      bs_store_set_meta            (BsStore      *self,
                                            const char   *key,
                                            const char   *value,
                                            GError      **error);
gboolean      bs_store_checkpoint          (BsStore      *self,
                                            GError      **error);
gboolean      bs_store_backup              (BsStore      *self,
                                            const char   *path,
                                            GError      **error);

/* Books (bs-store-books.c) */
GPtrArray    *bs_store_list_books          (BsStore      *self,
                                            const char   *category,
                                            guint         offset,
                                            guint         limit,
                                            GError      **error);
gint64        bs_store_count_books         (BsStore      *self,
                                            const char   *category,
                                            GError      **error);
BsBookRecord *bs_store_get_book            (BsStore      *self,
                                            const char   *book_id,
                                            GError      **error);
GPtrArray    *bs_store_list_categories     (BsStore      *self,
                                            GError      **error);
gint64        bs_store_get_catalog_version (BsStore      *self,
                                            GError      **error);
gboolean      bs_store_upsert_books        (BsStore      *self,
                                            GPtrArray    *books,
                                            guint        *out_changed,
                                            GError      **error);
gboolean      bs_store_remove_book         (BsStore      *self,
                                            const char   *book_id,
                                            GError      **error);

/* Covers (bs-store-covers.c) */
BsCover      *bs_store_get_cover           (BsStore      *self,
                                            const char   *book_id,
                                            GError      **error);
gboolean      bs_store_put_cover           (BsStore      *self,
                                            const char   *book_id,
                                            const char   *content_type,
                                            GBytes       *bytes,
                                            gboolean      drawn,
                                            GError      **error);

G_END_DECLS
