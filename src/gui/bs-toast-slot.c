/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-toast-slot"

#include "config.h"

#include "bs-toast-slot.h"

/* One toast at a time on an overlay: the newest replaces the one shown instead of
 * queueing behind it (its news would be stale by its turn, and an Undo must never come
 * back after a newer one).
 *
 * A toast that went up less than a second ago is rewritten in place rather than
 * dismissed: libadwaita 1.2 frees a toast dismissed before its entrance ends and then
 * finishes the entrance on the freed memory. */
#define SETTLED_US (1 * G_USEC_PER_SEC)

struct _BsToastSlot
{
  AdwToastOverlay *overlay; /* (unowned) */
  AdwToast *shown;          /* (unowned) (nullable): until it is dismissed */
  gint64 shown_at;
};

static void
shown_dismissed_cb (AdwToast    *toast,
                    BsToastSlot *self)
{
  g_signal_handlers_disconnect_by_data (toast, self);
  g_clear_weak_pointer (&self->shown);
}

static void
forget_shown (BsToastSlot *self)
{
  if (self->shown == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->shown, self);
  g_clear_weak_pointer (&self->shown);
}

static void
rewrite (AdwToast *toast,
         AdwToast *from)
{
  adw_toast_set_title (toast, adw_toast_get_title (from));
  adw_toast_set_button_label (toast, adw_toast_get_button_label (from));
  /* The button never holds an action name with a target of another type. */
  adw_toast_set_action_name (toast, NULL);
  adw_toast_set_action_target_value (toast, adw_toast_get_action_target_value (from));
  adw_toast_set_action_name (toast, adw_toast_get_action_name (from));
}

/* A toast that shows @text as written: libadwaita reads a title as markup, and a book
 * called "Quick & Simple" is not. */
AdwToast *
bs_toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

BsToastSlot *
bs_toast_slot_new (AdwToastOverlay *overlay)
{
  BsToastSlot *self = g_new0 (BsToastSlot, 1);

  self->overlay = overlay;
  return self;
}

/* Takes @toast. */
void
bs_toast_slot_show (BsToastSlot *self,
                    AdwToast    *toast)
{
  g_autoptr(AdwToast) owned = toast;

  g_return_if_fail (ADW_IS_TOAST (toast));

  if (self->shown != NULL && g_get_monotonic_time () - self->shown_at < SETTLED_US)
    {
      rewrite (self->shown, toast);
      return;
    }
  if (self->shown != NULL)
    {
      AdwToast *replaced = self->shown;

      forget_shown (self);
      adw_toast_dismiss (replaced);
    }
  g_set_weak_pointer (&self->shown, toast);
  self->shown_at = g_get_monotonic_time ();
  g_signal_connect (toast, "dismissed", G_CALLBACK (shown_dismissed_cb), self);
  adw_toast_overlay_add_toast (self->overlay, g_steal_pointer (&owned));
}

void
bs_toast_slot_free (BsToastSlot *self)
{
  forget_shown (self);
  g_free (self);
}
