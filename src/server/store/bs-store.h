/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bs-store-records.h"

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
  BS_STORE_ERROR_STORAGE,      /* the disk is full, read-only or failing: nothing was written */
  BS_STORE_ERROR_UNREACHABLE,  /* a database server that cannot be reached, or was lost */
  BS_STORE_ERROR_REFUSED,      /* a database server that answers but will not let us in:
                                * the credentials, the database's name, its permissions */
  BS_STORE_ERROR_CONFLICT,     /* rolled back to break a deadlock or a serialization
                                * conflict: the same transaction may go through again */
} BsStoreError;

GQuark bs_store_error_quark (void);

#define BS_TYPE_STORE (bs_store_get_type ())
G_DECLARE_DERIVABLE_TYPE (BsStore, bs_store, BS, STORE, GObject)

/* The shop's data as the routes need it, and nothing of how an engine keeps it: an
 * engine (SQLite, in sqlite/) is a subclass that fills in every method. A store is one
 * connection, used by one thread at a time. */
struct _BsStoreClass
{
  GObjectClass parent_class;

  gboolean (*migrate) (BsStore  *self,
                       GError  **error);
  gboolean (*begin) (BsStore  *self,
                     GError  **error);
  gboolean (*commit) (BsStore  *self,
                      GError  **error);
  void (*rollback) (BsStore *self);
  gboolean (*begin_read) (BsStore  *self,
                          GError  **error);
  void (*end_read) (BsStore *self);
  char *(*get_meta) (BsStore     *self,
                     const char  *key,
                     GError     **error);
  gboolean (*set_meta) (BsStore     *self,
                        const char  *key,
                        const char  *value,
                        GError     **error);
  gboolean (*checkpoint) (BsStore  *self,
                          GError  **error);
  gboolean (*backup) (BsStore     *self,
                      const char  *path,
                      GError     **error);
  GPtrArray *(*list_books) (BsStore     *self,
                            const char  *category,
                            guint        offset,
                            guint        limit,
                            GError     **error);
  gint64 (*count_books) (BsStore     *self,
                         const char  *category,
                         GError     **error);
  BsBookRecord *(*get_book) (BsStore     *self,
                             const char  *book_id,
                             GError     **error);
  GPtrArray *(*list_categories) (BsStore  *self,
                                 GError  **error);
  gint64 (*get_catalog_version) (BsStore  *self,
                                 GError  **error);
  guint (*get_catalog_generation) (BsStore *self);
  gboolean (*upsert_books) (BsStore    *self,
                            GPtrArray  *books,
                            guint      *out_changed,
                            GError    **error);
  gboolean (*remove_book) (BsStore     *self,
                           const char  *book_id,
                           GError     **error);
  GPtrArray *(*list_friends) (BsStore     *self,
                              const char  *customer_id,
                              GError     **error);
  GPtrArray *(*list_incoming_requests) (BsStore     *self,
                                        const char  *customer_id,
                                        GError     **error);
  GPtrArray *(*list_outgoing_requests) (BsStore     *self,
                                        const char  *customer_id,
                                        GError     **error);
  char *(*request_friend) (BsStore     *self,
                           const char  *customer_id,
                           const char  *username,
                           gint64       now,
                           GError     **error);
  gboolean (*accept_friend) (BsStore     *self,
                             const char  *customer_id,
                             const char  *requester_id,
                             gint64       now,
                             GError     **error);
  gboolean (*remove_friend) (BsStore     *self,
                             const char  *customer_id,
                             const char  *id,
                             GError     **error);
  gboolean (*befriend_accounts) (BsStore             *self,
                                 const char          *customer_id,
                                 const char * const  *usernames,
                                 gint64               now,
                                 GError             **error);
  gboolean (*befriend_everyone) (BsStore     *self,
                                 const char  *customer_id,
                                 gint64       now,
                                 GError     **error);
  GPtrArray *(*recommend) (BsStore     *self,
                           const char  *customer_id,
                           guint        offset,
                           guint        limit,
                           GError     **error);
  GPtrArray *(*friends_who_bought) (BsStore     *self,
                                    const char  *customer_id,
                                    const char  *book_id,
                                    GError     **error);
  gint64 (*consume_orders) (BsStore  *self,
                            guint     max_events,
                            GError  **error);
  gboolean (*rebuild_bestsellers) (BsStore  *self,
                                   GError  **error);
  GPtrArray *(*list_bestsellers) (BsStore  *self,
                                  guint     limit,
                                  GError  **error);
  gint64 (*get_stream_lag) (BsStore  *self,
                            GError  **error);
  gboolean (*hold_lease) (BsStore     *self,
                          const char  *name,
                          const char  *holder,
                          gint64       ttl_ms,
                          GError     **error);
  gint64 (*get_bestsellers_version) (BsStore  *self,
                                     GError  **error);
  gboolean (*wait_for_orders) (BsStore  *self,
                               int       wake_fd,
                               gint64    timeout_us,
                               GError  **error);
  gint64 (*attempt_wait) (BsStore              *self,
                          const char           *scope,
                          const char           *key,
                          const BsAttemptLimit *limit,
                          gint64                now_ms,
                          GError              **error);
  gboolean (*begin_attempts) (BsStore  *self,
                              gint64    expired_ms,
                              GError  **error);
  gint64 (*add_attempt) (BsStore     *self,
                         const char  *scope,
                         const char  *key,
                         gint64       now_ms,
                         gint64       pending_until_ms,
                         GError     **error);
  gboolean (*settle_attempt) (BsStore   *self,
                              gint64     attempt,
                              gboolean   failed,
                              GError   **error);
  gboolean (*forgive_attempts) (BsStore     *self,
                                const char  *scope,
                                const char  *key,
                                GError     **error);
  GPtrArray *(*search_books) (BsStore     *self,
                              const char  *text,
                              guint        offset,
                              guint        limit,
                              GError     **error);
  gboolean (*refresh_search_answers) (BsStore  *self,
                                      guint     min_hits,
                                      GError  **error);
  BsCover *(*get_cover) (BsStore     *self,
                         const char  *book_id,
                         GError     **error);
  gboolean (*put_cover) (BsStore     *self,
                         const char  *book_id,
                         const char  *content_type,
                         GBytes      *bytes,
                         gboolean     drawn,
                         GError     **error);
  gboolean (*create_customer) (BsStore           *self,
                               const BsCustomer  *customer,
                               gint64             now,
                               GError           **error);
  BsCustomer *(*find_customer) (BsStore     *self,
                                const char  *username,
                                GError     **error);
  BsCustomer *(*get_customer) (BsStore     *self,
                               const char  *customer_id,
                               GError     **error);
  gboolean (*change_password) (BsStore       *self,
                               const char    *customer_id,
                               const char    *password_hash,
                               const guint8  *keep_token_hash,
                               GError       **error);
  gboolean (*delete_customer) (BsStore     *self,
                               const char  *customer_id,
                               GError     **error);
  gboolean (*create_session) (BsStore       *self,
                              const char    *customer_id,
                              const guint8  *token_hash,
                              gint64         now,
                              GError       **error);
  char *(*find_session) (BsStore       *self,
                         const guint8  *token_hash,
                         gint64         now,
                         gint64         max_idle,
                         GError       **error);
  gboolean (*delete_session) (BsStore       *self,
                              const guint8  *token_hash,
                              GError       **error);
  gboolean (*delete_sessions) (BsStore       *self,
                               const char    *customer_id,
                               const guint8  *except_token_hash,
                               GError       **error);
  GPtrArray *(*list_cart) (BsStore     *self,
                           const char  *customer_id,
                           GError     **error);
  BsLineItem *(*get_cart_line) (BsStore     *self,
                                const char  *customer_id,
                                const char  *book_id,
                                GError     **error);
  BsLineItem *(*add_to_cart) (BsStore     *self,
                              const char  *customer_id,
                              const char  *book_id,
                              int          quantity,
                              GError     **error);
  BsLineItem *(*set_cart_quantity) (BsStore     *self,
                                    const char  *customer_id,
                                    const char  *book_id,
                                    int          quantity,
                                    GError     **error);
  gboolean (*remove_from_cart) (BsStore     *self,
                                const char  *customer_id,
                                const char  *book_id,
                                GError     **error);
  BsOrderRecord *(*checkout) (BsStore     *self,
                              const char  *customer_id,
                              const char  *idempotency_key,
                              gint64       now,
                              gboolean    *out_replayed,
                              GError     **error);
  GPtrArray *(*list_orders) (BsStore     *self,
                             const char  *customer_id,
                             GError     **error);
  gint64 (*count_orders) (BsStore  *self,
                          GError  **error);
};

