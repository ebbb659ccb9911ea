#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rewrite #include "X" so each names its library: core/..., ui/..., app/....
Run from the repository root after moving folders. Prints what it cannot resolve.

Why it exists: the Qt libraries without widgets moved from ui/qtimage, ui/download and ui/store to
ui/headless/ and made every include a path from the repository root
("core/nn/network.h", "ui/pad/drawing_pad.h"). A branch made before that change
still includes "nn/network.h" or "qtimage/drawn_set.h"; after merging it, run
   python3 scripts/prefix-includes.py        (--dry: report, write nothing)
to rewrite its includes, then rename digitpad_qtimage to digitpad_images in its
CMakeLists.txt by hand. Includes already prefixed, same-folder neighbours
("commands.h") and test-local or generated headers ("test_paths.h", "*.moc")
are left as they are. Running it twice changes nothing."""
import os, re, sys
ROOTS = ['core', 'ui', 'app/shared']          # include roots before the change
MOVES = {'ui/qtimage/': 'ui/headless/images/', 'ui/download/': 'ui/headless/download/',
         'ui/store/': 'ui/headless/store/'}
dry = '--dry' in sys.argv
def moved(path):
    for old, new in MOVES.items():
        if path.startswith(old): return new + path[len(old):]
    return path
# Files as they are now (before or after the move, both handled).
existing = set()
for top in ('core', 'ui', 'app', 'tests'):
    for d, _, fs in os.walk(top):
        for f in fs: existing.add(os.path.join(d, f))
pattern = re.compile(r'^(\s*#\s*include\s+)"([^"]+)"', re.M)
unresolved, changed = [], 0
for path in sorted(existing):
    if not path.endswith(('.h', '.cpp', '.h.in', '.cpp.in')): continue
    text = open(path).read()
    here = os.path.dirname(path)
    def fix(m):
        global changed
        inc = m.group(2)
        if inc.startswith(('core/', 'ui/', 'app/')) and (inc in existing or moved(inc) in existing):
            return m.group(1) + '"' + moved(inc) + '"'
        if os.path.join(here, inc) in existing and not any(os.path.join(r, inc) in existing for r in ROOTS):
            return m.group(0)   # a neighbour in the same folder
        hits = []
        for r in ROOTS:
            cand = os.path.join(r, inc)
            if cand in existing or moved(cand) in existing: hits.append(moved(cand) if moved(cand) in existing else cand)
        # after the move, the old ui/qtimage path no longer exists: map ui/<old> too
        if not hits:
            for old, new in MOVES.items():
                if ('ui/' + inc).startswith(old) and moved('ui/' + inc) in existing: hits.append(moved('ui/' + inc))
        if len(hits) == 1:
            changed += 1
            return m.group(1) + '"' + hits[0] + '"'
        generated = inc == 'test_paths.h' or inc.endswith('.moc')   # made in the build folder
        if len(hits) > 1 or (os.path.join(here, inc) not in existing and not generated):
            unresolved.append(f'{path}: "{inc}" -> {hits}')
        return m.group(0)
    new = pattern.sub(fix, text)
    if new != text and not dry: open(path, 'w').write(new)
print(f'{changed} includes rewritten', file=sys.stderr)
for u in unresolved: print('unresolved:', u, file=sys.stderr)
