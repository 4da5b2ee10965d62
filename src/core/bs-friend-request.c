/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-friend-request"

#include "config.h"

#include "bs-friend-request.h"

/* A friend request the customer sent and nobody answered yet: its id, to take it back,
 * and the username it went to, as typed (who that is stays unknown until they accept). */

struct _BsFriendRequest
{
  GObject parent_instance;

  char *request_id;  /* (owned) */
  char *username;    /* (owned) */
};

G_DEFINE_FINAL_TYPE (BsFriendRequest, bs_friend_request, G_TYPE_OBJECT)

static void
bs_friend_request_finalize (GObject *object)
{
  BsFriendRequest *self = BS_FRIEND_REQUEST (object);

  g_free (self->request_id);
  g_free (self->username);

  G_OBJECT_CLASS (bs_friend_request_parent_class)->finalize (object);
}

static void
bs_friend_request_class_init (BsFriendRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bs_friend_request_finalize;
}

static void
bs_friend_request_init (BsFriendRequest *self)
{
}

BsFriendRequest *
bs_friend_request_new (const char *request_id,
                       const char *username)
{
  BsFriendRequest *self;

  g_return_val_if_fail (request_id != NULL && username != NULL, NULL);

  self = g_object_new (BS_TYPE_FRIEND_REQUEST, NULL);
  self->request_id = g_strdup (request_id);
  self->username = g_strdup (username);
  return self;
}

const char *
bs_friend_request_get_id (BsFriendRequest *self)
{
  g_return_val_if_fail (BS_IS_FRIEND_REQUEST (self), NULL);

  return self->request_id;
}

const char *
bs_friend_request_get_username (BsFriendRequest *self)
{
  g_return_val_if_fail (BS_IS_FRIEND_REQUEST (self), NULL);

  return self->username;
}
