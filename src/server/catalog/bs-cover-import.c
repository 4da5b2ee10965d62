/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cover-import"

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "bs-cover-import.h"

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  gboolean *oversized = user_data;

  *oversized = width > BS_COVER_MAX_SIDE || height > BS_COVER_MAX_SIDE;
}

/* Checks that @bytes is a whole PNG or JPEG within our limits, and returns its content
 * type. It is fed to the decoder in small pieces, so that the header of an oversized
 * image stops it before a huge buffer is ever allocated. */
static const char *
check_image (GBytes      *bytes,
             const char  *name,
             GError     **error)
{
  const gsize piece = 4096;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *format_name = NULL;
  GdkPixbufFormat *format;
  gboolean oversized = FALSE;
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);

  if (size > BS_COVER_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is larger than %d bytes", name, BS_COVER_MAX_BYTES);
      return NULL;
    }

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &oversized);
  for (gsize offset = 0; offset < size && !oversized && local_error == NULL; offset += piece)
    gdk_pixbuf_loader_write (loader, data + offset, MIN (piece, size - offset), &local_error);

  /* Some decoders only announce the size when the data is complete. */
  if (!oversized && local_error == NULL)
    gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (oversized)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is larger than %d×%d pixels", name, BS_COVER_MAX_SIDE, BS_COVER_MAX_SIDE);
      return NULL;
    }
  if (local_error != NULL || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a readable image%s%s",
                   name, local_error != NULL ? ": " : "",
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  format = gdk_pixbuf_loader_get_format (loader);
  format_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  if (g_strcmp0 (format_name, "png") == 0)
    return "image/png";
  if (g_strcmp0 (format_name, "jpeg") == 0)
    return "image/jpeg";

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is neither PNG nor JPEG", name);
  return NULL;
}

static char *
book_id_for_file (const char *file_name)
{
  const char *extensions[] = { ".png", ".jpg", ".jpeg" };

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (file_name, extensions[i]))
      return g_strndup (file_name, strlen (file_name) - strlen (extensions[i]));
  return NULL;
}

/* Imports every <bookId>.png / .jpg / .jpeg in @directory, in one transaction: a file
 * that is not a cover of a known book rejects the whole import. */
gboolean
bs_cover_import_directory (BsStore     *store,
                           const char  *directory,
                           guint       *out_imported,
                           GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, error);
  const char *file_name;
  guint imported = 0;

  if (dir == NULL)
    return FALSE;
  if (!bs_store_begin (store, error))
    return FALSE;

  while ((file_name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *book_id = book_id_for_file (file_name);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(BsBookRecord) book = NULL;
      g_autoptr(GMappedFile) mapped = NULL;
      const char *content_type;

      if (book_id == NULL)
        continue;

      path = g_build_filename (directory, file_name, NULL);
      book = bs_store_get_book (store, book_id, error);
      if (book == NULL)
        goto fail;

      mapped = g_mapped_file_new (path, FALSE, error);
      if (mapped == NULL)
        goto fail;
      bytes = g_mapped_file_get_bytes (mapped);
      content_type = check_image (bytes, path, error);
      if (content_type == NULL ||
          !bs_store_put_cover (store, book_id, content_type, bytes, FALSE, error))
        goto fail;
      imported++;
    }

  if (!bs_store_commit (store, error))
    return FALSE;
  if (out_imported != NULL)
    *out_imported = imported;
  return TRUE;

fail:
  bs_store_rollback (store);
  return FALSE;
}
