/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-covers"

#include "config.h"

#include "bs-sqlite-store-private.h"

/* The KV table of cover images: book id → bytes, content type and ETag. */

static BsCover *
bs_sqlite_store_get_cover (BsStore     *self,
                           const char  *book_id,
                           GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "SELECT content_type, etag, bytes FROM covers WHERE book_id = ?1",
                       error);
  BsCover *cover;
  int rc;

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "s", book_id);

  rc = sqlite3_step (statement);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No cover for %s", book_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      bs_sqlite_fail (self, error);
      return NULL;
    }

  cover = g_new0 (BsCover, 1);
  cover->content_type = bs_statement_dup_text (statement, 0);
  cover->etag = bs_statement_dup_text (statement, 1);
  cover->bytes = g_bytes_new (sqlite3_column_blob (statement, 2),
                              (gsize) sqlite3_column_bytes (statement, 2));
  return cover;
}

static gboolean
bs_sqlite_store_put_cover (BsStore     *self,
                           const char  *book_id,
                           const char  *content_type,
                           GBytes      *bytes,
                           gboolean     drawn,
                           GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "INSERT INTO covers (book_id, content_type, etag, bytes, drawn) "
                       "VALUES (?1, ?2, ?3, ?4, ?5) "
                       "ON CONFLICT (book_id) DO UPDATE SET content_type = excluded.content_type,"
                       "  etag = excluded.etag, bytes = excluded.bytes, drawn = excluded.drawn",
                       error);
  g_autofree char *digest = NULL;
  g_autofree char *etag = NULL;
  gsize size;
  gconstpointer data;

  if (statement == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  etag = g_strdup_printf ("\"%.32s\"", digest);

  bs_statement_bind (statement, "sss", book_id, content_type, etag);
  sqlite3_bind_blob64 (statement, 4, data, size, SQLITE_STATIC);
  sqlite3_bind_int (statement, 5, drawn ? 1 : 0);
  if (!bs_sqlite_step_done (self, statement, error))
    {
      g_prefix_error (error, "Cover of %s: ", book_id);
      return FALSE;
    }
  return TRUE;
}

void
bs_sqlite_store_covers_install (BsStoreClass *klass)
{
  klass->get_cover = bs_sqlite_store_get_cover;
  klass->put_cover = bs_sqlite_store_put_cover;
}
