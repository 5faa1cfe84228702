#!/usr/bin/env python3
"""notice_cases.py - runs whole-notice cases kept as data (tests/parse/notices.test)
through `tracker parse --json --explain` with the fixture directory
tests/parse/units.json.  Prints one "ok" or "not ok" line per case; the format is
described at the top of notices.test.

usage: notice_cases.py TRACKER CASES_FILE
"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
             "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
             "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}


def fold(s):
    s = unicodedata.normalize("NFC", s or "").lower()
    for a, b in OLD_TONES.items():
        s = s.replace(a, b)
    return " ".join(s.split())


def names(field):
    return sorted(fold(x) for x in field.split(";") if x.strip())


def parse_cases(path):
    cases, cur, where = [], None, None
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if line.startswith("%%CASE"):
                cur = {"name": line[6:].strip(), "line": lineno, "input": [], "meta": [],
                       "tasks": [], "explain": [], "count": None}
                where = "input"
                continue
            if cur is None:
                continue
            if line.startswith("%%META "):
                key, _, val = line[7:].partition("=")
                cur["meta"].append((key.strip(), val.strip()))
                where = "expect"
            elif line.startswith("%%TASK "):
                cur["tasks"].append([x.strip() for x in line[7:].split("|")])
                where = "expect"
            elif line.startswith("%%NOTASKS"):
                cur["count"] = 0
                where = "expect"
            elif line.startswith("%%EXPLAIN "):
                num, field, sub = line[10:].split(" ", 2)
                cur["explain"].append((int(num), field, sub))
                where = "expect"
            elif line.startswith("%%END"):
                cases.append(cur)
                cur, where = None, None
            elif where == "input":
                cur["input"].append(line)
    return cases


def check(case, out):
    """Returns the first difference, or None."""
    got = out["tasks"]
    want = case["tasks"]
    if case["count"] == 0 and got:
        return "want no task, got %d: %r" % (len(got), [t["text"][:50] for t in got])
    if len(got) != len(want):
        return "want %d tasks, got %d: %r" % (len(want), len(got), [t["text"][:50] for t in got])
    for i, (w, t) in enumerate(zip(want, got), 1):
        anchor, lead, co, due = (w + ["", "", "", ""])[:4]
        if fold(anchor) not in fold(t["text"]):
            return "task %d: text %r lacks %r" % (i, t["text"][:80], anchor)
        if names(lead) != sorted(fold(x) for x in t["owners"]):
            return "task %d: owners %r, want %r" % (i, t["owners"], lead)
        if co != "*" and names(co) != sorted(fold(x) for x in t["co_owners"]):
            return "task %d: co-owners %r, want %r" % (i, t["co_owners"], co)
        if due:
            parts = due.split()
            gd = t["due"] or "null"
            gk = t["due_kind"] or "none"
            if parts[0] != gd or (len(parts) > 1 and parts[1] != gk):
                return "task %d: due %s %s, want %s" % (i, gd, gk, due)
            if len(parts) > 2:
                rec = t["recurrence"]["freq"] if t["recurrence"] else "none"
                if parts[2] != rec:
                    return "task %d: recurrence %s, want %s" % (i, rec, parts[2])
    for key, val in case["meta"]:
        g = out["notice"].get(key)
        if (val == "null" and g is not None) or (val != "null" and fold(str(g)) != fold(val)):
            return "meta %s: %r, want %r" % (key, g, val)
    for num, field, sub in case["explain"]:
        e = got[num - 1].get("explain", {}).get(field, "")
        if fold(sub) not in fold(e):
            return "task %d: explain %s %r lacks %r" % (num, field, e, sub)
    return None


def main():
    tracker, path = sys.argv[1], sys.argv[2]
    units = os.path.join(os.path.dirname(path), "units.json")
    failed = 0
    for case in parse_cases(path):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
            fh.write("\n".join(case["input"]) + "\n")
            tmp = fh.name
        try:
            r = subprocess.run([tracker, "parse", "--json", "--explain", "--units", units, tmp],
                               capture_output=True, timeout=60)
        finally:
            os.unlink(tmp)
        where = "%s:%d %s" % (os.path.basename(path), case["line"], case["name"])
        if r.returncode != 0:
            print("not ok - %s: exit %d %s" % (where, r.returncode, r.stderr.decode()[:200]))
            failed += 1
            continue
        why = check(case, json.loads(r.stdout))
        if why:
            print("not ok - %s: %s" % (where, why))
            failed += 1
        else:
            print("ok - %s" % where)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
