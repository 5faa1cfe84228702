#!/usr/bin/env python3
"""plans.py - every SQL statement the store prepares, and the statements of
the schema's triggers, through EXPLAIN QUERY PLAN: a full SCAN of a table
that grows with use fails, unless a comment beside the statement says why
the scan is bounded ("bounded scan: ..." in the comment above it or inside
it; for a trigger, in schema.c's comment naming the trigger).  A statement
whose comment says it reads "the index alone" fails when its plan reads
any row of a growing table outside a covering index.

The statements are collected from the sources, not from a run: each file of
tracker/store/ goes through the C preprocessor (so SQL assembled from
macros is whole), and every run of adjacent string literals that begins
with SELECT, INSERT, UPDATE, DELETE, WITH or REPLACE is one statement.

Usage: plans.py DB CC CFLAGS...   (DB: a database migrated by the tracker)
Prints TAP lines.
"""
import glob
import re
import sqlite3
import subprocess
import sys

GROWING = {"tasks", "assignments", "occurrences", "task_events", "notice_events",
           "reminders", "mails", "notice_versions"}
SQL_START = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b", re.I)
KEYWORDS = {"WHERE", "JOIN", "ON", "LEFT", "INNER", "CROSS", "NATURAL", "SET", "ORDER",
            "GROUP", "USING", "VALUES", "SELECT", "LIMIT", "AS", "DEFAULT", "HAVING",
            "UNION", "EXCEPT", "INTERSECT", "WINDOW", "RETURNING", "OUTER", "AND", "OR"}
BOUNDED = re.compile(r"bounded scan", re.I)
# A statement whose comment says it reads "the index alone" reads no row of
# a growing table: each of them it names is read through a covering index.
COVERING = re.compile(r"index\s+(?:\*\s+)?alone", re.I)


def c_string(body):
    """The bytes of a C string literal's body (escapes the store uses)."""
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            out.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


TOKEN = re.compile(r'^#\s*(\d+)\s+"([^"]*)".*$|"((?:[^"\\\n]|\\.)*)"|\'(?:[^\'\\\n]|\\.)*\'|\n|[ \t\r\f\v]+|[^"\'\s]+',
                   re.M)


def statements(path, cc, cflags):
    """(first line, last line, sql) of each statement written in path."""
    pre = subprocess.run([cc, "-E"] + cflags + [path], check=True, capture_output=True,
                         text=True).stdout
    found, run, cur_file, line = [], None, path, 1
    for m in TOKEN.finditer(pre):
        tok = m.group(0)
        if m.group(1) is not None:      # a line marker: the next line is this one
            line, cur_file = int(m.group(1)) - 1, m.group(2)
            continue
        if tok == "\n":
            line += 1
            continue
        if tok.strip() == "":
            continue
        if m.group(3) is not None and cur_file == path:
            if run is None:
                run = [line, line, []]
            run[1] = line
            run[2].append(c_string(m.group(3)))
            continue
        if run is not None:
            sql = "".join(run[2])
            if SQL_START.match(sql):
                found.append((run[0], run[1], sql))
            run = None
    return found


def comment_block(src_lines, i):
    """The comment that ends on line index i, or [] when none does."""
    if i < 0 or not src_lines[i].rstrip().endswith("*/"):
        return []
    j = i
    while j > 0 and "/*" not in src_lines[j]:
        j -= 1
    return src_lines[j:i + 1]


def own_comment(src_lines, first, last):
    """The statement's own lines and the comment just above them, or, for
    an entry of an array's initializer with no comment of its own, the
    comment above the array."""
    text = src_lines[first - 1:last]
    j = first - 2
    # The declaration may be a line above its first literal.
    if j >= 0 and src_lines[j].rstrip().endswith("="):
        j -= 1
    if comment_block(src_lines, j):
        return "\n".join(comment_block(src_lines, j) + text)
    while j >= 0 and first - j < 40 and not src_lines[j].rstrip().endswith((";", "*/")):
        if re.search(r"=\s*\{\s*$", src_lines[j]):
            return "\n".join(comment_block(src_lines, j - 1) + text)
        j -= 1
    return "\n".join(text)


def comment_above_or_in(src_lines, first, last):
    """The statement's own lines and the comment block just above them."""
    text = src_lines[first - 1:last]
    i = first - 2
    # The declaration may start a line or two above its first literal.
    while i >= 0 and i >= first - 4 and not src_lines[i].strip().endswith(("*/", ";", "}", "{")):
        text.insert(0, src_lines[i])
        i -= 1
    if i >= 0 and src_lines[i].strip().endswith("*/"):
        while i >= 0:
            text.insert(0, src_lines[i])
            if "/*" in src_lines[i]:
                break
            i -= 1
    return "\n".join(text)


