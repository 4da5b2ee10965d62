/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-search"

#include "config.h"

#include "bs-pg-store-private.h"
#include "bs-search-words.h"

/* Search on PostgreSQL's own full text search, with the SQLite engine's contract. Every
 * word must match: the leading ones by English stem, the last one by stem or, while it is
 * being typed, as a prefix of the word as written. Ranking: an exact phrase first, then
 * relevance with name weighted over author over category, then book ids in natural order
 * and catalog order (the order must be total, or a page of all the hits and a kept answer
 * could differ).
 *
 * Words are split here as bs-search-query.c splits them (letters, numbers and marks), and
 * PostgreSQL only turns each word into lexemes (to_tsvector, which never fails and says
 * nothing of stop words); the queries are then written from those lexemes, quoted, and
 * bound. No user text is ever tsquery syntax. The English configuration drops stop words
 * ("the", "for") from words_by_stem, so a stop word is matched as written instead: every
 * word still has to be there, as in SQLite, where Porter keeps them. */

/* The shortest last word that is also matched as a prefix, as BS_SEARCH_MIN_PREFIX. */
#define MIN_PREFIX 2

/* Relevance weights of the D, C (category), B (author) and A (name) words: SQLite's BM25
 * weights 1, 4 and 10, scaled into ts_rank's range. */
#define WEIGHTS "'{0, 0.1, 0.4, 1.0}'"

/* $1: every word by stem, the last one included; $2: the stop words as written ($1 is
 * NULL when the last word is a stop word itself). $3: the stop words as written and the
 * last word as a prefix; $4: the other words by stem. Each branch of the OR has an index
 * condition, so the hits come from the GIN indexes. */
#define HITS_WHERE                                                                          \
  "(b.words_by_stem @@ $1::tsquery"                                                         \
  "  AND ($2::tsquery IS NULL OR b.words_as_written @@ $2::tsquery))"                       \
  " OR (b.words_as_written @@ $3::tsquery"                                                  \
  "  AND ($4::tsquery IS NULL OR b.words_by_stem @@ $4::tsquery))"

/* $5: the phrase by stem, or $6 as written when every word is a stop word; $7 and $8 every
 * word by stem and the stop words and the last word as written, for relevance. */
#define RANKED_HITS                                                                         \
  "SELECT " BOOK_COLUMNS ", b.seq FROM books b WHERE " HITS_WHERE                           \
  " ORDER BY coalesce (b.words_by_stem @@ $5::tsquery, b.words_as_written @@ $6::tsquery) DESC,"\
  "  coalesce (ts_rank (" WEIGHTS ", b.words_by_stem, $7::tsquery), 0)"                       \
  "   + coalesce (ts_rank (" WEIGHTS ", b.words_as_written, $8::tsquery), 0) DESC,"           \
  "  bs_natural_key (b.book_id), b.seq "                                                    \
  "LIMIT $9 OFFSET $10"

#define RANKED_HITS_TYPES "ssssssssxx"

/* The lexemes of each word, in the order of the words: by stem (NULL for a stop word)
 * and as written (NULL for a word with nothing to index, such as a lone accent). */
#define WORD_LEXEMES_SQL                                                                    \
  "SELECT (SELECT string_agg (l.lexeme, ' ' ORDER BY l.positions[1])"                       \
  "        FROM unnest (to_tsvector ('english', bs_fold (u.word))) l),"                     \
  "       (SELECT string_agg (l.lexeme, ' ' ORDER BY l.positions[1])"                       \
  "        FROM unnest (to_tsvector ('simple', bs_fold (u.word))) l) "                      \
  "FROM unnest ($1::text[]) WITH ORDINALITY AS u (word, n) ORDER BY u.n"

typedef struct
{
  char *by_stem;          /* (nullable): HITS_WHERE's $1 */
  char *stop_words;       /* (nullable): $2 */
  char *as_typed;         /* $3 */
  char *other_stems;      /* (nullable): $4 */
  char *phrase_by_stem;   /* (nullable): $5 */
  char *phrase_written;   /* (nullable): $6 */
  char *rank_by_stem;     /* (nullable): $7 */
  char *rank_written;     /* $8 */
  char *single_word;      /* (nullable): the word as typed, when there is only one */
} Query;

