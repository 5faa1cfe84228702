#!/usr/bin/env python3
"""mkbig.py - a large, realistic database for testing the dashboard at size.

Usage: mkbig.py TRACKER DB [COPIES] [TODAY]

Imports the sample notices COPIES times (default 14) through `tracker import`,
each copy under new notice numbers and moved back a whole number of years
(copy k by k % 4 years), so the work spans several years, every recurring task
has years of periods, and the units have thousands of work items (the biggest
well over 1,600).  Then it gives the work a history as an office would see it,
with SQL on the imported rows (the import stays the program's own): about
two thirds of the work whose deadline has passed is done (some on time, some
late), some is reported and awaits confirmation; some has an extension the
office granted (`tracker bulk grant`).
The choices are seeded, so the same arguments make the same database.
Prints one line: notices, tasks, work items.
"""
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date, timedelta

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def year_shift(text, years):
    """Every year 2015..2035 in the text moved back by `years`."""
    if not years:
        return text
    return re.sub(r"(?<!\d)(20(?:1[5-9]|2\d|3[0-5]))(?!\d)",
                  lambda m: str(int(m.group(1)) - years), text)


def renumber(text, k):
    """'Số: 15/TB-UBND' -> 'Số: 1510k/TB-UBND' (a blank number gets one): a
    new notice, not a correction of the first.  'Số' may be decomposed (NFD)."""
    return re.sub(r"(S(?:ố|o\u0302\u0301)\s*:?\s*)(\d*)(/)",
                  lambda m: "%s%s%d%s" % (m.group(1), m.group(2), 100 + k, m.group(3)), text, count=1)


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: mkbig.py TRACKER DB [COPIES] [TODAY]\n")
        return 64
    tracker, db = sys.argv[1], sys.argv[2]
    copies = int(sys.argv[3]) if len(sys.argv) > 3 else 14
    today = date.fromisoformat(sys.argv[4]) if len(sys.argv) > 4 else date(2026, 11, 23)
    src = os.path.join(TOP, "sample-data")
    notices = sorted(f for f in os.listdir(src) if f.endswith(".txt"))
    env = dict(os.environ, TRACKER_UNITS=os.path.join(src, "units.json"))
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(copies):
            d = os.path.join(tmp, "c%02d" % k)
            os.mkdir(d)
            for f in notices:
                with open(os.path.join(src, f), encoding="utf-8") as fh:
                    text = fh.read()
                if k:
                    text = renumber(year_shift(text, k % 4), k)
                with open(os.path.join(d, f), "w", encoding="utf-8") as fh:
                    fh.write(text)
            r = subprocess.run([tracker, "--db", db, "import", d],
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                sys.stderr.write(r.stderr)
                return 1
    if not history(tracker, db, today, env):
        return 1
    con = sqlite3.connect(db)
    n = con.execute("SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM tasks),"
                    " (SELECT count(*) FROM occurrences)").fetchone()
    con.close()
    print("%d notices, %d tasks, %d work items" % n)
    return 0


def history(tracker, db, today, env):
    """Done, late, reported and extended work, as a real office has.  States
    are set with SQL; a new deadline through `tracker bulk grant`, since the
    search index files an item under its deadline (the program's own SQL
    functions keep it)."""
    rnd = random.Random(15)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, eff_last FROM occurrences WHERE eff_last IS NOT NULL"
                       " AND eff_last < ? AND state = 'open' ORDER BY id", (today.isoformat(),)).fetchall()
    stamp = today.isoformat() + "T08:00:00Z"
    for oid, last in rows:
        last = date.fromisoformat(last)
        x = rnd.random()
        if x < 0.45:      # done on time
            done = last - timedelta(days=rnd.randint(0, 10))
        elif x < 0.65:    # done late
            done = min(today, last + timedelta(days=rnd.randint(1, 60)))
        elif x < 0.68:    # reported, awaiting the office
            con.execute("UPDATE occurrences SET state = 'reported', reported_on = ?, updated_at = ?"
                        " WHERE id = ?", (today.isoformat(), stamp, oid))
            continue
        else:
            continue
        con.execute("UPDATE occurrences SET state = 'done', reported_on = ?, done_on = ?,"
                    " updated_at = ? WHERE id = ?", (done.isoformat(), done.isoformat(), stamp, oid))
    rows = con.execute("SELECT id, eff_last FROM occurrences WHERE state = 'open' AND eff_last"
                       " BETWEEN ? AND ? ORDER BY id",
                       ((today - timedelta(days=20)).isoformat(), (today + timedelta(days=20)).isoformat())).fetchall()
    con.commit()
    con.close()
    grants = {}
    for oid, last in rows:
        if rnd.random() < 0.1:
            new = (date.fromisoformat(last) + timedelta(days=30)).isoformat()
            grants.setdefault(new, []).append(str(oid))
    for new, ids in sorted(grants.items()):
        for i in range(0, len(ids), 1000):
            r = subprocess.run([tracker, "--db", db, "bulk", "grant", ",".join(ids[i:i + 1000]),
                                "--to", new, "--note", "Gia hạn theo đề nghị",
                                "--today", today.isoformat()],
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                sys.stderr.write(r.stderr)
                return False
    return True

if __name__ == "__main__":
    sys.exit(main())
