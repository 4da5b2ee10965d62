/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bs-http-error.h"
#include "bs-json-writer.h"

G_BEGIN_DECLS

void        bs_http_reply_json        (SoupServerMessage *msg,
                                       guint              status,
                                       GBytes            *body);
void        bs_http_reply_writer      (SoupServerMessage *msg,
                                       guint              status,
                                       BsJsonWriter      *writer);
void        bs_http_reply_ok          (SoupServerMessage *msg,
                                       const char        *removed);
void        bs_http_reply_error       (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *format,
                                       ...) G_GNUC_PRINTF (3, 4);
void        bs_http_reply_gerror      (SoupServerMessage *msg,
                                       const GError      *error);
gboolean    bs_http_reply_if_not_modified (SoupServerMessage *msg,
                                       const char        *etag);
gboolean    bs_http_reply_if_bad_book_id (SoupServerMessage *msg,
                                       const char        *book_id);
JsonObject *bs_http_read_json_object  (SoupServerMessage *msg,
                                       GError           **error);
gboolean    bs_http_query_text        (GHashTable        *query,
                                       const char        *name,
                                       const char       **out_value,
                                       GError           **error);
gboolean    bs_http_query_paging      (GHashTable        *query,
                                       guint              default_limit,
                                       guint             *out_offset,
                                       guint             *out_limit,
                                       GError           **error);

G_END_DECLS