static void
query_free (Query *query)
{
  if (query == NULL)
    return;
  g_free (query->by_stem);
  g_free (query->stop_words);
  g_free (query->as_typed);
  g_free (query->other_stems);
  g_free (query->phrase_by_stem);
  g_free (query->phrase_written);
  g_free (query->rank_by_stem);
  g_free (query->rank_written);
  g_free (query->single_word);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

/* The words as a text[] literal, each one quoted (a word "null" is not NULL). */
static char *
array_literal (GPtrArray *words)
{
  GString *literal = g_string_new ("{");

  for (guint i = 0; i < words->len; i++)
    {
      g_string_append (literal, i > 0 ? ",\"" : "\"");
      for (const char *p = g_ptr_array_index (words, i); *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (literal, '\\');
          g_string_append_c (literal, *p);
        }
      g_string_append_c (literal, '"');
    }
  g_string_append_c (literal, '}');
  return g_string_free (literal, FALSE);
}

/* Appends @lexeme as a quoted tsquery operand, after @operator when @query holds one. */
static void
append_lexeme (GString    *query,
               const char *operator,
               const char *lexeme,
               const char *suffix)
{
  if (query->len > 0)
    g_string_append (query, operator);
  g_string_append_c (query, '\'');
  for (const char *p = lexeme; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (query, *p);
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '\'');
  g_string_append (query, suffix);
}

/* Appends every lexeme of @lexemes (space-separated) with @operator. */
static void
append_lexemes (GString    *query,
                const char *operator,
                const char *lexemes)
{
  g_auto(GStrv) each = g_strsplit (lexemes, " ", -1);

  for (guint i = 0; each[i] != NULL; i++)
    append_lexeme (query, operator, each[i], "");
}

static char *
steal_unless_empty (GString *query)
{
  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

/* Returns NULL with @error unset when @text holds no word that could match (only
 * punctuation, say). */
static Query *
query_new (BsStore     *self,
           const char  *text,
           GError     **error)
{
  g_autoptr(GPtrArray) typed = bs_search_words_split (text);
  g_autoptr(GPtrArray) stems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *literal = NULL;
  g_autoptr(Query) query = NULL;
  g_autofree char *last_typed = NULL;
  GString *other_stems, *stop_words, *as_typed, *phrase, *phrase_written, *rank_by_stem;
  GString *rank_written;
  guint gap = 0;

  if (typed->len == 0)
    return NULL;
  literal = array_literal (typed);
  result = bs_pg_query (self, error, WORD_LEXEMES_SQL, "s", literal);
  if (result == NULL)
    return NULL;
  g_assert ((guint) PQntuples (result) == typed->len);

  /* A word with nothing to index (a lone accent) can match nothing: it is no word. */
  for (guint i = 0; i < typed->len; i++)
    {
      if (PQgetisnull (result, i, 1))
        continue;
      g_ptr_array_add (stems, bs_pg_dup_text (result, i, 0));
      g_ptr_array_add (written, bs_pg_dup_text (result, i, 1));
      g_free (last_typed);
      last_typed = g_strdup (g_ptr_array_index (typed, i));
    }
  if (written->len == 0)
    return NULL;

  query = g_new0 (Query, 1);
  other_stems = g_string_new (NULL);
  stop_words = g_string_new (NULL);
  as_typed = g_string_new (NULL);
  phrase = g_string_new (NULL);
  phrase_written = g_string_new (NULL);
  rank_by_stem = g_string_new (NULL);
  rank_written = g_string_new (NULL);
  for (guint i = 0; i < written->len; i++)
    {
      const char *stem = g_ptr_array_index (stems, i);
      const char *as_written = g_ptr_array_index (written, i);
      gboolean last = i + 1 == written->len;

      if (stem != NULL)
        append_lexemes (rank_by_stem, " | ", stem);
      if (!last && stem != NULL)
        append_lexemes (other_stems, " & ", stem);
      else if (!last)
        {
          append_lexemes (stop_words, " & ", as_written);
          append_lexemes (rank_written, " | ", as_written);
        }

      /* Stop words are gaps in the phrase by stem, as phraseto_tsquery() makes them. */
      if (stem != NULL)
        {
          g_autofree char *operator = g_strdup_printf (" <%u> ", gap + 1);
          g_auto(GStrv) each = g_strsplit (stem, " ", -1);

          for (guint j = 0; each[j] != NULL; j++)
            append_lexeme (phrase, j == 0 && gap > 0 ? operator : " <-> ", each[j], "");
          gap = 0;
        }
      else if (phrase->len > 0)
        gap++;
      append_lexemes (phrase_written, " <-> ", as_written);
    }

  /* The last word by stem, or as a prefix of the word as written from MIN_PREFIX
   * characters on (of its last lexeme, should PostgreSQL split it). */
  {
    const char *stem = g_ptr_array_index (stems, stems->len - 1);
    g_auto(GStrv) each = g_strsplit (g_ptr_array_index (written, written->len - 1), " ", -1);
    gboolean prefix = g_utf8_strlen (last_typed, -1) >= MIN_PREFIX;
    GString *by_stem = g_string_new (other_stems->str);

    g_string_append (as_typed, stop_words->str);
    for (guint j = 0; each[j] != NULL; j++)
      {
        const char *suffix = prefix && each[j + 1] == NULL ? ":*" : "";

        append_lexeme (as_typed, " & ", each[j], suffix);
        append_lexeme (rank_written, " | ", each[j], suffix);
      }
    if (stem != NULL)
      {
        append_lexemes (by_stem, " & ", stem);
        query->by_stem = g_string_free (by_stem, FALSE);
      }
    else
      g_string_free (by_stem, TRUE);
    query->rank_written = g_string_free (rank_written, FALSE);
  }
  query->stop_words = steal_unless_empty (stop_words);
  query->as_typed = g_string_free (as_typed, FALSE);
  query->other_stems = steal_unless_empty (other_stems);
  query->rank_by_stem = steal_unless_empty (rank_by_stem);
  query->phrase_by_stem = steal_unless_empty (phrase);
  if (query->phrase_by_stem == NULL)
    query->phrase_written = g_string_free (phrase_written, FALSE);
  else
    g_string_free (phrase_written, TRUE);
  if (typed->len == 1)
    query->single_word = g_strdup (g_ptr_array_index (typed, 0));
  return g_steal_pointer (&query);
}

static PGresult *
rank_hits (BsStore      *self,
           const Query  *query,
           guint         offset,
           guint         limit,
           GError      **error)
{
  return bs_pg_query (self, error, RANKED_HITS, RANKED_HITS_TYPES,
                      query->by_stem, query->stop_words, query->as_typed, query->other_stems,
                      query->phrase_by_stem, query->phrase_written, query->rank_by_stem,
                      query->rank_written, (gint64) limit, (gint64) offset);
}

/* Sets *@out_books to the kept answer to @query, or to NULL when there is none for the
 * catalog as it is now. The version check is in the same statement, so the answer and
 * the catalog it is checked against are read from one snapshot. */
static gboolean
find_search_answer (BsStore      *self,
                    const Query  *query,
                    guint         offset,
                    guint         limit,
                    GPtrArray   **out_books,
                    GError      **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autofree char *word = NULL;

  *out_books = NULL;
  if (query->single_word == NULL || !g_str_is_ascii (query->single_word) ||
      offset + (guint64) limit > BS_SEARCH_ANSWER_LENGTH)
    return TRUE;

  word = g_ascii_strdown (query->single_word, -1);
  result = bs_pg_query (self, error,
                        "SELECT " BOOK_COLUMNS " FROM search_answers a JOIN books b ON b.seq = a.seq "
                        "WHERE a.word = $1 AND a.rank >= $2 AND a.rank < $3"
                        "  AND (SELECT value FROM meta WHERE key = 'search_answers_version')"
                        "    = (SELECT value FROM meta WHERE key = 'catalog_version') "
                        "ORDER BY a.rank",
                        "sxx", word, (gint64) offset, (gint64) offset + (gint64) limit);
  if (result == NULL)
    return FALSE;
  books = bs_pg_read_rows (result, bs_pg_read_book_row, (GDestroyNotify) bs_book_record_free);

  /* An answer is kept whole; a page of it is always full. */
  if (books->len == limit)
    *out_books = g_steal_pointer (&books);
  return TRUE;
}

/* Punctuation alone matches nothing. */
static GPtrArray *
bs_pg_store_search_books (BsStore     *self,
                          const char  *text,
                          guint        offset,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Query) query = query_new (self, text, &local_error);
  g_autoptr(PGresult) result = NULL;
  GPtrArray *books = NULL;

  g_return_val_if_fail (limit > 0, NULL);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (query == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) bs_book_record_free);
  if (!find_search_answer (self, query, offset, limit, &books, error))
    return NULL;
  if (books != NULL)
    return books;

  /* The budget is checked while a query runs; a search this short may be done before
   * the server hears of its cancelling, where SQLite's progress handler would stop it. */
  if (bs_store_is_over_budget (self))
    {
      g_autofree char *where = bs_store_describe_location (bs_pg_get_location (self));

      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_OVER_BUDGET,
                   "Database %s: the query took longer than its budget", where);
      return NULL;
    }
  result = rank_hits (self, query, offset, limit, error);
  if (result == NULL)
    return NULL;
  return bs_pg_read_rows (result, bs_pg_read_book_row, (GDestroyNotify) bs_book_record_free);
}

