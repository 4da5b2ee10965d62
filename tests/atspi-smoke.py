#!/usr/bin/python3
# The running app as a screen reader reads it: over AT-SPI, the window, its page
# switcher and its icon-only buttons all have names. Then the keyboard alone, with real
# key presses through the X server (xdotool): Alt+4 opens the cart, Escape goes back,
# Ctrl+F opens the search, typing searches, Escape closes the search and then goes back,
# Ctrl+? shows the shortcuts.
import os
import subprocess
import sys
import tempfile

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib

app_path = sys.argv[1]
home = tempfile.mkdtemp()
env = dict(os.environ,
           XDG_DATA_HOME=os.path.join(home, 'data'),
           XDG_CACHE_HOME=os.path.join(home, 'cache'),
           XDG_CONFIG_HOME=os.path.join(home, 'config'),
           GSETTINGS_BACKEND='keyfile',
           GTK_A11Y='atspi')
# No animations: a key typed while the search bar still slides shut would race it.
os.makedirs(os.path.join(home, 'config', 'gtk-4.0'))
with open(os.path.join(home, 'config', 'gtk-4.0', 'settings.ini'), 'w') as f:
    f.write('[Settings]\ngtk-enable-animations=false\n')
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


INTERACTIVE = (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.ENTRY,
               Atspi.Role.PASSWORD_TEXT, Atspi.Role.SPIN_BUTTON, Atspi.Role.COMBO_BOX,
               Atspi.Role.CHECK_BOX, Atspi.Role.SLIDER, Atspi.Role.PAGE_TAB, Atspi.Role.LIST_ITEM)


# GTK 4.8 tells a toggle button as a push button that can be pressed; GTK 4.18 as a
# toggle button.
TOGGLES = (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON)


def said_twice(name):
    """Whether @name ends with the words it starts with, mnemonic underscores aside."""
    words = name.replace('_', '').split()
    return any(words[:k] == words[-k:] for k in range(1, len(words) // 2 + 1))


def selected(root, page):
    """Whether the page switcher shows @page as the current one."""
    return any(n.get_role() == Atspi.Role.PAGE_TAB and n.get_name() == page
               and n.get_state_set().contains(Atspi.StateType.SELECTED)
               for n in walk(root))


def search_open(root):
    """The search toggle is down (what Ctrl+F does; the focus follows it into the entry)."""
    return any(n.get_role() in TOGGLES and n.get_name() == 'Search'
               and n.get_state_set().contains(Atspi.StateType.PRESSED)
               for n in walk(root))


def search_closed(root):
    return any(n.get_role() in TOGGLES and n.get_name() == 'Search'
               and not n.get_state_set().contains(Atspi.StateType.PRESSED)
               for n in walk(root))


def shortcuts_shown(root):
    return any(n.get_name() == 'Go Back' for n in walk(root))


def press(*keys):
    """Types @keys (xdotool's names, such as alt+4) into the app's focused window."""
    subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--pid', str(app.pid), '--name', 'Bookstore',
                    'windowfocus', '--sync', 'key', '--clearmodifiers', *keys], check=True)


# What the app tells a screen reader as it changes: each is a moment to look again.
EVENTS = ('object:state-changed', 'object:children-changed', 'object:property-change',
          'object:text-changed', 'window:create', 'window:activate', 'focus:')


def until(predicate, seconds):
    """Runs the main loop, looking at @predicate whenever the app reports a change over
    AT-SPI, until it holds or @seconds pass. GTK 4.8 does not report every change (a
    page tab's selection, say), so it also looks once a second. Returns whether it held."""
    if predicate():
        return True
    loop = GLib.MainLoop()

    def look(*_):
        if predicate():
            loop.quit()
        return True

    def give_up():
        loop.quit()
        sources.remove(deadline)
        return False

    listener = Atspi.EventListener.new(look)
    for event in EVENTS:
        listener.register(event)
    deadline = GLib.timeout_add_seconds(seconds, give_up)
    sources = [GLib.timeout_add_seconds(1, look), deadline]
    loop.run()
    for source in sources:
        GLib.source_remove(source)
    for event in EVENTS:
        listener.deregister(event)
    return predicate()


