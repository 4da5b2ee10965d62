#!/bin/sh
# meson install puts in place all the app needs, and the installed programs run.
set -eu
build_dir=$1
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

meson install -C "$build_dir" --no-rebuild --destdir "$destdir" --quiet
prefix=$destdir$(meson introspect "$build_dir" --buildoptions |
  python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')

for file in bin/bookstore bin/bookstore-server \
    share/applications/io.github.bookstore.Bookstore.desktop \
    share/metainfo/io.github.bookstore.Bookstore.metainfo.xml \
    share/glib-2.0/schemas/io.github.bookstore.Bookstore.gschema.xml \
    share/icons/hicolor/scalable/apps/io.github.bookstore.Bookstore.svg; do
  if [ ! -e "$prefix/$file" ]; then
    echo "not installed: $file" >&2
    exit 1
  fi
done
"$prefix/bin/bookstore" --help >/dev/null
# Both programs say the one version they were built as.
app_version=$("$prefix/bin/bookstore" --version)
server_version=$("$prefix/bin/bookstore-server" --version)
if [ "${app_version#bookstore }" = "$app_version" ] ||
   [ "${app_version#bookstore }" != "${server_version#bookstore-server }" ]; then
  echo "versions differ: '$app_version', '$server_version'" >&2
  exit 1
fi
