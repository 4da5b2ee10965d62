/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-search-provider"

#include "config.h"

#include "bs-book.h"
#include "bs-cache.h"
#include "bs-cover-cache.h"
#include "bs-search-provider.h"

/* GNOME Shell's search provider: the Activities overview finds books of the shop in use
 * by title or author, from its saved catalog — so offline too, and without starting the
 * shop — with their saved covers. Activating a result or the search itself is left to
 * the application, through the signals. */

#define MAX_RESULTS 50

struct _BsSearchProvider
{
  GObject parent_instance;

  GApplication *application;   /* (unowned): kept running while the Shell asks */
  BsCache *cache;              /* (owned) (nullable): made at the first question */
  char *covers_dir;            /* (owned) (nullable): with the cache */
  char *shop_key;              /* (owned): "built-in" or the server's URL */
  char *loaded_for;            /* (owned) (nullable): the server whose books these are */
  gint64 loaded_mtime;         /* of the snapshot the books came from */
  GPtrArray *books;            /* (owned): BsBook, the saved catalog */
  GHashTable *by_id;           /* (owned): book id → BsBook (unowned, in books) */
  GPtrArray *waiting;          /* (owned): Query, until the catalog is read */
  gboolean loading;
  GDBusConnection *connection; /* (owned) (nullable) */
  guint registration_id;
};

G_DEFINE_FINAL_TYPE (BsSearchProvider, bs_search_provider, G_TYPE_OBJECT)

enum {
  RESULT_ACTIVATED,
  SEARCH_LAUNCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* A search the Shell asked for while the saved catalog was still being read. */
typedef struct
{
  GDBusMethodInvocation *invocation; /* (owned) */
  char **terms;                      /* (owned) */
  char **among;                      /* (owned) (nullable): the previous results */
} Query;

static void
query_free (Query *query)
{
  g_clear_object (&query->invocation);
  g_strfreev (query->terms);
  g_strfreev (query->among);
  g_free (query);
}

/* Whether every term starts a word of the book's title or author, accents aside. */
static gboolean
book_matches (BsBook      *book,
              char *const *terms)
{
  for (guint i = 0; terms[i] != NULL; i++)
    if (!g_str_match_string (terms[i], bs_book_get_name (book), TRUE) &&
        !g_str_match_string (terms[i], bs_book_get_author (book), TRUE))
      return FALSE;
  return terms[0] != NULL;
}

static GVariant *
results_for (BsSearchProvider *self,
             char *const      *terms,
             char *const      *among)
{
  GVariantBuilder results;
  guint found = 0;

  g_variant_builder_init (&results, G_VARIANT_TYPE ("as"));
  if (among != NULL)
    {
      for (guint i = 0; among[i] != NULL && found < MAX_RESULTS; i++)
        {
          BsBook *book = g_hash_table_lookup (self->by_id, among[i]);

          if (book != NULL && book_matches (book, terms))
            {
              g_variant_builder_add (&results, "s", among[i]);
              found++;
            }
        }
    }
  else
    {
      for (guint i = 0; i < self->books->len && found < MAX_RESULTS; i++)
        {
          BsBook *book = g_ptr_array_index (self->books, i);

          if (book_matches (book, terms))
            {
              g_variant_builder_add (&results, "s", bs_book_get_book_id (book));
              found++;
            }
        }
    }
  return g_variant_new ("(as)", &results);
}

static void
answer_waiting (BsSearchProvider *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) query_free);
  for (guint i = 0; i < waiting->len; i++)
    {
      Query *query = g_ptr_array_index (waiting, i);

      g_dbus_method_invocation_return_value (g_steal_pointer (&query->invocation),
                                             results_for (self, query->terms, query->among));
      g_application_release (self->application);
    }
}

static gboolean catalog_current (BsSearchProvider *self);

