/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-shop"

#include "config.h"

#include "bs-shop-private.h"

/* Starting a shop: the saved snapshots first, then the server's health, its catalog
 * (revalidated with the saved copy's ETag) and the session of whoever was signed in. */

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Without a saved session the restore asks nothing of the server: FALSE without an
   * error says nothing about whether it can be reached. Signing in loads the cart. */
  if (bs_session_restore_finish (BS_SESSION (source), result, &error))
    bs_shop_note_reachability (self, NULL);
  else if (error != NULL)
    bs_shop_note_reachability (self, error);
  g_task_return_boolean (task, TRUE);
}

static void
restore_session (GTask *task)
{
  BsShop *self = g_task_get_source_object (task);

  if (self->session == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  bs_session_restore_async (self->session, g_task_get_cancellable (task), restored_cb,
                            g_object_ref (task));
}

static void
catalog_filled_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  bs_catalog_replace_finish (BS_CATALOG (source), result, NULL);
  restore_session (task);
}

static void
books_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsBookPage) page = bs_client_list_books_finish (BS_CLIENT (source), result, &error);

  bs_shop_note_reachability (self, error);
  if (page == NULL || page->not_modified)
    {
      restore_session (task);
      return;
    }
  bs_shop_keep (self, "catalog", BS_SNAPSHOT_BOOKS, page->books, page->etag);
  self->books_from_server = TRUE;
  /* A changed catalog may have changed covers: a new title is a new drawing. */
  bs_cover_cache_catalog_changed (self->cover_cache);
  bs_catalog_replace_async (self->catalog, page->books, page->etag, g_task_get_cancellable (task),
                            catalog_filled_cb, g_object_ref (task));
}

static void
note_saved_catalog (BsShop     *self,
                    const char *server_id)
{
  char *copy = g_strdup (server_id);

  g_free (self->catalog_saved_for);
  self->catalog_saved_for = copy;
}

/* A start asks the server's health and, for a server seen before, shows its saved
 * catalog meanwhile; once both are done, it asks the server whether that copy is still
 * current. */
typedef struct
{
  char *cached_for;       /* (owned) (nullable): the server whose saved catalog was asked for */
  gboolean cache_pending;
  gboolean health_done;
} StartSteps;

static void
start_steps_free (gpointer data)
{
  StartSteps *steps = data;

  g_free (steps->cached_for);
  g_free (steps);
}

static void
ask_for_books (GTask *task)
{
  BsShop *self = g_task_get_source_object (task);

  bs_client_list_books_async (self->client, bs_catalog_get_etag (self->catalog),
                              g_task_get_cancellable (task), books_cb, g_object_ref (task));
}

static void load_cached_catalog (GTask *task);

/* Both steps are done: the saved copy shown is this server's, or is loaded now. */
static void
after_health_and_cache (GTask *task)
{
  BsShop *self = g_task_get_source_object (task);
  StartSteps *steps = g_task_get_task_data (task);

  if (self->server_id != NULL && g_strcmp0 (steps->cached_for, self->server_id) != 0)
    {
      /* Another server answered than the one remembered: its books, not those. */
      if (steps->cached_for != NULL)
        {
          g_autoptr(GPtrArray) none = g_ptr_array_new ();

          bs_catalog_replace (self->catalog, none, NULL);
          note_saved_catalog (self, NULL);
        }
      load_cached_catalog (task);
    }
  else
    ask_for_books (task);
}

static void
cache_step_done (GTask *task)
{
  StartSteps *steps = g_task_get_task_data (task);

  steps->cache_pending = FALSE;
  if (steps->health_done)
    after_health_and_cache (task);
}

static void
cached_catalog_filled_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  StartSteps *steps = g_task_get_task_data (task);

  if (bs_catalog_replace_finish (BS_CATALOG (source), result, NULL))
    note_saved_catalog (self, steps->cached_for);
  cache_step_done (task);
}

static void
cached_catalog_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autofree char *etag = NULL;
  g_autoptr(GPtrArray) books = bs_cache_load_finish (BS_CACHE (source), result, &etag, NULL);

  if (books != NULL)
    {
      bs_catalog_replace_async (self->catalog, books, etag, g_task_get_cancellable (task),
                                cached_catalog_filled_cb, g_object_ref (task));
      return;
    }
  cache_step_done (task);
}

static void
load_cached_catalog (GTask *task)
{
  BsShop *self = g_task_get_source_object (task);
  StartSteps *steps = g_task_get_task_data (task);

  g_free (steps->cached_for);
  steps->cached_for = g_strdup (self->server_id);
  steps->cache_pending = TRUE;
  bs_cache_load_async (self->cache, self->server_id, "catalog", BS_SNAPSHOT_BOOKS,
                       g_task_get_cancellable (task), cached_catalog_cb, g_object_ref (task));
}

