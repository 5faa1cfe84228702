#!/usr/bin/env python3
"""edit_check.py - the clerk's correction loop over the API (issue 14):
one date rule, edits after saving, versions.

Usage: edit_check.py BASE_URL OFFICE_PASSWORD
Prints TAP lines.  Imports its own notices through the API, so it runs
on any database.
"""
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apiclient as A
from apiclient import check, request

A.setup(sys.argv[1])
office = A.login("vanphong", sys.argv[2])
check(office is not None, "the office logs in")
unit = A.login("sonv", sys.argv[3]) if len(sys.argv) > 3 else None
viewer = A.login("xem", sys.argv[4]) if len(sys.argv) > 4 else None
check(unit is not None and viewer is not None, "a unit and a viewer log in")

NOTICE = """ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
Số: 951/TB-UBND
Cao Bằng, ngày 10 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về cải cách hành chính

1. Giao Sở Nội vụ chủ trì rà soát thủ tục hành chính, báo cáo UBND tỉnh trước ngày 15/12/2026.
2. Giao Sở Tài chính tham mưu bố trí kinh phí, hoàn thành chậm nhất ngày 20/12/2026.
3. Giao Sở Tư pháp thẩm định các quy định, xong trước ngày 31/12/2026.

Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def preview(text, name):
    r = request("POST", "/api/notices", {"text": text, "name": name}, session=office)
    check(r.status == 201, "preview of %s" % name, r)
    return r.json()


def work_total():
    """The summary's count of work items (named "total", later "work_items")."""
    c = request("GET", "/api/summary", session=office).json()["counts"]
    return c.get("work_items", c.get("total"))


# ---- one date rule ------------------------------------------------------------
pv = preview(NOTICE, "tb-951.txt")
r = request("POST", "/api/notices/%d/commit" % pv["id"],
            {"tasks": [{"index": 1, "due": "20261-01-01"}]}, session=office)
j = r.json() or {}
check(r.status == 422 and j.get("code") == "date_format" and j.get("field") == "tasks[2].due"
      and j.get("task_ref") == "2" and j["error"].startswith("Nhiệm vụ 2 (mục 2): "),
      "a five-digit year is refused with the field named as the clerk numbers it", r)
r = request("POST", "/api/notices/%d/commit" % pv["id"],
            {"tasks": [{"index": 0, "due": "2026-02-31"}]}, session=office)
j = r.json() or {}
check(r.status == 422 and j.get("code") == "date_not_real" and j.get("field") == "tasks[1].due"
      and "31/02" not in j["error"] and "2026-02-31" in j["error"],
      "31/02 in a correction is refused (422), not saved without a deadline", r)
r = request("POST", "/api/notices/%d/commit" % pv["id"], {}, session=office)
res = r.json() or {}
check(r.status == 201 and res.get("status") == "new", "the draft commits once the dates are right", r)
nid = res.get("notice_id")
notice = request("GET", "/api/notices/%d" % nid, session=office).json()
t1 = notice["tasks"][0]
r = request("POST", "/api/tasks/%d/extend" % t1["id"],
            {"unit": "Sở Nội vụ", "date": "9999-12-31", "note": "xin gia hạn"}, session=office)
j = r.json() or {}
check(r.status == 422 and j.get("code") == "date_too_late" and j.get("field") == "date"
      and "20 năm" in j["error"], "an extension to 9999-12-31 is refused (422, Vietnamese)", r)
r = request("POST", "/api/tasks/%d/extend" % t1["id"],
            {"unit": "Sở Nội vụ", "date": "2000-01-01", "note": "xin gia hạn"}, session=office)
check(r.status == 400 and (r.json() or {}).get("code") == "extend_not_later",
      "an extension before the deadline in force says so before the date range", r)
r = request("POST", "/api/tasks/%d/done" % t1["id"],
            {"unit": "Sở Nội vụ", "date": "0001-01-01"}, session=office)
