#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""./build-aux/dev bench checkout [--quick]: sustained checkouts, and how soon the best
sellers show one.

bookstore-server serves the demo catalog, pinned to CPU 1; every checkout commits with
synchronous=FULL. This script, pinned to CPU 0, first signs up and signs in its customers
(the Argon2id hashing is not measured), then:
  load  each customer on a kept connection of its own adds a random book to its cart and
        checks out with an Idempotency-Key, again and again; acknowledged orders per
        second, median of the rounds, and the p99 of a checkout's reply;
  bare  one-row SQLite transactions with synchronous=FULL in the same folder, between the
        rounds: the disk's own pace;
  lag   one checkout at a time, the time from its 201 to the best sellers showing the
        book's new quantity: GET /api/bestsellers polled back to back on another
        connection, and the frames of /api/bestsellers/live; p50 and p99.
"""

import argparse
import base64
import http.client
import importlib.util
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

spec = importlib.util.spec_from_file_location(
    "bench_service", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-service.py"))
bench_service = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_service)

CUSTOMERS = 16
LAG_BOOK = "b1"


class Customer:
    def __init__(self, host, port, number):
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        email = f"bench{number}-{uuid.uuid4().hex[:8]}@example.com"
        password = "bench-password"
        self.call("POST", "/api/signup", {"username": email, "password": password}, expect=201)
        self.token = self.call("POST", "/api/signin", {"username": email, "password": password})["message"][0]

    def call(self, method, path, body=None, expect=200, headers=None):
        all_headers = {"Content-Type": "application/json"}
        if getattr(self, "token", None):
            all_headers["Authorization"] = f"Bearer {self.token}"
        all_headers.update(headers or {})
        self.connection.request(method, path, json.dumps(body) if body is not None else None, all_headers)
        reply = self.connection.getresponse()
        data = reply.read()
        if reply.status != expect:
            sys.exit(f"{method} {path}: {reply.status} {data[:200]!r}")
        return json.loads(data) if data else None

    def checkout(self, book_id, quantity=1):
        self.call("POST", "/api/cart", {"bookId": book_id, "quantity": quantity})
        started = time.monotonic()
        self.call("POST", "/api/orders", expect=201, headers={"Idempotency-Key": uuid.uuid4().hex})
        return started, time.monotonic()


def load_round(customers, seconds):
    """Checkouts per second over @seconds, and each checkout's reply time in ms."""
    replies = [[] for _ in customers]
    deadline = time.monotonic() + seconds

    failures = []

    def shop(customer, mine):
        try:
            while time.monotonic() < deadline:
                started, acknowledged = customer.checkout(f"b{random.randint(1, 84)}")
                mine.append((acknowledged - started) * 1000)
        except BaseException as error:  # sys.exit in a thread ends only the thread
            failures.append(error)

    threads = [threading.Thread(target=shop, args=(c, r)) for c, r in zip(customers, replies)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(f"a customer's checkout failed: {failures[0]}")
    elapsed = time.monotonic() - started
    times = [t for mine in replies for t in mine]
    return len(times) / elapsed, times


def log_bad_frame(message, error):
    bench_service.log(f"/api/bestsellers/live sent what is not a board ({error}): {message[:200]!r}")


class LiveBoard:
    """/api/bestsellers/live over a plain socket: the time each frame came and the
    quantity it gave LAG_BOOK."""

    def __init__(self, port):
        self.frames = []
        self.changed = threading.Condition()
        self.socket = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall((f"GET /api/bestsellers/live HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                             "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                             f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.socket.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            sys.exit(f"/api/bestsellers/live: {head.splitlines()[0]!r}")
        threading.Thread(target=self.read, daemon=True).start()

    def exactly(self, n):
        data = b""
        while len(data) < n:
            chunk = self.socket.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def read(self):
        message = b""
        try:
            while True:
                first, second = self.exactly(2)
                length = second & 0x7F
                if length == 126:
                    length = int.from_bytes(self.exactly(2), "big")
                elif length == 127:
                    length = int.from_bytes(self.exactly(8), "big")
                payload = self.exactly(length)
                if first & 0x0F in (0x1, 0x0):
                    message += payload
                    if first & 0x80:
                        try:
                            board = json.loads(message)
                            quantity = next((b["quantity"] for b in board if b["bookId"] == LAG_BOOK), 0)
                        except (ValueError, KeyError, TypeError) as error:
                            log_bad_frame(message, error)
                            quantity = 0
                        message = b""
                        with self.changed:
                            self.frames.append((time.monotonic(), quantity))
                            self.changed.notify_all()
        except (EOFError, OSError):
            pass

    def wait_for(self, quantity, after, timeout=5):
        """When the first frame at or after @after showed at least @quantity (None: no
        such frame within @timeout)."""
        with self.changed:
            deadline = time.monotonic() + timeout
            while True:
                for at, shown in self.frames:
                    if at >= after and shown >= quantity:
                        return at
                if not self.changed.wait(deadline - time.monotonic()):
                    return None


def board_quantity(connection):
    connection.request("GET", "/api/bestsellers")
    board = json.loads(connection.getresponse().read())
    return next((b["quantity"] for b in board if b["bookId"] == LAG_BOOK), 0)


def measure_lag(customer, port, samples):
    poller = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # Enough copies at once that the book leads the board whatever the load bought.
    customer.checkout(LAG_BOOK, 99)
    time.sleep(0.5)
    live = LiveBoard(port)
    expected = board_quantity(poller)
    polled, pushed = [], []
    for _ in range(samples):
        sent, acknowledged = customer.checkout(LAG_BOOK)
        expected += 1
        give_up = time.monotonic() + 5
        while board_quantity(poller) < expected:
            if time.monotonic() > give_up:
                sys.exit("GET /api/bestsellers did not show a checkout within 5 s")
        polled.append((time.monotonic() - acknowledged) * 1000)
        # A frame may come before this side has read the 201: that is no lag at all.
        seen = live.wait_for(expected, sent)
        pushed.append(max(0.0, seen - acknowledged) * 1000 if seen is not None else float("inf"))
        time.sleep(0.02)
    return polled, pushed


def bare_sqlite_commits(work, seconds):
    """Commits per second of one-row transactions, WAL and synchronous=FULL, in the same
    folder: the disk's own pace, for comparison."""
    import sqlite3
    db = sqlite3.connect(os.path.join(work, "bare.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
    commits = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        db.execute("BEGIN")
        db.execute("INSERT INTO t VALUES (?)", (commits,))
        db.execute("COMMIT")
        commits += 1
    rate = commits / (time.monotonic() - started)
    db.close()
    return rate


def cpu_seconds(pid):
    """User and system CPU time of process @pid so far, all its threads."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, fraction):
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("--quick", action="store_true", help="3 rounds of 3 s, 50 lag samples")
    args = parser.parse_args()
    rounds, seconds, samples = (3, 3, 50) if args.quick else (5, 10, 200)
    if os.cpu_count() and os.cpu_count() > 1:
        os.sched_setaffinity(0, {int(bench_service.LOAD_CPU)})
    server = os.path.join(args.build_dir, "src", "bookstore-server")

    with tempfile.TemporaryDirectory(prefix="bookstore-bench-") as work:
        db = os.path.join(work, "shop.db")
        process, url = bench_service.start_printing_url(
            bench_service.pinned(bench_service.SERVER_CPU, [server, "--db", db, "--demo", "--port", "0"]))
        try:
            port = int(url.rsplit(":", 1)[1].split("/")[0])
            bench_service.log(f"Signing up {CUSTOMERS} customers")
            customers = [Customer("127.0.0.1", port, n) for n in range(CUSTOMERS)]
            rates, replies, bare, server_busy, load_busy = [], [], [], [], []
            for round_number in range(rounds):
                bench_service.log(f"checkouts: round {round_number + 1} of {rounds}")
                server_before, load_before, started = cpu_seconds(process.pid), time.process_time(), time.monotonic()
                rate, times = load_round(customers, seconds)
                elapsed = time.monotonic() - started
                server_busy.append((cpu_seconds(process.pid) - server_before) / elapsed)
                load_busy.append((time.process_time() - load_before) / elapsed)
                rates.append(rate)
                replies.extend(times)
                bare.append(bare_sqlite_commits(work, seconds))
            bench_service.log(f"lag: {samples} checkouts one at a time")
            polled, pushed = measure_lag(customers[0], port, samples)
        finally:
            bench_service.stop(process)

    print(f"\nCheckouts: {CUSTOMERS} customers on kept connections, {rounds} rounds of {seconds} s; "
          f"server on CPU {bench_service.SERVER_CPU}, load on CPU {bench_service.LOAD_CPU}\n")
    print("| figure | measured | target |")
    print("|---|---|---|")
    print(f"| checkouts/s (synchronous=FULL), median | {statistics.median(rates):,.0f} | ≥ 1,000 |")
    print(f"| bare SQLite commits/s (WAL, synchronous=FULL, same folder), median | "
          f"{statistics.median(bare):,.0f} | |")
    print(f"| CPU busy during the load: server / this script, median | "
          f"{statistics.median(server_busy):.0%} / {statistics.median(load_busy):.0%} | |")
    print(f"| checkout reply p50 / p99 | {percentile(replies, 0.5):.1f} / {percentile(replies, 0.99):.1f} ms | |")
    print(f"| 201 → GET /api/bestsellers shows it, p50 / p99 | "
          f"{percentile(polled, 0.5):.1f} / {percentile(polled, 0.99):.1f} ms | p99 ≤ 100 ms |")
    print(f"| 201 → /api/bestsellers/live frame shows it, p50 / p99 | "
          f"{percentile(pushed, 0.5):.1f} / {percentile(pushed, 0.99):.1f} ms | p99 ≤ 100 ms |")


if __name__ == "__main__":
    main()