BsStore  *bs_store_open                   (const char    *location,
                                           GError       **error);
char     *bs_store_describe_location      (const char    *location);
gboolean  bs_store_location_is_shared     (const char    *location);
BsStore  *bs_store_for_this_thread        (const char    *location,
                                           GError       **error);

void      bs_store_set_budget             (BsStore       *self,
                                           gint64         deadline,
                                           GCancellable  *cancellable);

guint     bs_store_get_catalog_generation (BsStore       *self);
GBytes   *bs_store_get_kept_reply         (BsStore       *self,
                                           const char    *key,
                                           guint          generation);
void      bs_store_keep_reply             (BsStore       *self,
                                           const char    *key,
                                           guint          generation,
                                           GBytes        *reply);

typedef void (*BsStoreProgressFunc) (const char *task,
                                     guint       done,
                                     guint       total,
                                     gpointer    user_data);

void      bs_store_set_progress_func      (BsStore             *self,
                                           BsStoreProgressFunc  func,
                                           gpointer             user_data);

#define BS_SEARCH_ANSWER_LENGTH 200

/* The longest search text, in characters. */
#define BS_SEARCH_MAX_LENGTH 256

gboolean       bs_store_migrate                (BsStore  *self,
                                                GError  **error);
gboolean       bs_store_begin                  (BsStore  *self,
                                                GError  **error);
