#!/usr/bin/env python3
"""attach_check.py - the checks of tests/t_attach.sh against a running server.

    python3 tests/attach_check.py TOP BASE DB DIR

Accounts (made by t_attach.sh): sonv (unit "Sở Nội vụ"), sotc (unit "Sở Tài
chính"), xem (viewer), khoa (office).  DIR holds notice.docx (mkdocx.py) and
receives the fixtures; cli_item.json names an open item of sonv left for the
command line.  Prints TAP lines; exits 1 when a check failed.
"""
import hashlib
import json
import os
import re
import socket
import sqlite3
import struct
import sys
import time
import urllib.parse
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apiclient  # noqa: E402
from apiclient import check, login, request  # noqa: E402

TOP, BASE, DB, DIR = sys.argv[1:5]
apiclient.setup(BASE)
HOST = urllib.parse.urlsplit(BASE)

# The one message table: code -> text ("{}" where a value goes).
MSG = dict(re.findall(r'\{"([a-z_]+)", "((?:[^"\\]|\\.)*)"\}',
                      open(os.path.join(TOP, "tracker/core/msg.c"), encoding="utf-8").read()))


def msg(code, arg=None):
    t = MSG[code].replace('\\"', '"')
    return t.replace("{}", arg) if arg is not None else t


def sha(b):
    return hashlib.sha256(b).hexdigest()


def form(fields, files):
    """multipart/form-data: fields {name: str}, files {name: (filename, bytes, ctype)}."""
    b = "----trackerboundary7MA4YWxkTrZu0gW"
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (b, k)).encode() + v.encode() + b"\r\n")
    for k, (fn, data, ct) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (b, k, fn, ct)).encode("utf-8") + data + b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b


def done(sess, task_id, fields, files=None):
    body, ct = form(fields, files or {})
    return request("POST", "/api/tasks/%d/done" % task_id, body, {"Content-Type": ct}, session=sess)


