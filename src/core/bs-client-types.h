/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What /api/health says of a server. */
typedef struct
{
  char *server_id;
  char *version;
  gboolean demo;
  gint64 books;
  gint64 orders;
  gint64 stream_lag;
} BsServerHealth;

/* The signed-in customer. The token is a secret: it is never logged. */
typedef struct
{
  char *token;          /* (nullable): only from sign-in */
  char *customer_id;
  char *username;
  char *display_name;
} BsAccount;

/* A page of the catalog, or word that the caller's copy is still current. */
typedef struct
{
  GPtrArray *books;     /* (nullable): BsBook; NULL when not modified */
  char *etag;           /* (nullable) */
  gboolean not_modified;
  gint64 total;         /* X-Total-Count, or -1 */
} BsBookPage;

/* A cover, or word that the caller's copy is still current. */
typedef struct
{
  GBytes *bytes;        /* (nullable): PNG or JPEG; NULL when not modified */
  char *etag;           /* (nullable) */
} BsCoverAnswer;

typedef struct
{
  GPtrArray *friends;   /* BsFriend */
  GPtrArray *incoming;  /* BsFriend */
  GPtrArray *outgoing;  /* BsFriendRequest */
} BsFriendLists;

void bs_server_health_free (BsServerHealth *health);
void bs_account_free       (BsAccount      *account);
void bs_book_page_free     (BsBookPage     *page);
void bs_friend_lists_free  (BsFriendLists  *lists);
void bs_cover_answer_free  (BsCoverAnswer  *cover);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsServerHealth, bs_server_health_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsAccount, bs_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsBookPage, bs_book_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsFriendLists, bs_friend_lists_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCoverAnswer, bs_cover_answer_free)

G_END_DECLS
