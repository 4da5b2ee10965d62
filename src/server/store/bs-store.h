/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bs-book-record.h"
#include "bs-search-query.h"

G_BEGIN_DECLS

#define BS_STORE_ERROR (bs_store_error_quark ())

typedef enum
{
  BS_STORE_ERROR_FAILED,
  BS_STORE_ERROR_BUSY,
  BS_STORE_ERROR_NOT_FOUND,
  BS_STORE_ERROR_INVALID,
  BS_STORE_ERROR_TOO_NEW,
  BS_STORE_ERROR_EXISTS,
  BS_STORE_ERROR_LIMIT,
  BS_STORE_ERROR_EMPTY,
  BS_STORE_ERROR_OVER_BUDGET,
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

typedef struct
{
  char *customer_id;
  char *username;
  char *display_name;
  char *password_hash;
} BsCustomer;

/* A book and how many copies: a cart line, or an order line at its sale price. */
typedef struct
{
  BsBookRecord *book;
  int quantity;
} BsLineItem;

typedef struct
{
  char *order_id;
  char *customer_id;   /* (nullable): detached when its account was deleted */
  gint64 order_date;   /* milliseconds since the epoch */
  gint64 total_cents;
  GPtrArray *lines;    /* BsLineItem */
} BsOrderRecord;

/* Someone as others see them: a customer (id, display name), or an outgoing friend
 * request (request id, username as typed). */
typedef struct
{
  char *id;
  char *name;
} BsPerson;

typedef struct
{
  BsBookRecord *book;
  gint64 quantity;
} BsBestseller;

#define BS_SESSION_TOKEN_HASH_SIZE 32

void bs_category_count_free (BsCategoryCount *category);
void bs_cover_free          (BsCover         *cover);
void bs_customer_free       (BsCustomer      *customer);
void bs_line_item_free      (BsLineItem      *item);
void bs_order_record_free          (BsOrderRecord         *order);
void bs_person_free         (BsPerson        *person);
void bs_bestseller_free     (BsBestseller    *bestseller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCover, bs_cover_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCustomer, bs_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsLineItem, bs_line_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsOrderRecord, bs_order_record_free)

#define BS_TYPE_STORE (bs_store_get_type ())
G_DECLARE_FINAL_TYPE (BsStore, bs_store, BS, STORE, GObject)

/* One SQLite connection. A store is used by one thread at a time: each listener has its
 * own, over the same WAL database. */
BsStore      *bs_store_open                (const char   *path,
                                            GError      **error);
BsStore      *bs_store_for_this_thread     (const char   *path,
                                            GError      **error);
gboolean      bs_store_migrate             (BsStore      *self,
                                            GError      **error);
void      bs_store_set_budget         (BsStore       *self,
                                       gint64         deadline,
                                       GCancellable  *cancellable);

guint     bs_store_get_catalog_generation (void);
GBytes   *bs_store_get_kept_reply     (BsStore       *self,
                                       const char    *key,
                                       guint          generation);
void      bs_store_keep_reply         (BsStore       *self,
                                       const char    *key,
                                       guint          generation,
                                       GBytes        *reply);

typedef void (*BsStoreProgressFunc) (const char *task,
                                     guint       done,
                                     guint       total,
                                     gpointer    user_data);

void          bs_store_set_progress_func   (BsStore             *self,
                                            BsStoreProgressFunc  func,
                                            gpointer             user_data);
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

/* The social graph (bs-store-social.c) */
GPtrArray    *bs_store_list_friends        (BsStore            *self,
                                            const char         *customer_id,
                                            GError            **error);
GPtrArray    *bs_store_list_incoming_requests (BsStore         *self,
                                            const char         *customer_id,
                                            GError            **error);
GPtrArray    *bs_store_list_outgoing_requests (BsStore         *self,
                                            const char         *customer_id,
                                            GError            **error);
char         *bs_store_request_friend      (BsStore            *self,
                                            const char         *customer_id,
                                            const char         *username,
                                            gint64              now,
                                            GError            **error);
gboolean      bs_store_add_friendship      (BsStore            *self,
                                            const char         *customer_id,
                                            const char         *friend_id,
                                            gint64              now,
                                            GError            **error);
gboolean      bs_store_accept_friend       (BsStore            *self,
                                            const char         *customer_id,
                                            const char         *requester_id,
                                            gint64              now,
                                            GError            **error);
gboolean      bs_store_remove_friend       (BsStore            *self,
                                            const char         *customer_id,
                                            const char         *id,
                                            GError            **error);
gboolean      bs_store_befriend_accounts   (BsStore            *self,
                                            const char         *customer_id,
                                            const char * const *usernames,
                                            gint64              now,
                                            GError            **error);
gboolean      bs_store_befriend_everyone   (BsStore            *self,
                                            const char         *customer_id,
                                            gint64              now,
                                            GError            **error);
GPtrArray    *bs_store_recommend           (BsStore            *self,
                                            const char         *customer_id,
                                            guint               offset,
                                            guint               limit,
                                            GError            **error);
GPtrArray    *bs_store_friends_who_bought  (BsStore            *self,
                                            const char         *customer_id,
                                            const char         *book_id,
                                            GError            **error);

/* The best-seller stream (bs-store-bestsellers.c) */
gint64        bs_store_consume_orders      (BsStore            *self,
                                            guint               max_events,
                                            GError            **error);
gboolean      bs_store_rebuild_bestsellers (BsStore            *self,
                                            GError            **error);
GPtrArray    *bs_store_list_bestsellers    (BsStore            *self,
                                            guint               limit,
                                            GError            **error);
gint64        bs_store_get_stream_lag      (BsStore            *self,
                                            GError            **error);

/* Search (bs-store-search.c) */
GPtrArray    *bs_store_search_books        (BsStore             *self,
                                            const BsSearchQuery *query,
                                            guint                offset,
                                            guint                limit,
                                            GError             **error);

#define BS_SEARCH_ANSWER_LENGTH 200

gboolean      bs_store_refresh_search_answers (BsStore      *self,
                                               guint         min_hits,
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

/* Customers and sessions (bs-store-accounts.c) */
gboolean      bs_store_create_customer     (BsStore          *self,
                                            const BsCustomer *customer,
                                            gint64            now,
                                            GError          **error);
BsCustomer   *bs_store_find_customer       (BsStore          *self,
                                            const char       *username,
                                            GError          **error);
BsCustomer   *bs_store_get_customer        (BsStore          *self,
                                            const char       *customer_id,
                                            GError          **error);
gboolean      bs_store_set_password_hash   (BsStore          *self,
                                            const char       *customer_id,
                                            const char       *password_hash,
                                            GError          **error);
gboolean      bs_store_change_password     (BsStore          *self,
                                            const char       *customer_id,
                                            const char       *password_hash,
                                            const guint8     *keep_token_hash,
                                            GError          **error);
gboolean      bs_store_delete_customer     (BsStore          *self,
                                            const char       *customer_id,
                                            GError          **error);
gboolean      bs_store_create_session      (BsStore          *self,
                                            const char       *customer_id,
                                            const guint8     *token_hash,
                                            gint64            now,
                                            GError          **error);
char         *bs_store_find_session        (BsStore          *self,
                                            const guint8     *token_hash,
                                            gint64            now,
                                            gint64            max_idle,
                                            GError          **error);
gboolean      bs_store_delete_session      (BsStore          *self,
                                            const guint8     *token_hash,
                                            GError          **error);
gboolean      bs_store_delete_sessions     (BsStore          *self,
                                            const char       *customer_id,
                                            const guint8     *except_token_hash,
                                            GError          **error);

/* Carts (bs-store-cart.c) */
GPtrArray    *bs_store_list_cart           (BsStore          *self,
                                            const char       *customer_id,
                                            GError          **error);
BsLineItem   *bs_store_get_cart_line       (BsStore          *self,
                                            const char       *customer_id,
                                            const char       *book_id,
                                            GError          **error);
BsLineItem   *bs_store_add_to_cart         (BsStore          *self,
                                            const char       *customer_id,
                                            const char       *book_id,
                                            int               quantity,
                                            GError          **error);
BsLineItem   *bs_store_set_cart_quantity   (BsStore          *self,
                                            const char       *customer_id,
                                            const char       *book_id,
                                            int               quantity,
                                            GError          **error);
gboolean      bs_store_remove_from_cart    (BsStore          *self,
                                            const char       *customer_id,
                                            const char       *book_id,
                                            GError          **error);

/* Orders (bs-store-orders.c) */
BsOrderRecord      *bs_store_checkout            (BsStore          *self,
                                            const char       *customer_id,
                                            const char       *idempotency_key,
                                            gint64            now,
                                            gboolean         *out_replayed,
                                            GError          **error);
GPtrArray    *bs_store_list_orders         (BsStore          *self,
                                            const char       *customer_id,
                                            GError          **error);
gint64        bs_store_count_orders        (BsStore          *self,
                                            GError          **error);

G_END_DECLS
