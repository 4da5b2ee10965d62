#!/usr/bin/python3
# The Flatpak manifest names the app as the build does, runs the program meson installs,
# builds from this tree without the test suite, asks for exactly what a storefront needs,
# and targets a GNOME runtime Flathub supports whose GTK and libadwaita the suite runs on.
import json
import os
import sys

manifest_path, app_id = sys.argv[1], sys.argv[2]
with open(manifest_path) as f:
    manifest = json.load(f)

problems = []
if manifest.get('id') != app_id:
    problems.append(f"id is {manifest.get('id')!r}, the build's app ID is {app_id!r}")
if manifest.get('command') != 'bookstore':
    problems.append(f"command is {manifest.get('command')!r}, meson installs bin/bookstore")
# Network, IPC for X11, a display and the GPU; the keyring through the secret portal and
# files in the per-app folders, which need no permission at all.
wanted = {'--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri'}
finish_args = set(manifest.get('finish-args', []))
if finish_args - wanted:
    problems.append('finish-args ask for more than the app needs: ' + ', '.join(sorted(finish_args - wanted)))
if wanted - finish_args:
    problems.append('finish-args lack ' + ', '.join(sorted(wanted - finish_args)))

# GNOME runtimes Flathub supports, with the GTK and libadwaita each carries; the suite
# runs on Debian 12 (GTK 4.8, libadwaita 1.2) and Debian 13 (GTK 4.18, libadwaita 1.7).
SUPPORTED_RUNTIMES = {'48': ('4.18', '1.7'), '49': ('4.20', '1.8')}
TESTED_STACKS = {('4.8', '1.2'), ('4.18', '1.7')}
if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
    problems.append('the runtime must be org.gnome.Platform with org.gnome.Sdk')
version = str(manifest.get('runtime-version'))
if version not in SUPPORTED_RUNTIMES:
    problems.append(f'runtime {version} is not one Flathub supports ({", ".join(SUPPORTED_RUNTIMES)})')
elif SUPPORTED_RUNTIMES[version] not in TESTED_STACKS:
    problems.append('GNOME {} has GTK {} and libadwaita {}, which the suite does not run on'.format(
        version, *SUPPORTED_RUNTIMES[version]))
app = manifest['modules'][-1]
if app.get('buildsystem') != 'meson' or '-Dtests=false' not in app.get('config-opts', []):
    problems.append('the last module must be this meson project, built with -Dtests=false')
source = app['sources'][0]
root = os.path.normpath(os.path.join(os.path.dirname(manifest_path), source.get('path', '')))
if source.get('type') != 'dir' or not os.path.exists(os.path.join(root, 'meson.build')):
    problems.append(f'the app module should build this tree, not {source}')
else:
    # What Flatpak exports must carry the app's ID: the desktop file, metainfo, icons, the
    # D-Bus service the desktop file's activation and the Shell's search start, and the
    # search provider (data/meson.build names each after the app ID).
    for name in (app_id + '.desktop.in.in', app_id + '.metainfo.xml.in.in', 'dbus-service.in',
                 'search-provider.ini.in',
                 'icons/' + app_id + '.svg', 'icons/' + app_id + '-symbolic.svg'):
        if not os.path.exists(os.path.join(root, 'data', name)):
            problems.append(f'this tree has no data/{name} to export')
# Build output in the tree must not be copied into the sandbox's build.
unskipped = {'_build', '_build-sanitize', '_flatpak', '.flatpak-builder', '.git'} - set(source.get('skip', []))
if unskipped:
    problems.append('the dir source copies ' + ', '.join(sorted(unskipped)))
for module in manifest['modules'][:-1]:
    for dependency in module['sources']:
        if dependency.get('type') == 'archive' and len(dependency.get('sha256', '')) != 64:
            problems.append(f"{module['name']}: an archive without a sha256")

if problems:
    print('\n'.join(problems))
    sys.exit(1)
print(f"{manifest_path}: {app_id}, {len(manifest['modules'])} modules")
