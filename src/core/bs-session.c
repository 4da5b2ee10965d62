/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-session"

#include "config.h"

#include <glib/gstdio.h>

#include "bs-session.h"

/* Who is signed in to one server: the token goes to the token store on sign-in and comes
 * back from it at the next start; signing out ends the session on the server when it
 * can, and always forgets the token and that customer's cached cart and orders here. */

struct _BsSession
{
  GObject parent_instance;

  BsClient *client;       /* (owned) */
  BsTokenStore *tokens;   /* (owned) */
  BsCache *cache;         /* (owned) */
  char *server_id;        /* (owned) */
  BsAccount *account;     /* (owned) (nullable): signed in */
  guint64 turns;          /* one more at every sign-in and sign-out: a restore begun
                           * before one of them is out of date */
};

G_DEFINE_FINAL_TYPE (BsSession, bs_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SIGNED_IN,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_session_finalize (GObject *object)
{
  BsSession *self = BS_SESSION (object);

  g_clear_object (&self->client);
  g_clear_object (&self->tokens);
  g_clear_object (&self->cache);
  g_free (self->server_id);
  g_clear_pointer (&self->account, bs_account_free);

  G_OBJECT_CLASS (bs_session_parent_class)->finalize (object);
}

static void
bs_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, bs_session_is_signed_in (BS_SESSION (object)));
      break;
    case PROP_CUSTOMER_ID:
      g_value_set_string (value, bs_session_get_customer_id (BS_SESSION (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_session_class_init (BsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_session_finalize;
  object_class->get_property = bs_session_get_property;

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Who is signed in: it changes from one customer to another without signed-in
   * changing, when someone signs in over a session. */
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_session_init (BsSession *self)
{
}

BsSession *
bs_session_new (BsClient     *client,
                BsTokenStore *tokens,
                BsCache      *cache,
                const char   *server_id)
{
  BsSession *self;

  g_return_val_if_fail (BS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (BS_IS_TOKEN_STORE (tokens), NULL);
  g_return_val_if_fail (BS_IS_CACHE (cache), NULL);
  g_return_val_if_fail (server_id != NULL, NULL);

  self = g_object_new (BS_TYPE_SESSION, NULL);
  self->client = g_object_ref (client);
  self->tokens = g_object_ref (tokens);
  self->cache = g_object_ref (cache);
  self->server_id = g_strdup (server_id);
  return self;
}

BsAccount *
bs_session_get_account (BsSession *self)
{
  g_return_val_if_fail (BS_IS_SESSION (self), NULL);

  return self->account;
}

const char *
bs_session_get_customer_id (BsSession *self)
{
  g_return_val_if_fail (BS_IS_SESSION (self), NULL);

  return self->account != NULL ? self->account->customer_id : NULL;
}

gboolean
bs_session_is_signed_in (BsSession *self)
{
  g_return_val_if_fail (BS_IS_SESSION (self), FALSE);

  return self->account != NULL;
}

/* The snapshot name of the signed-in customer's @what ("cart", "orders"…), or NULL. */
char *
bs_session_snapshot_name (BsSession  *self,
                          const char *what)
{
  g_return_val_if_fail (BS_IS_SESSION (self), NULL);

  if (self->account == NULL)
    return NULL;
  return g_strconcat (what, "-", self->account->customer_id, NULL);
}

/* Who was signed in last, beside the server's snapshots: offline, the session goes on
 * with it, so the cached cart and orders can be shown. Nothing secret is kept there. */
static char *
account_file (BsSession *self)
{
  g_autofree char *dir = bs_cache_get_server_dir (self->cache, self->server_id);

  return g_build_filename (dir, "account.ini", NULL);
}

static void
remember_account (BsSession       *self,
                  const BsAccount *account)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = account_file (self);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_key_file_set_string (file, "account", "customer-id", account->customer_id);
  g_key_file_set_string (file, "account", "username", account->username);
  g_key_file_set_string (file, "account", "display-name", account->display_name);
  if (g_mkdir_with_parents (dir, 0700) < 0 || !g_key_file_save_to_file (file, path, &error))
    g_debug ("Could not remember who is signed in: %s", error != NULL ? error->message : dir);
}

static BsAccount *
recall_account (BsSession *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = account_file (self);
  g_autoptr(BsAccount) account = g_new0 (BsAccount, 1);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  account->customer_id = g_key_file_get_string (file, "account", "customer-id", NULL);
  account->username = g_key_file_get_string (file, "account", "username", NULL);
  account->display_name = g_key_file_get_string (file, "account", "display-name", NULL);
  if (account->customer_id == NULL || account->username == NULL || account->display_name == NULL)
    return NULL;
  return g_steal_pointer (&account);
}

static void
set_account (BsSession *self,
             BsAccount *account)
{
  gboolean was_signed_in = self->account != NULL;
  gboolean same_customer = g_strcmp0 (bs_session_get_customer_id (self),
                                      account != NULL ? account->customer_id : NULL) == 0;

  g_clear_pointer (&self->account, bs_account_free);
  self->account = account;
  g_object_freeze_notify (G_OBJECT (self));
  if (!same_customer)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
  if (was_signed_in != (account != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  BsAccount *account = bs_client_sign_in_finish (BS_CLIENT (source), result, &error);

  if (account == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->turns++;
  bs_token_store_save_async (self->tokens, self->server_id, account->token, NULL, NULL, NULL);
  g_clear_pointer (&account->token, g_free);
  remember_account (self, account);
  set_account (self, account);
  g_task_return_boolean (task, TRUE);
}

void
bs_session_sign_in_async (BsSession           *self,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, bs_session_sign_in_async);
  bs_client_sign_in_async (self->client, username, password, cancellable, signed_in_cb, task);
}

gboolean
bs_session_sign_in_finish (BsSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* TRUE when someone signed in or out since @task, a restore, began: what it found is
 * out of date, and the token and account now set are not its to touch. */
static gboolean
restore_overtaken (GTask *task)
{
  BsSession *self = g_task_get_source_object (task);

  return GPOINTER_TO_SIZE (g_task_get_task_data (task)) != self->turns;
}

static void
whoami_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  BsAccount *account = bs_client_whoami_finish (BS_CLIENT (source), result, &error);

  if (restore_overtaken (task))
    {
      g_clear_pointer (&account, bs_account_free);
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (account != NULL)
    {
      remember_account (self, account);
      set_account (self, account);
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Offline the token may well be good: go on as who was signed in last. */
  if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_OFFLINE) ||
      g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_TIMEOUT))
    {
      BsAccount *remembered = recall_account (self);

      if (remembered != NULL)
        set_account (self, remembered);
    }
  /* A token the server no longer knows is of no use: forget it. Offline, keep it. */
  if (g_error_matches (error, BS_CLIENT_ERROR, BS_CLIENT_ERROR_UNAUTHORIZED))
    {
      bs_client_set_token (self->client, NULL);
      bs_token_store_forget (self->tokens, self->server_id);
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
token_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsSession *self = g_task_get_source_object (task);
  g_autofree char *token = bs_token_store_load_finish (BS_TOKEN_STORE (source), result, NULL);
  GCancellable *cancellable;

  if (token == NULL || restore_overtaken (task))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  bs_client_set_token (self->client, token);
  bs_client_whoami_async (self->client, cancellable, whoami_cb, g_steal_pointer (&task));
}

/* Signs in again with the kept token, if there is one that the server still honours.
 * Returns FALSE without an error when there was nothing to restore, or when someone
 * signed in or out in the meantime. */
void
bs_session_restore_async (BsSession           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, bs_session_restore_async);
  /* Someone signed in or out already: what is kept may be on its way out. */
  if (self->turns != 0 || self->account != NULL)
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, GSIZE_TO_POINTER (self->turns), NULL);
  bs_token_store_load_async (self->tokens, self->server_id, cancellable, token_loaded_cb, task);
}

gboolean
bs_session_restore_finish (BsSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
forget_customer (BsSession *self)
{
  const char *kept[] = { "cart", "orders", "recommendations", "friends" };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *name = bs_session_snapshot_name (self, kept[i]);

      if (name != NULL)
        bs_cache_forget (self->cache, self->server_id, name);
    }
  bs_token_store_forget (self->tokens, self->server_id);
  {
    g_autofree char *path = account_file (self);
    g_unlink (path);
  }
  set_account (self, NULL);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Offline, the server ends the session by itself after 30 idle days; here it is over
   * already. */
  if (!bs_client_sign_out_finish (BS_CLIENT (source), result, &error))
    g_debug ("The server did not hear the sign-out: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
bs_session_sign_out_async (BsSession           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, bs_session_sign_out_async);
  self->turns++;
  forget_customer (self);
  bs_client_sign_out_async (self->client, FALSE, cancellable, signed_out_cb, task);
}

gboolean
bs_session_sign_out_finish (BsSession     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
