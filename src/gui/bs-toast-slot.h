/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _BsToastSlot BsToastSlot;

AdwToast    *bs_toast_new_plain (const char      *text);

BsToastSlot *bs_toast_slot_new  (AdwToastOverlay *overlay);
void         bs_toast_slot_show (BsToastSlot     *self,
                                 AdwToast        *toast);
void         bs_toast_slot_free (BsToastSlot     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsToastSlot, bs_toast_slot_free)

G_END_DECLS
