#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""./build-aux/dev bench nodes [--quick]: throughput of 1, 2 and 4 bookstore-server nodes
over one PostgreSQL database, next to one node on SQLite.

Runs beside a throwaway PostgreSQL (tests/run-with-postgres.sh starts it). Every shop is
the demo shop, and every configuration sits behind the same nginx (round robin, keep-alive
to the nodes), so that only the nodes and their database differ. wrk (32 connections)
measures, round by round interleaved, a read (GET /api/books/b1) and the cart + checkout
mix of the service benchmark (32 signed-in customers adding a book and checking out with
an Idempotency-Key in turn). Medians of requests per second and p99 latency, and the
ratio to the SQLite node.
"""

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench_service", os.path.join(HERE, "bench-service.py"))
service = importlib.util.module_from_spec(spec)
spec.loader.exec_module(service)

CONFIGURATIONS = [("SQLite, 1 node", "sqlite", 1), ("PostgreSQL, 1 node", "postgres", 1),
                  ("PostgreSQL, 2 nodes", "postgres", 2), ("PostgreSQL, 4 nodes", "postgres", 4)]
READ = ("GET /api/books/b1", "/api/books/b1")
MIX = "POST cart + checkout, mixed"


def new_postgres_database(name):
    maintenance = os.environ["BOOKSTORE_TEST_POSTGRES"]
    subprocess.run(["psql", "-q", maintenance, "-c", f"CREATE DATABASE {name}"], check=True)
    return maintenance.replace("/postgres?", f"/{name}?")


def nginx_in_front(work, urls):
    directory = tempfile.mkdtemp(dir=work)
    port = service.free_port()
    upstreams = "".join(f"    server {url.removeprefix('http://')};\n" for url in urls)
    with open(os.path.join(directory, "nginx.conf"), "w") as conf:
        conf.write(f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {directory}/body;
  proxy_temp_path {directory}/proxy;
  upstream nodes {{
{upstreams}    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://nodes;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }}
  }}
}}
""")
    process = subprocess.Popen(["nginx", "-p", directory, "-c", os.path.join(directory, "nginx.conf"),
                                "-g", "daemon off;"])
    url = f"http://127.0.0.1:{port}"
    service.wait_until_answering(url + "/api/health")
    return process, url


class Shop:
    """One configuration: its nodes, nginx in front, signed-in customers for the mix."""

    def __init__(self, build_dir, work, engine, n_nodes, index):
        server = os.path.join(build_dir, "src", "bookstore-server")
        if engine == "sqlite":
            db = os.path.join(work, f"shop{index}.db")
        else:
            db = new_postgres_database(f"shop{index}")
        # The first node seeds the demo shop; the others find it seeded.
        self.nodes = []
        urls = []
        for _ in range(n_nodes):
            process, url = service.start_printing_url([server, "--db", db, "--port", "0", "--demo"])
            self.nodes.append(process)
            urls.append(url)
        self.nginx, self.url = nginx_in_front(work, urls)
        self.mix = service.mix_script(work, service.signed_in_tokens(self.url, 32))

    def stop(self):
        service.stop(self.nginx)
        for node in self.nodes:
            service.stop(node)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds, seconds = (1, 3) if args.quick else (3, 8)
    if "BOOKSTORE_TEST_POSTGRES" not in os.environ:
        sys.exit("Run through tests/run-with-postgres.sh (./build-aux/dev bench nodes does)")

    work = tempfile.mkdtemp(prefix="bookstore-bench-nodes-")
    os.chmod(work, 0o755)
    shops = []
    try:
        for index, (label, engine, n_nodes) in enumerate(CONFIGURATIONS):
            service.log(f"Starting {label}")
            shops.append(Shop(args.build_dir, work, engine, n_nodes, index))
        figures = {(label, what): [] for label, _, _ in CONFIGURATIONS for what in (READ[0], MIX)}
        for round_number in range(rounds):
            for (label, _, _), shop in zip(CONFIGURATIONS, shops):
                service.log(f"Round {round_number + 1}/{rounds}: {label}")
                figures[(label, READ[0])].append(service.wrk(shop.url + READ[1], seconds))
                figures[(label, MIX)].append(service.wrk(shop.url + "/", seconds, shop.mix))
    finally:
        for shop in shops:
            shop.stop()
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nThroughput by configuration, medians of {rounds} interleaved round(s) of {seconds} s, "
          f"wrk with {service.WRK_CONNECTIONS} connections, nginx in front of every configuration")
    for what in (READ[0], MIX):
        print(f"\n{what}")
        print(f"  {'configuration':<22} {'req/s':>9} {'p99 ms':>8} {'failed':>7} {'vs SQLite':>10}")
        baseline = service.median([f[0] for f in figures[(CONFIGURATIONS[0][0], what)]])
        for label, _, _ in CONFIGURATIONS:
            runs = figures[(label, what)]
            rate = service.median([f[0] for f in runs])
            p99 = service.median([f[1] for f in runs])
            failed = max(f[2] for f in runs)
            print(f"  {label:<22} {rate:>9.0f} {p99:>8.1f} {failed:>6.1%} {rate / baseline:>9.2f}×")


if __name__ == "__main__":
    main()