/* Every word as written (ASCII letters and digits only: their folding to lower case is
 * plainly the index's) and every prefix of one, that as many books might hold as the
 * hits asked for: the books holding its stem and the books holding a word it begins
 * (a sum of ndoc, no fewer than the hits). ts_stat reads every book once. */
#define CANDIDATE_WORDS                                                                     \
  "WITH written (word, books) AS MATERIALIZED ("                                            \
  "   SELECT word, ndoc FROM ts_stat ('SELECT words_as_written FROM books')"                \
  "   WHERE word ~ '^[a-z0-9]+$'),"                                                         \
  " stems (word, books) AS MATERIALIZED ("                                                  \
  "   SELECT word, ndoc FROM ts_stat ('SELECT words_by_stem FROM books')),"                  \
  " prefixes (word, books) AS MATERIALIZED ("                                               \
  "   SELECT substr (w.word, 1, n), sum (w.books) FROM written w"                           \
  "   CROSS JOIN LATERAL generate_series (1, length (w.word)) AS n GROUP BY 1) "            \
  "SELECT p.word FROM prefixes p "                                                          \
  "LEFT JOIN LATERAL unnest (to_tsvector ('english', p.word)) AS l ON TRUE "                \
  "LEFT JOIN stems s ON s.word = l.lexeme "                                                 \
  "GROUP BY p.word, p.books HAVING p.books + coalesce (sum (s.books), 0) >= $1 "            \
  "ORDER BY p.word"

