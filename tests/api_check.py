#!/usr/bin/env python3
"""api_check.py - drives the JSON API of a running `tracker serve` over HTTP.

Usage: api_check.py BASE_URL OFFICE_PASSWORD UNIT_PASSWORD VIEWER_PASSWORD
Prints TAP lines ("ok - ...", "not ok - ...") for tests/run.sh.  Uses only
the standard library (http.client), so it runs wherever python3 does.
"""
import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apiclient as A  # noqa: E402
from apiclient import Resp, check, request  # noqa: E402,F401

BASE, PW_OFFICE, PW_UNIT, PW_VIEWER = sys.argv[1:5]
A.setup(BASE)
login = A.login_answer


# ---- health, auth ---------------------------------------------------------
r = request("GET", "/healthz")
check(r.status == 200 and r.body == b"ok\n", "GET /healthz answers ok", r)
r = request("GET", "/api/summary")
check(r.status == 401 and r.json() and "error" in r.json(), "API without a session: 401 JSON", r)
for path in ("/api/tasks", "/api/tasks/1", "/api/notices", "/api/notices/1", "/api/units",
             "/api/session"):
    r = request("GET", path)
    check(r.status == 401, "GET %s needs a session" % path, r)
r = request("POST", "/api/login", {"login": "vanphong", "password": "wrong password"})
check(r.status == 401 and r.json()["error"], "a wrong password is refused", r)
r = request("POST", "/api/login", "login=vanphong&password=" + PW_OFFICE,
            {"Content-Type": "application/x-www-form-urlencoded"})
check(r.status == 415, "login as a form post (CSRF-able) is refused", r)
r = request("POST", "/api/login", "{not json", {"Content-Type": "application/json"})
check(r.status == 400, "login with bad JSON: 400", r)

office, r = login("vanphong", PW_OFFICE)
check(office is not None, "the office logs in", r)
cookie = r.header("Set-Cookie") or ""
check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie,
      "the session cookie is HttpOnly and SameSite=Strict", cookie)
check(len(office["token"]) == 43, "the session token has 256 bits (43 base64url chars)")
check(r.header("Content-Security-Policy") and r.header("X-Content-Type-Options") == "nosniff",
      "responses carry CSP and nosniff headers", r.headers)
unit, r = login("sonv", PW_UNIT)
check(unit is not None, "a unit user logs in", r)
viewer, r = login("xem", PW_VIEWER)
check(viewer is not None, "a viewer logs in", r)
r = request("GET", "/api/session", session=office)
check(r.status == 200 and r.json()["user"]["role"] == "office" and r.json()["csrf"] == office["csrf"],
      "GET /api/session tells the user and the CSRF token", r)
r = request("GET", "/api/session", session={"token": "A" * 43, "csrf": "x"})
check(r.status == 401, "a made-up session token is refused", r)

# ---- reads -------------------------------------------------------------------
r = request("GET", "/api/summary", session=viewer)
s = r.json()
check(r.status == 200 and s and all(k in s["counts"] for k in (
    "tasks", "work_items", "no_deadline", "in_progress", "overdue", "done_on_time", "done_late",
    "awaiting", "due_soon", "long_overdue", "with_deadline", "overdue_rate", "aging")),
      "GET /api/summary: tasks and work items counted by status", r)
c = s["counts"]
check(0 < c["tasks"] < c["work_items"], "summary: tasks and work items are counted apart", c)
check(sum(c["aging"].values()) == c["overdue"], "summary: the aging buckets add up to the overdue work", c)
rec_over = request("GET", "/api/tasks?status=overdue&flag=recurring&per_page=1", session=viewer).json()["total"]
check(c["overdue_recurring"] == rec_over > 0, "summary: overdue periods of recurring tasks counted apart", (c, rec_over))
check(c["with_deadline"] == c["work_items"] - c["no_deadline"] and
      c["overdue_rate"] == round(100.0 * (c["overdue"] + c["done_late"]) / c["with_deadline"], 1),
      "summary: the overdue rate leaves work without deadline out of the denominator", c)
all_rows = request("GET", "/api/summary?per_page=200", session=viewer).json()
rows = all_rows["units"]["rows"] + all_rows["other_names"]["rows"]
check(s["units"]["total"] > 3 and sum(u["work_items"] for u in rows) == c["work_items"],
      "summary: the per-unit rows add up to the total", (s["units"]["total"], c))
ranked = all_rows["units"]["rows"]
keys = [(-u["overdue"], -u["long_overdue"], -(u["overdue_rate"] or 0)) for u in ranked]
check(keys == sorted(keys) and all(u["in_directory"] for u in ranked) and
      not any(u["in_directory"] for u in all_rows["other_names"]["rows"]),
      "summary: directory units ranked by overdue, long overdue, rate; other names apart", keys[:5])
