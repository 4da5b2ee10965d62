/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_TYPE_FRIEND_REQUEST (bs_friend_request_get_type ())
G_DECLARE_FINAL_TYPE (BsFriendRequest, bs_friend_request, BS, FRIEND_REQUEST, GObject)

BsFriendRequest *bs_friend_request_new          (const char      *request_id,
                                                 const char      *username);
const char      *bs_friend_request_get_id       (BsFriendRequest *self);
const char      *bs_friend_request_get_username (BsFriendRequest *self);

G_END_DECLS
