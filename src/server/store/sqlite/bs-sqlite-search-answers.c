/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-search-answers"

#include "config.h"

#include "bs-search-tokenizer.h"
#include "bs-sqlite-store-private.h"

/* A word as common as "the" is in a third of a million-book catalog: ranking every hit
 * takes a second or more. The words and prefixes that cost that much are few (hundreds)
 * and known once the catalog is, so their first pages are worked out then, by the same
 * query that ranks every hit, and kept with the catalog version they belong to. A search
 * for one of them reads its page; any change to the catalog makes them stale until
 * they are worked out again, and searches rank every hit meanwhile. Only ASCII words
 * are kept: their folding to lower case is plainly the index's. */

/* Every word as written and every prefix of at least two characters the catalog's words
 * begin with, if as many books hold words with that prefix as half the hits asked for
 * (a prefix's books can only be fewer than that sum). The index holds words as written
 * behind a mark (bs-search-tokenizer.c). */
#define CANDIDATE_WORDS                                                                     \
  "WITH RECURSIVE lengths (n) AS (SELECT 2 UNION ALL SELECT n + 1 FROM lengths WHERE n < 24),"\
  " written (word, books) AS ("                                                             \
  "   SELECT substr (term, 2), doc FROM books_by_word_terms"                                 \
  "   WHERE term >= '" BS_SEARCH_AS_WRITTEN "' AND term < '\x02'),"                          \
  " prefixes (word, books) AS ("                                                            \
  "   SELECT substr (word, 1, n), sum (books) FROM written JOIN lengths"                     \
  "   ON length (word) > n GROUP BY 1)"                                                     \
  "SELECT word FROM prefixes WHERE books >= ?1 UNION SELECT word FROM written"

/* The hits that ranking @query would score. */
static gint64
count_hits (BsStore             *self,
            const BsSearchQuery *query,
            GError             **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self, "SELECT count (*) FROM books_by_word WHERE books_by_word MATCH ?1", error);

  if (statement == NULL)
    return -1;
  bs_statement_bind (statement, "s", query->match);
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      bs_sqlite_fail (self, error);
      return -1;
    }
  return sqlite3_column_int64 (statement, 0);
}

static gboolean
keep_answer (BsStore     *self,
             const char  *word,
             GPtrArray   *books,
             GError     **error)
{
  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);
      g_autoptr(BsStatement) statement =
        bs_sqlite_prepare (self,
                           "INSERT INTO search_answers (word, rank, seq) "
                           "SELECT ?1, ?2, seq FROM books WHERE book_id = ?3",
                           error);

      if (statement == NULL)
        return FALSE;
      bs_statement_bind (statement, "sis", word, (int) i, book->book_id);
      if (!bs_sqlite_step_done (self, statement, error))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
list_candidate_words (BsStore  *self,
                      guint     min_hits,
                      GError  **error)
{
  g_autoptr(BsStatement) statement = bs_sqlite_prepare (self, CANDIDATE_WORDS, error);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "x", (gint64) min_hits / 2);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      const char *word = (const char *) sqlite3_column_text (statement, 0);

      if (word != NULL && g_str_is_ascii (word))
        g_ptr_array_add (words, g_strdup (word));
    }
  if (rc != SQLITE_DONE)
    {
      bs_sqlite_fail (self, error);
      return NULL;
    }
  return g_steal_pointer (&words);
}

/* Works out the first BS_SEARCH_ANSWER_LENGTH books for every one-word search that
 * would score @min_hits hits or more, for the catalog as it is now. */
static gboolean
bs_sqlite_store_refresh_search_answers (BsStore  *self,
                                        guint     min_hits,
                                        GError  **error)
{
  g_autoptr(GPtrArray) words = NULL;
  guint kept = 0;

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  if (!bs_store_begin (self, error))
    return FALSE;
  if (!bs_sqlite_exec (self, "DELETE FROM search_answers", error))
    goto fail;
  words = list_candidate_words (self, min_hits, error);
  if (words == NULL)
    goto fail;

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      g_autoptr(BsSearchQuery) query = bs_search_query_new (word);
      g_autoptr(GPtrArray) books = NULL;
      gint64 hits = count_hits (self, query, error);

      bs_store_report_progress (self, "Working out the answers to common searches", i + 1, words->len);
      if (hits < 0)
        goto fail;
      if (hits < min_hits)
        continue;
      books = bs_sqlite_search_every_hit (self, query, 0, BS_SEARCH_ANSWER_LENGTH, error);
      if (books == NULL || !keep_answer (self, word, books, error))
        goto fail;
      kept++;
    }

  if (!bs_sqlite_exec (self,
                       "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'catalog_version') "
                       "WHERE key = 'search_answers_version'",
                       error))
    goto fail;
  g_debug ("Kept the answers to %u common searches", kept);
  return bs_store_commit (self, error);

fail:
  bs_store_rollback (self);
  return FALSE;
}

/* Sets *@out_books to the kept answer to @query, or to NULL when there is none for the
 * catalog as it is now. The version check is in the same statement, so the answer and
 * the catalog it is checked against are read from one snapshot. */
gboolean
bs_sqlite_find_search_answer (BsStore             *self,
                              const BsSearchQuery *query,
                              guint                offset,
                              guint                limit,
                              GPtrArray          **out_books,
                              GError             **error)
{
  g_autoptr(BsStatement) statement = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autofree char *word = NULL;
  int rc;

  *out_books = NULL;
  if (query->single_word == NULL || !g_str_is_ascii (query->single_word) ||
      offset + (guint64) limit > BS_SEARCH_ANSWER_LENGTH)
    return TRUE;

  statement = bs_sqlite_prepare (self,
                                 "SELECT " BOOK_COLUMNS " FROM search_answers a JOIN books b ON b.seq = a.seq "
                                 "WHERE a.word = ?1 AND a.rank >= ?2 AND a.rank < ?3 "
                                 "  AND (SELECT value FROM meta WHERE key = 'search_answers_version')"
                                 "    = (SELECT value FROM meta WHERE key = 'catalog_version') "
                                 "ORDER BY a.rank",
                                 error);
  if (statement == NULL)
    return FALSE;
  word = g_ascii_strdown (query->single_word, -1);
  bs_statement_bind (statement, "sxx", word, (gint64) offset, (gint64) offset + (gint64) limit);

  books = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (books, bs_statement_read_book (statement, 0));
  if (rc != SQLITE_DONE)
    return bs_sqlite_fail (self, error);

  /* An answer is kept whole; a page of it is always full. */
  if (books->len == limit)
    *out_books = g_steal_pointer (&books);
  return TRUE;
}

void
bs_sqlite_store_search_answers_install (BsStoreClass *klass)
{
  klass->refresh_search_answers = bs_sqlite_store_refresh_search_answers;
}
