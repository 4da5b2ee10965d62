/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "bs-application.h"
#include "bs-bench-hook.h"
#include "bs-cover-loader.h"
#include "bs-gui.h"
#include "bs-search-provider.h"
#include "bs-server.h"
#include "bs-window.h"

/* The app: with no server given it runs the shop itself — BsServer on its own threads
 * over a database in the user data folder, the demo seeded once, a local account signed
 * in — and talks to it over loopback like to any other. With --server URL it is a window
 * on a shared shop.
 *
 * The window comes first. The built-in shop binds its port at once, so its address is
 * known, and opens, migrates, seeds and serves on a thread: the window shows its loading
 * state meanwhile. The shop starts once the server is ready and the window has drawn
 * its first frame, so that none of the shop's work on this thread delays that frame. */

/* A window on a hidden workspace may never draw: the shop does not wait longer. */
#define FIRST_FRAME_WAIT_MS 1000

struct _BsApplication
{
  AdwApplication parent_instance;

  char *server_url;            /* (owned) (nullable): from --server, which fixes the shop for this run */
  char *current_url;           /* (owned) (nullable): the server in use; NULL for the built-in shop */
  GSettings *settings;         /* (owned) (nullable): absent when the schema is not installed */
  guint switch_idle_id;
  BsServer *embedded;          /* (owned) (nullable) */
  gboolean embedded_serving;
  gboolean embedded_busy;      /* a thread is at work on it: starting, opening the local
                                * account's session, or stopping */
  gboolean quitting;           /* shutdown began: nothing starts or shows any more */
  gboolean switch_waiting;     /* a switch asked for while the built-in shop was busy */
  gboolean painted;            /* the window of this start drew its first frame */
  guint paint_wait_id;
  BsShop *shop;                /* (owned) */
  BsCoverLoader *covers;       /* (owned) */
  GCancellable *starting;      /* (owned) (nullable): the shop's start, until it ends */
  BsSearchProvider *search_provider; /* (owned) (nullable): while the app is on the bus */
};

G_DEFINE_FINAL_TYPE (BsApplication, bs_application, ADW_TYPE_APPLICATION)

static void show_cannot_start (BsApplication *self,
                               const GError  *error);
static void switch_server_cb  (gpointer        user_data);
static void go_on_starting    (BsApplication  *self);

static char *
embedded_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APPLICATION_ID, "bookstore.db", NULL);
}

/* The built-in shop's address, known before it serves: its port is bound at once. */
static char *
listen_embedded (BsApplication  *self,
                 GError        **error)
{
  g_autofree char *db_path = embedded_db_path ();

  if (self->embedded == NULL)
    {
      self->embedded = bs_server_new (&(BsServerConfig) {
        .db_path = db_path,
        .port = 0,
        .n_threads = 1,
        .demo = TRUE,
      });
      if (!bs_server_listen (self->embedded, error))
        {
          g_clear_object (&self->embedded);
          return NULL;
        }
    }
  return g_strdup (bs_server_get_url (self->embedded));
}

static void
embedded_stopped_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BsApplication) self = user_data;

  bs_server_stop_finish (BS_SERVER (source), result, NULL);
  self->embedded_busy = FALSE;
  if (self->switch_waiting)
    {
      self->switch_waiting = FALSE;
      switch_server_cb (self);
    }
}

