/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-sign-in-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-gui.h"
#include "bs-sign-in-dialog.h"

/* Sign in, or create an account and sign in with it. The server's own message is shown
 * when it says no. A demo shop offers its guest account; a plain-HTTP shop that is not
 * on this computer gets a warning before any password is typed. */

#define GUEST_EMAIL "guest@macrometa.io"
#define GUEST_PASSWORD "Abcd1234"

struct _BsSignInDialog
{
  AdwWindow parent_instance;

  BsShop *shop;               /* (owned) */
  GCancellable *cancellable;  /* (owned) */
  gboolean signing_up;
  char *email;                /* (owned) (nullable): as sent, trimmed */
  gboolean busy;

  AdwWindowTitle *window_title;
  GtkLabel *plain_http_label;
  GtkLabel *keyring_label;
  AdwEntryRow *name_row;
  AdwEntryRow *email_row;
  AdwEntryRow *password_row;
  GtkLabel *error_label;
  GtkButton *submit_button;
  GtkButton *guest_button;
  GtkButton *mode_button;
};

G_DEFINE_FINAL_TYPE (BsSignInDialog, bs_sign_in_dialog, ADW_TYPE_WINDOW)

static void
show_error (BsSignInDialog *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (BsSignInDialog *self,
          gboolean        busy)
{
  /* The rows stay sensitive: GTK 4.8 loses track of focus in an entry made insensitive
   * while focused. Only the buttons wait. */
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.guest", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.toggle-mode", !busy);
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsSignInDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_session_sign_in_finish (BS_SESSION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sign_in (BsSignInDialog *self,
         const char     *email,
         const char     *password)
{
  BsSession *session = bs_shop_get_session (self->shop);

  if (session == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, _("The shop cannot be reached; try again when it is back"));
      return;
    }
  bs_session_sign_in_async (session, email, password, self->cancellable, signed_in_cb, self);
}

static void toggle_mode (BsSignInDialog *self);

static void
signed_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BsSignInDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_id = bs_client_sign_up_finish (BS_CLIENT (source), result, &error);

  if (customer_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }
  /* The account exists now: a second try is a sign in, not another sign up. */
  toggle_mode (self);
  sign_in (self, self->email, gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
submit_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BsSignInDialog *self = BS_SIGN_IN_DIALOG (widget);
  g_autofree char *email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->busy)
    return;
  if (self->signing_up && *name == '\0')
    {
      show_error (self, _("Enter your name"));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  if (*email == '\0' || *password == '\0')
    {
      show_error (self, _("Enter your email and password"));
      gtk_widget_grab_focus (GTK_WIDGET (*email == '\0' ? self->email_row : self->password_row));
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);
  g_free (self->email);
  self->email = g_steal_pointer (&email);
  if (self->signing_up)
    bs_client_sign_up_async (bs_shop_get_client (self->shop), self->email, password, name,
                             self->cancellable, signed_up_cb, self);
  else
    sign_in (self, self->email, password);
}

static void
guest_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  BsSignInDialog *self = BS_SIGN_IN_DIALOG (widget);

  show_error (self, NULL);
  set_busy (self, TRUE);
  sign_in (self, GUEST_EMAIL, GUEST_PASSWORD);
}

static void
toggle_mode (BsSignInDialog *self)
{
  self->signing_up = !self->signing_up;
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), self->signing_up);
  adw_window_title_set_title (self->window_title,
                              self->signing_up ? _("Create an Account") : _("Sign In"));
  gtk_window_set_title (GTK_WINDOW (self), adw_window_title_get_title (self->window_title));
  gtk_button_set_label (self->submit_button, self->signing_up ? _("_Create Account") : _("_Sign In"));
  gtk_button_set_label (self->mode_button,
                        self->signing_up ? _("I Have an _Account") : _("_Create an Account"));
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  show_error (self, NULL);
}

static void
toggle_mode_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BsSignInDialog *self = BS_SIGN_IN_DIALOG (widget);

  toggle_mode (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->signing_up ? self->name_row : self->email_row));
}

static void
health_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BsSignInDialog *self = user_data;
  g_autoptr(BsServerHealth) health = bs_client_get_health_finish (BS_CLIENT (source), result, NULL);

  if (health != NULL && health->demo)
    gtk_widget_set_visible (GTK_WIDGET (self->guest_button), TRUE);
}

/* Loopback never leaves the computer, so plain HTTP there is no risk. */
static gboolean
sends_in_the_clear (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return FALSE;
  address = g_inet_address_new_from_string (host);
  return address == NULL || !g_inet_address_get_is_loopback (address);
}

static void
password_activated_cb (BsSignInDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
bs_sign_in_dialog_dispose (GObject *object)
{
  BsSignInDialog *self = BS_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_SIGN_IN_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->shop);
  g_clear_pointer (&self->email, g_free);

  G_OBJECT_CLASS (bs_sign_in_dialog_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_SHOP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_sign_in_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOP:
      g_value_set_object (value, BS_SIGN_IN_DIALOG (object)->shop);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_sign_in_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOP:
      BS_SIGN_IN_DIALOG (object)->shop = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_sign_in_dialog_constructed (GObject *object)
{
  BsSignInDialog *self = BS_SIGN_IN_DIALOG (object);

  G_OBJECT_CLASS (bs_sign_in_dialog_parent_class)->constructed (object);

  gtk_widget_set_visible (GTK_WIDGET (self->plain_http_label),
                          sends_in_the_clear (bs_client_get_base_url (bs_shop_get_client (self->shop))));
  g_object_bind_property (bs_shop_get_token_store (self->shop), "persistent", self->keyring_label,
                          "visible", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  bs_client_get_health_async (bs_shop_get_client (self->shop), self->cancellable, health_cb, self);
}

static void
bs_sign_in_dialog_class_init (BsSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_sign_in_dialog_dispose;
  object_class->get_property = bs_sign_in_dialog_get_property;
  object_class->set_property = bs_sign_in_dialog_set_property;
  object_class->constructed = bs_sign_in_dialog_constructed;

  properties[PROP_SHOP] =
    g_param_spec_object ("shop", NULL, NULL, BS_TYPE_SHOP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/gui/bs-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, plain_http_label);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, guest_button);
  gtk_widget_class_bind_template_child (widget_class, BsSignInDialog, mode_button);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.guest", NULL, guest_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.toggle-mode", NULL, toggle_mode_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_sign_in_dialog_init (BsSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->email_row, "entry-activated", G_CALLBACK (gtk_widget_grab_focus),
                            self->password_row);
  g_signal_connect_swapped (self->password_row, "entry-activated",
                            G_CALLBACK (password_activated_cb), self);
}

BsSignInDialog *
bs_sign_in_dialog_new (GtkWindow *parent,
                       BsShop    *shop)
{
  return g_object_new (BS_TYPE_SIGN_IN_DIALOG, "transient-for", parent,
                       "destroy-with-parent", TRUE, "shop", shop, NULL);
}
