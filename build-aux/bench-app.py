#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""./build-aux/dev bench app [--quick]: the app on big catalogs, as its users meet it.

Two built-in shops are made once per run: the demo's and 10,000 or 100,000 generated
books more (`bookstore-server --synthetic`), each started once by the app so that its
catalog snapshot and the covers it shows are cached (a warm start). Then, interleaved
round by round with a bare libadwaita window (tests/bench-bare-window) as the
yardstick, each is started with BOOKSTORE_BENCH=covers, which prints when the first
frame is painted, when a frame is painted with the catalog in and its covers shown
(none still on its way), the books in the catalog and the resident memory then.
Reported: medians of exec → covers shown and its ratio to the bare window's exec →
first frame, and memory per book over the bare window's.

Then, on the 10,000-book shop, BOOKSTORE_BENCH=add-to-cart adds 30 books one at a time
through the tiles' action (from the action to the painted frame showing the new cart
line; p50 and p99 of all rounds), and BOOKSTORE_BENCH=scroll scrolls Browse's grid
from top to end evenly through 600 frames while its covers come (the longest time between
two painted frames; median of the rounds), beside tests/bench-label-grid, the same grid
of plain labels scrolled the same way. Run under a display and a session bus (the dev
script does both)."""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import tempfile
import time

SIZES = (10_000, 100_000)


def app_environment(home, shop, bench):
    env = dict(os.environ)
    env.update({
        "HOME": home,
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(shop, "data"),
        "BOOKSTORE_CACHE_DIR": os.path.join(shop, "cache"),
        "GSETTINGS_BACKEND": "memory",
    })
    if bench:
        env["BOOKSTORE_BENCH"] = "covers"
    return env


def run_app(command, home, shop, mode="covers", timeout=180):
    """Runs @command as a user whose home (font and shader caches) is @home and whose
    Bookstore data and caches are in @shop, with BOOKSTORE_BENCH=@mode; returns what the
    hook printed (a list for what it printed more than once), with "exec" the start on
    the same clock."""
    env = app_environment(home, shop, True)
    env["BOOKSTORE_BENCH"] = mode
    started = time.monotonic_ns() // 1000
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    figures = {"exec": started}
    for line in process.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("first-frame", "covers-frame", "books", "rss-kb", "frames"):
            figures[key] = int(value)
        elif key in ("add-to-cart-ms", "longest-frame-ms"):
            figures.setdefault(key, []).append(float(value))
    expected = {"covers": "rss-kb", "add-to-cart": "add-to-cart-ms", "scroll": "longest-frame-ms"}[mode]
    if process.returncode != 0 or expected not in figures:
        raise SystemExit(f"{command[0]} did not finish ({mode}):\n{process.stdout}{process.stderr}")
    return figures


def keep_catalog(app, home, shop, books, timeout=180):
    """Runs the app until it has kept a snapshot of a catalog of @books books."""
    process = subprocess.Popen(app, env=app_environment(home, shop, False),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            # Written whole and renamed into place: once there at its size, it is whole.
            sizes = [os.path.getsize(path) for path in
                     glob.glob(os.path.join(shop, "cache", "servers", "*", "catalog.snapshot"))]
            if sizes and max(sizes) > books * 40:
                return
            time.sleep(0.2)
        raise SystemExit(f"The app kept no catalog of {books:,} books in {timeout} s")
    finally:
        process.terminate()
        process.wait()


def make_shop(app, server, home, shop, books):
    """A built-in shop with @books generated books more than the demo, started once."""
    run_app(app, home, shop)
    databases = glob.glob(os.path.join(shop, "data", "*", "bookstore.db"))
    if len(databases) != 1:
        raise SystemExit(f"The app made no single database in {shop}: {databases}")
    subprocess.run([server, "--db", databases[0], "--synthetic", str(books), "--exit"], check=True,
                   stderr=subprocess.DEVNULL)
    keep_catalog(app, home, shop, books)
    # The first start with the catalog draws the covers it shows; the next finds them
    # in its caches.
    for _ in range(2):
        figures = run_app(app, home, shop)
    if figures["books"] < books:
        raise SystemExit(f"The app started with {figures['books']:,} books, not {books:,}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir")
    parser.add_argument("--quick", action="store_true", help="3 rounds (else 7)")
    args = parser.parse_args()
    rounds = 3 if args.quick else 7

    bare = [os.path.join(args.build_dir, "tests", "bench-bare-window")]
    label_grid = [os.path.join(args.build_dir, "tests", "bench-label-grid")]
    app = [os.path.join(args.build_dir, "src", "bookstore")]
    server = os.path.join(args.build_dir, "src", "bookstore-server")
    scratch = tempfile.mkdtemp(prefix="bookstore-bench-app-")
    home = os.path.join(scratch, "home")
    os.makedirs(home)
    try:
        run_app(bare, home, os.path.join(scratch, "bare"))
        shops = {}
        for books in SIZES:
            shops[books] = os.path.join(scratch, f"shop-{books}")
            print(f"Making a shop of {books:,} books more than the demo", flush=True)
            make_shop(app, server, home, shops[books], books)
        results = {"bare": [], "adds": [], "scroll": [], "labels-scroll": []} | {books: [] for books in SIZES}
        for round_number in range(rounds):
            print(f"round {round_number + 1} of {rounds}", flush=True)
            results["bare"].append(run_app(bare, home, os.path.join(scratch, "bare")))
            for books in SIZES:
                results[books].append(run_app(app, home, shops[books]))
                if results[books][-1]["books"] < books:
                    raise SystemExit(f"A warm start showed {results[books][-1]['books']:,} books, not {books:,}")
            results["adds"] += run_app(app, home, shops[SIZES[0]], "add-to-cart")["add-to-cart-ms"]
            results["labels-scroll"] += run_app(label_grid, home, os.path.join(scratch, "bare"),
                                                "scroll")["longest-frame-ms"]
            results["scroll"] += run_app(app, home, shops[SIZES[0]], "scroll")["longest-frame-ms"]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    def median_of(key, figure):
        return statistics.median(figure(run) for run in results[key])

    bare_frame = median_of("bare", lambda run: (run["first-frame"] - run["exec"]) / 1000)
    bare_rss = median_of("bare", lambda run: run["rss-kb"])
    print(f"\nThe app on a warm start, medians of {rounds} interleaved rounds\n")
    print("| shop | books in the catalog | exec → first frame | exec → covers shown | × bare window's first frame "
          "| resident memory | over the bare window, per book |")
    print("|---|---|---|---|---|---|---|")
    print(f"| bare libadwaita window | — | {bare_frame:.0f} ms | — | 1.00× | {bare_rss / 1024:.0f} MB | — |")
    for books in SIZES:
        count = median_of(books, lambda run: run["books"])
        frame = median_of(books, lambda run: (run["first-frame"] - run["exec"]) / 1000)
        covers = median_of(books, lambda run: (run["covers-frame"] - run["exec"]) / 1000)
        rss = median_of(books, lambda run: run["rss-kb"])
        print(f"| {books:,} generated + the demo | {count:,.0f} | {frame:.0f} ms | {covers:.0f} ms "
              f"| {covers / bare_frame:.2f}× | {rss / 1024:.0f} MB | {(rss - bare_rss) * 1024 / count:,.0f} B |")
    small, big = SIZES
    marginal = (median_of(big, lambda run: run["rss-kb"]) - median_of(small, lambda run: run["rss-kb"])) * 1024
    added = median_of(big, lambda run: run["books"]) - median_of(small, lambda run: run["books"])
    print(f"\nEach book past {small:,}: {marginal / added:,.0f} B of resident memory "
          f"(targets: covers shown ≤ 1.5× the bare window at 10k; ≤ 0.5 KB a book)")
    adds = sorted(results["adds"])
    p99 = adds[max(0, -(-len(adds) * 99 // 100) - 1)]
    print(f"\nAdd to cart on {small:,} books, action → painted frame with the new line: "
          f"p50 {statistics.median(adds):.1f} ms, p99 {p99:.1f} ms over {len(adds)} adds (target p99 ≤ 50 ms)")
    scroll = statistics.median(results["scroll"])
    labels = statistics.median(results["labels-scroll"])
    print(f"Scrolling Browse's grid through 600 frames, longest time between painted frames, median of "
          f"{rounds}: the app on {small:,} books with covers {scroll:.1f} ms, the same grid of plain "
          f"labels {labels:.1f} ms ({scroll / labels:.2f}×; target ≤ 1.5×)")


if __name__ == "__main__":
    main()
