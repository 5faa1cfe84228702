#!/usr/bin/env python3
"""messages_check.py - no English reaches a dashboard user.

Usage: messages_check.py TOP [BASE_URL OFFICE_PASSWORD]
Statically: every message code the web adapter and the library use
(web_fail(r, N, "code", ...), err_key(err, CODE, "key", ...); web_error()
with English text, kept for callers older than the table, is listed as a
failure) is in the
one table, tracker/core/msg.c, and every text of the table is Vietnamese.
With a server: every error answer of a list of wrong requests is JSON whose
"error" is a table text (with its one value quoted) and whose "code" is
the table's code for it.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apiclient as A

top = sys.argv[1]


def read(p):
    with open(os.path.join(top, p), encoding="utf-8") as f:
        return f.read()


table = dict(re.findall(r'^\s*\{"([a-z_]+)", "((?:[^"\\]|\\.)*)"\},', read("tracker/core/msg.c"), re.M))
table = {k: v.encode().decode("unicode_escape").encode("latin-1").decode("utf-8") for k, v in table.items()}
A.check(len(table) >= 60, "the message table is read (%d entries)" % len(table))
VI = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
english = [k for k, v in table.items() if not VI.search(v)]
A.check(not english, "every text of the table is Vietnamese", english)

srcs = []
for d in ("web", "tracker", "tracker/core", "tracker/store", "tracker/cli", "notices"):
    for f in sorted(os.listdir(os.path.join(top, d))):
        if f.endswith(".c"):
            srcs.append(os.path.join(d, f))
used, literal = set(), []
for p in srcs:
    s = read(p)
    for m in re.finditer(r'web_fail\(r, \d+, ("[^"]*"|[A-Za-z_>.-]+)', s):
        a = m.group(1)
        if a.startswith('"'):
            used.add(a.strip('"'))
        elif p.startswith("web/") and p != "web/reply.c":
            literal.append("%s: %s" % (p, m.group(0)))
    # web_error() is for callers older than the table: each is listed.
    if p.startswith("web/") and p != "web/reply.c":
        for m in re.finditer(r'web_error\(r, \d+, "[^"]*"', s):
            literal.append("%s: %s" % (p, m.group(0)))
    for m in re.finditer(r'err_key\([a-z&>.-]+, ERR_[A-Z]+,\s*(?:[^,"]*\? )?"([a-z_]+)"(?: : "([a-z_]+)")?', s):
        used.update(x for x in m.groups() if x)
    for m in re.finditer(r'plain\(r, \d+, "([a-z_]+)"', s):
        used.add(m.group(1))
    for m in re.finditer(r'task_err\(err, "([a-z_]+)"', s):
        used.add(m.group(1))
for k in re.findall(r'return "(date_[a-z_]+)"', read("notices/dates.c")):
    used.add(k)
A.check(len(used) >= 40, "message codes found in the sources (%d)" % len(used))
missing = sorted(k for k in used if k not in table)
A.check(not missing, "every message code the sources use is in the table", missing)
A.check(not literal, "web/ names every message by a code of the table", literal)
A.check(not re.search(r'web_fail\([^;]*%[sdz]', "".join(read(p) for p in srcs if p.startswith("web/"))),
        "no web_fail call formats its own text")

if len(sys.argv) > 3:
    A.setup(sys.argv[2])
    office = A.login("vanphong", sys.argv[3])
    A.check(office is not None, "the office logs in")


    def fits(text, code):
        t = table.get(code)
        if t is None:
            return False
        if "{}" not in t:
            return text == t or text.endswith(": " + t) or text.endswith(t)
        pre, post = t.split("{}", 1)
        return text.startswith(pre.split("'")[0].rstrip(" :")) and text.endswith(post.split("'")[-1])

    cases = [
        ("GET", "/api/summary", None, None, {}, 401),
        ("POST", "/api/login", {"login": "vanphong", "password": "sai"}, None, {}, 401),
        ("POST", "/api/login", b"login=x", None, {"Content-Type": "text/plain"}, 415),
        ("GET", "/api/nothing", None, office, {}, 404),
        ("GET", "/api/tasks/x1", None, office, {}, 404),
        ("GET", "/api/tasks/999999", None, office, {}, 404),
        ("PUT", "/api/notices", b"{}", office, {}, 405),
        ("POST", "/api/notices", {"text": "x"}, office, {"X-CSRF-Token": "wrong"}, 403),
        ("GET", "/api/tasks?status=nope", None, office, {}, 400),
        ("GET", "/api/tasks?unit=Kh%C3%B4ng%20c%C3%B3", None, office, {}, 400),
        ("POST", "/api/tasks/1/nope", {}, office, {}, 404),
        ("POST", "/api/tasks/1/done", b"[1", office, {"Content-Type": "application/json"}, 400),
        ("POST", "/api/tasks/1/done", {}, office, {}, 400),
        ("POST", "/api/tasks/1/done", {"unit": "Sở Nội vụ", "date": "20261-01-01"}, office, {}, 422),
        ("POST", "/api/notices", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", office,
         {"Content-Type": "application/octet-stream"}, 400),
        ("POST", "/api/notices/999999/commit", {}, office, {}, 404),
        ("POST", "/api/units/1/feed", {"action": "x"}, office, {}, 400),
    ]
    for method, path, body, sess, hdr, want in cases:
        r = A.request(method, path, body, hdr, sess)
        j = r.json() or {}
        A.check(r.status == want and j.get("status") == want and j.get("code") in table
                and isinstance(j.get("error"), str) and VI.search(j["error"])
                and fits(j["error"], j["code"]),
                "%s %s: %d with a table message (%s)" % (method, path, want, j.get("code")), r)
    r = A.request("GET", "/feeds/AAAAAAAAAAAAAAAAAAAAAA.ics")
    A.check(r.status == 404 and r.body.decode().strip() == table["feed_unknown"],
            "a calendar client's error is a table text too", r)
    r = A.request("GET", "/no/such/page")
    A.check(r.status == 404 and "Không có trang" in r.body.decode(), "a missing page says so in Vietnamese", r)

sys.exit(1 if A.failed else 0)