/* Away from the built-in shop, it need not run; it stops on its thread. */
static void
retire_embedded (BsApplication *self)
{
  g_autoptr(BsServer) embedded = g_steal_pointer (&self->embedded);

  if (embedded == NULL)
    return;
  self->embedded_serving = FALSE;
  self->embedded_busy = TRUE;
  bs_server_stop_async (embedded, NULL, embedded_stopped_cb, g_object_ref (self));
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bs_shop_start_finish (BS_SHOP (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The shop did not start: %s", error->message);
}

static void
start_shop (BsApplication *self)
{
  bs_shop_start_async (self->shop, self->starting, started_cb, g_object_ref (self));
}

static void
local_session_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = bs_server_open_local_session_finish (BS_SERVER (source), result, &error);

  self->embedded_busy = FALSE;
  if (self->switch_waiting)
    {
      self->switch_waiting = FALSE;
      switch_server_cb (self);
      return;
    }
  if (self->quitting || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      BS_SERVER (source) != self->embedded)
    return;
  /* Without its local account the shop still shows its books. */
  if (token == NULL)
    g_warning ("No local account in the built-in shop: %s", error->message);
  else
    bs_token_store_save_async (bs_shop_get_token_store (self->shop),
                               bs_server_get_server_id (self->embedded), token, NULL,
                               NULL, NULL);
  start_shop (self);
}

static void
embedded_started_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BsApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->embedded_busy = FALSE;
  if (!bs_server_start_finish (BS_SERVER (source), result, &error))
    {
      /* Translators: printed when the built-in shop cannot start; %s says why. */
      g_printerr (_("Bookstore cannot start its shop: %s\n"), error->message);
      g_clear_object (&self->embedded);
      if (!self->quitting)
        show_cannot_start (self, error);
      return;
    }
  self->embedded_serving = TRUE;
  if (self->switch_waiting)
    {
      self->switch_waiting = FALSE;
      switch_server_cb (self);
      return;
    }
  go_on_starting (self);
}

/* Once the window has drawn and the built-in shop serves: its local account gets a
 * session, and the shop starts. Another shop starts at once. */
static void
go_on_starting (BsApplication *self)
{
  if (!self->painted || self->quitting)
    return;
  if (self->current_url != NULL)
    start_shop (self);
  else if (self->embedded_serving)
    {
      self->embedded_busy = TRUE;
      bs_server_open_local_session_async (self->embedded, self->starting, local_session_cb,
                                          g_object_ref (self));
    }
}

static void
window_painted (BsApplication *self)
{
  if (self->painted)
    return;
  self->painted = TRUE;
  g_clear_handle_id (&self->paint_wait_id, g_source_remove);
  /* The built-in shop opens its database on a thread meanwhile. */
  if (self->shop != NULL && self->current_url == NULL && !self->embedded_serving)
    bs_shop_show_saved (self->shop);
  go_on_starting (self);
}

static void
first_frame_cb (GdkFrameClock *clock,
                BsApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  window_painted (self);
}

static void
window_mapped_cb (GtkWidget     *window,
                  BsApplication *self)
{
  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, self);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (first_frame_cb), self, 0);
}

static void
paint_waited_cb (gpointer user_data)
{
  BsApplication *self = user_data;

  self->paint_wait_id = 0;
  window_painted (self);
}

/* The built-in shop starts serving on its thread at once; the rest waits for
 * go_on_starting(). */
static void
start (BsApplication *self,
       GtkWidget     *window)
{
  g_cancellable_cancel (self->starting);
  g_clear_object (&self->starting);
  self->starting = g_cancellable_new ();
  self->painted = FALSE;
  g_clear_handle_id (&self->paint_wait_id, g_source_remove);
  self->paint_wait_id = g_timeout_add_once (FIRST_FRAME_WAIT_MS, paint_waited_cb, self);
  /* Presenting maps the window at once: it is mapped by now, or will be. */
  if (gtk_widget_get_mapped (window))
    window_mapped_cb (window, self);
  else
    g_signal_connect_object (window, "map", G_CALLBACK (window_mapped_cb), self, 0);
  if (self->current_url == NULL && !self->embedded_serving)
    {
      self->embedded_busy = TRUE;
      bs_server_start_async (self->embedded, NULL, embedded_started_cb, g_object_ref (self));
    }
}

/* --server, else the preference, else NULL for the built-in shop. */
static char *
chosen_server_url (BsApplication *self)
{
  g_autofree char *preferred = NULL;

  if (self->server_url != NULL)
    return g_strdup (self->server_url);
  if (self->settings != NULL)
    preferred = g_settings_get_string (self->settings, "server-url");
  return preferred != NULL && preferred[0] != '\0' ? g_steal_pointer (&preferred) : NULL;
}

