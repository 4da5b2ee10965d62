#!/bin/sh
# meson install puts in place all the app needs, and the installed programs run.
set -eu
build_dir=$1
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

meson install -C "$build_dir" --no-rebuild --destdir "$destdir" --quiet
option() {
  meson introspect "$build_dir" --buildoptions |
    python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == sys.argv[1]))' "$1"
}
install_prefix=$(option prefix)
unit_dir=$(option systemd_unit_dir)
unit_dir=${unit_dir:-$install_prefix/lib/systemd/system}
prefix=$destdir$install_prefix

app_id=$(sed -n 's/^#define APPLICATION_ID "\(.*\)"$/\1/p' "$build_dir/config.h")
for file in bin/bookstore bin/bookstore-server \
    share/applications/$app_id.desktop \
    share/metainfo/$app_id.metainfo.xml \
    share/glib-2.0/schemas/io.github.bookstore.Bookstore.gschema.xml \
    share/icons/hicolor/scalable/apps/$app_id.svg \
    share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg \
    share/dbus-1/services/$app_id.service \
    share/gnome-shell/search-providers/$app_id.search-provider.ini \
    share/man/man1/bookstore.1 share/man/man1/bookstore-server.1 \
    share/locale/de/LC_MESSAGES/bookstore.mo share/locale/fr/LC_MESSAGES/bookstore.mo; do
  if [ ! -e "$prefix/$file" ]; then
    echo "not installed: $file" >&2
    exit 1
  fi
done

# What is installed validates, and carries its translations.
desktop-file-validate "$prefix/share/applications/$app_id.desktop"
appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml" >/dev/null
glib-compile-schemas --strict --dry-run "$prefix/share/glib-2.0/schemas"
for lang in de fr; do
  if ! grep -q "^Comment\[$lang\]=" "$prefix/share/applications/$app_id.desktop" ||
     ! grep -q "<summary xml:lang=\"$lang\">" "$prefix/share/metainfo/$app_id.metainfo.xml"; then
    echo "the desktop file or the metainfo has no $lang translation" >&2
    exit 1
  fi
done
# The Shell finds the search provider at the path the app exports it on, and D-Bus starts
# the installed app for it.
ini="$prefix/share/gnome-shell/search-providers/$app_id.search-provider.ini"
object_path=$(echo "/$app_id" | tr . /)
grep -qx "BusName=$app_id" "$ini" && grep -qx "ObjectPath=$object_path/SearchProvider" "$ini" &&
  grep -qx "DesktopId=$app_id.desktop" "$ini" ||
  { echo "the search provider's .ini does not name the app" >&2; exit 1; }
grep -qx "Exec=$install_prefix/bin/bookstore --gapplication-service" "$prefix/share/dbus-1/services/$app_id.service" ||
  { echo "the D-Bus service does not start the installed app" >&2; exit 1; }

# The unit runs the installed server as a sandboxed dynamic user with a state directory.
unit="$destdir$unit_dir/bookstore-server.service"
[ -e "$unit" ] || { echo "not installed: $unit_dir/bookstore-server.service" >&2; exit 1; }
for setting in "ExecStart=$install_prefix/bin/bookstore-server " DynamicUser=yes StateDirectory=bookstore \
    ProtectSystem=strict NoNewPrivileges=yes; do
  grep -q "^$setting" "$unit" || { echo "the unit lacks $setting" >&2; exit 1; }
done
for page in bookstore bookstore-server; do
  grep -q "^\.TH $(echo "$page" | tr a-z A-Z) 1 .*Bookstore [0-9]" "$prefix/share/man/man1/$page.1" ||
    { echo "$page.1 has no title line with the version" >&2; exit 1; }
done

"$prefix/bin/bookstore" --help >/dev/null
"$prefix/bin/bookstore-server" --help >/dev/null
# Both programs say the one version they were built as.
app_version=$("$prefix/bin/bookstore" --version)
server_version=$("$prefix/bin/bookstore-server" --version)
if [ "${app_version#bookstore }" = "$app_version" ] ||
   [ "${app_version#bookstore }" != "${server_version#bookstore-server }" ]; then
  echo "versions differ: '$app_version', '$server_version'" >&2
  exit 1
fi
