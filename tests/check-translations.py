#!/usr/bin/python3
# Every language in po/LINGUAS translates every string of the sources as they are now
# (none missing, none fuzzy, formats that match), and every string with a format has a
# comment for its translators.
import os
import pathlib
import re
import subprocess
import sys
import tempfile

top = pathlib.Path(sys.argv[1])
KEYWORDS = ['_', 'N_', 'C_:1c,2', 'NC_:1c,2', 'g_dngettext:2,3', 'ngettext:1,2']
FLAGS = ['N_:1:pass-c-format', 'C_:2:pass-c-format', 'NC_:2:pass-c-format',
         'g_dngettext:2:pass-c-format', 'g_strdup_printf:1:c-format',
         'g_string_append_printf:2:c-format', 'g_markup_printf_escaped:1:c-format',
         'g_error_new:3:c-format', 'g_set_error:4:c-format', 'g_printerr:1:c-format',
         'g_task_return_new_error:4:c-format']

problems = []
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'bookstore.pot')
    subprocess.run(['xgettext', '--from-code=UTF-8', '--add-comments=Translators:',
                    '--files-from=po/POTFILES.in', '--directory', str(top), '--output', pot]
                   + [f'--keyword={k}' for k in KEYWORDS] + [f'--flag={f}' for f in FLAGS],
                   cwd=top, check=True)
    entries = pathlib.Path(pot).read_text().split('\n\n')[1:]
    for entry in entries:
        if '#, ' in entry and 'c-format' in entry and '#. ' not in entry and '%' in entry.split('msgid', 1)[1]:
            msgid = re.search(r'^msgid "(.*)"', entry, re.M).group(1)
            problems.append(f'no translator comment on the format string "{msgid}"')
    for line in (top / 'po' / 'LINGUAS').read_text().splitlines():
        lang = line.strip()
        if not lang or lang.startswith('#'):
            continue
        merged = os.path.join(tmp, f'{lang}.po')
        subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file', merged,
                        str(top / 'po' / f'{lang}.po'), pot], check=True)
        stats = subprocess.run(['msgfmt', '--check', '--statistics', '--output-file', os.devnull, merged],
                               capture_output=True, text=True)
        if stats.returncode != 0 or re.search(r'fuzzy|untranslated', stats.stderr):
            problems.append(f'{lang}: {stats.stderr.strip()}')
        else:
            print(f'{lang}: {stats.stderr.strip()}')
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