static void
catalog_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BsSearchProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) books = bs_cache_load_finish (BS_CACHE (source), result, NULL, &error);

  self->loading = FALSE;
  g_ptr_array_set_size (self->books, 0);
  g_hash_table_remove_all (self->by_id);
  if (books == NULL)
    g_debug ("No saved catalog to search: %s", error->message);
  else
    for (guint i = 0; i < books->len; i++)
      {
        BsBook *book = g_ptr_array_index (books, i);

        g_ptr_array_add (self->books, g_object_ref (book));
        g_hash_table_insert (self->by_id, (gpointer) bs_book_get_book_id (book), book);
      }
  /* The shop changed meanwhile: its catalog is read before anyone is answered. */
  if (!catalog_current (self))
    return;
  answer_waiting (self);
}

/* Reads the shop's saved catalog again when the app saved a newer one (or the shop
 * changed); returns whether the books in hand are current. */
static gboolean
catalog_current (BsSearchProvider *self)
{
  g_autofree char *server_id = NULL;
  gint64 mtime;

  /* Every run of the app has a provider; only one the Shell asks needs the cache's thread. */
  if (self->cache == NULL)
    {
      self->cache = bs_cache_new (NULL);
      self->covers_dir = bs_cache_get_covers_dir (self->cache);
    }
  server_id = bs_cache_get_server_id_for_url (self->cache, self->shop_key);

  if (self->loading)
    return FALSE;
  if (server_id == NULL)
    {
      g_ptr_array_set_size (self->books, 0);
      g_hash_table_remove_all (self->by_id);
      g_clear_pointer (&self->loaded_for, g_free);
      return TRUE;
    }
  mtime = bs_cache_get_saved_time (self->cache, server_id, "catalog");
  if (g_strcmp0 (server_id, self->loaded_for) == 0 && mtime == self->loaded_mtime)
    return TRUE;
  g_free (self->loaded_for);
  self->loaded_for = g_steal_pointer (&server_id);
  self->loaded_mtime = mtime;
  self->loading = TRUE;
  bs_cache_load_async (self->cache, self->loaded_for, "catalog", BS_SNAPSHOT_BOOKS, NULL,
                       catalog_loaded_cb, g_object_ref (self));
  return FALSE;
}

static void
search (BsSearchProvider      *self,
        GDBusMethodInvocation *invocation,
        char                 **terms,
        char                 **among)
{
  if (catalog_current (self))
    {
      g_dbus_method_invocation_return_value (invocation, results_for (self, terms, among));
      g_strfreev (terms);
      g_strfreev (among);
      return;
    }
  g_application_hold (self->application);
  /* The invocation is this call's to answer: the query takes it over. */
  g_ptr_array_add (self->waiting, g_memdup2 (&(Query) {
    .invocation = invocation,
    .terms = terms,
    .among = among,
  }, sizeof (Query)));
}

/* The book's saved cover, else the app's icon. */
static GIcon *
icon_for (BsSearchProvider *self,
          const char       *book_id)
{
  g_autofree char *path = self->loaded_for != NULL
                            ? bs_cover_cache_path_for (self->covers_dir, self->loaded_for, book_id)
                            : NULL;

  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      return g_file_icon_new (file);
    }
  return g_themed_icon_new (APPLICATION_ID);
}

