/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-token-store"

#include "config.h"

#include <libsecret/secret.h>

#include "bs-token-store.h"

/* Where a server's session token is kept between runs: the user's keyring through
 * libsecret (the secret portal inside Flatpak). Without a secret service the token stays
 * in memory for this run only, and "persistent" says so, for the app to tell the user.
 * A test may give a plain file instead; the app never does, so nothing else ever writes a
 * token to disk. */

struct _BsTokenStore
{
  GObject parent_instance;

  GHashTable *memory;   /* (owned): server id → token, always up to date */
  char *file;           /* (owned) (nullable): a test's file instead of the keyring */
  gboolean persistent;
};

G_DEFINE_FINAL_TYPE (BsTokenStore, bs_token_store, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PERSISTENT,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SecretSchema *
session_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID ".Session", SECRET_SCHEMA_NONE,
    {
      { "server-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static void
bs_token_store_finalize (GObject *object)
{
  BsTokenStore *self = BS_TOKEN_STORE (object);

  g_hash_table_unref (self->memory);
  g_free (self->file);

  G_OBJECT_CLASS (bs_token_store_parent_class)->finalize (object);
}

static void
bs_token_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PERSISTENT:
      g_value_set_boolean (value, BS_TOKEN_STORE (object)->persistent);
      break;
    case PROP_FILE:
      g_value_set_string (value, BS_TOKEN_STORE (object)->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_token_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_FILE:
      {
        const char *file = g_value_get_string (value);

        BS_TOKEN_STORE (object)->file = file != NULL && file[0] != '\0' ? g_strdup (file) : NULL;
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_token_store_class_init (BsTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_token_store_finalize;
  object_class->get_property = bs_token_store_get_property;
  object_class->set_property = bs_token_store_set_property;

  /* FALSE once a save failed for want of a secret service: the token lasts this run. */
  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* A key file to keep tokens in instead of the keyring: for tests only. */
  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_token_store_init (BsTokenStore *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->persistent = TRUE;
}

/* @file: (nullable): a key file instead of the keyring, for tests */
BsTokenStore *
bs_token_store_new (const char *file)
{
  return g_object_new (BS_TYPE_TOKEN_STORE, "file", file, NULL);
}

gboolean
bs_token_store_is_persistent (BsTokenStore *self)
{
  g_return_val_if_fail (BS_IS_TOKEN_STORE (self), FALSE);

  return self->persistent;
}

static void
lose_persistence (BsTokenStore *self,
                  const GError *error)
{
  /* A cancelled call says nothing about the secret service. */
  if (!self->persistent || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_message ("No secret service (%s): the session lasts until the app quits", error->message);
  self->persistent = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
}

static gboolean
save_file (BsTokenStore  *self,
           const char    *server_id,
           const char    *token,
           GError       **error)
{
  g_autoptr(GKeyFile) tokens = g_key_file_new ();

  g_key_file_load_from_file (tokens, self->file, G_KEY_FILE_NONE, NULL);
  if (token != NULL)
    g_key_file_set_string (tokens, "tokens", server_id, token);
  else
    g_key_file_remove_key (tokens, "tokens", server_id, NULL);
  return g_key_file_save_to_file (tokens, self->file, error);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    lose_persistence (g_task_get_source_object (task), error);
  /* Kept in memory either way: saving never fails the sign-in. */
  g_task_return_boolean (task, TRUE);
}

void
bs_token_store_save_async (BsTokenStore        *self,
                           const char          *server_id,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BS_IS_TOKEN_STORE (self));
  g_return_if_fail (server_id != NULL && token != NULL);

  g_task_set_source_tag (task, bs_token_store_save_async);
  g_hash_table_replace (self->memory, g_strdup (server_id), g_strdup (token));

  if (self->file != NULL)
    {
      if (!save_file (self, server_id, token, &error))
        g_warning ("Cannot write the token file: %s", error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!self->persistent)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  secret_password_store (session_schema (), SECRET_COLLECTION_DEFAULT, "Bookstore session",
                         token, cancellable, stored_cb, g_steal_pointer (&task),
                         "server-id", server_id, NULL);
}

gboolean
bs_token_store_save_finish (BsTokenStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    lose_persistence (g_task_get_source_object (task), error);
  g_task_return_pointer (task, token != NULL ? g_strdup (token) : NULL, g_free);
  secret_password_free (token);
}

/* The token kept for @server_id, or NULL without an error when there is none. */
void
bs_token_store_load_async (BsTokenStore        *self,
                           const char          *server_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *remembered;

  g_return_if_fail (BS_IS_TOKEN_STORE (self));
  g_return_if_fail (server_id != NULL);

  g_task_set_source_tag (task, bs_token_store_load_async);
  remembered = g_hash_table_lookup (self->memory, server_id);
  if (remembered != NULL || !self->persistent)
    {
      g_task_return_pointer (task, g_strdup (remembered), g_free);
      return;
    }
  if (self->file != NULL)
    {
      g_autoptr(GKeyFile) tokens = g_key_file_new ();

      g_key_file_load_from_file (tokens, self->file, G_KEY_FILE_NONE, NULL);
      g_task_return_pointer (task, g_key_file_get_string (tokens, "tokens", server_id, NULL),
                             g_free);
      return;
    }
  secret_password_lookup (session_schema (), cancellable, looked_up_cb, g_steal_pointer (&task),
                          "server-id", server_id, NULL);
}

char *
bs_token_store_load_finish (BsTokenStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BsTokenStore) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    lose_persistence (self, error);
}

/* Forgets the token of @server_id everywhere it was kept (signing out). */
void
bs_token_store_forget (BsTokenStore *self,
                       const char   *server_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BS_IS_TOKEN_STORE (self));

  g_hash_table_remove (self->memory, server_id);
  if (self->file != NULL)
    {
      if (!save_file (self, server_id, NULL, &error))
        g_warning ("Cannot write the token file: %s", error->message);
      return;
    }
  if (self->persistent)
    secret_password_clear (session_schema (), NULL, cleared_cb, g_object_ref (self), "server-id",
                           server_id, NULL);
}
