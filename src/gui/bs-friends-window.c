/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-friends-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"

#include "bs-friend.h"
#include "bs-friends-window.h"
#include "bs-toast-slot.h"

/* Friends, by consent: send a request by email, accept or decline the ones for you,
 * unfriend, or take back a request. Every change asks the server for the lists again,
 * so what shows is what the server has. The lists saved last show until it answers, and
 * offline they are all there is: the window then only reads. */

/* Callbacks get the window unreferenced: it cancels its calls when it goes, and a
 * transient window must not outlive its parent. */

struct _BsFriendsWindow
{
  AdwWindow parent_instance;

  BsShop *shop;                /* (owned) */
  BsClient *client;            /* (owned) */
  GCancellable *cancellable;   /* (owned) */
  GCancellable *listing;       /* (owned) (nullable): the lists asked for last */
  gboolean answered;           /* the server's lists are on show, not the saved ones */

  AdwToastOverlay *toasts;
  GtkRevealer *offline_revealer;
  AdwEntryRow *username_row;
  AdwPreferencesGroup *incoming_group;
  GtkListBox *incoming_list;
  GtkListBox *friends_list;
  AdwPreferencesGroup *outgoing_group;
  GtkListBox *outgoing_list;
};

G_DEFINE_FINAL_TYPE (BsFriendsWindow, bs_friends_window, ADW_TYPE_WINDOW)

static void reload (BsFriendsWindow *self);

static void
say_error (BsFriendsWindow *self,
           const GError    *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toasts, bs_toast_new_plain (error->message));
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* A row of @name, with a button for each (label, description, action) triple that
 * follows, up to %NULL; each acts on @id. The buttons' descriptions say whom they are
 * for, for screen readers (a name would be read along with the button's own label).
 * No mnemonics: the same buttons repeat on every row. */
static void
append_person (GtkListBox *list,
               const char *name,
               const char *id,
               ...)
{
  GtkWidget *row = adw_action_row_new ();
  const char *label;
  va_list buttons;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  va_start (buttons, id);
  while ((label = va_arg (buttons, const char *)) != NULL)
    {
      const char *description = va_arg (buttons, const char *);
      const char *action = va_arg (buttons, const char *);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  va_end (buttons);
  gtk_list_box_append (list, row);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
show_incoming (BsFriendsWindow *self,
               BsFriend        *person)
{
  const char *name = bs_friend_get_display_name (person);
  /* Translators: a button's accessible name; %s is the name of who asked to be a friend. */
  g_autofree char *accept = g_strdup_printf (_("Accept %s"), name);
  /* Translators: a button's accessible name; %s is the name of who asked to be a friend. */
  g_autofree char *decline = g_strdup_printf (_("Decline %s"), name);

  append_person (self->incoming_list, name, bs_friend_get_customer_id (person),
                 _("Decline"), decline, "friends.remove",
                 _("Accept"), accept, "friends.accept", NULL);
}

static void
show_friend (BsFriendsWindow *self,
             BsFriend        *person)
{
  const char *name = bs_friend_get_display_name (person);
  /* Translators: a button's accessible name; %s is a friend's name. */
  g_autofree char *remove = g_strdup_printf (_("Remove %s from Friends"), name);

  append_person (self->friends_list, name, bs_friend_get_customer_id (person),
                 _("Remove"), remove, "friends.remove", NULL);
}

/* An outgoing request: its id and the username as typed. */
static void
show_outgoing (BsFriendsWindow *self,
               BsFriendRequest *request)
{
  const char *username = bs_friend_request_get_username (request);
  /* Translators: a button's accessible name; %s is the name of whom a friend request went to.
     */
  g_autofree char *cancel = g_strdup_printf (_("Take Back the Request to %s"), username);

  append_person (self->outgoing_list, username, bs_friend_request_get_id (request),
                 _("Take Back"), cancel, "friends.remove", NULL);
}

static void
show_lists (BsFriendsWindow *self,
            BsFriendLists   *lists)
{
  clear_list (self->incoming_list);
  clear_list (self->friends_list);
  clear_list (self->outgoing_list);
  for (guint i = 0; i < lists->incoming->len; i++)
    show_incoming (self, g_ptr_array_index (lists->incoming, i));
  for (guint i = 0; i < lists->friends->len; i++)
    show_friend (self, g_ptr_array_index (lists->friends, i));
  for (guint i = 0; i < lists->outgoing->len; i++)
    show_outgoing (self, g_ptr_array_index (lists->outgoing, i));
  /* Said only once the lists are known: before, "no friends" may be untrue. */
  gtk_list_box_set_placeholder (self->friends_list,
                                placeholder (_("No friends yet. Ask someone by their email address above.")));
  gtk_widget_set_visible (GTK_WIDGET (self->incoming_group), lists->incoming->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->outgoing_group), lists->outgoing->len > 0);
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsFriendsWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BsFriendLists) lists = bs_client_list_friends_finish (BS_CLIENT (source), result, &error);

  if (lists == NULL)
    {
      /* Offline the saved lists stay, and the notice says why. */
      if (!g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE))
        say_error (self, error);
      return;
    }
  self->answered = TRUE;
  show_lists (self, lists);
  bs_shop_keep_friends (self->shop, lists);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  BsFriendsWindow *self = user_data;
  g_autoptr(BsFriendLists) lists = bs_shop_load_friends_finish (BS_SHOP (source), result, NULL);

  if (lists != NULL && !self->answered)
    show_lists (self, lists);
}

