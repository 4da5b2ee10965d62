/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bs-shop.h"

G_BEGIN_DECLS

#define BS_TYPE_SIGN_IN_DIALOG (bs_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BsSignInDialog, bs_sign_in_dialog, BS, SIGN_IN_DIALOG, AdwWindow)

BsSignInDialog *bs_sign_in_dialog_new (GtkWindow *parent,
                                       BsShop    *shop);

G_END_DECLS
