/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "bs-store.h"

G_BEGIN_DECLS

#define BOOK_COLUMNS "book_id, name, author, category, price_cents, rating_tenths"

/* A cached prepared statement, reset and unbound when it goes out of scope. */
typedef sqlite3_stmt BsStatement;

static inline void
bs_statement_reset (BsStatement *statement)
{
  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsStatement, bs_statement_reset)

BsStatement *bs_store_prepare    (BsStore     *self,
                                  const char  *sql,
                                  GError     **error);
gboolean     bs_store_step_done  (BsStore     *self,
                                  BsStatement *statement,
                                  GError     **error);
gint64       bs_store_query_int64 (BsStore     *self,
                                  const char  *sql,
                                  GError     **error);
gboolean     bs_store_exec       (BsStore     *self,
                                  const char  *sql,
                                  GError     **error);
gboolean     bs_store_fail       (BsStore     *self,
                                  GError     **error);
sqlite3     *bs_store_get_db     (BsStore     *self);
char        *bs_statement_dup_text (BsStatement *statement,
                                    int          column);
BsBookRecord *bs_statement_read_book (BsStatement *statement,
                                      int          first_column);
gpointer     bs_statement_read_book_row  (BsStatement *statement);
gpointer     bs_statement_read_line_item (BsStatement *statement);

typedef gpointer (*BsRowReadFunc) (BsStatement *statement);

GPtrArray   *bs_store_read_rows  (BsStore         *self,
                                  BsStatement     *statement,
                                  BsRowReadFunc    read,
                                  GDestroyNotify   free_func,
                                  GError         **error);
gboolean     bs_store_set_durable  (BsStore    *self,
                                    gboolean    durable,
                                    GError    **error);
gboolean     bs_store_bump_catalog_version (BsStore  *self,
                                            GError  **error);
void         bs_store_note_catalog_changed (BsStore  *self);
GPtrArray   *bs_store_get_kept_categories (BsStore   *self,
                                           gint64     version);
void         bs_store_keep_categories     (BsStore   *self,
                                           gint64     version,
                                           GPtrArray *categories);

void         bs_store_report_progress (BsStore    *self,
                                       const char *task,
                                       guint       done,
                                       guint       total);

/* bs-store-search.c, bs-store-search-answers.c */
GPtrArray   *bs_store_search_every_hit   (BsStore             *self,
                                          const BsSearchQuery *query,
                                          guint                offset,
                                          guint                limit,
                                          GError             **error);
gboolean     bs_store_find_search_answer (BsStore             *self,
                                          const BsSearchQuery *query,
                                          guint                offset,
                                          guint                limit,
                                          GPtrArray          **out_books,
                                          GError             **error);

/* bs-store-schema.c */
gboolean     bs_store_schema_migrate (BsStore  *self,
                                      GError  **error);

G_END_DECLS