static GVariant *
metas_for (BsSearchProvider *self,
           char *const      *ids)
{
  GVariantBuilder metas;

  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      BsBook *book = g_hash_table_lookup (self->by_id, ids[i]);
      g_autoptr(GIcon) icon = NULL;
      g_autofree char *icon_name = NULL;

      if (book == NULL)
        continue;
      icon = icon_for (self, ids[i]);
      icon_name = g_icon_to_string (icon);
      g_variant_builder_open (&metas, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&metas, "{sv}", "id", g_variant_new_string (ids[i]));
      g_variant_builder_add (&metas, "{sv}", "name",
                             g_variant_new_string (bs_book_get_name (book)));
      g_variant_builder_add (&metas, "{sv}", "description",
                             g_variant_new_string (bs_book_get_author (book)));
      g_variant_builder_add (&metas, "{sv}", "gicon", g_variant_new_string (icon_name));
      g_variant_builder_close (&metas);
    }
  return g_variant_new ("(aa{sv})", &metas);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  BsSearchProvider *self = user_data;

  /* A service started only for the Shell stays a while after each question. */
  g_application_hold (self->application);
  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      char **terms = NULL;

      g_variant_get (parameters, "(^as)", &terms);
      search (self, invocation, terms, NULL);
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      char **among = NULL;
      char **terms = NULL;

      g_variant_get (parameters, "(^as^as)", &among, &terms);
      search (self, invocation, terms, among);
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_auto(GStrv) ids = NULL;

      g_variant_get (parameters, "(^as)", &ids);
      g_dbus_method_invocation_return_value (invocation, metas_for (self, ids));
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *id = NULL;
      guint32 timestamp = 0;

      g_variant_get (parameters, "(&sasu)", &id, NULL, &timestamp);
      g_signal_emit (self, signals[RESULT_ACTIVATED], 0, id, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_auto(GStrv) terms = NULL;
      g_autofree char *text = NULL;
      guint32 timestamp = 0;

      g_variant_get (parameters, "(^asu)", &terms, &timestamp);
      text = g_strjoinv (" ", terms);
      g_signal_emit (self, signals[SEARCH_LAUNCHED], 0, text, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No method %s", method_name);
  g_application_release (self->application);
}

gboolean
bs_search_provider_export (BsSearchProvider  *self,
                           GDBusConnection   *connection,
                           const char        *object_path,
                           GError           **error)
{
  static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) node = NULL;

  g_return_val_if_fail (BS_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  node = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (node == NULL)
    return FALSE;
  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             node->interfaces[0], &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return TRUE;
}

void
bs_search_provider_unexport (BsSearchProvider *self)
{
  g_return_if_fail (BS_IS_SEARCH_PROVIDER (self));

  if (self->registration_id == 0)
    return;
  g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

void
bs_search_provider_set_shop (BsSearchProvider *self,
                             const char       *shop_key)
{
  g_return_if_fail (BS_IS_SEARCH_PROVIDER (self));
  g_return_if_fail (shop_key != NULL);

  g_free (self->shop_key);
  self->shop_key = g_strdup (shop_key);
  /* Read again at the next question, whatever is read now. */
  g_clear_pointer (&self->loaded_for, g_free);
}

static void
bs_search_provider_dispose (GObject *object)
{
  BsSearchProvider *self = BS_SEARCH_PROVIDER (object);

  bs_search_provider_unexport (self);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (bs_search_provider_parent_class)->dispose (object);
}

static void
bs_search_provider_finalize (GObject *object)
{
  BsSearchProvider *self = BS_SEARCH_PROVIDER (object);

  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->books, g_ptr_array_unref);
  g_free (self->loaded_for);
  g_free (self->shop_key);
  g_free (self->covers_dir);

  G_OBJECT_CLASS (bs_search_provider_parent_class)->finalize (object);
}

static void
bs_search_provider_class_init (BsSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bs_search_provider_dispose;
  object_class->finalize = bs_search_provider_finalize;

  /**
   * BsSearchProvider::result-activated:
   * @book_id: the book chosen in the overview
   * @timestamp: the activation's time, for focus stealing prevention
   */
  signals[RESULT_ACTIVATED] = g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /**
   * BsSearchProvider::search-launched:
   * @text: the words typed in the overview
   * @timestamp: the activation's time
   */
  signals[SEARCH_LAUNCHED] = g_signal_new ("search-launched", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

static void
bs_search_provider_init (BsSearchProvider *self)
{
  self->books = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) query_free);
  self->loaded_mtime = -1;
}

/* @application: the app, which outlives the provider. @shop_key: "built-in" for the
 * built-in shop, else the server's URL, as the cache remembers it. */
BsSearchProvider *
bs_search_provider_new (GApplication *application,
                        const char   *shop_key)
{
  BsSearchProvider *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (shop_key != NULL, NULL);

  self = g_object_new (BS_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  self->shop_key = g_strdup (shop_key);
  return self;
}
