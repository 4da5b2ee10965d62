/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "bs-pg-store.h"
#include "bs-store-engine.h"

G_BEGIN_DECLS

#define BOOK_COLUMNS "book_id, name, author, category, price_cents, rating_tenths"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Statements run through one call each. @sql must be a string literal: it is prepared once
 * per connection, its address the key. Parameters are $1, $2, …, one letter of @types
 * each: 's' a string (%NULL is SQL NULL), 'x' a gint64, 'i' an int, 'b' a gboolean,
 * 'h' a session token hash (%NULL is SQL NULL), 'y' a GBytes (bytea). */
PGresult     *bs_pg_query              (BsStore      *self,
                                        GError      **error,
                                        const char   *sql,
                                        const char   *types,
                                        ...);
gboolean      bs_pg_run                (BsStore      *self,
                                        GError      **error,
                                        const char   *sql,
                                        const char   *types,
                                        ...);
/* The first column of the first row as an integer; -1 with @error set on failure, and
 * @if_none when there is no row. */
gint64        bs_pg_query_int64        (BsStore      *self,
                                        GError      **error,
                                        gint64        if_none,
                                        const char   *sql,
                                        const char   *types,
                                        ...);
/* SQL without parameters, possibly several statements, not prepared. */
gboolean      bs_pg_exec               (BsStore      *self,
                                        const char   *sql,
                                        GError      **error);

char         *bs_pg_dup_text           (const PGresult *result,
                                        int             row,
                                        int             column);
gint64        bs_pg_get_int64          (const PGresult *result,
                                        int             row,
                                        int             column);
GBytes       *bs_pg_get_bytes          (const PGresult *result,
                                        int             row,
                                        int             column);
/* The book in the six BOOK_COLUMNS from @first_column on. */
BsBookRecord *bs_pg_read_book          (const PGresult *result,
                                        int             row,
                                        int             first_column);

typedef gpointer (*BsPgRowReadFunc) (const PGresult *result,
                                     int             row);

/* Row readers: a book in the BOOK_COLUMNS; a book and then a quantity. */
gpointer      bs_pg_read_book_row      (const PGresult *result,
                                        int             row);
gpointer      bs_pg_read_line_item     (const PGresult *result,
                                        int             row);
GPtrArray    *bs_pg_read_rows          (const PGresult  *result,
                                        BsPgRowReadFunc  read,
                                        GDestroyNotify   free_func);

/* Whether the store is inside bs_store_begin() … commit or rollback. */
gboolean      bs_pg_in_transaction     (BsStore      *self);
/* The categories (BsCategoryCount) as last counted through this store, and the catalog
 * version they were counted at: kept until the catalog changes (bs-pg-books.c). */
GPtrArray    *bs_pg_get_kept_categories (BsStore     *self,
                                         gint64       version);
void          bs_pg_keep_categories     (BsStore     *self,
                                         gint64       version,
                                         GPtrArray   *categories);
const char   *bs_pg_get_location       (BsStore      *self);

/* bs-pg-schema.c */
gboolean      bs_pg_schema_migrate     (BsStore      *self,
                                        GError      **error);

/* Each area's file fills in its methods of the store class. */
void bs_pg_store_accounts_install    (BsStoreClass *klass);
void bs_pg_store_attempts_install    (BsStoreClass *klass);
void bs_pg_store_bestsellers_install (BsStoreClass *klass);
void bs_pg_store_books_install       (BsStoreClass *klass);
void bs_pg_store_cart_install        (BsStoreClass *klass);
void bs_pg_store_covers_install      (BsStoreClass *klass);
void bs_pg_store_orders_install      (BsStoreClass *klass);
void bs_pg_store_search_install      (BsStoreClass *klass);
void bs_pg_store_social_install      (BsStoreClass *klass);
void bs_pg_store_stream_install      (BsStoreClass *klass);

G_END_DECLS
