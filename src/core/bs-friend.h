/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BS_TYPE_FRIEND (bs_friend_get_type ())
G_DECLARE_FINAL_TYPE (BsFriend, bs_friend, BS, FRIEND, GObject)

BsFriend   *bs_friend_new (const char *customer_id, const char *display_name);
const char *bs_friend_get_customer_id (BsFriend *self);
const char *bs_friend_get_display_name (BsFriend *self);

G_END_DECLS
