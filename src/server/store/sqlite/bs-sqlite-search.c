/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-search"

#include "config.h"

#include "bs-sqlite-store-private.h"

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
bs_sqlite_search_every_hit (BsStore             *self,
                            const BsSearchQuery *query,
                            guint                offset,
                            guint                limit,
                            GError             **error)
{
  g_autoptr(BsStatement) statement = bs_sqlite_prepare (self, SEARCH_SQL, error);

  g_return_val_if_fail (limit > 0, NULL);

  if (statement == NULL)
    return NULL;
  bind_named_text (statement, ":match", query->match);
  bind_named_text (statement, ":phrase", query->phrase);
  sqlite3_bind_int64 (statement, sqlite3_bind_parameter_index (statement, ":limit"), limit);
  sqlite3_bind_int64 (statement, sqlite3_bind_parameter_index (statement, ":offset"), offset);

  return bs_sqlite_read_rows (self, statement, bs_statement_read_book_row,
                              (GDestroyNotify) bs_book_record_free, error);
}

/* Punctuation alone matches nothing. */
static GPtrArray *
bs_sqlite_store_search_books (BsStore     *self,
                              const char  *text,
                              guint        offset,
                              guint        limit,
                              GError     **error)
{
  g_autoptr(BsSearchQuery) query = bs_search_query_new (text);
  GPtrArray *books = NULL;

  if (query == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  if (!bs_sqlite_find_search_answer (self, query, offset, limit, &books, error))
    return NULL;
  if (books != NULL)
    return books;
  return bs_sqlite_search_every_hit (self, query, offset, limit, error);
}

void
bs_sqlite_store_search_install (BsStoreClass *klass)
{
  klass->search_books = bs_sqlite_store_search_books;
}
