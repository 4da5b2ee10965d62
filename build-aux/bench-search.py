#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""./build-aux/dev bench search [--quick] [--books N] [--postgres]: search on a million generated books.

The catalog is `bookstore-server --synthetic N` (titles of 2-8 words drawn with Zipf's
law from 50,000 words; authors from 2,000 x 5,000 names), imported once and kept in the
bench cache, keyed by the sources that shape it. The query set comes from that catalog:
the 3 commonest title words, 3 of rank ~1,000 and 3 of rank ~40,000, 3 two-letter and
3 three-letter prefixes of common words, 3 two-word phrases and 3 author surnames from
randomly chosen books (seeded). Each query asks for limit=20.

Measured side by side, round by round (the server on CPU 1, this script on CPU 0):
  ours       bookstore-server as it serves
  every hit  the same server on a copy of the database whose kept answers are stale,
             so that every hit of every query is ranked: the exhaustive evaluation of
             the same ranking; its top 20 must be ours
  naive      FTS5 alone, from Python, in one stemmed index with prefixes (made in the
             cached catalog): every word, the last one as a prefix, ORDER BY bm25 LIMIT 20

With --postgres (run inside tests/run-with-postgres.sh, as ./build-aux/dev does), the same
books are imported into that throwaway PostgreSQL (a few minutes, every run), and the same
query set is measured side by side on one SQLite node and one PostgreSQL node, both with
the query budget they serve with. PostgreSQL's ranking among hits that are not the exact
phrase is its own (ts_rank, not BM25), so the top 20 are compared and counted, not
required to be equal.
"""

import argparse
import hashlib
import http.client
import importlib.util
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter

spec = importlib.util.spec_from_file_location(
    "bench_service", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-service.py"))
bench_service = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_service)

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHAPING_SOURCES = ["src/server/catalog/bs-synthetic-catalog.c", "src/server/store/sqlite/bs-sqlite-search-answers.c",
                   "src/server/store/sqlite/bs-sqlite-search.c", "src/server/store/sqlite/bs-sqlite-schema.c",
                   "src/server/store/sqlite/bs-search-query.c", "src/server/store/sqlite/bs-search-tokenizer.c",
                   "src/server/store/bs-search-words.c", "src/server/bs-server.c"]
LIMIT = 20
SEED = 14


def catalog_key(books):
    digest = hashlib.sha256(f"{books} {NAIVE_INDEX}".encode())
    for path in SHAPING_SOURCES:
        with open(os.path.join(TOP, path), "rb") as source:
            digest.update(source.read())
    return digest.hexdigest()[:12]


def imported_catalog(server, cache, books):
    """The path of the imported catalog, importing it first if the cache has none."""
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, f"search-{books}-{catalog_key(books)}.db")
    if not os.path.exists(path):
        for stale in os.listdir(cache):
            if stale.startswith(f"search-{books}-"):
                os.remove(os.path.join(cache, stale))
        bench_service.log(f"importing {books:,} books once (some minutes for a million)")
        partial = path + ".partial"
        started = time.monotonic()
        subprocess.run([server, "--db", partial, "--synthetic", str(books), "--exit"], check=True)
        db = sqlite3.connect(partial)
        db.executescript(NAIVE_INDEX)
        db.execute("PRAGMA journal_mode = DELETE")
        db.close()
        os.remove(partial + ".lock")
        os.rename(partial, path)
        bench_service.log(f"imported in {time.monotonic() - started:.0f} s")
    return path


def title_words(name):
    return re.findall(r"[a-z0-9]+", name.lower())


def query_set(db_path):
    """(kind, text) pairs, drawn from the catalog itself."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        names = [row[0] for row in db.execute("SELECT name FROM books")]
        authors = [row[0] for row in db.execute("SELECT author FROM books")]
    counts = Counter(word for name in names for word in title_words(name))
    ranked = [word for word, _ in counts.most_common()]
    rng = random.Random(SEED)
    long_common = [word for word in ranked[:60] if len(word) >= 5]
    queries = [("commonest word", word) for word in ranked[:3]]
    queries += [("word of rank ~1,000", word) for word in ranked[999:1002]]
    queries += [("word of rank ~40,000", word) for word in ranked[39999:40002]]
    two = list(dict.fromkeys(word[:2] for word in long_common))[:3]
    three = list(dict.fromkeys(word[:3] for word in long_common if word[:2] not in two))[:3]
    queries += [("two-letter prefix", prefix) for prefix in two]
    queries += [("three-letter prefix", prefix) for prefix in three]
    phrases = []
    while len(phrases) < 3:
        words = rng.choice(names).split()
        start = rng.randrange(len(words) - 1)
        phrases.append(" ".join(words[start:start + 2]))
    queries += [("two words of a title", phrase) for phrase in phrases]
    queries += [("author surname", rng.choice(authors).split()[-1]) for _ in range(3)]
    return queries


