/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-search"

#include "config.h"

#include "bs-store-private.h"

/* Every word must match: the leading ones by stem, the last one by stem or, while it is
 * being typed, as a prefix of the word as written. Ranking: an exact phrase first, then
 * BM25 with name weighted over author over category, then book ids in natural order
 * (and catalog order for ids it holds equal, "b01" and "b1": the order must be total,
 * or a page of all the hits and a kept answer could differ).
 * FTS5 finds the books holding every word before any is scored. */
#define SEARCH_SQL                                                                          \
  "WITH hits (seq, score) AS MATERIALIZED ("                                                 \
  "  SELECT rowid, bm25 (books_by_word, 10.0, 4.0, 1.0) FROM books_by_word"                   \
  "  WHERE books_by_word MATCH :match) "                                                      \
  "SELECT b.book_id, b.name, b.author, b.category, b.price_cents, b.rating_tenths "         \
  "FROM hits h JOIN books b ON b.seq = h.seq "                                              \
  "ORDER BY b.seq IN (SELECT rowid FROM books_by_word WHERE books_by_word MATCH :phrase) DESC," \
  " h.score, b.book_id COLLATE bs_natural, b.seq LIMIT :limit OFFSET :offset"

static void
bind_named_text (BsStatement *statement,
                 const char  *name,
                 const char  *value)
{
  sqlite3_bind_text (statement, sqlite3_bind_parameter_index (statement, name), value, -1,
                     SQLITE_STATIC);
}

/* Ranks every hit: the reference that the stored answers are taken from. */
GPtrArray *
bs_store_search_every_hit (BsStore             *self,
                           const BsSearchQuery *query,
                           guint                offset,
                           guint                limit,
                           GError             **error)
{
  g_autoptr(BsStatement) statement = bs_store_prepare (self, SEARCH_SQL, error);

  g_return_val_if_fail (limit > 0, NULL);

  if (statement == NULL)
    return NULL;
  bind_named_text (statement, ":match", query->match);
  bind_named_text (statement, ":phrase", query->phrase);
  sqlite3_bind_int64 (statement, sqlite3_bind_parameter_index (statement, ":limit"), limit);
  sqlite3_bind_int64 (statement, sqlite3_bind_parameter_index (statement, ":offset"), offset);

  return bs_store_read_rows (self, statement, bs_statement_read_book_row,
                             (GDestroyNotify) bs_book_record_free, error);
}

GPtrArray *
bs_store_search_books (BsStore             *self,
                       const BsSearchQuery *query,
                       guint                offset,
                       guint                limit,
                       GError             **error)
{
  GPtrArray *books = NULL;

  g_return_val_if_fail (BS_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!bs_store_find_search_answer (self, query, offset, limit, &books, error))
    return NULL;
  if (books != NULL)
    return books;
  return bs_store_search_every_hit (self, query, offset, limit, error);
}
