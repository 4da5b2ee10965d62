#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""./build-aux/dev bench service [--quick]: bookstore-server under wrk, beside its peers.

For each catalog (the demo's 84 books, then 100,000 more generated ones) and each route,
wrk (32 connections, pinned to CPU 0) measures, in one run and interleaved round by
round:
  ours      bookstore-server, one listener thread, pinned to CPU 1;
  ceiling   tests/bench-ceiling: bare SoupServer threads in the same layout answering
            the same bytes as constants (libsoup's own limit on this machine);
  nginx     the same bytes as static files, one worker;
  json-srv  json-server 0.17 (npm) on the same catalog, where it has the route.
and then, ours alone (the others have no carts), a cart + checkout mix: 32 customers
signed in beforehand, each adding a book to its cart and checking out with an
Idempotency-Key in turn (every checkout a synchronous=FULL commit).
It prints medians of requests per second and of p99 latency, and the ratios to ours.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

WRK_CONNECTIONS = 32
SERVER_CPU = "1"
LOAD_CPU = "0"
JSON_SERVER_VERSION = "0.17.4"

# label, our path, json-server's equivalent (None: it has none)
ROUTES = [
    ("GET /api/books/{id}", "/api/books/b1", "/books/b1"),
    ("GET /api/books?category=…", "/api/books?category=Cookbooks&limit=20",
     "/books?category=Cookbooks&_limit=20"),
    ("GET /api/categories", "/api/categories", "/categories"),
    ("GET /api/search?q=…", "/api/search?q=cook&limit=20", "/books?q=cook&_limit=20"),
    ("GET cover", "/api/getImage?bookId=b1", None),
]
SYSTEMS = ["ours", "ceiling", "nginx", "json-srv"]
MIX_LABEL = "POST cart + checkout, mixed"

# wrk's Lua: request n goes to customer n mod 32, which adds a book on its even turns
# and checks out on its odd ones, with a key of its own. A customer's checkout follows
# its add by 32 requests, so the add has almost always been answered.
MIX_SCRIPT = """
local tokens = {%(tokens)s}
local sent = 0
request = function()
  local customer = sent %% #tokens + 1
  local turn = math.floor(sent / #tokens)
  local headers = { ["Authorization"] = "Bearer " .. tokens[customer],
                    ["Content-Type"] = "application/json" }
  sent = sent + 1
  if turn %% 2 == 0 then
    return wrk.format("POST", "/api/cart", headers,
                      string.format('{"bookId":"b%%d","quantity":1}', sent %% 84 + 1))
  end
  headers["Idempotency-Key"] = "%(run)s-" .. sent
  return wrk.format("POST", "/api/orders", headers)
end
"""


def log(text):
    print(text, file=sys.stderr, flush=True)


def pinned(cpu, argv):
    return ["taskset", "-c", cpu] + argv if os.cpu_count() and os.cpu_count() > 1 else argv


def start_printing_url(argv, **kwargs):
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, **kwargs)
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.kill()
        sys.exit(f"{argv[0]} did not start")
    return process, url


def wait_until_answering(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"Nothing answers at {url}")


def fetch(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as reply:
        return reply.read(), reply.headers.get("Content-Type", "application/octet-stream")


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process):
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wrk(url, seconds, script=None):
    """Requests per second, p99 in ms, and the share of answers that failed (not 2xx,
    or a socket error such as a timeout)."""
    out = subprocess.run(pinned(LOAD_CPU, ["wrk", "-t1", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s",
                                           "--latency"] + (["-s", script] if script else []) + [url]),
                         capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    not_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failures = (int(not_2xx.group(1)) if not_2xx else 0) + \
        (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0)
    failed = failures / max(total, 1)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, p99, failed


def json_server_binary(cache):
    binary = os.path.join(cache, "node_modules", ".bin", "json-server")
    if not os.path.exists(binary):
        log(f"Installing json-server {JSON_SERVER_VERSION} from npm into {cache}")
        os.makedirs(cache, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", cache,
                        f"json-server@{JSON_SERVER_VERSION}"], check=True)
    return binary


def signed_in_tokens(url, count):
    """Session tokens of @count new customers (their Argon2id hashing is not measured)."""
    tokens = []
    for _ in range(count):
        credentials = json.dumps({"username": f"mix-{uuid.uuid4().hex[:12]}@example.com",
                                  "password": "bench-password"}).encode()
        for route in ("/api/signup", "/api/signin"):
            request = urllib.request.Request(url + route, credentials, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as reply:
                answer = json.loads(reply.read())
        tokens.append(answer["message"][0])
    return tokens


def mix_script(directory, tokens):
    path = os.path.join(directory, f"mix-{uuid.uuid4().hex[:8]}.lua")
    with open(path, "w") as f:
        f.write(MIX_SCRIPT % {"tokens": ", ".join(f'"{token}"' for token in tokens),
                              "run": uuid.uuid4().hex})
    return path


class Peers:
    """The ceiling, nginx and json-server, serving what @ours answered."""

    def __init__(self, build_dir, work, ours_url, json_server):
        self.processes = []
        self.urls = {}
        static = os.path.join(work, "static")
        os.makedirs(static, exist_ok=True)
        index = []
        nginx_map = []
        for i, (_, path, _) in enumerate(ROUTES):
            body, content_type = fetch(ours_url + path)
            name = f"r{i}." + ("png" if content_type.startswith("image/png") else
                               "jpg" if content_type.startswith("image/jpeg") else "json")
            with open(os.path.join(static, name), "wb") as f:
                f.write(body)
            index.append(f"{path}\t{content_type}\t{os.path.join('static', name)}")
            nginx_map.append(f'    "{path}" /{name};')
        with open(os.path.join(work, "index.txt"), "w") as f:
            f.write("\n".join(index) + "\n")

        ceiling, url = start_printing_url(pinned(SERVER_CPU, [os.path.join(build_dir, "tests", "bench-ceiling"),
                                                              os.path.join(work, "index.txt"), "1"]))
        self.processes.append(ceiling)
        self.urls["ceiling"] = url

        port = free_port()
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  map_hash_bucket_size 256;
  types {{ application/json json; image/png png; image/jpeg jpg; }}
  map $request_uri $file {{
{chr(10).join(nginx_map)}
    default /none;
  }}
  server {{
    listen 127.0.0.1:{port};
    root {static};
    location / {{ try_files $file =404; }}
  }}
}}
""")
        with open(os.path.join(work, "nginx-stderr.log"), "w") as errors:
            self.processes.append(subprocess.Popen(pinned(SERVER_CPU, ["nginx", "-c", conf, "-p", work]),
                                                   stderr=errors))
        self.urls["nginx"] = f"http://127.0.0.1:{port}"
        wait_until_answering(self.urls["nginx"] + ROUTES[0][1])

        books, _ = fetch(ours_url + "/api/books")
        categories, _ = fetch(ours_url + "/api/categories")
        db = {"books": [dict(book, id=book["bookId"]) for book in json.loads(books)],
              "categories": [dict(category, id=i) for i, category in enumerate(json.loads(categories))]}
        with open(os.path.join(work, "db.json"), "w") as f:
            json.dump(db, f)
        port = free_port()
        self.processes.append(subprocess.Popen(
            pinned(SERVER_CPU, [json_server, "--quiet", "--host", "127.0.0.1", "--port", str(port),
                                os.path.join(work, "db.json")]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self.urls["json-srv"] = f"http://127.0.0.1:{port}"
        wait_until_answering(self.urls["json-srv"] + ROUTES[0][2])

    def stop(self):
        for process in self.processes:
            stop(process)


def measure_catalog(name, build_dir, work, db, rounds, seconds, json_server):
    server = os.path.join(build_dir, "src", "bookstore-server")
    ours, ours_url = start_printing_url(pinned(SERVER_CPU, [server, "--db", db, "--port", "0",
                                                            "--threads", "1"]))
    peers = Peers(build_dir, os.path.join(work, name), ours_url, json_server)
    urls = dict(peers.urls, ours=ours_url)
    figures = {(label, system): [] for label in [route[0] for route in ROUTES] + [MIX_LABEL]
               for system in SYSTEMS}
    tokens = signed_in_tokens(ours_url, WRK_CONNECTIONS)
    try:
        for round_number in range(rounds):
            log(f"{name}: round {round_number + 1} of {rounds}")
            for label, path, json_path in ROUTES:
                for system in SYSTEMS:
                    target = json_path if system == "json-srv" else path
                    if target is None:
                        continue
                    figures[(label, system)].append(wrk(urls[system] + target, seconds))
                    # A server still working off requests wrk gave up on (json-server,
                    # on a big catalog) would slow the next one on its CPU: wait for it.
                    probe = ROUTES[0][2] if system == "json-srv" else ROUTES[0][1]
                    fetch(urls[system] + probe, timeout=300)
            figures[(MIX_LABEL, "ours")].append(
                wrk(ours_url, seconds, mix_script(work, tokens)))
    finally:
        peers.stop()
        stop(ours)
    return figures


def median(values):
    return statistics.median(values) if values else None


def table(name, figures):
    lines = [f"\n{name}: requests/s (p99 ms), medians; × is ours ÷ theirs in requests/s; "
             "[n %] that share of answers failed (timeouts, errors)\n",
             "| route | ours | ceiling | ours ÷ ceiling | nginx | ours ÷ nginx | json-server | ours ÷ json-server |",
             "|---|---|---|---|---|---|---|---|"]
    for label in [route[0] for route in ROUTES] + [MIX_LABEL]:
        cells = [label]
        ours_rate = median([r for r, _, _ in figures[(label, "ours")]])
        for system in SYSTEMS:
            rates = [r for r, _, _ in figures[(label, system)]]
            p99s = [p for _, p, _ in figures[(label, system)]]
            if not rates:
                cells.append("—")
                if system != "ours":
                    cells.append("—")
                continue
            failed_share = max(f for _, _, f in figures[(label, system)])
            failed = f" [{failed_share * 100:.2g} %]" if failed_share > 0 else ""
            cells.append(f"{median(rates):,.0f} ({median(p99s):.2f}){failed}")
            if system != "ours":
                cells.append(f"{ours_rate / median(rates):.2f}×" if ours_rate else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("--quick", action="store_true", help="3 rounds of 3 s each")
    parser.add_argument("--books", type=int, default=100000, help="generated books for the big catalog")
    args = parser.parse_args()
    rounds, seconds = (3, 3) if args.quick else (5, 10)
    for tool in ("wrk", "nginx", "npm", "taskset"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: ./build-aux/dev deps installs it")
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "bookstore-bench")
    json_server = json_server_binary(cache)
    server = os.path.join(args.build_dir, "src", "bookstore-server")

    with tempfile.TemporaryDirectory(prefix="bookstore-bench-") as work:
        # nginx started as root serves as nobody: the files must be readable to all.
        os.chmod(work, 0o755)
        demo = os.path.join(work, "demo.db")
        subprocess.run([server, "--db", demo, "--demo", "--exit"], check=True)
        big = os.path.join(work, "big.db")
        shutil.copy(demo, big)
        log(f"Generating {args.books} books")
        subprocess.run([server, "--db", big, "--synthetic", str(args.books), "--exit"], check=True)

        print(f"wrk -t1 -c{WRK_CONNECTIONS}, {rounds} rounds of {seconds} s; servers on CPU {SERVER_CPU}, "
              f"wrk on CPU {LOAD_CPU}; {os.cpu_count()} CPUs")
        for name, db in (("demo catalog (84 books)", demo), (f"{args.books + 84} books", big)):
            figures = measure_catalog(name.split(" ")[0], args.build_dir, work, db, rounds, seconds,
                                      json_server)
            print(table(name, figures), flush=True)


if __name__ == "__main__":
    main()
