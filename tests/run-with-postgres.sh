#!/bin/sh
# Runs a command beside a throwaway PostgreSQL of its own: a cluster made with initdb in
# a temporary folder, listening only on a Unix socket there, stopped and removed at the
# end. The command finds it in BOOKSTORE_TEST_POSTGRES, a libpq URI of its maintenance
# database, and a script that restarts it in BOOKSTORE_TEST_POSTGRES_RESTART. Without PostgreSQL installed, says so as a skipped TAP test.
set -eu

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "1..0 # SKIP PostgreSQL is not installed (./build-aux/dev deps installs it)"
  exit 0
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/bookstore-pg-XXXXXX")
# PostgreSQL refuses to run as root: then it runs as its own system user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"

stop() {
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM

as_owner "$bindir/initdb" -D "$dir/data" -U bookstore -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# Durability is not what these tests look at: no fsync, for speed.
as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c max_connections=300 -c dynamic_shared_memory_type=mmap" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

# For tests of a database that restarts under the service.
cat >"$dir/restart" <<RESTART
#!/bin/sh
if [ "\$(id -u)" -eq 0 ]; then as="runuser -u postgres --"; else as=""; fi
exec \$as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w restart >/dev/null
RESTART
chmod 755 "$dir/restart"

BOOKSTORE_TEST_POSTGRES="postgresql:///postgres?host=$dir&user=bookstore"
BOOKSTORE_TEST_POSTGRES_RESTART="$dir/restart"
export BOOKSTORE_TEST_POSTGRES BOOKSTORE_TEST_POSTGRES_RESTART
"$@"
