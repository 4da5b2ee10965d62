/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-schema"

#include "config.h"

#include "bs-sqlite-store-private.h"

/* Migration N turns a database at user_version N into one at N + 1. Append new ones;
 * never edit one that has shipped. */
static const char * const migrations[] = {
  /* 1: metadata, the catalog and its covers */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE books ("
  "  seq INTEGER PRIMARY KEY,"            /* catalog order */
  "  book_id TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),"
  "  rating_tenths INTEGER NOT NULL CHECK (rating_tenths BETWEEN 0 AND 50)"
  ");"
  "CREATE INDEX books_by_category ON books (category, seq);"
  "CREATE TABLE covers ("
  "  book_id TEXT PRIMARY KEY REFERENCES books (book_id) ON DELETE CASCADE,"
  "  content_type TEXT NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  bytes BLOB NOT NULL,"
  "  drawn INTEGER NOT NULL"                /* 1: drawn by us, redrawn when the book changes */
  ") WITHOUT ROWID;"
  /* A drawn cover shows the title and author, so it must not outlive them. */
  "CREATE TRIGGER books_redraw_cover AFTER UPDATE OF name, author, category ON books "
  "BEGIN DELETE FROM covers WHERE book_id = NEW.book_id AND drawn = 1; END;"
  "INSERT INTO meta (key, value) VALUES ('catalog_version', '1');",

  /* 2: customers and their sessions, carts, orders, purchase edges and the order log */
  "CREATE TABLE customers ("
  "  customer_id TEXT PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"        /* an email, stored lower-case */
  "  display_name TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"          /* libsodium's Argon2id string */
  "  created_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE sessions ("
  "  token_hash BLOB PRIMARY KEY,"          /* SHA-256 of the token; the token is never stored */
  "  customer_id TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  last_used_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX sessions_by_customer ON sessions (customer_id);"
  "CREATE TABLE cart_lines ("
  "  line_seq INTEGER PRIMARY KEY,"         /* the order lines were added in */
  "  customer_id TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,"
  "  book_id TEXT NOT NULL REFERENCES books (book_id) ON DELETE CASCADE,"
  "  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),"
  "  UNIQUE (customer_id, book_id)"
  ");"
  "CREATE TABLE orders ("
  "  order_seq INTEGER PRIMARY KEY,"
  "  order_id TEXT NOT NULL UNIQUE,"
  "  customer_id TEXT REFERENCES customers (customer_id) ON DELETE SET NULL,"
  "  order_date INTEGER NOT NULL,"          /* milliseconds since the epoch */
  "  total_cents INTEGER NOT NULL,"
  "  idempotency_key TEXT"
  ");"
  "CREATE INDEX orders_by_customer ON orders (customer_id, order_seq);"
  "CREATE UNIQUE INDEX orders_by_idempotency_key ON orders (customer_id, idempotency_key) "
  "  WHERE idempotency_key IS NOT NULL;"
  /* Lines keep the book as it was sold: the catalog may change or drop it later. */
  "CREATE TABLE order_lines ("
  "  order_seq INTEGER NOT NULL REFERENCES orders (order_seq) ON DELETE CASCADE,"
  "  line_no INTEGER NOT NULL,"
  "  book_id TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  price_cents INTEGER NOT NULL,"
  "  rating_tenths INTEGER NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),"
  "  PRIMARY KEY (order_seq, line_no)"
  ") WITHOUT ROWID;"
  /* The social graph's purchased edges. */
  "CREATE TABLE purchases ("
  "  customer_id TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,"
  "  book_id TEXT NOT NULL,"
  "  order_seq INTEGER NOT NULL REFERENCES orders (order_seq) ON DELETE CASCADE,"
  "  PRIMARY KEY (customer_id, book_id, order_seq)"
  ") WITHOUT ROWID;"
  "CREATE INDEX purchases_by_book ON purchases (book_id);"
  /* Append-only: one event per order, consumed in order by the best-seller worker. */
  "CREATE TABLE order_log ("
  "  event_offset INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  order_id TEXT NOT NULL,"
  "  lines TEXT NOT NULL"                   /* JSON: [{"bookId": "b1", "quantity": 2}, …] */
  ");",

  /* 3: search. Two full-text indexes over name, author and category, kept in step with
   * the books by triggers: one by English stem for whole words, one unstemmed for the
   * prefix of the word being typed (stems break prefixes: "improvem" is no stem). */
  "CREATE VIRTUAL TABLE books_by_stem USING fts5 ("
  "  name, author, category, content = 'books', content_rowid = 'seq',"
  "  tokenize = 'porter unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE books_by_prefix USING fts5 ("
  "  name, author, category, content = 'books', content_rowid = 'seq',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TRIGGER books_search_insert AFTER INSERT ON books BEGIN"
  "  INSERT INTO books_by_stem (rowid, name, author, category)"
  "    VALUES (NEW.seq, NEW.name, NEW.author, NEW.category);"
  "  INSERT INTO books_by_prefix (rowid, name, author, category)"
  "    VALUES (NEW.seq, NEW.name, NEW.author, NEW.category);"
  "END;"
  "CREATE TRIGGER books_search_delete AFTER DELETE ON books BEGIN"
  "  INSERT INTO books_by_stem (books_by_stem, rowid, name, author, category)"
  "    VALUES ('delete', OLD.seq, OLD.name, OLD.author, OLD.category);"
  "  INSERT INTO books_by_prefix (books_by_prefix, rowid, name, author, category)"
  "    VALUES ('delete', OLD.seq, OLD.name, OLD.author, OLD.category);"
  "END;"
  "CREATE TRIGGER books_search_update AFTER UPDATE OF name, author, category ON books BEGIN"
  "  INSERT INTO books_by_stem (books_by_stem, rowid, name, author, category)"
  "    VALUES ('delete', OLD.seq, OLD.name, OLD.author, OLD.category);"
  "  INSERT INTO books_by_prefix (books_by_prefix, rowid, name, author, category)"
  "    VALUES ('delete', OLD.seq, OLD.name, OLD.author, OLD.category);"
  "  INSERT INTO books_by_stem (rowid, name, author, category)"
  "    VALUES (NEW.seq, NEW.name, NEW.author, NEW.category);"
  "  INSERT INTO books_by_prefix (rowid, name, author, category)"
  "    VALUES (NEW.seq, NEW.name, NEW.author, NEW.category);"
  "END;"
  "INSERT INTO books_by_stem (books_by_stem) VALUES ('rebuild');"
  "INSERT INTO books_by_prefix (books_by_prefix) VALUES ('rebuild');",

  /* 4: the social graph and the best-seller leaderboard */
  /* A friendship is mutual: one row each way, written and removed together. */
  "CREATE TABLE friendships ("
  "  customer_id TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,"
  "  friend_id TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,"
  "  since INTEGER NOT NULL,"
  "  PRIMARY KEY (customer_id, friend_id),"
  "  CHECK (customer_id <> friend_id)"
  ") WITHOUT ROWID;"
  /* Requests name the username as typed, so that whether it exists is never shown. */
  "CREATE TABLE friend_requests ("
  "  request_id TEXT PRIMARY KEY,"
  "  from_customer TEXT NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,"
  "  to_username TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (from_customer, to_username)"
  ") WITHOUT ROWID;"
  "CREATE INDEX friend_requests_by_target ON friend_requests (to_username);"
  "CREATE TABLE bestsellers ("
  "  book_id TEXT PRIMARY KEY,"
  "  quantity INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT INTO meta (key, value) VALUES ('bestsellers_offset', '0');",

  /* 5: search in one index. Each word is in it by stem and, at the same position, as
   * written (bs-search-tokenizer.c), so that one FTS5 query matches whole words and the
   * prefix of the last word, and intersects them itself: with two indexes, every hit of
   * every word was scored before the books holding all of them were known. And the
   * first answers to one-word searches with too many hits to rank quickly, worked out
   * once per catalog version (bs-store-search-answers.c). */
  "DROP TRIGGER books_search_insert;"
  "DROP TRIGGER books_search_delete;"
  "DROP TRIGGER books_search_update;"
  "DROP TABLE books_by_stem;"
  "DROP TABLE books_by_prefix;"
  "CREATE VIRTUAL TABLE books_by_word USING fts5 ("
  "  name, author, category, content = 'books', content_rowid = 'seq',"
  "  tokenize = 'bs_words', prefix = '3 4');"   /* the mark and 2 or 3 characters */
  "CREATE TRIGGER books_search_insert AFTER INSERT ON books BEGIN"
  "  INSERT INTO books_by_word (rowid, name, author, category)"
  "    VALUES (NEW.seq, NEW.name, NEW.author, NEW.category);"
  "END;"
  "CREATE TRIGGER books_search_delete AFTER DELETE ON books BEGIN"
  "  INSERT INTO books_by_word (books_by_word, rowid, name, author, category)"
  "    VALUES ('delete', OLD.seq, OLD.name, OLD.author, OLD.category);"
  "END;"
  "CREATE TRIGGER books_search_update AFTER UPDATE OF name, author, category ON books BEGIN"
  "  INSERT INTO books_by_word (books_by_word, rowid, name, author, category)"
  "    VALUES ('delete', OLD.seq, OLD.name, OLD.author, OLD.category);"
  "  INSERT INTO books_by_word (rowid, name, author, category)"
  "    VALUES (NEW.seq, NEW.name, NEW.author, NEW.category);"
  "END;"
  "INSERT INTO books_by_word (books_by_word) VALUES ('rebuild');"
  "CREATE VIRTUAL TABLE books_by_word_terms USING fts5vocab (books_by_word, row);"
  "CREATE TABLE search_answers ("
  "  word TEXT NOT NULL,"                   /* ASCII, lower-case, as the index folds it */
  "  rank INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  PRIMARY KEY (word, rank)"
  ") WITHOUT ROWID;"
  "INSERT INTO meta (key, value) VALUES ('search_answers_version', '0');",

  /* 6: sign-in attempts, counted in the database as every engine does (bs-store.c) */
  "CREATE TABLE signin_attempts ("
  "  attempt_seq INTEGER PRIMARY KEY,"
  "  scope TEXT NOT NULL,"                  /* 'user' or 'address' */
  "  key TEXT NOT NULL,"
  "  at_ms INTEGER NOT NULL,"               /* milliseconds since the epoch */
  "  pending_until_ms INTEGER"              /* while its verdict is awaited; NULL once failed */
  ");"
  "CREATE INDEX signin_attempts_by_key ON signin_attempts (scope, key, at_ms);"
  "CREATE INDEX signin_attempts_by_time ON signin_attempts (at_ms);",
};

static int
read_user_version (BsStore  *self,
                   GError  **error)
{
  g_autoptr(BsStatement) statement = bs_sqlite_prepare (self, "PRAGMA user_version", error);

  if (statement == NULL)
    return -1;
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      bs_sqlite_fail (self, error);
      return -1;
    }
  return sqlite3_column_int (statement, 0);
}

gboolean
bs_sqlite_schema_migrate (BsStore  *self,
                          GError  **error)
{
  const int latest = G_N_ELEMENTS (migrations);
  int version;

  if (!bs_store_begin (self, error))
    return FALSE;

  version = read_user_version (self, error);
  if (version < 0)
    goto fail;
  if (version > latest)
    {
      g_set_error (error, BS_STORE_ERROR, BS_STORE_ERROR_TOO_NEW,
                   "The database was made by a newer Bookstore (schema %d; this one knows %d)",
                   version, latest);
      goto fail;
    }

  for (; version < latest; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!bs_sqlite_exec (self, migrations[version], error) ||
          !bs_sqlite_exec (self, set_version, error))
        {
          g_prefix_error (error, "Migration %d failed: ", version + 1);
          goto fail;
        }
    }

  if (!bs_store_ensure_server_id (self, error))
    goto fail;
  return bs_store_commit (self, error);

fail:
  bs_store_rollback (self);
  return FALSE;
}