static gboolean
set_up (BsApplication  *self,
        GError        **error)
{
  g_autofree char *url = chosen_server_url (self);
  g_autoptr(BsClient) client = NULL;
  g_autoptr(BsCache) cache = NULL;
  g_autoptr(BsTokenStore) tokens = NULL;
  gboolean builtin = url == NULL;

  if (builtin && (url = listen_embedded (self, error)) == NULL)
    return FALSE;
  if (!builtin)
    retire_embedded (self);
  g_free (self->current_url);
  self->current_url = builtin ? NULL : g_strdup (url);

  if (self->search_provider != NULL)
    bs_search_provider_set_shop (self->search_provider, builtin ? "built-in" : url);
  client = bs_client_new (url, NULL);
  cache = bs_cache_new (NULL);
  tokens = bs_token_store_new (NULL);
  /* The shop owns everything of its server from here. */
  self->shop = g_object_new (BS_TYPE_SHOP,
                             "client", client,
                             "cache", cache,
                             "token-store", tokens,
                             "remembered-as", builtin ? "built-in" : NULL,
                             NULL);
  self->covers = bs_cover_loader_new (bs_shop_get_cover_cache (self->shop));
  return TRUE;
}

/* Everything that belongs to one shop goes; the built-in server stays for set_up() to
 * keep or stop. */
static void
clear_shop (BsApplication *self)
{
  g_clear_pointer (&self->current_url, g_free);
  g_cancellable_cancel (self->starting);
  g_clear_object (&self->starting);
  if (self->shop != NULL)
    bs_shop_stop (self->shop);
  g_clear_object (&self->covers);
  g_clear_object (&self->shop);
}

/* Leaving a server's shop signs out of it. The built-in shop's local account is this
 * computer's own, and is signed in again on the way back. */
static void
tear_down (BsApplication *self)
{
  BsSession *session = self->shop != NULL ? bs_shop_get_session (self->shop) : NULL;

  if (self->current_url != NULL && session != NULL && bs_session_is_signed_in (session))
    bs_session_sign_out_async (session, NULL, NULL, NULL);
  clear_shop (self);
}

static void
switch_server_cb (gpointer user_data)
{
  BsApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  self->switch_idle_id = 0;
  if (self->quitting)
    return;
  /* The built-in shop finishes starting or stopping first: a thread is at work on it. */
  if (self->embedded_busy)
    {
      self->switch_waiting = TRUE;
      return;
    }
  /* No window for a moment: the app must not take that as its end. */
  g_application_hold (G_APPLICATION (self));
  if (window != NULL)
    gtk_window_destroy (window);
  tear_down (self);
  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
}

/* Addresses that differ only by a trailing slash are one shop, as the client takes them. */
static gboolean
same_address (const char *a,
              const char *b)
{
  gsize a_length = a != NULL ? strlen (a) : 0;
  gsize b_length = b != NULL ? strlen (b) : 0;

  if (a == NULL || b == NULL)
    return a == b;
  if (a_length > 0 && a[a_length - 1] == '/')
    a_length--;
  if (b_length > 0 && b[b_length - 1] == '/')
    b_length--;
  return a_length == b_length && strncmp (a, b, a_length) == 0;
}

/* The preference changed: it now decides, over --server. Switched from an idle, as the
 * change comes from inside the preferences window, which goes with the old one. */
static void
server_url_changed_cb (BsApplication *self)
{
  g_autofree char *chosen = NULL;

  /* Some backends say "changed" for the same value written again: no need to move. */
  chosen = chosen_server_url (self);
  if (self->search_provider != NULL)
    bs_search_provider_set_shop (self->search_provider, chosen != NULL ? chosen : "built-in");
  /* Running for the Shell's search alone, with no window, there is nothing to move. */
  if (self->shop == NULL && gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL)
    return;
  if (self->shop != NULL && same_address (chosen, self->current_url))
    return;
  if (self->switch_idle_id == 0)
    self->switch_idle_id = g_idle_add_once (switch_server_cb, self);
}

