/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-search"

#include "config.h"

#include "bs-store-private.h"

/* Every word must match: the leading ones by stem, the last one by stem or, while it is
 * being typed, as a raw prefix. Ranking: an exact phrase in a field first, then BM25
 * with name weighted over author over category, then book ids in natural order. */

/* The candidates come from the two indexes, each with its BM25 score; a book both find
 * adds the two. Joining the books to the hits (rather than the hits to every book)
 * keeps the work in proportion to the hits. */
#define STEM_HITS                                                                           \
  "SELECT rowid AS seq, bm25 (books_by_stem, 10.0, 4.0, 1.0) AS score FROM books_by_stem "   \
  "  WHERE books_by_stem MATCH :any"
#define PREFIX_HITS                                                                         \
  " UNION ALL SELECT rowid, bm25 (books_by_prefix, 10.0, 4.0, 1.0) FROM books_by_prefix "    \
  "  WHERE books_by_prefix MATCH :prefix"
#define SELECT_BOOKS_OF(hits)                                                               \
  "WITH h (seq, score) AS MATERIALIZED (" hits ") "                                         \
  "SELECT b.book_id, b.name, b.author, b.category, b.price_cents, b.rating_tenths "         \
  "FROM h JOIN books b ON b.seq = h.seq "
#define LEADING_WORDS                                                                       \
  "b.seq IN (SELECT rowid FROM books_by_stem WHERE books_by_stem MATCH :leading) AND "
#define LAST_BY_STEM "b.seq IN (SELECT rowid FROM books_by_stem WHERE books_by_stem MATCH :last)"
#define LAST_BY_PREFIX                                                                      \
  " OR b.seq IN (SELECT rowid FROM books_by_prefix WHERE books_by_prefix MATCH :prefix)"
#define ORDER_BY                                                                            \
  " GROUP BY b.seq"                                                                          \
  " ORDER BY b.seq IN (SELECT rowid FROM books_by_stem WHERE books_by_stem MATCH :phrase) DESC," \
  " sum (h.score) ASC, b.book_id COLLATE bs_natural LIMIT :limit OFFSET :offset"

static const char * const search_sql[2][2] = {
  /* [has leading words][has prefix] */
  {
    SELECT_BOOKS_OF (STEM_HITS) "WHERE (" LAST_BY_STEM ")" ORDER_BY,
    SELECT_BOOKS_OF (STEM_HITS PREFIX_HITS) "WHERE (" LAST_BY_STEM LAST_BY_PREFIX ")" ORDER_BY,
  },
  {
    SELECT_BOOKS_OF (STEM_HITS) "WHERE " LEADING_WORDS "(" LAST_BY_STEM ")" ORDER_BY,
    SELECT_BOOKS_OF (STEM_HITS PREFIX_HITS) "WHERE " LEADING_WORDS "(" LAST_BY_STEM LAST_BY_PREFIX ")"
      ORDER_BY,
  },
};

static void
bind_named_text (BsStatement *statement,
                 const char  *name,
                 const char  *value)
{
  int index = sqlite3_bind_parameter_index (statement, name);

  if (index > 0)
    sqlite3_bind_text (statement, index, value, -1, SQLITE_STATIC);
}

/* Ranks every hit: the reference that the stored answers are taken from. */
GPtrArray *
bs_store_search_every_hit (BsStore             *self,
                           const BsSearchQuery *query,
                           guint                offset,
                           guint                limit,
                           GError             **error)
{
  const char *sql = search_sql[query->leading_words != NULL][query->last_prefix != NULL];
  g_autoptr(BsStatement) statement = bs_store_prepare (self, sql, error);
  g_autoptr(GPtrArray) books = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  int rc;

  g_return_val_if_fail (limit > 0, NULL);

  if (statement == NULL)
    return NULL;
  bind_named_text (statement, ":any", query->any_word);
  bind_named_text (statement, ":prefix", query->last_prefix);
  bind_named_text (statement, ":leading", query->leading_words);
  bind_named_text (statement, ":last", query->last_word);
  bind_named_text (statement, ":phrase", query->phrase);
  sqlite3_bind_int64 (statement, sqlite3_bind_parameter_index (statement, ":limit"), limit);
  sqlite3_bind_int64 (statement, sqlite3_bind_parameter_index (statement, ":offset"), offset);

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (books, bs_statement_read_book (statement, 0));
  if (rc != SQLITE_DONE)
    {
      bs_store_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&books);
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
