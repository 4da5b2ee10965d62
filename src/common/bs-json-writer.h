/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small streaming JSON writer. json-glib's generator prints doubles with "%.17g"
 * (19.94 becomes 19.940000000000001); this one writes money and ratings exactly from
 * fixed-point integers, and is cheap enough for large catalog pages. */
typedef struct _BsJsonWriter BsJsonWriter;

BsJsonWriter *bs_json_writer_new          (void);
void          bs_json_writer_free         (BsJsonWriter *self);
void          bs_json_writer_begin_object (BsJsonWriter *self);
void          bs_json_writer_end_object   (BsJsonWriter *self);
void          bs_json_writer_begin_array  (BsJsonWriter *self);
void          bs_json_writer_end_array    (BsJsonWriter *self);
void          bs_json_writer_key          (BsJsonWriter *self,
                                           const char   *key);
void          bs_json_writer_string       (BsJsonWriter *self,
                                           const char   *value);
void          bs_json_writer_int          (BsJsonWriter *self,
                                           gint64        value);
void          bs_json_writer_decimal      (BsJsonWriter *self,
                                           gint64        value,
                                           guint         decimals);
void          bs_json_writer_boolean      (BsJsonWriter *self,
                                           gboolean      value);
void          bs_json_writer_null         (BsJsonWriter *self);

/* A member of the object being written: its key, then its value. */
void          bs_json_writer_member_string  (BsJsonWriter *self,
                                             const char   *key,
                                             const char   *value);
void          bs_json_writer_member_int     (BsJsonWriter *self,
                                             const char   *key,
                                             gint64        value);
void          bs_json_writer_member_decimal (BsJsonWriter *self,
                                             const char   *key,
                                             gint64        value,
                                             guint         decimals);
void          bs_json_writer_member_boolean (BsJsonWriter *self,
                                             const char   *key,
                                             gboolean      value);

GBytes       *bs_json_writer_free_to_bytes (BsJsonWriter *self);
char         *bs_json_writer_free_to_string (BsJsonWriter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsJsonWriter, bs_json_writer_free)

G_END_DECLS
