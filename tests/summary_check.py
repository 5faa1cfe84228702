#!/usr/bin/env python3
"""summary_check.py - GET /api/summary against a recount straight from the
database: every count of the office (work items by status, long overdue,
awaiting, extended, aging buckets, tasks, recurring tasks and their overdue
periods, due soon), every unit's row (directory units and other names) and
the twelve weeks, for the server's --today.  The recount joins the items to
their tasks and assignments in SQL and applies the rules of status.c and
summary.c here, so it shares no code with the server's counting.  Also asks
the summary of a few single units (the server's indexed per-unit path) and
checks that each equals that unit's row of the office-wide answer.

Usage: summary_check.py DB BASE_URL LOGIN PASSWORD TODAY   Prints TAP lines.
"""
import datetime
import http.client
import json
import sys
import urllib.parse

DB, BASE, LOGIN, PW, TODAY = sys.argv[1:6]
SOON, LONG = 3, 30          # STATUS_SOON_DAYS, STATUS_LONG_OVERDUE_DAYS
WEEKS = 12
failed = 0


def check(cond, name, detail=""):
    global failed
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        failed += 1
        print("#   " + json.dumps(detail, ensure_ascii=False, default=str)[:2000])


def request(path, token=None, body=None):
    u = urllib.parse.urlsplit(BASE)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    h = {"Content-Type": "application/json"}
    if token:
        h["Cookie"] = "tracker_session=" + token
    c.request("POST" if body else "GET", path, json.dumps(body) if body else None, h)
    r = c.getresponse()
    data = r.read()
    cookie = r.getheader("Set-Cookie") or ""
    c.close()
    return r.status, data, cookie


def day(s):
    return datetime.date.fromisoformat(s).toordinal() if s else None


def recount(today):
    import sqlite3
    db = sqlite3.connect(DB)
    rows = db.execute(
        "SELECT a.id, a.task_id, a.unit_id, u.name, o.state, o.last_day, o.extended_to,"
        " o.done_on, t.freq FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
        " JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id"
        " WHERE a.removed_at IS NULL AND t.removed_at IS NULL AND (o.seq = 0"
        "  OR o.last_day <= ?1 OR o.seq = (SELECT min(o2.seq) FROM occurrences o2"
        "   WHERE o2.assignment_id = o.assignment_id AND o2.last_day > ?1))", (today,)).fetchall()
    # A row is apart ("other_names") when its unit is a name met in
    # notices, neither in the directory nor a group.
    other = {r[0] for r in db.execute(
        "SELECT u.id FROM units u JOIN unknown_units k ON k.unit_id = u.id"
        " WHERE u.in_directory = 0 AND u.is_group = 0")}
    db.close()
    t = day(today)
    sunday = t - datetime.date.fromordinal(t).weekday() + 6
    wend = [sunday - 7 * (WEEKS - 1 - i) for i in range(WEEKS)]
    wend[-1] = t
    keys = ["work_items", "overdue", "long_overdue", "in_progress", "no_deadline",
            "done_on_time", "done_late", "awaiting", "extended", "d1_7", "d8_30",
            "d31_90", "d90_plus"]
    units, office = {}, dict.fromkeys(keys, 0)
    utasks, otasks, rtasks = {}, set(), set()
    extra = {"overdue_recurring": 0, "due_soon": 0}
    weeks = [[0, 0] for _ in range(WEEKS)]
    for aid, task, unit, name, state, last, ext, done_on, freq in rows:
        u = units.setdefault(unit, dict(dict.fromkeys(keys, 0), unit=name))
        utasks.setdefault(unit, set()).add(task)
        otasks.add(task)
        if freq:
            rtasks.add(task)
        force = day(ext) or day(last)
        done = day(done_on) if state == "done" else None
        c = []
        if state == "reported":
            c.append("awaiting")
        if force is None:
            c.append("done_on_time" if state == "done" else "no_deadline")
        elif state == "done" and done is not None:
            if force >= done:
                c.append("done_on_time")
                if ext and last and ext != last:
                    c.append("extended")
            else:
                c.append("done_late")
        elif force < t:
            late = t - force
            c.append("overdue")
            if late > LONG:
                c.append("long_overdue")
            c.append("d1_7" if late <= 7 else "d8_30" if late <= 30 else
                     "d31_90" if late <= 90 else "d90_plus")
            if freq:
                extra["overdue_recurring"] += 1
        else:
            c.append("in_progress")
            if force - t <= SOON:
                extra["due_soon"] += 1
        for k in ["work_items"] + c:
            u[k] += 1
            office[k] += 1
        for i in range(WEEKS):
            # The current week runs from its Monday to today.
            start = wend[i - 1] if i else wend[i] - 7
            if done is not None and start < done <= wend[i]:
                weeks[i][1] += 1
            if force is not None and force < wend[i] and (done is None or done > wend[i]):
                weeks[i][0] += 1
    for unit, ts in utasks.items():
        units[unit]["tasks"] = len(ts)
        units[unit]["in_directory"] = unit not in other
    office["tasks"] = len(otasks)
    office["recurring_tasks"] = len(rtasks)
    office.update(extra)
    return office, units, weeks