def wait_for(what, predicate):
    if until(predicate, 30):
        return
    print('keyboard:', what, 'did not happen')
    for n in walk(find_app()):
        if n.get_role() in (Atspi.Role.PAGE_TAB, Atspi.Role.ENTRY) or n.get_name() == 'Search':
            print('  ', n.get_role_name(), repr(n.get_name()),
                  [s.value_nick for s in n.get_state_set().get_states()])
    sys.exit(1)


def check_keys(find_root):
    wait_for('Home first', lambda: selected(find_root(), 'Home'))
    press('alt+4')
    wait_for('Alt+4 opening the cart', lambda: selected(find_root(), 'Cart'))
    press('Escape')
    wait_for('Escape going back home', lambda: selected(find_root(), 'Home'))
    press('ctrl+f')
    wait_for('Ctrl+F opening the search', lambda: search_open(find_root()))
    press('Escape')
    wait_for('Escape closing the search', lambda: search_closed(find_root()))
    press('c', 'o', 'o', 'k')
    wait_for('typing searching in Browse', lambda: selected(find_root(), 'Browse') and search_open(find_root()))
    # GTK 4.10 and later leave a page that is not shown out of the tree, as a screen
    # reader should: Browse's grid is there once Browse is.
    wait_for('the grid of books named on Browse', lambda: 'Books' in names())
    wait_for('the typed word in the focused search entry', lambda: any(
        n.get_role() == Atspi.Role.ENTRY and n.get_name() == 'Search the catalog'
        and n.get_state_set().contains(Atspi.StateType.FOCUSED)
        and Atspi.Text.get_text(n, 0, Atspi.Text.get_character_count(n)) == 'cook'
        for n in walk(find_root())))
    press('Escape')
    wait_for('Escape closing the search', lambda: search_closed(find_root()))
    if not selected(find_root(), 'Browse'):
        print('keyboard: one Escape closed the search and left Browse too')
        sys.exit(1)
    press('Escape')
    wait_for('Escape going back home', lambda: selected(find_root(), 'Home'))
    press('ctrl+question')
    wait_for('Ctrl+? showing the shortcuts', lambda: shortcuts_shown(find_root()))
    print('keyboard: Alt+4, Escape, Ctrl+F, typing and Ctrl+? work')


def names():
    root = find_app()
    return {node.get_name() for node in walk(root)} if root is not None else set()


try:
    wanted = {'Search', 'Main Menu', 'Browse', 'Cart', 'Orders'}
    until(lambda: wanted <= names(), 60)
    missing = wanted - names()
    if missing:
        print('not found in the AT-SPI tree:', ', '.join(sorted(missing)))
        sys.exit(1)
    # Every button says what it does.
    unnamed = [n for n in walk(find_app())
               if n.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON)
               and n.get_name() == '' and n.get_state_set().contains(Atspi.StateType.VISIBLE)]
    if unnamed:
        print(len(unnamed), 'buttons without a name')
        sys.exit(1)
    # GTK 4.8 falls back to the type's name for what has none: a screen reader would say it.
    type_named = [(n.get_role_name(), n.get_name()) for n in walk(find_app())
                  if n.get_role() in INTERACTIVE and n.get_name().startswith(('Gtk', 'Adw', 'Bs'))]
    if type_named:
        print('named after their type:', type_named)
        sys.exit(1)
    # A name set on a button that shows a label too is read twice ("See All See All").
    doubled = [n.get_name() for n in walk(find_app())
               if n.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON)
               and said_twice(n.get_name())]
    if doubled:
        print('buttons whose name says a phrase twice:', doubled)
        sys.exit(1)
    print('AT-SPI tree has', ', '.join(sorted(wanted)))
    check_keys(find_app)
finally:
    app.terminate()
    app.wait(timeout=30)
    subprocess.run(['rm', '-rf', home])