gboolean       bs_store_commit                 (BsStore  *self,
                                                GError  **error);
void           bs_store_rollback               (BsStore *self);
gboolean       bs_store_begin_read             (BsStore  *self,
                                                GError  **error);
void           bs_store_end_read               (BsStore *self);
char          *bs_store_get_meta               (BsStore     *self,
                                                const char  *key,
                                                GError     **error);
gboolean       bs_store_set_meta               (BsStore     *self,
                                                const char  *key,
                                                const char  *value,
                                                GError     **error);
gboolean       bs_store_checkpoint             (BsStore  *self,
                                                GError  **error);
gboolean       bs_store_backup                 (BsStore     *self,
                                                const char  *path,
                                                GError     **error);
GPtrArray     *bs_store_list_books             (BsStore     *self,
                                                const char  *category,
                                                guint        offset,
                                                guint        limit,
                                                GError     **error);
gint64         bs_store_count_books            (BsStore     *self,
                                                const char  *category,
                                                GError     **error);
BsBookRecord  *bs_store_get_book               (BsStore     *self,
                                                const char  *book_id,
                                                GError     **error);
GPtrArray     *bs_store_list_categories        (BsStore  *self,
                                                GError  **error);
gint64         bs_store_get_catalog_version    (BsStore  *self,
                                                GError  **error);
gboolean       bs_store_upsert_books           (BsStore    *self,
                                                GPtrArray  *books,
                                                guint      *out_changed,
                                                GError    **error);
gboolean       bs_store_remove_book            (BsStore     *self,
                                                const char  *book_id,
                                                GError     **error);
GPtrArray     *bs_store_list_friends           (BsStore     *self,
                                                const char  *customer_id,
                                                GError     **error);
GPtrArray     *bs_store_list_incoming_requests (BsStore     *self,
                                                const char  *customer_id,
                                                GError     **error);
GPtrArray     *bs_store_list_outgoing_requests (BsStore     *self,
                                                const char  *customer_id,
                                                GError     **error);
char          *bs_store_request_friend         (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *username,
                                                gint64       now,
                                                GError     **error);
gboolean       bs_store_accept_friend          (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *requester_id,
                                                gint64       now,
                                                GError     **error);
gboolean       bs_store_remove_friend          (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *id,
                                                GError     **error);
gboolean       bs_store_befriend_accounts      (BsStore             *self,
                                                const char          *customer_id,
                                                const char * const  *usernames,
                                                gint64               now,
                                                GError             **error);
gboolean       bs_store_befriend_everyone      (BsStore     *self,
                                                const char  *customer_id,
                                                gint64       now,
                                                GError     **error);
GPtrArray     *bs_store_recommend              (BsStore     *self,
                                                const char  *customer_id,
                                                guint        offset,
                                                guint        limit,
                                                GError     **error);
GPtrArray     *bs_store_friends_who_bought     (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *book_id,
                                                GError     **error);
gint64         bs_store_consume_orders         (BsStore  *self,
                                                guint     max_events,
                                                GError  **error);