p2 = request("GET", "/api/summary?per_page=2&page=2", session=viewer).json()["units"]
check(p2["page"] == 2 and [u["unit_id"] for u in p2["rows"]] == [u["unit_id"] for u in ranked[2:4]]
      and p2["total"] == len(ranked), "summary: the ranked units page", p2)
check(request("GET", "/api/summary?per_page=999", session=viewer).status == 400,
      "summary: per_page above 200 is refused, not cut")
check(len(s["weeks"]) == 12 and all("overdue" in w and "completed" in w for w in s["weeks"]),
      "summary: overdue and completed for 12 weeks")
check("mẫu số" in s["definitions"]["overdue_rate"], "summary: the overdue rate says what it counts")
one = request("GET", "/api/summary?unit=" + urllib.parse.quote("Sở Nội vụ"), session=viewer).json()
check(one["units"]["total"] == 1 and one["units"]["rows"][0]["unit"] == "Sở Nội vụ" and
      one["counts"]["work_items"] == one["units"]["rows"][0]["work_items"],
      "summary: narrowed to one unit", one["units"])
check(request("GET", "/api/summary?unit=" + urllib.parse.quote("Sở Không Có"), session=viewer).status == 400,
      "summary: an unknown unit: 400")
r = request("GET", "/api/units", session=viewer)
units = r.json()["units"]
check(r.status == 200 and any(u["name"] == "Sở Nội vụ" for u in units), "GET /api/units", r)
snv = next(u for u in units if u["name"] == "Sở Nội vụ")

r = request("GET", "/api/tasks?per_page=5&page=2", session=viewer)
t = r.json()
check(r.status == 200 and len(t["items"]) == 5 and t["total"] > 10 and t["page"] == 2,
      "GET /api/tasks pages", r)
first_page = request("GET", "/api/tasks?per_page=5&page=1", session=viewer).json()
check(not set(i["id"] for i in first_page["items"]) & set(i["id"] for i in t["items"]),
      "pages do not overlap")
r = request("GET", "/api/tasks?per_page=500&unit=" + urllib.parse.quote("Sở Nội vụ"), session=viewer)
by_name = r.json()
check(r.status == 200 and by_name["items"] and all(i["unit"] == "Sở Nội vụ" for i in by_name["items"]),
      "filter by unit name", r)
r = request("GET", "/api/tasks?per_page=500&unit=%d" % snv["id"], session=viewer)
check(r.json()["total"] == by_name["total"], "filter by unit id gives the same work")
r = request("GET", "/api/tasks?per_page=500&unit=" + urllib.parse.quote("Sở NV"), session=viewer)
check(r.status in (200, 400), "an alias or unknown unit is answered cleanly", r)
for st in ("overdue", "in_progress", "no_deadline"):
    r = request("GET", "/api/tasks?per_page=500&status=" + st, session=viewer)
    check(r.status == 200 and all(i["status"] == st for i in r.json()["items"]),
          "filter status=%s" % st, r)
r = request("GET", "/api/tasks?per_page=500&flag=long_overdue", session=viewer)
check(r.status == 200 and all(i["long_overdue"] for i in r.json()["items"]), "filter flag=long_overdue", r)
r = request("GET", "/api/tasks?per_page=500&due_from=2026-01-01&due_to=2026-12-31", session=viewer)
check(r.status == 200 and all("2026-01-01" <= i["deadline"] <= "2026-12-31" for i in r.json()["items"]),
      "filter by deadline range", r)
notices = request("GET", "/api/notices", session=viewer).json()["notices"]
check(len(notices) >= 5, "GET /api/notices lists the notices", len(notices))
nid = notices[0]["id"]
r = request("GET", "/api/tasks?per_page=500&notice=%d" % nid, session=viewer)
check(r.status == 200 and all(i["notice_id"] == nid for i in r.json()["items"]), "filter by notice", r)

# Search: without diacritics, đ typed as d.
r = request("GET", "/api/tasks?per_page=500&q=" + urllib.parse.quote("don doc"), session=viewer)
hits = r.json()["items"]
check(r.status == 200 and hits and all("đôn đốc" in i["text"].lower() for i in hits),
      "search 'don doc' finds 'đôn đốc'", r)
r2 = request("GET", "/api/tasks?per_page=500&q=" + urllib.parse.quote("đôn đốc"), session=viewer)
check(r2.json()["total"] == r.json()["total"], "with or without diacritics: the same hits")
r = request("GET", "/api/tasks?per_page=500&q=" + urllib.parse.quote("ĐÔN ĐỐC"), session=viewer)
check(r.json()["total"] == r2.json()["total"], "search ignores case")

# SQL and FTS metacharacters in every filter.
nasty = ["' OR 1=1 --", "\"", "*", "NEAR(a b)", "a AND b OR", "%", "_", "\\", "); DROP TABLE tasks; --",
         "tasks:*", "^x", "\u0000x", "đ'\"*"]
