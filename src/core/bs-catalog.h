/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-book.h"

G_BEGIN_DECLS

#define BS_TYPE_CATALOG (bs_catalog_get_type ())
G_DECLARE_FINAL_TYPE (BsCatalog, bs_catalog, BS, CATALOG, GObject)

BsCatalog  *bs_catalog_new            (void);
void        bs_catalog_replace        (BsCatalog  *self,
                                       GPtrArray  *books,
                                       const char *etag);
void        bs_catalog_replace_async  (BsCatalog  *self,
                                       GPtrArray  *books,
                                       const char *etag,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer    user_data);
gboolean    bs_catalog_replace_finish (BsCatalog  *self,
                                       GAsyncResult *result,
                                       GError    **error);
BsBook     *bs_catalog_lookup         (BsCatalog  *self,
                                       const char *book_id);
GListModel *bs_catalog_get_categories (BsCatalog  *self);
const char *bs_catalog_get_etag       (BsCatalog  *self);

G_END_DECLS
