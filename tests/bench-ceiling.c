/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include <libsoup/soup.h>

#include "bs-server-socket.h"

/* The framework's ceiling, for ./build-aux/dev bench service: libsoup serving constant
 * bytes, with bookstore-server's thread layout (N threads, each with its own main
 * context and SoupServer, on one SO_REUSEPORT port) and nothing else. What it serves
 * comes from an index file of lines "PATH?QUERY<TAB>CONTENT-TYPE<TAB>FILE", the same
 * bytes bookstore-server answered. It prints its URL, then serves until killed. */

typedef struct
{
  GBytes *body;
  char *content_type;
} Reply;

static GHashTable *replies;   /* "path?query" → Reply, read-only once serving */

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_bytes_unref (reply->body);
  g_free (reply->content_type);
  g_free (reply);
}

static void
load_replies (const char *index_path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *dir = g_path_get_dirname (index_path);

  if (!g_file_get_contents (index_path, &text, NULL, &error))
    g_error ("%s", error->message);
  replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, reply_free);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      gsize length;
      Reply *reply;

      if (g_strv_length (fields) != 3)
        continue;
      path = g_build_filename (dir, fields[2], NULL);
      if (!g_file_get_contents (path, &contents, &length, &error))
        g_error ("%s", error->message);
      reply = g_new0 (Reply, 1);
      reply->body = g_bytes_new_take (g_steal_pointer (&contents), length);
      reply->content_type = g_strdup (fields[1]);
      g_hash_table_insert (replies, g_strdup (fields[0]), reply);
    }
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *key = g_strconcat (path, g_uri_get_query (uri) != NULL ? "?" : "",
                                      g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", NULL);
  Reply *reply = g_hash_table_lookup (replies, key);

  if (reply == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static gpointer
serve_thread (gpointer data)
{
  GSocket *socket = data;
  GMainContext *context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  SoupServer *server;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handle_cb, NULL, NULL);
  if (!soup_server_listen_socket (server, socket, 0, &error))
    g_error ("%s", error->message);
  g_main_loop_run (loop);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GPtrArray) sockets = NULL;
  g_autoptr(GError) error = NULL;
  guint n_threads;
  guint port = 0;

  if (argc != 3)
    {
      fprintf (stderr, "Usage: %s INDEX-FILE THREADS\n", argv[0]);
      return 2;
    }
  load_replies (argv[1]);
  n_threads = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  sockets = bs_server_socket_bind (loopback, 0, MAX (n_threads, 1), &port, &error);
  if (sockets == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < sockets->len; i++)
    g_thread_new ("ceiling", serve_thread, g_ptr_array_index (sockets, i));
  printf ("http://127.0.0.1:%u\n", port);
  fflush (stdout);
  g_main_loop_run (g_main_loop_new (NULL, FALSE));
  return 0;
}