ok500 = True
for v in nasty:
    for f in ("q", "unit", "status", "flag", "notice", "due_from", "page", "per_page"):
        r = request("GET", "/api/tasks?%s=%s" % (f, urllib.parse.quote(v)), session=viewer)
        if r.status not in (200, 400) or r.json() is None:
            ok500 = False
            print("#   %s=%r -> %r" % (f, v, r))
check(ok500, "SQL/FTS metacharacters in every filter give 200 or 400, never an error")
r = request("GET", "/api/tasks?q=" + urllib.parse.quote("' OR 1=1 --"), session=viewer)
check(r.status == 200 and r.json()["total"] == 0, "an injection attempt in q matches nothing", r)
# The response cache is keyed by the unescaped arguments: a search for the
# text "đôn đốc&per_page=1" must not answer the filter per_page=1 (nor the
# reverse).  Many requests, so every worker thread's cache holds the first.
poison = "/api/tasks?q=" + urllib.parse.quote("đôn đốc&per_page=1", safe="")
legit = "/api/tasks?q=" + urllib.parse.quote("đôn đốc") + "&per_page=1"
for _ in range(16):
    request("GET", poison, session=viewer)
legit_ok = True
for _ in range(16):
    r = request("GET", legit, session=viewer)
    j = r.json() or {}
    if r.status != 200 or j.get("per_page") != 1 or not j.get("total"):
        legit_ok = False
check(legit_ok, "an escaped '&' in q does not share a cache entry with a real filter", r)
r = request("GET", "/api/tasks?status=bogus", session=viewer)
check(r.status == 400 and "error" in r.json(), "an unknown status: 400 JSON", r)
r = request("GET", "/api/tasks?page=abc", session=viewer)
check(r.status == 400, "a bad page: 400", r)
r = request("GET", "/api/tasks?unit=" + urllib.parse.quote("Sở Không Có"), session=viewer)
check(r.status == 400, "an unknown unit: 400", r)
r = request("GET", "/api/tasks?unit=%d&sort=attention&per_page=500" % snv["id"], session=viewer)
items = r.json()["items"]
def band(it):
    if it["state"] != "done" and it["days_left"] is not None and 0 <= it["days_left"] <= 7:
        return 0
    return 1 if it["state"] != "done" and it["status"] == "overdue" else 2
bands = [band(it) for it in items]
late = [it["deadline"] for it in items if band(it) == 1]
check(r.status == 200 and bands == sorted(bands) and late == sorted(late, reverse=True) and
      len(items) == r.json()["total"], "sort=attention: due within 7 days, then overdue (latest first), then the rest", bands[:20])
check(request("GET", "/api/tasks?sort=sideways", session=viewer).status == 400, "an unknown sort: 400")
g = request("GET", "/api/tasks?unit=%d&sort=attention&group=task&per_page=500" % snv["id"], session=viewer).json()
firsts, seen = [], set()
for it in items:
    if (it["task_id"], it["unit_id"]) not in seen:
        seen.add((it["task_id"], it["unit_id"]))
        firsts.append(it["id"])
check(g["items_total"] == len(items) and g["total"] == len(g["items"]) < len(items) and
      sum(it["periods"]["count"] for it in g["items"]) == len(items) and
      len(set((it["task_id"], it["unit_id"]) for it in g["items"])) == g["total"] and
      [it["id"] for it in g["items"]] == firsts,
      "group=task: one row per piece of work, the periods counted, in the order asked for", (g["total"], g["items_total"]))
g2 = request("GET", "/api/tasks?unit=%d&sort=attention&group=task&per_page=2&page=2" % snv["id"], session=viewer).json()
check([it["id"] for it in g2["items"]] == [it["id"] for it in g["items"][2:4]], "group=task pages by rows")
r = request("GET", "/api/tasks?flag=recurring&per_page=500", session=viewer).json()
check(r["total"] > 0 and all(it["freq"] for it in r["items"]), "flag=recurring: only periods of recurring tasks", r["total"])
r = request("GET", "/api/tasks?format=csv&per_page=5&page=2", session=viewer)
n_all = request("GET", "/api/tasks?per_page=1", session=viewer).json()["total"]
import csv as csvmod, io
check(r.status == 200 and len(list(csvmod.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))) == n_all + 1 and
      'filename="nhiem-vu.csv"' in (r.header("Content-Disposition") or ""),
      "CSV export: every match in one file, whatever paging the URL asks (no cap)", r.header("Content-Disposition"))
check(request("GET", "/api/summary", session=viewer).json()["counts"]["work_items"] == s["counts"]["work_items"],
      "the data survived the injection attempts")

r = request("GET", "/api/tasks?format=csv&status=overdue", session=viewer)
check(r.status == 200 and r.header("Content-Type").startswith("text/csv") and r.body.startswith(b"\xef\xbb\xbf"),
      "CSV export with a UTF-8 BOM", r.headers)
check(r.body.count(b"\r\n") >= 2 and "Quá hạn".encode() in r.body or "quá hạn".encode() in r.body,
      "CSV has rows with Vietnamese statuses")

