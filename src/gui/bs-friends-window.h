/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bs-shop.h"

G_BEGIN_DECLS

#define BS_TYPE_FRIENDS_WINDOW (bs_friends_window_get_type ())
G_DECLARE_FINAL_TYPE (BsFriendsWindow, bs_friends_window, BS, FRIENDS_WINDOW, AdwWindow)

BsFriendsWindow *bs_friends_window_new          (GtkWindow       *parent,
                                                 BsShop          *shop);
guint            bs_friends_window_count_rows   (BsFriendsWindow *self,
                                                 const char      *list);

G_END_DECLS