def flat(o):
    d = {k: v for k, v in o.items() if k not in ("aging", "rank", "unit_id",
                                                  "with_deadline", "overdue_rate")}
    d.update(o.get("aging", {}))
    return d


def main():
    st, body, cookie = request("/api/login", body={"login": LOGIN, "password": PW})
    if st != 200:
        print("not ok - login (%d)" % st)
        return 1
    tok = cookie.split(";")[0].split("=", 1)[1]
    office, units, weeks = recount(TODAY)
    got, part_of, page, other = {}, {}, 1, 1
    while True:
        st, body, _ = request("/api/summary?per_page=200&page=%d&other_page=%d" % (page, other), tok)
        s = json.loads(body)
        for part in ("units", "other_names"):
            for r in s[part]["rows"]:
                got[r["unit_id"]] = r
                part_of[r["unit_id"]] = part
        if page * 200 >= s["units"]["total"] and other * 200 >= s["other_names"]["total"]:
            break
        page, other = page + 1, other + 1
    check(s["today"] == TODAY, "summary: for --today %s" % TODAY, s["today"])
    c = flat(s["counts"])
    want = {k: office.get(k) for k in c}
    check(c == want, "summary %s: the office's counts equal the recount" % TODAY,
          {k: (c[k], want.get(k)) for k in c if c[k] != want.get(k)})
    check(office["work_items"] > 0 and office["done_on_time"] > 0 and office["awaiting"] > 0
          and office["recurring_tasks"] > 0 and office["extended"] > 0,
          "summary %s: the database has done, reported, extended and recurring work" % TODAY, office)
    bad = {}
    for unit, w in units.items():
        r = got.get(unit)
        if r is None or flat(r) != w:
            bad[unit] = (r and flat(r), w)
    check(not bad and len(got) == len(units),
          "summary %s: each of the %d units' rows equals the recount" % (TODAY, len(units)), bad)
    apart = [u for u, p in part_of.items() if (p == "units") != got[u]["in_directory"]]
    check(not apart and "other_names" in part_of.values(),
          "summary %s: names met in notices are ranked apart from the directory" % TODAY, apart)
    sw = [[w["overdue"], w["completed"]] for w in s["weeks"]]
    check(sw == weeks, "summary %s: the 12 weeks equal the recount" % TODAY, (sw, weeks))
    ids = sorted(units, key=lambda u: -units[u]["work_items"])[:4]
    for unit in ids:
        st, body, _ = request("/api/summary?per_page=200&unit=%d" % unit, tok)
        one = json.loads(body)
        r = [x for p in ("units", "other_names") for x in one[p]["rows"]]
        check(st == 200 and len(r) == 1 and r[0] == dict(got[unit], rank=1),
              "summary %s: unit %d alone (indexed path) equals its office-wide row" % (TODAY, unit),
              (r, got[unit]))
    return 1 if failed else 0


sys.exit(main())
