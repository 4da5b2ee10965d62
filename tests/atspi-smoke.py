#!/usr/bin/python3
# The running app as a screen reader reads it: over AT-SPI, the window, its page
# switcher and its icon-only buttons all have names.
import os
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi

app_path = sys.argv[1]
home = tempfile.mkdtemp()
env = dict(os.environ,
           XDG_DATA_HOME=os.path.join(home, 'data'),
           XDG_CACHE_HOME=os.path.join(home, 'cache'),
           XDG_CONFIG_HOME=os.path.join(home, 'config'),
           GSETTINGS_BACKEND='keyfile',
           GTK_A11Y='atspi')
app = subprocess.Popen([app_path], env=env)


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        child = desktop.get_child_at_index(i)
        if child is not None and child.get_name() in ('bookstore', 'Bookstore'):
            return child
    return None


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


try:
    deadline = time.monotonic() + 60
    named = set()
    wanted = {'Search', 'Main Menu', 'Browse', 'Cart', 'Orders', 'Books'}
    while time.monotonic() < deadline and not wanted <= named:
        time.sleep(0.5)
        root = find_app()
        if root is None:
            continue
        named = {node.get_name() for node in walk(root)}
    missing = wanted - named
    if missing:
        print('not found in the AT-SPI tree:', ', '.join(sorted(missing)))
        sys.exit(1)
    # Every button says what it does.
    unnamed = [n for n in walk(find_app())
               if n.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON)
               and n.get_name() == '' and n.get_state_set().contains(Atspi.StateType.SHOWING)]
    if unnamed:
        print(len(unnamed), 'buttons without a name')
        sys.exit(1)
    print('AT-SPI tree has', ', '.join(sorted(wanted)))
finally:
    app.terminate()
    app.wait(timeout=30)
    subprocess.run(['rm', '-rf', home])