def png(w=3, h=2):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    raw = b"".join(b"\x00" + bytes([200, 30, 30] * w) for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf(n=0):
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
    return body + b"%" + b"x" * n + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_of(entries):
    path = os.path.join(DIR, "z.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return open(path, "rb").read()


# ---- Accounts and work -----------------------------------------------------------
office = login("khoa", "mat-khau-van-phong")
unit = login("sonv", "mat-khau-so-noi-vu")
other = login("sotc", "mat-khau-so-tai-chinh")
viewer = login("xem", "mat-khau-nguoi-xem")
check(office and unit and other and viewer, "the four accounts log in")

r = request("GET", "/api/tasks?unit=" + urllib.parse.quote("Sở Nội vụ") + "&flag=open&per_page=200", session=unit)
items = [it for it in r.json()["items"] if it["state"] == "open" and not it["freq"] and it["notice_date"]]
# One item per task: each report below closes its task's item.
seen, mine = set(), []
for it in items:
    if it["task_id"] not in seen:
        seen.add(it["task_id"])
        mine.append(it)
check(len(mine) >= 8, "Sở Nội vụ has open one-off work on at least 8 tasks", len(mine))
json.dump(mine[7], open(os.path.join(DIR, "cli_item.json"), "w"))
open(os.path.join(DIR, "small.pdf"), "wb").write(pdf(100))


def stored(item_id):
    con = sqlite3.connect(DB)
    try:
        return con.execute("SELECT count(*) FROM attachments WHERE occurrence_id = ?", (item_id,)).fetchone()[0]
    finally:
        con.close()


def state(sess, item):
    t = request("GET", "/api/tasks/%d" % item["task_id"], session=sess).json()
    return [i for i in t["items"] if i["id"] == item["id"]][0]["state"], t


# ---- Refused types: by content, never by name or declared type --------------------
it = mine[0]
bad = {
    "HTML": ("bao-cao.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "text/html"),
    "SVG": ("hinh.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
    "a program": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream"),
    "a zip of something else": ("tai-lieu.zip", zip_of({"readme.txt": "xin chao"}), "application/zip"),
    "HTML named .docx": ("bao-cao.docx", b"<html><body>Bao cao</body></html>",
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "HTML named .pdf, typed PDF": ("bao-cao.pdf", b"<html>%PDF-1.4</html>", "application/pdf"),
    "a zip claiming Word without the part": ("x.docx", zip_of({"[Content_Types].xml":
        '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'}),
        "application/octet-stream"),
}
for what, (fn, data, ct) in bad.items():
    r = done(unit, it["task_id"], {"item": str(it["id"]), "note": "xong"}, {"file": (fn, data, ct)})
    j = r.json() or {}
    check(r.status == 415 and j.get("code") == "attach_type" and j.get("error") == msg("attach_type"),
          "%s is refused with 415 and the table's Vietnamese words" % what, r)
check(stored(it["id"]) == 0 and state(unit, it)[0] == "open", "nothing was kept and the work is still open")

# ---- Over the limit ------------------------------------------------------------------------
big = pdf(10 * 1024 * 1024)
r = done(unit, it["task_id"], {"item": str(it["id"])}, {"file": ("lon.pdf", big, "application/pdf")})
j = r.json() or {}
check(r.status == 413 and j.get("code") == "attach_too_big" and j.get("error") == msg("attach_too_big", "10 MiB"),
      "a PDF over 10 MiB is refused with 413 and the table's Vietnamese words", r)
just = pdf(10 * 1024 * 1024 - len(pdf(0)) + 1)
check(len(just) == 10 * 1024 * 1024 + 1, "the fixture is one byte over 10 MiB", len(just))
r = done(unit, it["task_id"], {"item": str(it["id"])}, {"file": ("lon.pdf", just, "application/pdf")})
check(r.status == 413 and (r.json() or {}).get("code") == "attach_too_big", "one byte over 10 MiB is refused too", r)
check(stored(it["id"]) == 0 and state(unit, it)[0] == "open", "nothing was kept and the work is still open (over the limit)")

# ---- The done day -------------------------------------------------------------------------------
nd = it["notice_date"]
before = "%04d-%s" % (int(nd[:4]) - (1 if nd[5:] == "01-01" else 0), "12-31" if nd[5:] == "01-01" else "01-01")
r = done(unit, it["task_id"], {"item": str(it["id"]), "date": before}, {"file": ("a.pdf", pdf(), "application/pdf")})
j = r.json() or {}
check(r.status == 422 and j.get("code") == "done_before_notice" and j.get("field") == "date" and
      j.get("error") == msg("done_before_notice", nd), "a done day before the notice's date is refused at the date field", r)
r = done(unit, it["task_id"], {"item": str(it["id"]), "date": "2026-11-24"}, {"file": ("a.pdf", pdf(), "application/pdf")})
j = r.json() or {}
check(r.status == 422 and j.get("code") == "done_in_future" and j.get("field") == "date" and j.get("error") == msg("done_in_future"),
      "a done day in the future is refused at the date field", r)
r = request("POST", "/api/tasks/%d/done" % it["task_id"], {"item": it["id"], "date": "2026-11-24"}, session=unit)
check(r.status == 422 and (r.json() or {}).get("code") == "done_in_future", "... as JSON too", r)
check(stored(it["id"]) == 0 and state(unit, it)[0] == "open", "nothing was kept after the refused days")

# ---- Kept documents come back byte-identical, as downloads -------------------------------------
xlsx = request("GET", "/api/tasks?format=xlsx&per_page=5", session=office).body
docs = [
    ("PDF", mine[0], "báo cáo kết quả.pdf", pdf(5000), "application/pdf", "application/pdf"),
    ("PNG", mine[1], "ảnh chụp.png", png(), "image/png", "image/png"),
    (".docx", mine[2], "bao-cao.docx", open(os.path.join(DIR, "notice.docx"), "rb").read(), "application/octet-stream",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (".xlsx", mine[3], "so-lieu.xlsx", xlsx, "application/octet-stream",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("JPEG named .html", mine[4], "trang.html", b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 64, "text/html", "image/jpeg"),
]
kept = {}
for what, item, fn, data, sent_ct, want_ct in docs:
    r = done(unit, item["task_id"], {"item": str(item["id"]), "date": "2026-11-22", "note": "Đã hoàn thành, gửi kèm tài liệu"},
             {"file": (fn, data, sent_ct)})
    j = r.json() or {}
    a = j.get("attachment") or {}
    check(r.status == 200 and j.get("state") == "reported" and j.get("reported_on") == "2026-11-22" and
          a.get("type") == want_ct and a.get("size") == len(data) and a.get("sha256") == sha(data),
          "a %s is kept with the report of completion, typed %s by its bytes" % (what, want_ct), r)
    if a:
        kept[what] = (a, data, item)
if "JPEG named .html" in kept:
    check(kept["JPEG named .html"][0]["name"] == "trang.html.jpg", "a name whose extension lies gets the true one",
          kept["JPEG named .html"][0])
for what, (a, data, item) in kept.items():
    for who, sess in (("the office", office), ("the unit", unit)):
        r = request("GET", "/api/files/%d" % a["id"], session=sess)
        cd = r.header("Content-Disposition") or ""
        check(r.status == 200 and sha(r.body) == sha(data) and cd.startswith("attachment;") and "filename*=UTF-8''" in cd and
              r.header("Content-Type") == a["type"] and r.header("X-Content-Type-Options") == "nosniff" and
              "sandbox" in (r.header("Content-Security-Policy") or ""),
              "%s downloads the %s byte-identical, as an attachment of its type, sandboxed" % (who, what),
              "%d %s %s" % (r.status, cd, r.headers))
if "PDF" in kept:
    a = kept["PDF"][0]
    r = request("GET", "/api/files/%d" % a["id"], session=office)
    cd = r.header("Content-Disposition") or ""
    check(urllib.parse.unquote(cd.split("filename*=UTF-8''")[1]) == "báo cáo kết quả.pdf",
          "the Vietnamese file name comes back in filename*", cd)
    r = request("GET", "/api/files/%d" % a["id"], session=other)
    check(r.status in (403, 404) and (r.json() or {}).get("error") == msg("attach_forbidden"),
          "another unit cannot download it", r)
    r = request("GET", "/api/files/%d" % a["id"], session=viewer)
    check(r.status in (403, 404), "a viewer cannot download it", r)
    r = request("GET", "/api/files/%d" % a["id"])
    check(r.status == 401, "nor anyone without a session", r)
    st, t = state(office, kept["PDF"][2])
    lst = [x for x in t.get("attachments", []) if x["id"] == a["id"]]
    check(len(lst) == 1 and lst[0]["name"] == "báo cáo kết quả.pdf" and lst[0]["by"] == "sonv" and lst[0]["at"] and
          lst[0]["size"] == len(kept["PDF"][1]) and lst[0]["type"] == "application/pdf" and lst[0]["item"] == kept["PDF"][2]["id"],
          "the task lists its attachment: id, name, size, type, who and when", t.get("attachments"))
    ev = [e for e in t.get("history", []) if e["kind"] == "reported_done" and (e.get("data") or {}).get("attachment")]
    check(len(ev) == 1 and ev[0]["data"]["attachment"]["id"] == a["id"] and "báo cáo kết quả.pdf" in ev[0]["text"],
          "the history records the attachment", ev)

# ---- Only the unit that leads the work, and the office ------------------------------------------
it5 = mine[5]
r = done(other, it5["task_id"], {"item": str(it5["id"])}, {"file": ("a.pdf", pdf(), "application/pdf")})
check(r.status == 403 and stored(it5["id"]) == 0, "another unit cannot report done or attach on this unit's work", r)
r = done(viewer, it5["task_id"], {"item": str(it5["id"])}, {"file": ("a.pdf", pdf(), "application/pdf")})
check(r.status == 403 and stored(it5["id"]) == 0, "a viewer cannot either", r)
r = done(office, it5["task_id"], {"item": str(it5["id"]), "note": "Văn phòng ghi nhận"}, {"file": ("vp.png", png(5, 5), "image/png")})
check(r.status == 200 and stored(it5["id"]) == 1, "the office can report done with a document for a unit", r)
r = request("POST", "/api/tasks/%d/done" % mine[6]["task_id"], {"item": mine[6]["id"], "note": "JSON vẫn được"}, session=unit)
check(r.status == 200 and r.json()["state"] == "reported", "a JSON report of completion still works", r)


# ---- No body is read before the session, the CSRF token, the role and the work ------------------
def raw_post(path, headers, length=200 * 1024 * 1024):
    """Sends only the headers of a huge POST; returns (status, seconds) of the answer."""
    s = socket.create_connection((HOST.hostname, HOST.port), timeout=10)
    t0 = time.monotonic()
    head = "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n" % (path, length)
    for k, v in headers.items():
        head += "%s: %s\r\n" % (k, v)
    s.sendall((head + "\r\n").encode() + b"--b\r\n" + b"x" * 4096)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            got = s.recv(4096)
            if not got:
                break
            data += got
    except OSError:
        pass
    s.close()
    m = re.match(rb"HTTP/1\.\d (\d+)", data)
    return (int(m.group(1)) if m else 0), time.monotonic() - t0


path = "/api/tasks/%d/done" % it5["task_id"]
st, secs = raw_post(path, {})
check(st == 401 and secs < 2, "200 MB announced without a session: 401 at once (%.2f s), the body unread" % secs, st)
st, secs = raw_post(path, {"Cookie": "tracker_session=" + unit["token"]})
check(st == 403 and secs < 2, "with a session but no CSRF token: 403 at once (%.2f s)" % secs, st)
st, secs = raw_post(path, {"Cookie": "tracker_session=" + other["token"], "X-CSRF-Token": other["csrf"]}, 1024 * 1024)
check(st == 403 and secs < 2, "another unit's 1 MB upload on this work: 403 at once (%.2f s)" % secs, st)
st, secs = raw_post(path, {"Cookie": "tracker_session=" + unit["token"], "X-CSRF-Token": unit["csrf"]})
check(st == 413 and secs < 2, "the unit's own 200 MB announced: 413 at once (%.2f s)" % secs, st)

# ---- Progress keeps its percentage on the item --------------------------------------------------
p = mine[8] if len(mine) > 8 else mine[6]
r = request("POST", "/api/tasks/%d/progress" % p["task_id"], {"item": p["id"], "note": "đã làm một phần", "percent": 40}, session=unit)
check(r.status == 200 and r.json().get("percent") == 40, "a progress report's percentage is on the item it returns", r)
r = request("GET", "/api/tasks?unit=" + urllib.parse.quote("Sở Nội vụ") + "&per_page=500", session=unit)
row = [x for x in r.json()["items"] if x["id"] == p["id"]]
check(row and row[0]["percent"] == 40, "... and in the unit's task list (a cached list moves)", row)
r = request("POST", "/api/tasks/%d/progress" % p["task_id"], {"item": p["id"], "note": "gần xong", "percent": 85}, session=unit)
t = request("GET", "/api/tasks/%d" % p["task_id"], session=office).json()
check([x["percent"] for x in t["items"] if x["id"] == p["id"]] == [85], "the latest percentage wins, in the task's items", t["items"])
r = request("POST", "/api/tasks/%d/progress" % p["task_id"], {"item": p["id"], "note": "thêm ghi chú"}, session=unit)
t = request("GET", "/api/tasks/%d" % p["task_id"], session=office).json()
check([x["percent"] for x in t["items"] if x["id"] == p["id"]] == [85], "a report without a percentage keeps the last one", t["items"])

# ---- Saved views ----------------------------------------------------------------------------------
r = request("POST", "/api/views", {"name": "Quá hạn của Sở Nội vụ", "query": "status=overdue&unit=12"}, session=office)
check(r.status == 201 and [v["name"] for v in r.json()["views"]] == ["Quá hạn của Sở Nội vụ"], "a view is saved", r)
r = request("POST", "/api/views", {"name": "Quá hạn của Sở Nội vụ", "query": "status=overdue&unit=13"}, session=office)
check(r.status == 201 and [v["query"] for v in r.json()["views"]] == ["status=overdue&unit=13"], "the same name replaces it", r)
r = request("GET", "/api/views", session=unit)
check(r.status == 200 and r.json()["views"] == [], "another account does not see it", r)
r = request("POST", "/api/views", {"name": "x", "query": "status=overdue"}, headers={"X-CSRF-Token": "sai"}, session=office)
check(r.status == 403, "saving needs the CSRF token", r)
r = request("POST", "/api/views", {"name": "x", "query": "evil=1"}, session=office)
check(r.status == 400 and r.json()["error"] == msg("view_query"), "a query with an unknown key is refused", r)
r = request("POST", "/api/views", {"name": "", "query": "status=overdue"}, session=office)
check(r.status == 422 and r.json()["code"] == "view_name", "a view needs a name", r)
for i in range(60):
    r = request("POST", "/api/views", {"name": "bộ lọc %02d" % i, "query": "flag=due_soon"}, session=unit)
    if r.status != 201:
        break
check(r.status == 409 and r.json()["code"] == "views_full" and i == 50, "an account keeps at most 50 views", (i, r))
vid = request("GET", "/api/views", session=office).json()["views"][0]["id"]
r = request("DELETE", "/api/views/%d" % vid, session=unit)
check(r.status == 404, "one account cannot delete another's view", r)
r = request("DELETE", "/api/views/%d" % vid, session=office)
check(r.status == 200 and r.json()["views"] == [], "its own account deletes it", r)

sys.exit(1 if apiclient.failed else 0)