/* No shop to show: a window that says why, instead of a silent exit. */
static void
show_cannot_start (BsApplication *self,
                   const GError  *error)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *quit = gtk_button_new_with_mnemonic (_("_Quit"));
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* The shop's window, waiting for a shop that will not come, gives way. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (BS_IS_WINDOW (l->data))
      {
        gtk_window_destroy (l->data);
        break;
      }
  clear_shop (self);
  gtk_window_set_title (GTK_WINDOW (window), _("Bookstore"));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 480);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Bookstore Cannot Start Its Shop"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), error->message);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_widget_set_halign (quit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (quit, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (quit), "app.quit");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), quit);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  bs_gui_name_mnemonic_buttons (box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
bs_application_activate (GApplication *application)
{
  BsApplication *self = BS_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  BsWindow *window;

  if (gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL)
    {
      gtk_window_present (gtk_application_get_active_window (GTK_APPLICATION (self)));
      return;
    }

  if (self->shop == NULL && !set_up (self, &error))
    {
      g_printerr (_("Bookstore cannot start its shop: %s\n"), error->message);
      show_cannot_start (self, error);
      return;
    }

  window = bs_window_new (ADW_APPLICATION (self), self->shop, self->covers,
                          self->server_url != NULL);
  bs_bench_hook_watch (GTK_WINDOW (window), self->shop, self->covers);
  gtk_window_present (GTK_WINDOW (window));
  start (self, GTK_WIDGET (window));
}