# One task, one notice.
item = by_name["items"][0]
r = request("GET", "/api/tasks/%d" % item["task_id"], session=viewer)
task = r.json()
check(r.status == 200 and task["id"] == item["task_id"] and "history" in task and task["items"],
      "GET /api/tasks/{id} with history and items", r)
for path in ("/api/tasks/999999", "/api/notices/999999"):
    r = request("GET", path, session=viewer)
    check(r.status == 404 and "error" in r.json(), "GET %s: 404 JSON" % path, r)
r = request("GET", "/api/tasks/abc", session=viewer)
check(r.status == 404, "a non-numeric id: 404", r)
r = request("GET", "/api/notices/%d" % task["notice_id"], session=viewer)
n = r.json()
check(r.status == 200 and n["notice"]["source_text"] and n["tasks"], "GET /api/notices/{id}", r)
src = n["notice"]["source_text"].encode()
spans_ok = all(src[t["span"]["start"]:t["span"]["end"]].decode("utf-8", "replace").strip() != ""
               for t in n["tasks"] if not t.get("removed_at"))
first = next(t for t in n["tasks"] if not t.get("removed_at"))
words = first["text"].split()[:3]
check(spans_ok and all(w.encode() in src[first["span"]["start"]:first["span"]["end"]] for w in words),
      "task spans point at the task's text in the source", (first["span"], words))

# ---- ids: one spelling, the cases of tests/ids.test ---------------------------------
# The same list the command line runs: an id in a filter is used (200), in a
# path it is looked for (200, or 404 "no such"), and the dashboard's view of
# it is served; anything else is refused: 400 in a filter, 404 "'...' is not
# an id" in an API path, 404 for the view.  An empty filter
# (?task=) is no filter, and /api/tasks/ is the list: no id is read there.
def id_cases():
    import os
    for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ids.test"),
                     encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("'"):
            inp, want = line[1:].rsplit("' => ", 1)
            yield line, inp.replace("\\t", "\t"), want


cases = list(id_cases())
check(len(cases) >= 20, "the id cases were read from tests/ids.test", len(cases))
for line, inp, want in cases:
    is_id = want[:1].isdigit()
    q = urllib.parse.quote(inp, safe="")
    r = request("GET", "/api/tasks?task=" + q, session=viewer)
    check(r.status == (200 if is_id or inp == "" else 400),
          "GET /api/tasks?task= %s: %s" % (line, "used" if is_id or inp == "" else "400"), r)
    if inp == "":
        continue
    r = request("GET", "/api/tasks/" + q, session=viewer)
    err = (r.json() or {}).get("error", "") if r.status != 200 else ""
    if is_id:
        check(r.status == 200 or (r.status == 404 and (r.json() or {}).get("code") != "bad_id"),
              "GET /api/tasks/%s: %s: looked for" % (q, line), r)
    else:
        check(r.status == 404 and r.json()["code"] == "bad_id" and "không phải là mã số" in err,
              "GET /api/tasks/%s: %s: not an id (404)" % (q, line), r)
    r = request("GET", "/tasks/" + q)
    check(r.status == (200 if is_id else 404),
          "dashboard view /tasks/%s: %s: %s" % (q, line, "served" if is_id else "404"), r)

# ---- methods and paths -------------------------------------------------------------
r = request("PUT", "/api/tasks", b"{}", session=office)
check(r.status == 405 and r.json(), "PUT /api/tasks: 405 JSON", r)
r = request("DELETE", "/api/tasks/1", session=office)
check(r.status == 405 and r.json(), "DELETE /api/tasks/1: 405 JSON", r)
r = request("PUT", "/api/notices", b"{}", session=office)
check(r.status == 405 and r.header("Allow") == "GET, HEAD, POST"
      and r.json()["code"] == "method_get_post" and "GET hoặc POST" in r.json()["error"],
      "a 405 says the methods the path takes, in Allow too", r.headers)
r = request("GET", "/api/nothing", session=office)
check(r.status == 404 and r.json(), "unknown endpoint: 404 JSON", r)
r = request("GET", "/no/such/page")
check(r.status == 404 and r.header("Content-Type").startswith("text/html") and b"404" in r.body,
      "unknown page: 404 HTML page", r)
r = request("POST", "/tasks")
check(r.status == 405 and r.header("Content-Type").startswith("text/html"), "POST to a page: 405 page", r)
for p in ("/static/../../../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
          "/static/.hidden", "/static/app.js/../../etc/passwd"):
    r = request("GET", p)
    check(r.status == 404 and b"root:" not in r.body, "'../' in a static path: 404 (%s)" % p, r)
r = request("GET", "/static/app.js")
check(r.status == 200 and r.header("Content-Type").startswith("text/javascript"), "static files are served", r)
r = request("GET", "/<script>alert(1)</script>")
check(r.status == 404 and b"<script>alert" not in r.body and b"&lt;script&gt;" in r.body,
      "a path with markup is escaped in the 404 page", r.body[:400])
