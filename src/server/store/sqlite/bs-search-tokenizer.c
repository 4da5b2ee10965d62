/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-search-tokenizer"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bs-search-tokenizer.h"

/* The "bs_words" FTS5 tokenizer. Every word of a book goes into the index twice at the
 * same position: by its English stem ("gardens" → "garden"), and as written, folded
 * and marked (BS_SEARCH_AS_WRITTEN "gardens"), so that one query finds books by whole
 * words and by the prefix of the word being typed ("improvem" is no stem), and FTS5
 * intersects them itself. A query string that starts with the mark is the word as
 * written; any other is stemmed. Both come from FTS5's own tokenizers: unicode61 with
 * diacritics removed, and porter over it. */

#define MARK_LENGTH (sizeof BS_SEARCH_AS_WRITTEN - 1)

typedef struct
{
  fts5_tokenizer plain_methods;
  void *plain_context;
  fts5_tokenizer stemmer_methods;
  void *stemmer_context;
} Module;

typedef struct
{
  const Module *module;
  Fts5Tokenizer *plain;     /* (owned): unicode61 remove_diacritics 2 */
  Fts5Tokenizer *stemmer;   /* (owned): porter over the same */
} Words;

typedef int (*TokenFunc) (void *context, int flags, const char *token, int length, int start, int end);

typedef struct
{
  const Words *words;
  void *context;
  TokenFunc emit;
  int flags;                /* of the word as written */
  const char *token;        /* the word as written, folded */
  int length;
  int start;
  int end;
  gboolean stem_seen;
} Emitting;

static void
words_delete (Fts5Tokenizer *tokenizer)
{
  Words *words = (Words *) tokenizer;

  if (words->plain != NULL)
    words->module->plain_methods.xDelete (words->plain);
  if (words->stemmer != NULL)
    words->module->stemmer_methods.xDelete (words->stemmer);
  g_free (words);
}

static int
words_create (void           *context,
              const char    **arguments,
              int             n_arguments,
              Fts5Tokenizer **out)
{
  const Module *module = context;
  const char *plain_arguments[] = { "remove_diacritics", "2" };
  const char *stemmer_arguments[] = { "unicode61", "remove_diacritics", "2" };
  Words *words = g_new0 (Words, 1);
  int rc;

  words->module = module;
  rc = module->plain_methods.xCreate (module->plain_context, plain_arguments,
                                      G_N_ELEMENTS (plain_arguments), &words->plain);
  if (rc == SQLITE_OK)
    rc = module->stemmer_methods.xCreate (module->stemmer_context, stemmer_arguments,
                                          G_N_ELEMENTS (stemmer_arguments), &words->stemmer);
  if (rc != SQLITE_OK)
    {
      words_delete ((Fts5Tokenizer *) words);
      return rc;
    }
  *out = (Fts5Tokenizer *) words;
  return SQLITE_OK;
}

static int
emit_marked (Emitting   *emitting,
             int         flags,
             const char *token,
             int         length,
             int         start,
             int         end)
{
  char marked[MARK_LENGTH + 256];
  g_autofree char *long_marked = NULL;
  char *buffer = marked;

  if ((gsize) length > sizeof marked - MARK_LENGTH)
    buffer = long_marked = g_malloc (MARK_LENGTH + (gsize) length);
  memcpy (buffer, BS_SEARCH_AS_WRITTEN, MARK_LENGTH);
  memcpy (buffer + MARK_LENGTH, token, (gsize) length);
  return emitting->emit (emitting->context, flags, buffer, (int) MARK_LENGTH + length, start, end);
}

static int
stem_cb (void       *data,
         int         flags,
         const char *token,
         int         length,
         int         start,
         int         end)
{
  Emitting *emitting = data;

  /* One word as written gives one stem. */
  if (emitting->stem_seen)
    return SQLITE_OK;
  emitting->stem_seen = TRUE;
  return emitting->emit (emitting->context, emitting->flags, token, length, emitting->start,
                         emitting->end);
}

static int
stem_and_mark_cb (void       *data,
                  int         flags,
                  const char *token,
                  int         length,
                  int         start,
                  int         end)
{
  Emitting *emitting = data;
  const Words *words = emitting->words;
  int rc;

  emitting->flags = flags;
  emitting->token = token;
  emitting->length = length;
  emitting->start = start;
  emitting->end = end;
  emitting->stem_seen = FALSE;
  rc = words->module->stemmer_methods.xTokenize (words->stemmer, emitting, FTS5_TOKENIZE_DOCUMENT,
                                                 token, length, stem_cb);
  if (rc == SQLITE_OK && !emitting->stem_seen)
    rc = emitting->emit (emitting->context, flags, token, length, start, end);
  if (rc != SQLITE_OK)
    return rc;
  return emit_marked (emitting, flags | FTS5_TOKEN_COLOCATED, token, length, start, end);
}

static int
mark_cb (void       *data,
         int         flags,
         const char *token,
         int         length,
         int         start,
         int         end)
{
  return emit_marked (data, flags, token, length, start + (int) MARK_LENGTH, end + (int) MARK_LENGTH);
}

static int
words_tokenize (Fts5Tokenizer *tokenizer,
                void          *context,
                int            flags,
                const char    *text,
                int            length,
                TokenFunc      emit)
{
  const Words *words = (const Words *) tokenizer;
  Emitting emitting = { .words = words, .context = context, .emit = emit };
  const Module *module = words->module;

  if ((flags & FTS5_TOKENIZE_QUERY) == 0)
    return module->plain_methods.xTokenize (words->plain, &emitting, flags, text, length,
                                            stem_and_mark_cb);
  if ((gsize) length >= MARK_LENGTH && memcmp (text, BS_SEARCH_AS_WRITTEN, MARK_LENGTH) == 0)
    return module->plain_methods.xTokenize (words->plain, &emitting, flags, text + MARK_LENGTH,
                                            length - (int) MARK_LENGTH, mark_cb);
  return module->stemmer_methods.xTokenize (words->stemmer, context, flags, text, length, emit);
}

static fts5_api *
fts5_api_of (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &statement, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (statement, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (statement);
  sqlite3_finalize (statement);
  return api;
}

gboolean
bs_search_tokenizer_register (sqlite3  *db,
                              GError  **error)
{
  static fts5_tokenizer methods = { words_create, words_delete, words_tokenize };
  fts5_api *api = fts5_api_of (db);
  Module *module;

  if (api == NULL || api->iVersion < 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "SQLite has no FTS5");
      return FALSE;
    }
  module = g_new0 (Module, 1);
  if (api->xFindTokenizer (api, "unicode61", &module->plain_context, &module->plain_methods) != SQLITE_OK ||
      api->xFindTokenizer (api, "porter", &module->stemmer_context, &module->stemmer_methods) != SQLITE_OK ||
      api->xCreateTokenizer (api, "bs_words", module, &methods, g_free) != SQLITE_OK)
    {
      g_free (module);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not make the search tokenizer");
      return FALSE;
    }
  return TRUE;
}
