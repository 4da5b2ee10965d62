/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-covers"

#include "config.h"

#include "bs-pg-store-private.h"

/* The KV table of cover images: book id → bytes, content type and ETag. */

static BsCover *
bs_pg_store_get_cover (BsStore     *self,
                       const char  *book_id,
                       GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error, "SELECT content_type, etag, bytes FROM covers WHERE book_id = $1",
                 "s", book_id);
  BsCover *cover;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No cover for %s", book_id);
      return NULL;
    }

  cover = g_new0 (BsCover, 1);
  cover->content_type = bs_pg_dup_text (result, 0, 0);
  cover->etag = bs_pg_dup_text (result, 0, 1);
  cover->bytes = bs_pg_get_bytes (result, 0, 2);
  if (cover->bytes == NULL)
    {
      bs_cover_free (cover);
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_FAILED, "Cover of %s: out of memory",
                   book_id);
      return NULL;
    }
  return cover;
}

/* Two nodes drawing the same cover at once both store it; the last one stays. */
static gboolean
bs_pg_store_put_cover (BsStore     *self,
                       const char  *book_id,
                       const char  *content_type,
                       GBytes      *bytes,
                       gboolean     drawn,
                       GError     **error)
{
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *etag = g_strdup_printf ("\"%.32s\"", digest);

  /* The SQLite engine stores no bytes as NULL, which its NOT NULL column refuses; an
   * empty bytea would be accepted here, so refuse it the same way. */
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_INVALID, "Cover of %s: no image bytes",
                   book_id);
      return FALSE;
    }
  if (!bs_pg_run (self, error,
                  "INSERT INTO covers (book_id, content_type, etag, bytes, drawn) "
                  "VALUES ($1, $2, $3, $4, $5) "
                  "ON CONFLICT (book_id) DO UPDATE SET content_type = excluded.content_type,"
                  "  etag = excluded.etag, bytes = excluded.bytes, drawn = excluded.drawn",
                  "sssyb", book_id, content_type, etag, bytes, drawn))
    {
      g_prefix_error (error, "Cover of %s: ", book_id);
      return FALSE;
    }
  return TRUE;
}

void
bs_pg_store_covers_install (BsStoreClass *klass)
{
  klass->get_cover = bs_pg_store_get_cover;
  klass->put_cover = bs_pg_store_put_cover;
}