for p in ("/", "/tasks", "/tasks/5", "/notices/3", "/import", "/units/2", "/login"):
    r = request("GET", p)
    check(r.status == 200 and b"app.js" in r.body, "dashboard view %s" % p, r)

# ---- CSRF and roles ------------------------------------------------------------------
r = request("POST", "/api/tasks/%d/progress" % item["task_id"], {"item": item["id"], "note": "x"},
            headers={"X-CSRF-Token": ""}, session={"token": office["token"], "csrf": ""})
check(r.status == 403, "a POST without the CSRF token: 403", r)
r = request("POST", "/api/tasks/%d/progress" % item["task_id"], {"item": item["id"], "note": "x"},
            session={"token": office["token"], "csrf": unit["csrf"]})
check(r.status == 403, "a POST with another session's CSRF token: 403", r)
r = request("POST", "/api/tasks/%d/progress" % item["task_id"], {"item": item["id"], "note": "x"})
check(r.status == 401, "a POST without a session: 401", r)
r = request("POST", "/api/notices", {"text": "x"}, session={"token": office["token"], "csrf": "A" * 43})
check(r.status == 403, "import without the right CSRF token: 403", r)
r = request("POST", "/api/logout", None, session={"token": office["token"], "csrf": "A" * 43})
check(r.status == 403, "logout needs the CSRF token too", r)

# Work of the unit user's own unit, open.
own = next(i for i in by_name["items"] if i["state"] == "open")
other = request("GET", "/api/tasks?per_page=1&status=overdue&unit=" + urllib.parse.quote("Sở Tài chính"),
                session=viewer).json()["items"][0]
r = request("POST", "/api/tasks/%d/progress" % own["task_id"], {"item": own["id"], "note": "đã họp", "percent": 40},
            session=viewer)
check(r.status == 403, "a viewer cannot act", r)
r = request("POST", "/api/tasks/%d/done" % other["task_id"], {"item": other["id"]}, session=unit)
check(r.status == 403, "a unit cannot act on another unit's work", r)
r = request("POST", "/api/tasks/%d/progress" % own["task_id"], {"note": "đã họp", "percent": 40}, session=unit)
check(r.status == 200 and r.json()["unit"] == "Sở Nội vụ", "a unit reports progress on its own work (unit implied)", r)
r = request("POST", "/api/tasks/%d/progress" % own["task_id"], "{bad json", session=unit)
check(r.status == 400 and r.json(), "bad JSON body: 400 JSON", r)
r = request("POST", "/api/tasks/%d/fly" % own["task_id"], {}, session=office)
check(r.status == 404, "an unknown action: 404", r)
r = request("POST", "/api/tasks/%d/done" % own["task_id"], {"item": own["id"], "date": "2026-11-20"}, session=unit)
check(r.status == 200 and r.json()["state"] == "reported" and r.json()["awaiting_confirmation"],
      "a unit reports its work done: awaiting confirmation", r)
r = request("POST", "/api/tasks/%d/confirm" % own["task_id"], {"item": own["id"]}, session=unit)
check(r.status == 403, "a unit cannot confirm", r)
before = request("GET", "/api/summary", session=viewer).json()["counts"]
r = request("POST", "/api/tasks/%d/confirm" % own["task_id"], {"item": own["id"]}, session=office)
check(r.status == 200 and r.json()["state"] == "done" and r.json()["done_on"] == "2026-11-20",
      "the office confirms: done on the reported day", r)
after = request("GET", "/api/summary", session=viewer).json()["counts"]
check(after["done_late"] + after["done_on_time"] == before["done_late"] + before["done_on_time"] + 1,
      "the summary moves after a write (no stale cache)", (before, after))
r = request("POST", "/api/tasks/%d/confirm" % own["task_id"], {"item": own["id"]}, session=office)
check(r.status == 409 and "error" in r.json(), "confirming twice: 409", r)
r = request("GET", "/api/tasks/%d" % own["task_id"], session=viewer)
kinds = [e["kind"] for e in r.json()["history"]]
check("reported_done" in kinds and "confirmed" in kinds and "progress" in kinds,
      "the task's history records the actions", kinds)
who = [e.get("actor") for e in r.json()["history"] if e["kind"] == "confirmed"]
check(who == ["vanphong"], "the history names who acted", who)

# Extension: requested by the unit, approved by the office.
own2 = next(i for i in request("GET", "/api/tasks?per_page=500&status=in_progress&unit=%d" % snv["id"],
                                session=viewer).json()["items"] if i["state"] == "open")
r = request("POST", "/api/tasks/%d/extend" % own2["task_id"], {"item": own2["id"], "date": "2027-06-30"},
            session=unit)
check(r.status == 400, "an extension without a reason: 400", r)
# A unit's and a notice's lists are cached until that work changes
# (cache.c): warm every thread's entries, then the request must show.
by_unit = "/api/tasks?per_page=500&unit=%d" % snv["id"]
by_notice = "/api/tasks?per_page=500&status=in_progress&notice=%d" % own2["notice_id"]
tc_list = "/api/tasks?per_page=500&unit=%d" % next(u for u in units if u["name"] == "Sở Tài chính")["id"]
for _ in range(4):
    request("GET", by_unit, session=viewer)
    request("GET", by_notice, session=viewer)
