#!/usr/bin/python3
# The Flatpak manifest names the app as the build does, runs the program meson installs,
# builds from this tree without the test suite, and asks for no more than it needs.
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
wanted = {'--share=network', '--socket=wayland', '--socket=fallback-x11'}
missing = wanted - set(manifest.get('finish-args', []))
if missing:
    problems.append('finish-args lack ' + ', '.join(sorted(missing)))
too_much = [a for a in manifest.get('finish-args', [])
            if a.startswith(('--filesystem=', '--talk-name=org.freedesktop.secrets', '--socket=session-bus'))]
if too_much:
    problems.append('finish-args ask for more than the app needs: ' + ', '.join(too_much))
app = manifest['modules'][-1]
if app.get('buildsystem') != 'meson' or '-Dtests=false' not in app.get('config-opts', []):
    problems.append('the last module must be this meson project, built with -Dtests=false')
source = app['sources'][0]
root = os.path.normpath(os.path.join(os.path.dirname(manifest_path), source.get('path', '')))
if source.get('type') != 'dir' or not os.path.exists(os.path.join(root, 'meson.build')):
    problems.append(f'the app module should build this tree, not {source}')
elif not os.path.exists(os.path.join(root, 'data', app_id + '.desktop.in')):
    problems.append(f'this tree has no desktop file for {app_id}')
# Build output in the tree must not be copied into the sandbox's build.
unskipped = {'_build', '_flatpak', '.flatpak-builder', '.git'} - set(source.get('skip', []))
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