class Searcher:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=600)

    def search(self, text):
        path = f"/api/search?q={urllib.parse.quote(text)}&limit={LIMIT}"
        started = time.perf_counter()
        self.connection.request("GET", path)
        reply = self.connection.getresponse()
        body = reply.read()
        elapsed = (time.perf_counter() - started) * 1000
        if reply.status != 200:
            sys.exit(f"{path}: {reply.status} {body[:200]!r}")
        return elapsed, [book["bookId"] for book in json.loads(body)]


NAIVE_INDEX = ("CREATE VIRTUAL TABLE naive_fts USING fts5 (name, author, category, content = 'books',"
               " content_rowid = 'seq', tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');"
               "INSERT INTO naive_fts (naive_fts) VALUES ('rebuild');")


def naive_match(text):
    """Every word, the last one as a prefix: FTS5 syntax, as a first attempt would write it."""
    words = title_words(text)
    return " AND ".join([f'"{word}"' for word in words[:-1]] + [f'"{words[-1]}"*'])


class NaiveFts:
    """FTS5 ranking all its hits by bm25 alone, in one stemmed index with prefixes, as a
    first attempt would; the index is made in the cached catalog once."""

    def __init__(self, db_path):
        self.db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def search(self, text):
        sql = ("SELECT b.book_id FROM naive_fts f JOIN books b ON b.seq = f.rowid "
               "WHERE naive_fts MATCH ?1 ORDER BY bm25 (naive_fts, 10.0, 4.0, 1.0) LIMIT ?2")
        started = time.perf_counter()
        rows = self.db.execute(sql, (naive_match(text), LIMIT)).fetchall()
        return (time.perf_counter() - started) * 1000, [row[0] for row in rows]

    def count(self, text):
        return self.db.execute("SELECT count (*) FROM naive_fts WHERE naive_fts MATCH ?1",
                               (naive_match(text),)).fetchone()[0]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * share // 100) - 1))]


def measure(search, text, seconds, at_least=5):
    """Reply times in ms of @text, repeated for @seconds (at least @at_least times)."""
    times = []
    deadline = time.monotonic() + seconds
    while len(times) < at_least or time.monotonic() < deadline:
        elapsed, _ = search(text)
        times.append(elapsed)
    return times