static int
bs_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  BsApplication *self = BS_APPLICATION (application);
  const char *url = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("bookstore %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "server", "&s", &url))
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                          g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          /* Translators: %s is the address given with --server. */
          g_printerr (_("--server needs an http:// or https:// address, not “%s”\n"), url);
          return 1;
        }
      self->server_url = g_strdup (url);
      /* A running Bookstore stays on its shop: this one opens a window of its own. */
      g_application_set_flags (application, g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  const char *developers[] = { _("The Bookstore developers"), NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", gtk_application_get_active_window (GTK_APPLICATION (user_data)),
                "application-name", _("Bookstore"),
                "application-icon", APPLICATION_ID,
                "version", PACKAGE_VERSION,
                "website", PACKAGE_URL,
                "issue-url", PACKAGE_BUGREPORT,
                "developer-name", _("The Bookstore developers"),
                /* Translators: your names, one a line, as "Name <email>" or "Name https://…". */
                "translator-credits", _("translator-credits"),
                "developers", developers,
                "license-type", GTK_LICENSE_GPL_3_0,
                "comments", _("A shop for books, on your desktop"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
bs_application_startup (GApplication *application)
{
  BsApplication *self = BS_APPLICATION (application);
  const GActionEntry actions[] = {
    { "quit", quit_cb, NULL, NULL, NULL },
    { "about", about_cb, NULL, NULL, NULL },
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (bs_application_parent_class)->startup (application);

  /* Started by D-Bus for the Shell's search alone, it leaves soon after the last question. */
  if (g_application_get_flags (application) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (application, 10 * 1000);

  self->settings = bs_gui_settings_new ();
  /* --server fixes the shop for this run; other Bookstores may change the preference. */
  if (self->settings != NULL && self->server_url == NULL)
    g_signal_connect_swapped (self->settings, "changed::server-url", G_CALLBACK (server_url_changed_cb),
                              self);

  if (self->search_provider != NULL)
    {
      g_autofree char *url = chosen_server_url (self);

      bs_search_provider_set_shop (self->search_provider, url != NULL ? url : "built-in");
    }
  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay",
                                         shortcuts_accels);
}

static void
stopped_on_quit_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *stopped = user_data;

  bs_server_stop_finish (BS_SERVER (source), result, NULL);
  *stopped = TRUE;
}

static void
bs_application_shutdown (GApplication *application)
{
  BsApplication *self = BS_APPLICATION (application);

  self->quitting = TRUE;
  g_clear_handle_id (&self->switch_idle_id, g_source_remove);
  g_clear_handle_id (&self->paint_wait_id, g_source_remove);
  self->switch_waiting = FALSE;
  g_cancellable_cancel (self->starting);
  if (self->shop != NULL)
    bs_shop_stop (self->shop);

  G_APPLICATION_CLASS (bs_application_parent_class)->shutdown (application);

  /* The windows are gone. What a thread does with the built-in shop ends first (a
   * start, the local account's session); then the shop finishes its requests and
   * checkpoints on its thread, while this loop lets the client close what it has open,
   * before the process ends. Nothing these callbacks hear now starts or shows. */
  while (self->embedded_busy)
    g_main_context_iteration (NULL, TRUE);
  if (self->embedded != NULL)
    {
      gboolean stopped = FALSE;

      bs_server_stop_async (self->embedded, NULL, stopped_on_quit_cb, &stopped);
      while (!stopped)
        g_main_context_iteration (NULL, TRUE);
    }
}

/* The app's window, brought up for the Shell: NULL when there is no shop to show. */
static BsWindow *
window_for_shell (BsApplication *self,
                  guint          timestamp)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!BS_IS_WINDOW (window))
    return NULL;
  gtk_window_present_with_time (window, timestamp);
  return BS_WINDOW (window);
}

/* A book chosen in the Activities overview: the app comes up on it. */
static void
result_activated_cb (BsApplication *self,
                     const char    *book_id,
                     guint          timestamp)
{
  BsWindow *window = window_for_shell (self, timestamp);

  if (window != NULL)
    bs_window_open_book (window, book_id);
}

/* The overview's "search in the app": the same words in the app's search. */
static void
search_launched_cb (BsApplication *self,
                    const char    *text,
                    guint          timestamp)
{
  BsWindow *window = window_for_shell (self, timestamp);

  if (window != NULL)
    bs_window_search_for (window, text);
}

static gboolean
bs_application_dbus_register (GApplication     *application,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  BsApplication *self = BS_APPLICATION (application);
  g_autofree char *provider_path = g_strconcat (object_path, "/SearchProvider", NULL);
  g_autofree char *url = chosen_server_url (self);

  if (!G_APPLICATION_CLASS (bs_application_parent_class)->dbus_register (application, connection,
                                                                          object_path, error))
    return FALSE;
  self->search_provider = bs_search_provider_new (application, url != NULL ? url : "built-in");
  g_signal_connect_swapped (self->search_provider, "result-activated",
                            G_CALLBACK (result_activated_cb), self);
  g_signal_connect_swapped (self->search_provider, "search-launched",
                            G_CALLBACK (search_launched_cb), self);
  return bs_search_provider_export (self->search_provider, connection, provider_path, error);
}

static void
bs_application_dbus_unregister (GApplication    *application,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  BsApplication *self = BS_APPLICATION (application);

  if (self->search_provider != NULL)
    bs_search_provider_unexport (self->search_provider);
  g_clear_object (&self->search_provider);

  G_APPLICATION_CLASS (bs_application_parent_class)->dbus_unregister (application, connection,
                                                                      object_path);
}

static void
bs_application_dispose (GObject *object)
{
  BsApplication *self = BS_APPLICATION (object);

  clear_shop (self);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->embedded);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->current_url, g_free);

  G_OBJECT_CLASS (bs_application_parent_class)->dispose (object);
}

static void
bs_application_class_init (BsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bs_application_dispose;
  app_class->activate = bs_application_activate;
  app_class->dbus_register = bs_application_dbus_register;
  app_class->dbus_unregister = bs_application_dbus_unregister;
  app_class->startup = bs_application_startup;
  app_class->shutdown = bs_application_shutdown;
  app_class->handle_local_options = bs_application_handle_local_options;

  bs_gui_ensure_resources ();
}

static void
bs_application_init (BsApplication *self)
{
  const GOptionEntry options[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use the shop at this address instead of the built-in one"), N_("URL") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

BsApplication *
bs_application_new (void)
{
  return g_object_new (BS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

BsShop *
bs_application_get_shop (BsApplication *self)
{
  g_return_val_if_fail (BS_IS_APPLICATION (self), NULL);

  return self->shop;
}