/* Only the newest answer counts: an older one could show a list from before a change. */
static void
reload (BsFriendsWindow *self)
{
  g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  self->listing = g_cancellable_new ();
  bs_client_list_friends_async (self->client, self->listing, listed_cb, self);
}

static void
accepted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BsFriendsWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_client_accept_friend_finish (BS_CLIENT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    say_error (self, error);
  reload (self);
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsFriendsWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_client_remove_friend_finish (BS_CLIENT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    say_error (self, error);
  reload (self);
}

static void
requested_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsFriendsWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_id = bs_client_request_friend_finish (BS_CLIENT (source), result, &error);

  if (request_id == NULL)
    {
      say_error (self, error);
      return;
    }
  /* The server never says whether the account exists; neither does the app. */
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Request sent")));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), "");
  reload (self);
}

static void
request_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BsFriendsWindow *self = BS_FRIENDS_WINDOW (widget);
  g_autofree char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));

  if (username[0] == '\0')
    return;
  bs_client_request_friend_async (self->client, username, self->cancellable, requested_cb, self);
}

static void
accept_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BsFriendsWindow *self = BS_FRIENDS_WINDOW (widget);

  bs_client_accept_friend_async (self->client, g_variant_get_string (parameter, NULL), self->cancellable,
                                 accepted_cb, self);
}

static void
remove_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BsFriendsWindow *self = BS_FRIENDS_WINDOW (widget);

  bs_client_remove_friend_async (self->client, g_variant_get_string (parameter, NULL), self->cancellable,
                                 removed_cb, self);
}

/* Every change needs the shop. */
static void
offline_changed_cb (BsFriendsWindow *self)
{
  const char *changes[] = { "friends.request", "friends.accept", "friends.remove" };
  gboolean offline = bs_shop_is_offline (self->shop);

  gtk_revealer_set_reveal_child (self->offline_revealer, offline);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !offline);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), changes[i], !offline);
  if (!offline && !self->answered)
    reload (self);
}

static void
username_applied_cb (BsFriendsWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "friends.request", NULL);
}

static void
bs_friends_window_dispose (GObject *object)
{
  BsFriendsWindow *self = BS_FRIENDS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->listing);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_FRIENDS_WINDOW);
  g_clear_object (&self->listing);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->shop);

  G_OBJECT_CLASS (bs_friends_window_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_SHOP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_friends_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOP:
      g_value_set_object (value, BS_FRIENDS_WINDOW (object)->shop);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_friends_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOP:
      BS_FRIENDS_WINDOW (object)->shop = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_friends_window_constructed (GObject *object)
{
  BsFriendsWindow *self = BS_FRIENDS_WINDOW (object);

  G_OBJECT_CLASS (bs_friends_window_parent_class)->constructed (object);

  self->client = g_object_ref (bs_shop_get_client (self->shop));
  bs_shop_load_friends_async (self->shop, self->cancellable, saved_cb, self);
  g_signal_connect_object (self->shop, "notify::offline", G_CALLBACK (offline_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* Online, that asks the server too. */
  offline_changed_cb (self);
}

static void
bs_friends_window_class_init (BsFriendsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_friends_window_dispose;
  object_class->get_property = bs_friends_window_get_property;
  object_class->set_property = bs_friends_window_set_property;
  object_class->constructed = bs_friends_window_constructed;

  properties[PROP_SHOP] =
    g_param_spec_object ("shop", NULL, NULL, BS_TYPE_SHOP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/gui/bs-friends-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, incoming_group);
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, incoming_list);
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, friends_list);
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, outgoing_group);
  gtk_widget_class_bind_template_child (widget_class, BsFriendsWindow, outgoing_list);
  gtk_widget_class_install_action (widget_class, "friends.request", NULL, request_cb);
  gtk_widget_class_install_action (widget_class, "friends.accept", "s", accept_cb);
  gtk_widget_class_install_action (widget_class, "friends.remove", "s", remove_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_friends_window_init (BsFriendsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->username_row, "apply", G_CALLBACK (username_applied_cb), self);
}

BsFriendsWindow *
bs_friends_window_new (GtkWindow *parent,
                       BsShop    *shop)
{
  return g_object_new (BS_TYPE_FRIENDS_WINDOW, "transient-for", parent,
                       "destroy-with-parent", TRUE, "shop", shop, NULL);
}

/* For tests: how many people a list shows ("incoming", "friends" or "outgoing"). */
guint
bs_friends_window_count_rows (BsFriendsWindow *self,
                              const char      *list)
{
  GtkListBox *box = g_str_equal (list, "incoming") ? self->incoming_list
                    : g_str_equal (list, "friends") ? self->friends_list
                                                    : self->outgoing_list;
  guint n = 0;

  while (gtk_list_box_get_row_at_index (box, n) != NULL)
    n++;
  return n;
}