gboolean       bs_store_rebuild_bestsellers    (BsStore  *self,
                                                GError  **error);
GPtrArray     *bs_store_list_bestsellers       (BsStore  *self,
                                                guint     limit,
                                                GError  **error);
gint64         bs_store_get_stream_lag         (BsStore  *self,
                                                GError  **error);
gboolean       bs_store_hold_lease             (BsStore     *self,
                                                const char  *name,
                                                const char  *holder,
                                                gint64       ttl_ms,
                                                GError     **error);
gint64         bs_store_get_bestsellers_version (BsStore  *self,
                                                 GError  **error);
gint64         bs_store_admit_attempt          (BsStore              *self,
                                                const char           *scope,
                                                const char           *key,
                                                const BsAttemptLimit *limit,
                                                gint64                now_ms,
                                                gint64               *out_attempt,
                                                GError              **error);
gboolean       bs_store_settle_attempt         (BsStore     *self,
                                                gint64       attempt,
                                                gboolean     failed,
                                                GError     **error);
gboolean       bs_store_forgive_attempts       (BsStore     *self,
                                                const char  *scope,
                                                const char  *key,
                                                GError     **error);
gboolean       bs_store_wait_for_orders        (BsStore  *self,
                                                int       wake_fd,
                                                gint64    timeout_us,
                                                GError  **error);
GPtrArray     *bs_store_search_books           (BsStore     *self,
                                                const char  *text,
                                                guint        offset,
                                                guint        limit,
                                                GError     **error);
gboolean       bs_store_refresh_search_answers (BsStore  *self,
                                                guint     min_hits,
                                                GError  **error);
BsCover       *bs_store_get_cover              (BsStore     *self,
                                                const char  *book_id,
                                                GError     **error);
gboolean       bs_store_put_cover              (BsStore     *self,
                                                const char  *book_id,
                                                const char  *content_type,
                                                GBytes      *bytes,
                                                gboolean     drawn,
                                                GError     **error);
gboolean       bs_store_create_customer        (BsStore           *self,
                                                const BsCustomer  *customer,
                                                gint64             now,
                                                GError           **error);
BsCustomer    *bs_store_find_customer          (BsStore     *self,
                                                const char  *username,
                                                GError     **error);
BsCustomer    *bs_store_get_customer           (BsStore     *self,
                                                const char  *customer_id,
                                                GError     **error);
gboolean       bs_store_change_password        (BsStore       *self,
                                                const char    *customer_id,
                                                const char    *password_hash,
                                                const guint8  *keep_token_hash,
                                                GError       **error);
gboolean       bs_store_delete_customer        (BsStore     *self,
                                                const char  *customer_id,
                                                GError     **error);
gboolean       bs_store_create_session         (BsStore       *self,
                                                const char    *customer_id,
                                                const guint8  *token_hash,
                                                gint64         now,
                                                GError       **error);
char          *bs_store_find_session           (BsStore       *self,
                                                const guint8  *token_hash,
                                                gint64         now,
                                                gint64         max_idle,
                                                GError       **error);
gboolean       bs_store_delete_session         (BsStore       *self,
                                                const guint8  *token_hash,
                                                GError       **error);
gboolean       bs_store_delete_sessions        (BsStore       *self,
                                                const char    *customer_id,
                                                const guint8  *except_token_hash,
                                                GError       **error);
GPtrArray     *bs_store_list_cart              (BsStore     *self,
                                                const char  *customer_id,
                                                GError     **error);
BsLineItem    *bs_store_get_cart_line          (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *book_id,
                                                GError     **error);
BsLineItem    *bs_store_add_to_cart            (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *book_id,
                                                int          quantity,
                                                GError     **error);
BsLineItem    *bs_store_set_cart_quantity      (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *book_id,
                                                int          quantity,
                                                GError     **error);
gboolean       bs_store_remove_from_cart       (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *book_id,
                                                GError     **error);
BsOrderRecord *bs_store_checkout               (BsStore     *self,
                                                const char  *customer_id,
                                                const char  *idempotency_key,
                                                gint64       now,
                                                gboolean    *out_replayed,
                                                GError     **error);
GPtrArray     *bs_store_list_orders            (BsStore     *self,
                                                const char  *customer_id,
                                                GError     **error);
gint64         bs_store_count_orders           (BsStore  *self,
                                                GError  **error);

G_END_DECLS