j = r.json() or {}
check(r.status == 422 and j.get("code") == "date_too_early", "a completion dated 0001-01-01 is refused", r)
units = request("GET", "/api/units", session=office).json()["units"]
snv = [u for u in units if u["name"] == "Sở Nội vụ"][0]
r = request("POST", "/api/units/%d/feed" % snv["id"], {"action": "rotate"}, session=office)
feed_url = (r.json() or {}).get("url", "")
path = "/" + feed_url.split("/", 3)[3] if feed_url.count("/") >= 3 else "/feeds/none.ics"
r = request("GET", path)
# The dates of the feed's events (not its UIDs, whose hex may hold "9999"):
# an extension to 9999-12-31 would end on 0000-01-01, a completion be dated
# 0001-01-01.
dates = [ln.split(b":", 1)[1][:8] for ln in r.body.splitlines()
         if ln.startswith((b"DTSTART", b"DTEND", b"DUE", b"COMPLETED", b"LAST-MODIFIED"))]
check(r.status == 200 and dates and not [d for d in dates if d[:4] in (b"9999", b"0000", b"0001")],
      "the refused dates never reach the unit's feed", (r.status, sorted(set(d[:4] for d in dates))))

# ---- PATCH /api/tasks/{id}, /api/notices/{id} ---------------------------------------
t3 = notice["tasks"][2]
r = request("GET", "/api/tasks/%d" % t3["id"], session=office)
task = r.json()
check(r.status == 200 and isinstance(task.get("version"), int) and task["version"] >= 1,
      "a task's JSON has its version", task and task.get("version"))
v0 = task["version"]
summary0 = work_total()
for who, sess, code in (("a unit", unit, "office_only"), ("a viewer", viewer, "viewer_readonly")):
    r = request("PATCH", "/api/tasks/%d" % t3["id"], {"version": v0, "due": "2027-01-31"}, session=sess)
    check(r.status == 403 and (r.json() or {}).get("code") == code, "%s cannot PATCH a task (403)" % who, r)
    r = request("POST", "/api/units/aliases", {"alias": "x", "unit": 1}, session=sess)
    check(r.status == 403, "%s cannot teach an alias (403)" % who, r)
    r = request("POST", "/api/units/merge", {"from": 1, "into": 2}, session=sess)
    check(r.status == 403, "%s cannot merge units (403)" % who, r)
r = request("PATCH", "/api/notices/%d" % nid, {"version": 1, "title": "x"}, session=unit)
check(r.status == 403, "a unit cannot PATCH a notice (403)", r)
r = request("PATCH", "/api/tasks/%d" % t3["id"], {"version": v0, "due": "2026-02-31"}, session=office)
j = r.json() or {}
check(r.status == 422 and j.get("code") == "date_not_real" and j.get("field") == "due",
      "PATCH with 31/02: 422 naming the field", r)
r = request("PATCH", "/api/tasks/%d" % t3["id"], {"version": v0, "colour": "red"}, session=office)
check(r.status == 422 and (r.json() or {}).get("field") == "colour", "PATCH of an unknown field: 422", r)
r = request("PATCH", "/api/tasks/%d" % t3["id"], {"due": "2027-01-31"}, session=office)
check(r.status == 422 and (r.json() or {}).get("code") == "version_needed", "PATCH without a version: 422", r)
r = request("PATCH", "/api/tasks/%d" % t3["id"], {"version": v0, "due": "2027-01-31"},
            session=office, headers={"X-CSRF-Token": "x"})
check(r.status == 403 and (r.json() or {}).get("code") == "csrf", "PATCH without the CSRF token: 403", r)
r = request("GET", "/api/tasks/%d" % t3["id"], session=office)
check(r.json()["version"] == v0 and r.json()["due"] == "2026-12-31", "refused PATCHes change nothing", r)
r = request("PATCH", "/api/tasks/%d" % t3["id"],
            {"version": v0, "due": "2027-01-31", "due_kind": "by", "owners": ["Sở Kế hoạch và Đầu tư"],
             "co_owners": ["Sở Tài chính"], "text": "Thẩm định các quy định về cải cách hành chính",
             "note": "theo ý kiến Chủ tịch"}, session=office)
