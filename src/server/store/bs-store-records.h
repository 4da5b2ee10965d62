/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "bs-book-record.h"

G_BEGIN_DECLS

/* What a store answers with, whatever its engine. */

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

/* A book and how many copies: a cart line, an order line at its sale price, a best
 * seller and its copies sold, or a recommendation and the friends who bought it. */
typedef struct
{
  BsBookRecord *book;
  gint64 quantity;
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

/* How many attempts (sign-ins) one key may make in a window, and how long one counts
 * while its verdict is awaited. */
typedef struct
{
  guint max_attempts;
  gint64 window_ms;
  gint64 verdict_ms;
} BsAttemptLimit;

#define BS_SESSION_TOKEN_HASH_SIZE 32

void bs_category_count_free (BsCategoryCount *category);
void bs_cover_free          (BsCover         *cover);
void bs_customer_free       (BsCustomer      *customer);
void bs_line_item_free      (BsLineItem      *item);
void bs_order_record_free   (BsOrderRecord   *order);
void bs_person_free         (BsPerson        *person);
void bs_order_record_price  (BsOrderRecord   *order,
                             const char      *customer_id,
                             gint64           now);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCover, bs_cover_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCustomer, bs_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsLineItem, bs_line_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsOrderRecord, bs_order_record_free)

G_END_DECLS
