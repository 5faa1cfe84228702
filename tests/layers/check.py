#!/usr/bin/env python3
"""Checks the includes of the source folders against layers.txt (see there).
Prints TAP-like lines; exits 1 when one fails.  Usage:
check.py LAYERS.txt DIR...   or   check.py --self-test LAYERS.txt"""
import os, re, sys

def load(path):
    allow, libs = {}, {}
    for raw in open(path, encoding='utf-8'):
        line = raw.split('#', 1)[0].strip() if not raw.lstrip().startswith('#') else ''
        if not line:
            continue
        key, _, rest = line.partition(':')
        key = key.strip()
        if key.startswith('<'):
            libs[key[1:-1]] = rest.split()
        else:
            allow[key] = set(rest.split())
    return allow, libs

def folder_of(path, allow):
    d = os.path.dirname(path)
    while d and d not in allow:
        d = os.path.dirname(d)
    return d or None

INC = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)

def check(files, allow, libs):
    """files: {path: text}.  Returns a list of failure strings."""
    bad, edges = [], {}
    for path, text in sorted(files.items()):
        me = folder_of(path, allow)
        if me is None:
            bad.append('%s: folder not in layers.txt' % path)
            continue
        for kind, name in INC.findall(text):
            if kind == '"':
                # "x.h" without a folder is the including file's neighbour
                to = folder_of(name, allow) if '/' in name else me
                if to is None:
                    bad.append('%s: includes "%s", outside every layer' % (path, name))
                elif to != me:
                    edges.setdefault(me, {}).setdefault(to, path)
                    if to not in allow[me]:
                        bad.append('%s: %s/ may not include "%s" (%s/)' % (path, me, name, to))
            elif name in libs:
                if not any(path == w or path.startswith(w.rstrip('/') + '/') for w in libs[name]):
                    bad.append('%s: only %s include <%s>' % (path, ', '.join(libs[name]), name))
    # cycles between folders, from the includes as they are
    state, stack = {}, []
    def visit(v):
        state[v] = 1
        stack.append(v)
        for w in sorted(edges.get(v, {})):
            if state.get(w) == 1:
                cyc = stack[stack.index(w):] + [w]
                bad.append('cycle: ' + ' -> '.join(cyc) + ' (e.g. %s)' % edges[v][w])
            elif not state.get(w):
                visit(w)
        stack.pop()
        state[v] = 2
    for v in sorted(edges):
        if not state.get(v):
            visit(v)
    return bad

def read_tree(dirs):
    files = {}
    for top in dirs:
        for root, _, names in os.walk(top):
            for n in names:
                if n.endswith(('.c', '.h')):
                    p = os.path.join(root, n)
                    files[p] = open(p, encoding='utf-8', errors='replace').read()
    return files

def self_test(layers):
    """The checker itself fails on each kind of violation (made-up trees)."""
    allow, libs = load(layers)
    cases = [
        ('store/ from core/', {'tracker/core/x.c': '#include "tracker/store/store.h"\n'}),
        ('tracker/ from notices/', {'notices/x.c': '#include "tracker/wording.h"\n'}),
        ('web/ from tracker/', {'tracker/report.c': '#include "web/web.h"\n'}),
        ('sqlite3.h outside store/', {'tracker/report.c': '#include <sqlite3.h>\n'}),
        ('a cycle of allowed includes', None),
    ]
    ok = True
    for name, files in cases:
        if files is None:
            a2 = dict(allow)
            a2['tracker/core'] = set(allow['tracker/core']) | {'tracker/store'}
            files = {'tracker/core/x.c': '#include "tracker/store/store.h"\n',
                     'tracker/store/y.c': '#include "tracker/core/status.h"\n'}
            found = check(files, a2, libs)
        else:
            found = check(files, allow, libs)
        print('%s - the check refuses %s' % ('ok' if found else 'not ok', name))
        ok = ok and bool(found)
    return ok

def readme_folders(path):
    """The folders README's Layout block lists, one a line."""
    text = open(path, encoding='utf-8').read()
    m = re.search(r'^## Layout\n.*?```\n(.*?)```', text, re.S | re.M)
    return [l.split()[0].rstrip('/') for l in m.group(1).splitlines() if l.strip()] if m else []

def tree_folders():
    """Folders of the tree that hold tracked files (git), but data folders of tests."""
    import subprocess
    out = subprocess.run(['git', 'ls-files'], capture_output=True, text=True).stdout.split()
    dirs = {os.path.dirname(f) for f in out if os.path.dirname(f)}
    keep = set()
    for d in dirs:
        top = d.split('/')[0]
        if top in ('tests', 'sample-data', 'bench', 'fuzz', 'scripts', 'docs'):
            keep.add(top)
        elif '/template/' in d + '/':
            # a document template's parts (word/, _rels/...) are its data
            keep.add(d[:(d + '/').index('/template/') + len('/template')])
        else:
            keep.add(d)
    return keep

def main():
    if sys.argv[1] == '--readme':
        listed, tree = set(readme_folders(sys.argv[2])), tree_folders()
        for d in sorted(tree - listed):
            print('not ok - README Layout does not list %s/' % d)
        for d in sorted(listed - tree):
            print('not ok - README Layout lists %s/, which the tree does not have' % d)
        print('%s - README Layout lists the %d folders of the tree' % ('ok' if listed == tree else 'not ok', len(tree)))
        return 0 if listed == tree else 1
    if sys.argv[1] == '--self-test':
        return 0 if self_test(sys.argv[2]) else 1
    allow, libs = load(sys.argv[1])
    files = read_tree(sys.argv[2:])
    bad = check(files, allow, libs)
    for b in bad:
        print('not ok - ' + b)
    print('%s - %d files of %s include only along layers.txt, without cycles'
          % ('ok' if not bad else 'not ok', len(files), ' '.join(sys.argv[2:])))
    ok = self_test(sys.argv[1])
    return 0 if not bad and ok else 1

sys.exit(main())