t = r.json() or {}
check(r.status == 200 and t.get("due") == "2027-01-31" and t.get("owners") == ["Sở Kế hoạch và Đầu tư"]
      and t.get("co_owners") == ["Sở Tài chính"] and t.get("version", 0) > v0,
      "PATCH changes the deadline, the units and the text, and the version", r)
ev = [e for e in t.get("history", []) if e["kind"] == "edited"]
check(len(ev) == 1 and ev[0]["actor"] == "vanphong" and ev[0]["data"]["due"] == {"from": "2026-12-31", "to": "2027-01-31"}
      and ev[0]["data"]["owners"]["from"] == ["Sở Tư pháp"] and ev[0]["note"] == "theo ý kiến Chủ tịch",
      "the edit is one event with the old and new values, who and why", ev)
check(ev and "— vanphong sửa nhiệm vụ: " in ev[0].get("text", "") and "thời hạn 31/12/2026 → 31/01/2027" in ev[0]["text"],
      "the event reads as a Vietnamese sentence with local time", ev and ev[0].get("text"))
check(all(isinstance(e.get("text"), str) and " — " in e["text"] for e in t.get("history", [])),
      "every history event has its text", [e.get("text") for e in t.get("history", [])][:3])
gone = [e for e in t.get("history", []) if e["kind"] == "reassigned"]
check(len(gone) == 1 and gone[0]["data"]["unit"] == "Sở Tư pháp", "the old owner's work is closed as reassigned", gone)
items = request("GET", "/api/tasks?task=%d" % t3["id"], session=office).json()["items"]
check([(i["unit"], i["deadline"]) for i in items] == [("Sở Kế hoạch và Đầu tư", "2027-01-31")],
      "the task's work is now the new owner's, with the new deadline", items)
summary1 = work_total()
check(summary1 == summary0, "the summary counts the same work (the reassigned item is counted nowhere)",
      (summary0, summary1))
r = request("PATCH", "/api/tasks/%d" % t3["id"], {"version": v0, "due": "2027-02-28"}, session=office)
check(r.status == 409 and (r.json() or {}).get("code") == "stale", "a PATCH with a stale version: 409", r)
units = request("GET", "/api/units", session=office).json()["units"]
khdt = [u for u in units if u["name"] == "Sở Kế hoạch và Đầu tư"][0]
r = request("POST", "/api/units/%d/feed" % khdt["id"], {"action": "rotate"}, session=office)
u = (r.json() or {}).get("url", "")
r = request("GET", "/" + u.split("/", 3)[3] if u.count("/") >= 3 else "/feeds/none.ics")
check(r.status == 200 and b"20270131" in r.body, "the new owner's feed has the edited deadline", r.status)

n = request("GET", "/api/notices/%d" % nid, session=office).json()["notice"]
check(isinstance(n.get("edit_version"), int), "a notice's JSON has its edit_version", n.get("edit_version"))
r = request("PATCH", "/api/notices/%d" % nid, {"version": n["edit_version"], "date": "20261-11-10"}, session=office)
check(r.status == 422 and (r.json() or {}).get("field") == "date", "a notice date with a five-digit year: 422", r)
r = request("PATCH", "/api/notices/%d" % nid,
            {"version": n["edit_version"], "number": "951A/TB-UBND", "signer": "Nguyễn Văn B"}, session=office)
j = r.json() or {}
check(r.status == 200 and j["notice"]["number"] == "951A/TB-UBND" and j["notice"]["signer"] == "Nguyễn Văn B"
      and j["notice"]["edit_version"] > n["edit_version"]
      and any(e["kind"] == "edited" and "số hiệu 951/TB-UBND → 951A/TB-UBND" in e["text"] for e in j["history"]),
      "PATCH /api/notices/{id} edits the metadata with a history event", r)
r = request("PATCH", "/api/notices/%d" % nid, {"version": n["edit_version"], "title": "x"}, session=office)
check(r.status == 409, "a stale notice edit: 409", r)
r = request("GET", "/api/notices/%d" % nid, session=office)
check(r.status == 200 and r.json()["notice"]["number"] == "951A/TB-UBND", "GET sees the edit at once (no stale cache)", r)
r = request("PUT", "/api/tasks/%d" % t3["id"], {}, session=office)
check(r.status == 405 and r.header("Allow") == "GET, HEAD, PATCH", "a task takes GET and PATCH", r)