def compare_engines(server, catalog, books, queries, rounds, seconds):
    """SQLite and PostgreSQL nodes side by side on the same books and queries."""
    location = os.environ.get("BOOKSTORE_TEST_POSTGRES")
    if not location:
        sys.exit("--postgres runs inside tests/run-with-postgres.sh (./build-aux/dev bench search --postgres)")
    bench_service.log(f"importing {books:,} books into PostgreSQL")
    started = time.monotonic()
    subprocess.run([server, "--db", location, "--synthetic", str(books), "--exit"], check=True)
    imported_s = time.monotonic() - started
    bench_service.log(f"imported in {imported_s:.0f} s")

    engines = {}
    with tempfile.TemporaryDirectory(prefix="bookstore-bench-search-") as work:
        sqlite_db = os.path.join(work, "sqlite.db")
        shutil.copyfile(catalog, sqlite_db)
        serve = ["--port", "0", "--threads", "1"]
        try:
            for name, db in (("SQLite", sqlite_db), ("PostgreSQL", location)):
                engines[name] = bench_service.start_printing_url(
                    bench_service.pinned("1", [server, "--db", db] + serve))
            if os.cpu_count() > 1:
                os.sched_setaffinity(0, {0})
            clients = {name: Searcher(url) for name, (_, url) in engines.items()}
            figures = {text: {name: [] for name in clients} for _, text in queries}
            same = {text: clients["SQLite"].search(text)[1] == clients["PostgreSQL"].search(text)[1]
                    for _, text in queries}
            for round_number in range(rounds):
                bench_service.log(f"round {round_number + 1} of {rounds}")
                for _, text in queries:
                    for name, client in clients.items():
                        figures[text][name] += measure(client.search, text, seconds / 2)
        finally:
            for process, _ in engines.values():
                bench_service.stop(process)

    print(f"\nSearch, {books:,} generated books, limit={LIMIT}, one node each (PostgreSQL itself "
          f"not pinned): reply times in ms, p50 / p99 over {rounds} rounds; import into "
          f"PostgreSQL {imported_s:.0f} s\n")
    print("| query | kind | SQLite p50 / p99 | PostgreSQL p50 / p99 | PostgreSQL / SQLite (p50) | same top 20 |")
    print("|---|---|---|---|---|---|")
    worst = {name: 0.0 for name in ("SQLite", "PostgreSQL")}
    for kind, text in queries:
        f = figures[text]
        cells = []
        for name in ("SQLite", "PostgreSQL"):
            p99 = percentile(f[name], 99)
            worst[name] = max(worst[name], p99)
            cells.append(f"{statistics.median(f[name]):.1f} / {p99:.1f}")
        ratio = statistics.median(f["PostgreSQL"]) / statistics.median(f["SQLite"])
        print(f"| {text} | {kind} | {cells[0]} | {cells[1]} | {ratio:.1f}× | {'yes' if same[text] else 'no'} |")
    print(f"\nWorst p99: SQLite {worst['SQLite']:.1f} ms, PostgreSQL {worst['PostgreSQL']:.1f} ms "
          f"(target: at most 50 ms on every query); same top 20 on {sum(same.values())} of {len(same)} queries")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("--quick", action="store_true", help="3 rounds of 1 s per query (else 5 of 2 s)")
    parser.add_argument("--books", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true",
                        help="SQLite and PostgreSQL side by side (inside tests/run-with-postgres.sh)")
    args = parser.parse_args()
    rounds, seconds = (3, 1.0) if args.quick else (5, 2.0)
    server = os.path.join(args.build_dir, "src", "bookstore-server")
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "bookstore-bench")

    catalog = imported_catalog(server, cache, args.books)
    queries = query_set(catalog)
    if args.postgres:
        compare_engines(server, catalog, args.books, queries, rounds, seconds)
        return
    with tempfile.TemporaryDirectory(prefix="bookstore-bench-search-") as work:
        ours_db = os.path.join(work, "ours.db")
        every_db = os.path.join(work, "every-hit.db")
        shutil.copyfile(catalog, ours_db)
        shutil.copyfile(catalog, every_db)
        with sqlite3.connect(every_db) as db:
            db.execute("UPDATE meta SET value = '-1' WHERE key = 'search_answers_version'")

        serve = ["--port", "0", "--threads", "1", "--search-budget", "600000"]
        ours, ours_url = bench_service.start_printing_url(
            bench_service.pinned("1", [server, "--db", ours_db] + serve))
        every, every_url = bench_service.start_printing_url(
            bench_service.pinned("1", [server, "--db", every_db] + serve))
        if os.cpu_count() > 1:
            os.sched_setaffinity(0, {0})
        try:
            ours_client, every_client = Searcher(ours_url), Searcher(every_url)
            naive = NaiveFts(catalog)
            figures = {text: {"ours": [], "every": [], "naive": []} for _, text in queries}
            same = {}
            for kind, text in queries:
                _, ours_top = ours_client.search(text)
                _, every_top = every_client.search(text)
                same[text] = ours_top == every_top
            for round_number in range(rounds):
                bench_service.log(f"round {round_number + 1} of {rounds}")
                for _, text in queries:
                    figures[text]["ours"] += measure(ours_client.search, text, seconds)
                    figures[text]["every"] += measure(every_client.search, text, seconds / 4, at_least=1)
                    figures[text]["naive"] += measure(naive.search, text, seconds / 4, at_least=1)
        finally:
            bench_service.stop(ours)
            bench_service.stop(every)

    print(f"\nSearch, {args.books:,} generated books, limit={LIMIT}: reply times in ms, "
          f"p50 / p99 over {rounds} rounds (\"every hit\" and \"naive\": p50 only, few samples)\n")
    print("| query | kind | books the naive query matches | ours p50 / p99 | every hit p50 | naive FTS5 p50 | top 20 as every hit |")
    print("|---|---|---|---|---|---|---|")
    worst = 0.0
    for kind, text in queries:
        f = figures[text]
        p99 = percentile(f["ours"], 99)
        worst = max(worst, p99)
        print(f"| {text} | {kind} | {naive.count(text):,} | {statistics.median(f['ours']):.1f} / {p99:.1f} "
              f"| {statistics.median(f['every']):.1f} | {statistics.median(f['naive']):.1f} "
              f"| {'yes' if same[text] else 'NO'} |")
    print(f"\nWorst p99: {worst:.1f} ms (target: at most 50 ms on every query); "
          f"top 20 identical on {sum(same.values())} of {len(same)} queries")
    if not all(same.values()):
        sys.exit("Our top 20 differs from ranking every hit")


if __name__ == "__main__":
    main()