def aliases(sql):
    names = {}
    for m in re.finditer(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.I):
        table, alias = m.group(1), m.group(2)
        names[table] = table
        if alias and alias.upper() not in KEYWORDS:
            names[alias] = table
    return names


def explain(db, sql):
    """`sql`'s plan, every parameter NULL."""
    numbered = [int(x) for x in re.findall(r"\?(\d+)", sql)]
    n = max(numbered) if numbered else len(re.findall(r"\?(?!\d)", sql))
    return db.execute("EXPLAIN QUERY PLAN " + sql, [None] * n).fetchall()


def table_reads(plan, sql):
    """The steps of `sql`'s plan that read rows of a growing table (a scan
    or a search not through a covering index)."""
    names = aliases(sql)
    reads = []
    for row in plan:
        m = re.match(r"(?:SCAN|SEARCH) (\w+)", row[3])
        if m and names.get(m.group(1), m.group(1)) in GROWING and "COVERING INDEX" not in row[3]:
            reads.append(row[3])
    return reads


def full_scans(db, sql):
    """The growing tables `sql`'s plan scans in full."""
    plan = explain(db, sql)
    names = aliases(sql)
    bad = []
    for row in plan:
        detail = row[3]
        m = re.match(r"SCAN (\w+)", detail)
        if not m or "VIRTUAL TABLE" in detail:
            continue
        table = names.get(m.group(1), m.group(1))
        if table in GROWING:
            bad.append("%s (%s)" % (detail, table))
    return bad, plan


def split(sql):
    return [p.strip() for p in sql.split(";") if p.strip()]


def main():
    db_path, cc, cflags = sys.argv[1], sys.argv[2], sys.argv[3:]
    db = sqlite3.connect(db_path)
    # The store's SQL functions: only their names and arities matter to a plan.
    for name, nargs in (("vn_fold", 1), ("vn_words", 1), ("vn_syllables", 1)):
        db.create_function(name, nargs, lambda *a: a[0], deterministic=True)
    n = 0
    covered = uncovered = 0
    failed = 0
    for path in sorted(glob.glob("tracker/store/*.c")):
        if path.endswith("/schema.c"):
            continue  # migrations run once, on a database of their time
        src = open(path, encoding="utf-8").read().split("\n")
        for first, last, sql in statements(path, cc, cflags):
            for part in split(sql):
                n += 1
                where = "%s:%d" % (path, first)
                if re.search(r"%[wQqs]", part):
                    # A sqlite3_mprintf() format: its tables are known only at
                    # run time, so it cannot be explained here; its comment
                    # must say why its scan is bounded.
                    if not BOUNDED.search(comment_above_or_in(src, first, last)):
                        print("not ok - %s is a run-time format without a comment saying why its scan is bounded\n#   %s" % (where, part))
                        failed += 1
                    continue
                try:
                    bad, plan = full_scans(db, part)
                except sqlite3.Error as e:
                    print("not ok - %s does not prepare: %s\n#   %s" % (where, e, part))
                    failed += 1
                    continue
                said = comment_above_or_in(src, first, last)
                if COVERING.search(own_comment(src, first, last)):
                    covered += 1
                    reads = table_reads(plan, part)
                    if reads:
                        print("not ok - %s says it reads an index alone, and reads %s\n#   %s"
                              % (where, "; ".join(reads), part))
                        uncovered += 1
                if bad and not BOUNDED.search(said):
                    print("not ok - %s scans %s\n#   %s" % (where, ", ".join(bad), part))
                    for row in plan:
                        print("#   plan: %s" % row[3])
                    failed += 1
    # The triggers' statements, NEW and OLD columns as parameters.
    schema = open("tracker/store/schema.c", encoding="utf-8").read()
    for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"):
        body = re.search(r"\bBEGIN\b(.*)\bEND\s*$", sql, re.S | re.I).group(1)
        for part in split(body):
            n += 1
            part = re.sub(r"\b(NEW|OLD)\.\w+", "?", part, flags=re.I)
            bad, plan = full_scans(db, part)
            said = re.search(r"/\*(?:(?!\*/).)*\b%s\b(?:(?!\*/).)*bounded scan(?:(?!\*/).)*\*/" % name,
                             schema, re.S | re.I)
            if bad and not said:
                print("not ok - trigger %s scans %s\n#   %s" % (name, ", ".join(bad), part))
                failed += 1
    print("ok - %d statements explained, %d with a full scan of a growing table" % (n, failed)
          if not failed else "# %d statements explained" % n)
    # The office list's pages and a unit's list (search.c), and the
    # summary's scan (brief.c).
    if covered < 11:
        print("not ok - only %d statements say they read an index alone" % covered)
        failed += 1
    elif not uncovered:
        print("ok - %d statements that read an index alone read no table row" % covered)
    failed += uncovered
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