# ---- unknown names and learned aliases ----------------------------------------------
UNKNOWN = """UBND TỈNH BÌNH SƠN
Số: 712/TB-UBND
Bình Sơn, ngày 12 tháng 11 năm 2026

THÔNG BÁO
Kết luận về phòng chống thiên tai

1. Giao Trung tâm Khuyến nông tỉnh chủ trì kiểm tra hồ đập, báo cáo UBND tỉnh trước ngày 15/12/2026.
2. Giao Sở KHĐT tham mưu bố trí vốn, hoàn thành chậm nhất ngày 20/12/2026.

Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""
pv = preview(UNKNOWN, "tb-712.txt")
oi = [t.get("owners_info") for t in pv.get("tasks", [])]
check(len(oi) == 2 and oi[0][0]["name"] == "Trung tâm Khuyến nông tỉnh" and oi[0][0]["in_directory"] is False,
      "the preview marks an owner outside the directory", oi)
check(oi and isinstance(oi[0][0]["suggestions"], list) and oi[1][0]["in_directory"] is True
      and oi[1][0]["name"] == "Sở Kế hoạch và Đầu tư" and oi[1][0]["suggestions"] == [],
      "an abbreviation the directory resolves is in it, with no suggestions", oi and oi[1])
r = request("GET", "/api/units/suggest?name=" + urllib.parse.quote("Sở Tài chíh"), session=office)
sug = (r.json() or {}).get("suggestions") or []
check(r.status == 200 and sug and sug[0]["name"] == "Sở Tài chính" and sug[0]["id"] and sug[0]["score"] > 0,
      "a name outside the directory is offered its closest units", r)
for name, want in (("Sở KHĐT", "Sở Kế hoạch và Đầu tư"), ("KH&ĐT", "Sở Kế hoạch và Đầu tư"),
                   ("so noi vu", "Sở Nội vụ"), ("SỞ TƯ PHÁP", "Sở Tư pháp")):
    r = request("GET", "/api/units/suggest?name=" + urllib.parse.quote(name), session=office)
    j = r.json() or {}
    sug = j.get("suggestions") or []
    check(r.status == 200 and ((j.get("unit") or {}).get("name") == want or (sug and sug[0]["name"] == want and sug[0]["id"])),
          "suggest %r: %s" % (name, want), r)
r = request("GET", "/api/units/suggest", session=office)
check(r.status == 400 and (r.json() or {}).get("code") == "name_needed", "suggest without a name: 400", r)
units = request("GET", "/api/units", session=office).json()["units"]
nn = [u for u in units if u["name"] == "Sở Nông nghiệp và Phát triển nông thôn"][0]
tp = [u for u in units if u["name"] == "Sở Tư pháp"][0]
r = request("POST", "/api/units/aliases", {"alias": "Trung tâm Khuyến nông tỉnh", "unit": nn["id"]}, session=office)
j = r.json() or {}
check(r.status == 201 and any(a["alias"] == "Trung tâm Khuyến nông tỉnh" and a["unit_id"] == nn["id"]
                              and a["added_by"] == "vanphong" and a["added_at"] for a in j.get("aliases", [])),
      "POST /api/units/aliases remembers the alias, who and when", r)
r = request("POST", "/api/units/aliases", {"alias": "SNV", "unit": tp["id"]}, session=office)
j = r.json() or {}
check(r.status == 201 and any(c["alias"] == "SNV" and c["file_unit"] == "Sở Nội vụ" and c["unit"] == "Sở Tư pháp"
                              for c in j.get("conflicts", [])),
      "an alias the units file gives to another unit is listed as a conflict (the file wins)", j.get("conflicts"))
r = request("POST", "/api/units/aliases", {"alias": "", "unit": tp["id"]}, session=office)
check(r.status in (400, 422), "an empty alias is refused", r)
r = request("POST", "/api/units/aliases", {"alias": "X", "unit": 999999}, session=office)
check(r.status == 404, "an alias of no unit: 404", r)
pv2 = preview(UNKNOWN.replace("712", "713"), "tb-713.txt")
t0 = pv2["tasks"][0]
check(t0["owners"] == ["Sở Nông nghiệp và Phát triển nông thôn"] and t0["owners_info"][0]["in_directory"] is True,
      "the next preview of a notice with that name assigns the unit without asking", t0["owners"])
r = request("POST", "/api/notices/%d/commit" % pv2["id"], {}, session=office)
res = r.json() or {}
stored = request("GET", "/api/notices/%d" % res.get("notice_id", 0), session=office).json()
check(r.status == 201 and stored["tasks"][0]["owners"] == ["Sở Nông nghiệp và Phát triển nông thôn"],
      "and the commit stores it so", stored.get("tasks", [{}])[0].get("owners"))
r = request("GET", "/api/units/suggest?name=" + urllib.parse.quote("SNV"), session=office)
check(r.status == 200 and (r.json().get("unit") or {}).get("name") == "Sở Nội vụ",
      "where the file and a learned alias disagree, the file wins", r)

# ---- recurrence, corrected before saving and after -----------------------------------
N4 = NOTICE.replace("951", "971").replace("cải cách hành chính", "chế độ báo cáo")
pv = preview(N4, "tb-971.txt")
for bad, code in (("FREQ=SOMETIMES", "recurrence"), ({"freq": "monthly", "rrule": None}, "recurrence"), (7, "recurrence")):
    r = request("POST", "/api/notices/%d/commit" % pv["id"], {"tasks": [{"index": 1, "recurrence": bad}]}, session=office)
    j = r.json() or {}
    check(r.status == 422 and j.get("code") == code and j.get("field") == "tasks[2].recurrence"
          and j.get("error", "").startswith("Nhiệm vụ 2 (mục 2): "),
          "a recurrence correction %r is refused at its task (422)" % (bad,), r)
r = request("POST", "/api/notices/%d/commit" % pv["id"],
            {"tasks": [{"index": 0, "recurrence": "FREQ=MONTHLY;BYMONTHDAY=25"},
                       {"index": 1, "recurrence": {"freq": "periodic", "rrule": None}}]}, session=office)
check(r.status == 201, "a draft commits with its recurrence corrected", r)
n4 = (r.json() or {}).get("notice_id")
nt = request("GET", "/api/notices/%d" % n4, session=office).json()["tasks"]
check((nt[0].get("recurrence") or {}).get("rrule") == "FREQ=MONTHLY;BYMONTHDAY=25"
      and (nt[0].get("recurrence") or {}).get("freq") == "monthly",
      "the first task is stored monthly on the 25th, as corrected", nt[0].get("recurrence"))
check((nt[1].get("recurrence") or {}).get("freq") == "periodic",
      "the second is stored 'định kỳ' with no period, not as one-off", nt[1].get("recurrence"))
items = request("GET", "/api/tasks?notice=%d&unit=%s&all_periods=1&per_page=200" % (n4, urllib.parse.quote("Sở Nội vụ")), session=office).json()
check(items.get("total", 0) >= 2, "the monthly task has its periods as work items", items.get("total"))
t2 = request("GET", "/api/tasks/%d" % nt[1]["id"], session=office).json()
r = request("PATCH", "/api/tasks/%d" % nt[1]["id"],
            {"version": t2["version"], "recurrence": {"freq": "periodic", "rrule": None}, "text": t2["text"] + " (sửa)"}, session=office)
t2b = request("GET", "/api/tasks/%d" % nt[1]["id"], session=office).json()
check(r.status == 200 and (t2b.get("recurrence") or {}).get("freq") == "periodic",
      "PATCH sending the periodic recurrence back as GET shows it keeps it", t2b.get("recurrence"))
r = request("PATCH", "/api/tasks/%d" % nt[1]["id"], {"version": t2b["version"], "recurrence": None}, session=office)
check(r.status == 200 and request("GET", "/api/tasks/%d" % nt[1]["id"], session=office).json().get("recurrence") is None,
      "and null makes it one-off", r)
pv = preview(N4, "tb-971-lai.txt")
r = request("POST", "/api/notices/%d/commit" % pv["id"], {"tasks": [{"index": 2, "recurrence": "FREQ=WEEKLY;BYDAY=FR"}]}, session=office)
j = r.json() or {}
nt = request("GET", "/api/notices/%d" % n4, session=office).json()["tasks"]
check(r.status == 201 and j.get("status") == "edited" and (nt[2].get("recurrence") or {}).get("rrule") == "FREQ=WEEKLY;BYDAY=FR",
      "the same text with a recurrence correction: applied as an edit", (r.status, j.get("status"), nt[2].get("recurrence")))

# ---- versions: the same text again, concurrent commits, empty notices ---------------
N2 = NOTICE.replace("951", "961").replace("cải cách hành chính", "chuyển đổi số")
pv = preview(N2, "tb-961.txt")
r = request("POST", "/api/notices/%d/commit" % pv["id"], {}, session=office)
n2 = (r.json() or {}).get("notice_id")
check(r.status == 201 and r.json()["status"] == "new", "a new notice: 201 new", r)
pv = preview(N2, "tb-961-lai.txt")
r = request("POST", "/api/notices/%d/commit" % pv["id"], {"tasks": [{"index": 0, "due": "2026-12-15", "due_kind": "before"}]},
            session=office)
check(r.status == 200 and r.json()["status"] == "unchanged",
      "the same text with the same fields: 200 unchanged", r)
pv = preview(N2, "tb-961-sua.txt")
r = request("POST", "/api/notices/%d/commit" % pv["id"],
            {"tasks": [{"index": 0, "due": "2027-02-15", "due_kind": "by"},
                       {"index": 1, "owners": ["Sở Tư pháp"]}]}, session=office)
j = r.json() or {}
check(r.status == 201 and j.get("status") == "edited" and len(j.get("edited_tasks", [])) == 2,
      "the same text with corrections: applied as edits (201 edited)", r)
nt = request("GET", "/api/notices/%d" % n2, session=office).json()["tasks"]
t = request("GET", "/api/tasks/%d" % nt[0]["id"], session=office).json()
check(nt[0]["due"] == "2027-02-15" and nt[1]["owners"] == ["Sở Tư pháp"]
      and any(e["kind"] == "edited" and e["data"]["due"]["to"] == "2027-02-15" for e in t["history"]),
      "the corrections are in the tasks and their history", [(x["due"], x["owners"]) for x in nt])

pv = preview(N2.replace("961", "962"), "tb-962.txt")
results = [None] * 20


def commit(i):
    results[i] = request("POST", "/api/notices/%d/commit" % pv["id"], {}, session=office).status


threads = [threading.Thread(target=commit, args=(i,)) for i in range(20)]
for th in threads:
    th.start()
for th in threads:
    th.join()
check(results.count(201) == 1 and results.count(409) == 19,
      "20 parallel commits of one draft: one 201 and 19 409", results)
check(sum(1 for x in request("GET", "/api/notices", session=office).json()["notices"] if x["number"] == "962/TB-UBND") == 1,
      "and the notice is stored once")

SHOPPING = "Danh sách đi chợ\nMua rau muống\nMua thịt lợn\nMua nước mắm\n"
pv = preview(SHOPPING, "cho.txt")
check(pv.get("tasks") == [], "a text with no task previews with no tasks", pv.get("tasks"))
r = request("POST", "/api/notices/%d/commit" % pv["id"], {}, session=office)
check(r.status == 422 and (r.json() or {}).get("code") == "confirm_empty",
      "committing a notice with no task needs confirm_empty (422)", r)
r = request("POST", "/api/notices/%d/commit" % pv["id"],
            {"confirm_empty": True, "notice": {"number": "99/TB-VP", "date": "20261-01-01"}}, session=office)
check(r.status == 422 and (r.json() or {}).get("field") == "notice.date", "a bad notice date: 422 naming notice.date", r)
r = request("POST", "/api/notices/%d/commit" % pv["id"],
            {"confirm_empty": True, "notice": {"number": "99/TB-VP", "date": "2026-11-20"}}, session=office)
j = r.json() or {}
check(r.status == 201, "with confirm_empty it is stored", r)
n = request("GET", "/api/notices/%d" % j.get("notice_id", 0), session=office).json().get("notice", {})
check(n.get("number") == "99/TB-VP" and n.get("date") == "2026-11-20",
      "the clerk fills the number and date the text lacks", n)

# ---- files that are not notices ------------------------------------------------------
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Số: 5/TB-UBND</text></svg>\n'
for body, hdr, code, what in (
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, {"Content-Type": "application/octet-stream", "X-File-Name": "anh.png"}, "not_image", "an image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40, {"Content-Type": "application/octet-stream", "X-File-Name": "anh.jpg"}, "not_image", "a JPEG photo"),
        (SVG.encode(), {"Content-Type": "application/octet-stream", "X-File-Name": "hinh.svg"}, "not_markup", "an SVG drawing"),
        (b'<?xml version="1.0"?><data><row>1</row></data>', {"Content-Type": "text/plain"}, "not_markup", "XML data"),
        (bytes(range(256)) * 4, {"Content-Type": "application/octet-stream"}, "not_a_notice", "binary data")):
    r = request("POST", "/api/notices", body, hdr, session=office)
    j = r.json() or {}
    check(r.status == 400 and j.get("code") == code and ("cần" in j.get("error", "")),
          "%s is refused with a message saying what was expected (%s)" % (what, code), r)

# ---- POST /api/units/merge --------------------------------------------------------------
HTX = "Hợp tác xã Nông nghiệp Tân Phú"
pv = preview(UNKNOWN.replace("712", "771").replace("Trung tâm Khuyến nông tỉnh", HTX), "tb-771.txt")
r = request("POST", "/api/notices/%d/commit" % pv["id"], {}, session=office)
check(r.status == 201, "a notice naming an unknown unit is stored", r)
units = request("GET", "/api/units", session=office).json()["units"]
htx = [u for u in units if u["name"] == HTX]
check(len(htx) == 1 and not htx[0]["in_directory"], "the unknown name is a unit outside the directory", htx)
htx = htx[0] if htx else {"id": 0}
r = request("POST", "/api/units/%d/feed" % htx["id"], {"action": "issue"}, session=office)
old_feed = (r.json() or {}).get("url", "")
old_path = "/" + old_feed.split("/", 3)[3] if old_feed.count("/") >= 3 else "/feeds/none.ics"
check(request("GET", old_path).status == 200, "FROM's feed answers before the merge")
total0 = work_total()
r = request("POST", "/api/units/merge", {"from": nn["id"], "into": htx["id"]}, session=office)
check(r.status == 422 and (r.json() or {}).get("code") == "merge_in_directory",
      "a unit of the units file is not merged away (422)", r)
r = request("POST", "/api/units/merge", {"from": htx["id"], "into": htx["id"]}, session=office)
check(r.status == 422 and (r.json() or {}).get("code") == "merge_same", "a unit into itself: 422", r)
r = request("POST", "/api/units/merge", {"from": htx["id"]}, session=office)
check(r.status == 400 and (r.json() or {}).get("code") == "merge_body", "merge without into: 400", r)
r = request("POST", "/api/units/merge", {"from": htx["id"], "into": nn["id"]}, session=office)
j = r.json() or {}
check(r.status == 200 and j.get("moved") == 1, "POST /api/units/merge moves FROM's work to INTO", r)
check(work_total() == total0,
      "the summary counts the same work after the merge")
check(request("GET", old_path).status == 410, "FROM's feed address answers 410")
units = request("GET", "/api/units", session=office).json()["units"]
check(not [u for u in units if u["name"] == HTX], "FROM is no longer a unit", [u["name"] for u in units if "Tân Phú" in u["name"]])
j = request("GET", "/api/units/aliases", session=office).json()
check(any(a["alias"] == HTX and a["unit_id"] == nn["id"] for a in j["aliases"]), "FROM's name is a learned alias of INTO")

sys.exit(1 if A.failed else 0)