static void
health_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BsShop *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(BsServerHealth) health = bs_client_get_health_finish (BS_CLIENT (source), result, &error);
  StartSteps *steps = g_task_get_task_data (task);

  bs_shop_note_reachability (self, error);
  if (health != NULL)
    {
      g_autoptr(GError) save_error = NULL;

      bs_shop_set_server (self, health->server_id);
      if (!bs_cache_set_server_id_for_url (self->cache, bs_shop_remembered_as (self), health->server_id,
                                           &save_error))
        g_warning ("Could not remember the server: %s", save_error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  steps->health_done = TRUE;
  if (!steps->cache_pending)
    after_health_and_cache (task);
}

/* The steps above report to this task; it ends the start for its caller. */
static void
start_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) caller = user_data;
  g_autoptr(GError) error = NULL;

  bs_shop_set_starting (BS_SHOP (source), FALSE);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (caller, TRUE);
  else
    g_task_return_error (caller, g_steal_pointer (&error));
}

typedef struct
{
  BsShop *shop;     /* (owned) */
  char *server_id;  /* (owned): whose saved catalog this is */
} SavedLoad;

static void
saved_load_free (SavedLoad *load)
{
  g_object_unref (load->shop);
  g_free (load->server_id);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SavedLoad, saved_load_free)

static void
saved_catalog_filled_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(SavedLoad) load = user_data;

  if (bs_catalog_replace_finish (BS_CATALOG (source), result, NULL))
    note_saved_catalog (load->shop, load->server_id);
}

static void
saved_catalog_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SavedLoad) load = user_data;
  BsShop *self = load->shop;
  g_autofree char *etag = NULL;
  g_autoptr(GPtrArray) books = bs_cache_load_finish (BS_CACHE (source), result, &etag, NULL);

  /* Never over the server's own books, which a start may have asked for meanwhile,
   * nor when another server than the one remembered has answered. */
  if (books == NULL || self->books_from_server || g_strcmp0 (load->server_id, self->server_id) != 0)
    return;
  bs_catalog_replace_async (self->catalog, books, etag, self->cancellable, saved_catalog_filled_cb,
                            g_steal_pointer (&load));
}

/* Shows what the cache has for a server seen before, before anything is asked of it: a
 * shop whose server is not ready yet (the built-in one, while it opens its database)
 * shows its saved books and best sellers meanwhile. */
void
bs_shop_show_saved (BsShop *self)
{
  g_autofree char *known = NULL;
  SavedLoad *load;

  g_return_if_fail (BS_IS_SHOP (self));

  known = bs_cache_get_server_id_for_url (self->cache, bs_shop_remembered_as (self));
  if (known == NULL)
    return;
  bs_shop_set_server (self, known);
  load = g_new0 (SavedLoad, 1);
  load->shop = g_object_ref (self);
  load->server_id = g_steal_pointer (&known);
  bs_cache_load_async (self->cache, load->server_id, "catalog", BS_SNAPSHOT_BOOKS, self->cancellable,
                       saved_catalog_cb, load);
}

/* Shows what the cache has for this server, then whatever the server has now, and
 * follows the live best sellers. Completes once both were tried; offline is no error. */
void
bs_shop_start_async (BsShop              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *caller;
  GTask *task;
  g_autofree char *known = NULL;

  g_return_if_fail (BS_IS_SHOP (self));

  caller = g_task_new (self, cancellable, callback, user_data);
  task = g_task_new (self, cancellable, start_done_cb, caller);
  g_task_set_source_tag (caller, bs_shop_start_async);
  g_task_set_source_tag (task, bs_shop_start_async);
  g_task_set_task_data (task, g_new0 (StartSteps, 1), start_steps_free);
  bs_shop_set_starting (self, TRUE);
  /* A server seen before: its id is known before it answers, or if it never does, and
   * its saved catalog shows while it is asked. */
  known = bs_cache_get_server_id_for_url (self->cache, bs_shop_remembered_as (self));
  if (known != NULL)
    bs_shop_set_server (self, known);
  bs_live_bestsellers_start (self->bestsellers);
  if (self->server_id != NULL && g_strcmp0 (self->catalog_saved_for, self->server_id) == 0)
    ((StartSteps *) g_task_get_task_data (task))->cached_for = g_strdup (self->server_id);
  else if (self->server_id != NULL)
    load_cached_catalog (task);
  bs_client_get_health_async (self->client, cancellable, health_cb, task);
}

gboolean
bs_shop_start_finish (BsShop        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
