/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "bs-search-query.h"
#include "bs-sqlite-store.h"
#include "bs-store-engine.h"

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

BsStatement  *bs_sqlite_prepare               (BsStore         *self,
                                               const char      *sql,
                                               GError         **error);
gboolean      bs_sqlite_step_done             (BsStore         *self,
                                               BsStatement     *statement,
                                               GError         **error);
gint64        bs_sqlite_query_int64           (BsStore         *self,
                                               const char      *sql,
                                               GError         **error);
gboolean      bs_sqlite_exec                  (BsStore         *self,
                                               const char      *sql,
                                               GError         **error);
gboolean      bs_sqlite_fail                  (BsStore         *self,
                                               GError         **error);
sqlite3      *bs_sqlite_get_db                (BsStore         *self);
gboolean      bs_sqlite_set_durable           (BsStore         *self,
                                               gboolean         durable,
                                               GError         **error);

void          bs_statement_bind               (BsStatement     *statement,
                                               const char      *types,
                                               ...);
gboolean      bs_sqlite_run                   (BsStore         *self,
                                               GError         **error,
                                               const char      *sql,
                                               const char      *types,
                                               ...);
char         *bs_statement_dup_text           (BsStatement     *statement,
                                               int              column);
BsBookRecord *bs_statement_read_book          (BsStatement     *statement,
                                               int              first_column);
gpointer      bs_statement_read_book_row      (BsStatement     *statement);
gpointer      bs_statement_read_line_item     (BsStatement     *statement);

typedef gpointer (*BsRowReadFunc) (BsStatement *statement);

GPtrArray    *bs_sqlite_read_rows             (BsStore         *self,
                                               BsStatement     *statement,
                                               BsRowReadFunc    read,
                                               GDestroyNotify   free_func,
                                               GError         **error);

/* The categories as counted at one catalog version, kept by the connection. */
GPtrArray    *bs_sqlite_get_kept_categories   (BsStore         *self,
                                               gint64           version);
void          bs_sqlite_keep_categories       (BsStore         *self,
                                               gint64           version,
                                               GPtrArray       *categories);

/* bs-sqlite-search.c, bs-sqlite-search-answers.c */
GPtrArray    *bs_sqlite_search_every_hit      (BsStore             *self,
                                               const BsSearchQuery *query,
                                               guint                offset,
                                               guint                limit,
                                               GError             **error);
gboolean      bs_sqlite_find_search_answer    (BsStore             *self,
                                               const BsSearchQuery *query,
                                               guint                offset,
                                               guint                limit,
                                               GPtrArray          **out_books,
                                               GError             **error);

/* bs-sqlite-schema.c */
gboolean      bs_sqlite_schema_migrate        (BsStore         *self,
                                               GError         **error);

/* Each area's file fills in its methods of the store class. */
void bs_sqlite_store_accounts_install       (BsStoreClass *klass);
void bs_sqlite_store_attempts_install       (BsStoreClass *klass);
void bs_sqlite_store_bestsellers_install    (BsStoreClass *klass);
void bs_sqlite_store_books_install          (BsStoreClass *klass);
void bs_sqlite_store_cart_install           (BsStoreClass *klass);
void bs_sqlite_store_covers_install         (BsStoreClass *klass);
void bs_sqlite_store_orders_install         (BsStoreClass *klass);
void bs_sqlite_store_search_install         (BsStoreClass *klass);
void bs_sqlite_store_search_answers_install (BsStoreClass *klass);
void bs_sqlite_store_social_install         (BsStoreClass *klass);

G_END_DECLS