tc_before = request("GET", tc_list, session=viewer).body
r = request("POST", "/api/tasks/%d/extend" % own2["task_id"],
            {"item": own2["id"], "date": "2027-06-30", "note": "chờ hướng dẫn của Bộ"}, session=unit)
check(r.status == 200 and r.json()["requested_to"] == "2027-06-30", "a unit asks for an extension", r)
seen = []
for _ in range(4):
    for path in (by_unit, by_notice):
        item = [i for i in request("GET", path, session=viewer).json()["items"] if i["id"] == own2["id"]]
        seen.append(item[0]["requested_to"] if item else None)
check(seen == ["2027-06-30"] * 8,
      "an extension asked shows at once in the unit's and the notice's cached lists", seen)
check(request("GET", tc_list, session=viewer).body == tc_before,
      "another unit's list is the same after the write", tc_list)
r = request("POST", "/api/tasks/%d/approve" % own2["task_id"], {"item": own2["id"]}, session=office)
check(r.status == 200 and r.json()["deadline"] == "2027-06-30" and r.json()["extended"],
      "the office approves: the deadline moves", r)

# ---- import through the API --------------------------------------------------------
NOTICE = """ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
Số: 901/TB-UBND
Cao Bằng, ngày 10 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số

1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát quy chế <script>alert('x')</script>, báo cáo UBND tỉnh trước ngày 15/12/2026.
2. Giao Sở Tài chính tham mưu bố trí kinh phí đôn đốc thực hiện, hoàn thành chậm nhất ngày 20/12/2026.

Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""
r = request("POST", "/api/notices", {"text": NOTICE, "name": "tb-901.txt"}, session=unit)
check(r.status == 403, "a unit cannot import", r)
r = request("POST", "/api/notices", {"text": NOTICE, "name": "tb-901.txt"}, session=office)
pv = r.json()
check(r.status == 201 and pv["id"] and len(pv["tasks"]) == 2 and pv["notice"]["number"] == "901/TB-UBND",
      "POST /api/notices gives a preview", r)
check(pv and pv["tasks"][0]["owners"] == ["Sở Nội vụ"] and pv["tasks"][0]["due_kind"] == "before",
      "the preview has owners and deadline kinds", pv and pv["tasks"][0])
r = request("POST", "/api/notices/%d/commit" % pv["id"], "{oops", session=office)
check(r.status == 400, "commit with bad JSON: 400", r)
r = request("POST", "/api/notices/%d/commit" % pv["id"], {"tasks": [{"index": 7}]}, session=office)
check(r.status == 400 and r.json()["code"] == "task_index" and "index" in r.json()["error"],
      "a correction of a task that is not there: 400", r)
r = request("POST", "/api/notices/%d/commit" % pv["id"],
            {"tasks": [{"index": 1, "owners": ["Sở Kế hoạch và Đầu tư"], "due": "2026-12-31", "due_kind": "by"}]},
            session=office)
res = r.json()
check(r.status == 201 and res["status"] == "new" and res["notice_id"], "commit stores the corrected notice", r)
r = request("POST", "/api/notices/%d/commit" % pv["id"], {}, session=office)
check(r.status == 409, "committing a draft twice: 409", r)
r = request("GET", "/api/notices/%d" % res["notice_id"], session=viewer)
stored = r.json()
t2 = [t for t in stored["tasks"] if not t.get("removed_at")]
check(len(t2) == 2 and t2[1]["owners"] == ["Sở Kế hoạch và Đầu tư"] and t2[1]["due"] == "2026-12-31",
      "the stored task has the clerk's owner and deadline", [(t["owners"], t["due"]) for t in t2])
check("<script>alert('x')</script>" in stored["notice"]["source_text"],
      "the text is stored as written (escaping is the page's job)")
r = request("POST", "/api/notices", NOTICE.replace("901", "902"),
            {"Content-Type": "text/plain; charset=utf-8", "X-File-Name": "tb-902.txt"}, session=office)
check(r.status == 201 and r.json()["notice"]["number"] == "902/TB-UBND", "a raw text upload is parsed", r)
r = request("POST", "/api/notices", b"\xff\xfe bad bytes \xc3", {"Content-Type": "application/octet-stream"},
            session=office)
check(r.status == 400 and "error" in r.json(), "bytes that are not a notice: 400 with the reason", r)
# An upload in a legacy encoding (TCVN3, the ".VnTime" fonts) is recognised.
import subprocess
tcvn = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=NOTICE.replace("901", "903").encode(),
                      capture_output=True).stdout
r = request("POST", "/api/notices", tcvn, {"Content-Type": "application/octet-stream", "X-File-Name": "tb-903.txt"},
            session=office)
check(r.status == 201 and r.json()["notice"]["number"] == "903/TB-UBND" and len(r.json()["tasks"]) == 2
      and r.json()["tasks"][0]["owners"] == ["Sở Nội vụ"], "a TCVN3 upload is converted and parsed", r)
# A Word file, with Word's own list numbering, uploaded as it is.
import os
import tempfile
with tempfile.TemporaryDirectory() as td:
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "mkdocx.py"), "numbered",
                    os.path.join(td, "n.docx"), os.path.join(td, "n.txt")], check=True)
    docx = open(os.path.join(td, "n.docx"), "rb").read()
    typed = open(os.path.join(td, "n.txt"), "rb").read()
r = request("POST", "/api/notices", docx, {"Content-Type": "application/octet-stream", "X-File-Name": "n.docx"},
            session=office)
r2 = request("POST", "/api/notices", typed, {"Content-Type": "text/plain", "X-File-Name": "n.txt"}, session=office)
check(r.status == 201 and r.json()["format"] == "docx" and r.json()["tasks"] and
      [(t["ref"], t["owners"], t["due"]) for t in r.json()["tasks"]] ==
      [(t["ref"], t["owners"], t["due"]) for t in r2.json()["tasks"]],
      "a .docx upload gives the tasks of its typed text", (r, r2))
r = request("POST", "/api/notices", b"PK\x03\x04" + os.urandom(300), {"Content-Type": "application/octet-stream"},
            session=office)
check(r.status == 400 and "error" in r.json(), "a damaged zip upload: 400 with the reason", r)
# One client converting one document after another never finds the slot its
# own finished conversion held: each answer frees it before it goes out.
busy = [request("POST", "/api/notices", b"PK\x03\x04" + os.urandom(64), {"Content-Type": "application/octet-stream"},
                session=office).status for _ in range(20)]
check(busy == [400] * 20, "20 conversions in a row from one client: never a 503", busy)
r = request("POST", "/api/notices", NOTICE.replace("901", "904"),
            {"Content-Type": "text/plain", "X-File-Name": "tb%20s%E1%BB%91%20904.txt"}, session=office)
check(r.status == 201 and r.json()["name"] == "tb số 904.txt", "an upload's percent-encoded file name is decoded", r)
r = request("POST", "/api/tasks/%d/progress" % own["task_id"], {"item": 1e300, "note": "x"}, session=office)
check(r.status in (400, 404) and r.json(), "an absurd item number is refused cleanly", r)
r = request("POST", "/api/notices/999999/commit", {}, session=office)
check(r.status == 404, "commit of an unknown draft: 404", r)

# ---- body limits -----------------------------------------------------------------------
big = b"x" * (70 * 1024)
r = request("POST", "/api/notices", big, {"Content-Type": "text/plain"}, session=office)
check(r.status == 413, "a body over the limit (Content-Length): 413", r)
r = request("POST", "/api/notices", big, {"Content-Type": "text/plain", "Transfer-Encoding": "chunked"},
            session=office)
check(r.status == 413, "a chunked body over the limit: 413", r)
r = request("GET", "/healthz")
check(r.status == 200, "the server is fine after oversized bodies", r)

# ---- concurrent writers ------------------------------------------------------------------
open_items = request("GET", "/api/tasks?per_page=40&flag=open&unit=%d" % snv["id"], session=viewer).json()["items"]
results = []


def worker(it):
    rr = request("POST", "/api/tasks/%d/progress" % it["task_id"], {"item": it["id"], "note": "song song"},
                 session=office)
    results.append(rr.status)


threads = [threading.Thread(target=worker, args=(it,)) for it in open_items[:24]]
for th in threads:
    th.start()
for th in threads:
    th.join()
check(len(results) == len(threads) and all(x == 200 for x in results),
      "%d concurrent writes all succeed (BEGIN IMMEDIATE, busy timeout)" % len(threads), results)

# ---- a write by another process (the command line) reaches the cached answers ----
import os
if os.environ.get("TRACKER") and os.environ.get("TRACKER_TEST_DB"):
    path = "/api/tasks/%d" % own2["task_id"]
    h1 = len(request("GET", path, session=office).json()["history"])
    h1b = len(request("GET", path, session=office).json()["history"])
    cli = subprocess.run([os.environ["TRACKER"], "--db", os.environ["TRACKER_TEST_DB"], "progress",
                          str(own2["id"]), "--note", "từ dòng lệnh", "--today", "2026-11-23"],
                         capture_output=True)
    seen = [len(request("GET", path, session=office).json()["history"]) for _ in range(4)]
    check(h1 == h1b and cli.returncode == 0 and all(n == h1 + 1 for n in seen),
          "a write from another process shows at once in every thread's cached answers",
          (h1, h1b, cli.returncode, cli.stderr[:200], seen))

# ---- calendar feeds over HTTP ------------------------------------------------------------
r = request("POST", "/api/units/%d/feed" % snv["id"], {"action": "issue"}, session=viewer)
check(r.status == 403, "a viewer cannot make a feed address", r)
tc = next(u for u in units if u["name"] == "Sở Tài chính")
r = request("POST", "/api/units/%d/feed" % tc["id"], {"action": "issue"}, session=unit)
check(r.status == 403, "a unit cannot make another unit's feed address", r)
r = request("POST", "/api/units/%d/feed" % snv["id"], {"action": "issue"}, session=unit)
feed = r.json()
check(r.status == 201 and "/feeds/" in feed["url"] and feed["webcal"].startswith("webcal://"),
      "a unit makes its own feed address (https and webcal)", r)
r = request("POST", "/api/units/%d/feed" % snv["id"], {"action": "issue"}, session=office)
check(r.status == 409, "a second address needs a rotation", r)
fpath = urllib.parse.urlsplit(feed["url"]).path
r = request("GET", fpath)
check(r.status == 200 and r.header("Content-Type") == "text/calendar; charset=utf-8"
      and r.body.startswith(b"BEGIN:VCALENDAR\r\n") and "Sở Nội vụ".encode() in r.body,
      "GET /feeds/<token>.ics serves the unit's calendar without a session", r.headers)
check(b"S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh\r\n" not in r.body.split(b"BEGIN:VEVENT")[0],
      "the feed is named for its own unit")
etag, lastmod = r.header("ETag"), r.header("Last-Modified")
check(etag and lastmod, "the feed has an ETag and Last-Modified", r.headers)
r2 = request("GET", fpath)
check(r2.body == r.body and r2.header("ETag") == etag, "the same state gives the same bytes and ETag")
r = request("GET", fpath, headers={"If-None-Match": etag})
check(r.status == 304 and r.body == b"", "If-None-Match with the ETag: 304", r)
r = request("GET", fpath, headers={"If-Modified-Since": lastmod})
check(r.status == 304, "If-Modified-Since: 304", r)
r = request("GET", fpath, headers={"If-None-Match": '"other"'})
check(r.status == 200, "another ETag: the feed again", r)
r = request("GET", fpath + "?type=todo")
check(r.status == 200 and b"BEGIN:VTODO" in r.body and r.header("ETag") != etag, "?type=todo gives VTODOs", r.headers)
snv_item = next(i for i in request("GET", "/api/tasks?per_page=500&flag=open&unit=%d" % snv["id"],
                                     session=viewer).json()["items"] if i["deadline"])
request("POST", "/api/tasks/%d/done" % snv_item["task_id"], {"item": snv_item["id"]}, session=office)
r = request("GET", fpath, headers={"If-None-Match": etag})
check(r.status == 200 and r.header("ETag") != etag, "a write to the unit's work changes the ETag", r.headers)
r = request("POST", "/api/units/%d/feed" % snv["id"], {"action": "rotate"}, session=office)
newpath = urllib.parse.urlsplit(r.json()["url"]).path
check(r.status == 201 and newpath != fpath, "rotating gives a new address", r)
r = request("GET", fpath)
check(r.status == 410, "the rotated-away address answers 410 Gone", r)
check(request("GET", newpath).status == 200, "the new address works")
r = request("POST", "/api/units/%d/feed" % snv["id"], {"action": "revoke"}, session=office)
check(r.status == 200 and request("GET", newpath).status == 410, "a revoked address answers 410", r)
for bad in ("/feeds/AAAAAAAAAAAAAAAAAAAAAA.ics", "/feeds/nothing.ics", "/feeds/", "/feeds/../etc/passwd"):
    r = request("GET", bad)
    check(r.status == 404, "an unknown feed %s: 404" % bad, r)
r = request("POST", "/api/units/%d/feed" % snv["id"], {"action": "fly"}, session=office)
check(r.status == 400, "an unknown feed action: 400", r)

# ---- logout and the login throttle ---------------------------------------------------------
r = request("POST", "/api/logout", None, session=viewer)
check(r.status == 200 and "Max-Age=0" in (r.header("Set-Cookie") or ""), "logout clears the cookie", r)
r = request("GET", "/api/summary", session=viewer)
check(r.status == 401, "the session is gone after logout", r)
statuses = []
for _ in range(12):
    r = request("POST", "/api/login", {"login": "Khoa", "password": "nope-nope"})
    statuses.append(r.status)
    if r.status == 429:
        break
check(statuses[:3] == [401] * 3 and statuses[-1] == 429 and len(statuses) <= 8
      and (r.header("Retry-After") or "").isdigit(),
      "wrong passwords slow the login down after 3 failures (429 with Retry-After)", statuses)
r = request("POST", "/api/login", {"login": "khoa", "password": "dung-mat-khau-1"})
check(r.status == 429, "even the right password waits once throttled (case-insensitive login)", r)
r = request("GET", "/api/session", session=office)
check(r.status == 200, "other sessions are unaffected", r)

print("# %d failed" % A.failed)
sys.exit(1 if A.failed else 0)
