#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up, as a new user meets it: exec to the first painted frame of the window.

Side by side in one run, interleaved so that a noisy machine treats all alike:
  - a bare libadwaita window (tests/bench-bare-window), the yardstick;
  - Bookstore's first run, on a fresh data folder (it seeds its built-in shop);
  - Bookstore's warm start, on a folder it used before.
Each program prints the CLOCK_MONOTONIC time of its first frame (BOOKSTORE_BENCH=window)
and quits; the time from exec to that frame is taken, and the median of the rounds
reported, with its ratio to the bare window. Also: first frame to exit, which is how
long quitting holds the process. Run under a display and a session bus (the dev script
does both)."""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import tempfile
import time

spec = importlib.util.spec_from_file_location(
    "bench_app", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-app.py"))
bench_app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_app)


def run_once(command, home, shop):
    """Runs @command as a user whose home (font and shader caches) is @home, and whose
    Bookstore data and saved pages are in @shop: a fresh @shop is a first run."""
    env = bench_app.app_environment(home, shop, True)
    env["BOOKSTORE_BENCH"] = "window"
    started = time.monotonic_ns() // 1000
    process = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    ended = time.monotonic_ns() // 1000
    frames = [line.split()[1] for line in process.stdout.splitlines() if line.startswith("first-frame ")]
    if process.returncode != 0 or not frames:
        raise SystemExit(f"{command[0]} did not show a frame:\n{process.stdout}{process.stderr}")
    painted = int(frames[0])
    return (painted - started) / 1000, (ended - painted) / 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--verbose", action="store_true", help="print every run")
    args = parser.parse_args()

    bare = [os.path.join(args.build_dir, "tests", "bench-bare-window")]
    app = [os.path.join(args.build_dir, "src", "bookstore")]
    scratch = tempfile.mkdtemp(prefix="bookstore-bench-")
    home = os.path.join(scratch, "home")
    warm_shop = os.path.join(scratch, "warm")
    os.makedirs(home)
    os.makedirs(warm_shop)
    try:
        # Warm-ups, not counted: the session's accessibility bus, the user's font and
        # shader caches (a new Bookstore user has used their desktop before), and the
        # warm start's shop, seeded once.
        run_once(bare, home, warm_shop)
        run_once(app, home, warm_shop)
        results = {"bare": [], "first": [], "warm": []}
        for round_number in range(args.rounds):
            first_shop = os.path.join(scratch, f"first-{round_number}")
            os.makedirs(first_shop)
            results["bare"].append(run_once(bare, home, warm_shop))
            results["first"].append(run_once(app, home, first_shop))
            results["warm"].append(run_once(app, home, warm_shop))
            if args.verbose:
                print(f"round {round_number + 1}: " +
                      ", ".join(f"{key} {results[key][-1][0]:.0f} ms" for key in results))
            shutil.rmtree(first_shop)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    base = statistics.median(frame for frame, _ in results["bare"])
    print(f"Start-up: exec to the first painted frame, median of {args.rounds} interleaved rounds")
    print(f"{'':28} {'first frame':>12} {'× bare':>8} {'frame → exit':>14}")
    for key, title in (("bare", "bare libadwaita window"), ("first", "Bookstore, first run"),
                       ("warm", "Bookstore, warm start")):
        frame = statistics.median(frame for frame, _ in results[key])
        exit_ = statistics.median(gone for _, gone in results[key])
        print(f"{title:28} {frame:9.0f} ms {frame / base:7.2f}× {exit_:11.0f} ms")


if __name__ == "__main__":
    main()
