#!/usr/bin/python3
# po/POTFILES.in lists exactly the files that hold translatable text: every source file
# with _(), N_(), C_() or ngettext(), every .ui with translatable="yes", and the desktop
# file, metainfo and schema; no listed file is missing or has nothing to translate.
import pathlib
import re
import sys

top = pathlib.Path(sys.argv[1])
MARKS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\(\s*"|translatable="yes"')
DATA = ('.desktop.in.in', '.metainfo.xml.in.in', '.gschema.xml')

listed = set()
for line in (top / 'po' / 'POTFILES.in').read_text().splitlines():
    line = line.strip()
    if line and not line.startswith('#'):
        listed.add(line)

wanted = set()
for path in sorted((top / 'src').rglob('*')):
    if path.suffix in ('.c', '.ui') and MARKS.search(path.read_text(errors='replace')):
        wanted.add(str(path.relative_to(top)))
for path in sorted((top / 'data').iterdir()):
    if path.name.endswith(DATA):
        wanted.add(str(path.relative_to(top)))

problems = []
for name in sorted(wanted - listed):
    problems.append(f'{name} has translatable text but is not in po/POTFILES.in')
for name in sorted(listed - wanted):
    why = 'does not exist' if not (top / name).exists() else 'has nothing to translate'
    problems.append(f'po/POTFILES.in lists {name}, which {why}')
for problem in problems:
    print(problem)
if problems:
    sys.exit(1)
print(f'po/POTFILES.in lists all {len(wanted)} files with translatable text')
