/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_TYPE_SEARCH_PROVIDER (bs_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (BsSearchProvider, bs_search_provider, BS, SEARCH_PROVIDER, GObject)

BsSearchProvider *bs_search_provider_new      (GApplication      *application,
                                               const char        *shop_key);
void              bs_search_provider_set_shop (BsSearchProvider  *self,
                                               const char        *shop_key);
gboolean          bs_search_provider_export   (BsSearchProvider  *self,
                                               GDBusConnection   *connection,
                                               const char        *object_path,
                                               GError           **error);
void              bs_search_provider_unexport (BsSearchProvider  *self);

G_END_DECLS