/* The first BS_SEARCH_ANSWER_LENGTH books for every one-word search that would score
 * @min_hits hits or more, for the catalog as it is now. Many nodes may refresh at once:
 * the table lock makes them take turns. The answers are labelled with the catalog
 * version read before any of them was worked out: should the catalog change meanwhile,
 * they are never used, rather than used mixed. */
static gboolean
bs_pg_store_refresh_search_answers (BsStore  *self,
                                    guint     min_hits,
                                    GError  **error)
{
  g_autoptr(PGresult) candidates = NULL;
  g_autoptr(PGresult) version = NULL;
  g_autofree char *catalog_version = NULL;
  guint kept = 0;
  int n_words;

  g_return_val_if_fail (BS_IS_STORE (self), FALSE);

  if (!bs_store_begin (self, error))
    return FALSE;
  if (!bs_pg_run (self, error, "LOCK TABLE search_answers IN SHARE ROW EXCLUSIVE MODE", ""))
    goto fail;
  version = bs_pg_query (self, error, "SELECT value FROM meta WHERE key = 'catalog_version'", "");
  if (version == NULL)
    goto fail;
  catalog_version = PQntuples (version) > 0 ? bs_pg_dup_text (version, 0, 0) : g_strdup ("0");
  if (!bs_pg_run (self, error, "DELETE FROM search_answers", ""))
    goto fail;
  candidates = bs_pg_query (self, error, CANDIDATE_WORDS, "x", (gint64) min_hits);
  if (candidates == NULL)
    goto fail;

  n_words = PQntuples (candidates);
  for (int i = 0; i < n_words; i++)
    {
      const char *word = PQgetvalue (candidates, i, 0);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Query) query = NULL;
      g_autoptr(PGresult) books = NULL;
      g_autoptr(GString) seqs = g_string_new ("{");
      gint64 hits;

      bs_store_report_progress (self, "Working out the answers to common searches", i + 1, n_words);
      query = query_new (self, word, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      if (query == NULL)
        continue;
      hits = bs_pg_query_int64 (self, error, 0, "SELECT count (*) FROM books b WHERE " HITS_WHERE,
                                "ssss", query->by_stem, query->stop_words, query->as_typed,
                                query->other_stems);
      if (hits < 0)
        goto fail;
      if (hits < min_hits)
        continue;
      books = rank_hits (self, query, 0, BS_SEARCH_ANSWER_LENGTH, error);
      if (books == NULL)
        goto fail;
      for (int row = 0; row < PQntuples (books); row++)
        g_string_append_printf (seqs, "%s%s", row > 0 ? "," : "", PQgetvalue (books, row, 6));
      g_string_append_c (seqs, '}');
      if (!bs_pg_run (self, error,
                      "INSERT INTO search_answers (word, rank, seq) "
                      "SELECT $1, a.n - 1, a.seq FROM unnest ($2::bigint[]) WITH ORDINALITY AS a (seq, n)",
                      "ss", word, seqs->str))
        goto fail;
      kept++;
    }

  if (!bs_pg_run (self, error, "UPDATE meta SET value = $1 WHERE key = 'search_answers_version'",
                  "s", catalog_version))
    goto fail;
  g_debug ("Kept the answers to %u common searches", kept);
  return bs_store_commit (self, error);

fail:
  bs_store_rollback (self);
  return FALSE;
}

void
bs_pg_store_search_install (BsStoreClass *klass)
{
  klass->search_books = bs_pg_store_search_books;
  klass->refresh_search_answers = bs_pg_store_refresh_search_answers;
}
