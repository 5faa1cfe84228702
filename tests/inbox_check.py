#!/usr/bin/python3
"""inbox_check.py - the office's inbox and its bulk decisions over HTTP
(tests/t_inbox.sh starts the server over tests/inbox/periodic.txt):

    inbox_check.py BASE DB OFFICE_PW UNIT_PW VIEWER_PW OUT_JSON

Units report and ask, the office decides with notes; a decision without
the note it needs is refused; bulk actions are office-only, CSRF-checked,
capped (refused, not cut) and all or nothing; one history event per item.
Writes GET /api/inbox as the office to OUT_JSON for the CLI comparison.
"""
import json
import sqlite3
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import apiclient as api  # noqa: E402
from apiclient import check, request  # noqa: E402

base, db, office_pw, unit_pw, viewer_pw, out_json = sys.argv[1:7]
api.setup(base)
office = api.login("vanphong", office_pw)
sonv = api.login("sonv", unit_pw)
soyte = api.login("soyte", unit_pw)
soxd = api.login("soxd", unit_pw)
viewer = api.login("xem", viewer_pw)
check(all([office, sonv, soyte, soxd, viewer]), "the office, three units and a viewer log in")


def sql(q, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(q, args).fetchall()
    finally:
        con.close()


def task_of(unit):
    return sql("SELECT a.task_id FROM assignments a JOIN units u ON u.id = a.unit_id"
               " WHERE u.name = ?", unit)[0][0]


def items_of(task, session=office):
    r = request("GET", "/api/tasks/%d" % task, session=session)
    return r.json()["items"]


t_nv, t_yt, t_xd = task_of("Sở Nội vụ"), task_of("Sở Y tế"), task_of("Sở Xây dựng")

# ---- units act -------------------------------------------------------------------
r = request("POST", "/api/tasks/%d/extend" % t_yt,
            {"date": "2027-01-31", "note": "Chờ số liệu của Bộ Y tế"}, session=soyte)
check(r.status == 200 and r.json()["requested_to"] == "2027-01-31", "a unit asks for an extension", r)
r = request("POST", "/api/tasks/%d/done" % t_xd, {"date": "2026-11-20"}, session=soxd)
check(r.status == 200 and r.json()["state"] == "reported", "a unit reports its work done", r)
xd_item = r.json()["id"]

# ---- the inbox --------------------------------------------------------------------
r = request("GET", "/api/inbox", session=office)
j = r.json()
check(r.status == 200 and j["counts"] == {"confirm": 1, "extension": 1, "returned": 0, "total": 2},
      "the office's inbox counts one completion and one extension request", r)
check([i["unit"] for i in j["confirm"]] == ["Sở Xây dựng"] and
      [i["unit"] for i in j["extension"]] == ["Sở Y tế"], "and lists them, each in its list", r)
r = request("GET", "/api/inbox", session=soyte)
j = r.json()
check(r.status == 200 and j["counts"]["total"] == 1 and j["extension"][0]["unit"] == "Sở Y tế"
      and j["unit_id"] is not None, "a unit's inbox is its own items only", r)
r = request("GET", "/api/inbox", session=viewer)
check(r.status == 200 and r.json()["counts"]["total"] == 2, "a viewer reads the office's inbox", r)
r = request("GET", "/api/inbox")
check(r.status == 401, "the inbox needs a session", r)

# ---- decisions and their notes ----------------------------------------------------------
r = request("POST", "/api/tasks/%d/refuse" % t_yt, {"unit": "Sở Y tế"}, session=office)
check(r.status == 422 and r.json()["code"] == "decision_note_needed" and "lý do" in r.json()["error"],
      "refusing without a note is refused in Vietnamese (422)", r)
r = request("POST", "/api/tasks/%d/approve" % t_yt,
            {"unit": "Sở Y tế", "note": "Đồng ý, đề nghị không gia hạn thêm"}, session=office)
j = r.json()
check(r.status == 200 and j["deadline"] == "2027-01-31" and j["decision"]["kind"] == "extension_approved"
      and j["decision"]["note"] == "Đồng ý, đề nghị không gia hạn thêm" and j["decision"]["by"] == "vanphong",
      "approving with a note: the item carries the decision, who and the note", r)
r = request("POST", "/api/tasks/%d/reopen" % t_xd, {"item": xd_item}, session=office)
check(r.status == 422 and r.json()["code"] == "decision_note_needed",
      "returning work without a note is refused (422)", r)
r = request("POST", "/api/tasks/%d/reopen" % t_xd,
            {"item": xd_item, "note": "Thiếu phụ lục số liệu"}, session=office)
check(r.status == 200 and r.json()["state"] == "open" and r.json()["decision"]["note"] == "Thiếu phụ lục số liệu",
      "returning work with a note", r)
items = items_of(t_xd, soxd)
check(items[0]["decision"]["note"] == "Thiếu phụ lục số liệu", "the unit reads the note on the task", items)
r = request("GET", "/api/tasks?unit=S%E1%BB%9F%20X%C3%A2y%20d%E1%BB%B1ng", session=soxd)
check(r.status == 200 and r.json()["items"][0]["decision"]["kind"] == "reopened",
      "and in its list of work", r)
ev = sql("SELECT kind, actor, note FROM task_events WHERE task_id = ? ORDER BY id DESC LIMIT 1", t_xd)
check(ev == [("reopened", "vanphong", "Thiếu phụ lục số liệu")], "the history event keeps the note", ev)
r = request("GET", "/api/inbox", session=office)
check(r.json()["counts"] == {"confirm": 0, "extension": 0, "returned": 1, "total": 1},
      "returned work is in the inbox until the unit reports again", r)

# ---- grant: the office extends in one step ---------------------------------------------------
r = request("POST", "/api/tasks/%d/grant" % t_xd, {"unit": "Sở Xây dựng", "date": "2027-01-15",
                                                   "note": "x"}, session=soxd)
check(r.status == 403 and r.json()["code"] == "office_only", "a unit cannot grant itself time (403)", r)
r = request("POST", "/api/tasks/%d/grant" % t_xd, {"unit": "Sở Xây dựng", "date": "2027-01-15"},
            session=office)
check(r.status == 422 and r.json()["code"] == "decision_note_needed", "a grant needs a note", r)
r = request("POST", "/api/tasks/%d/grant" % t_xd, {"unit": "Sở Xây dựng", "date": "2027-01-15",
                                                   "note": "Gia hạn theo đề nghị qua điện thoại"},
            session=office)
j = r.json()
check(r.status == 200 and j["deadline"] == "2027-01-15" and j["last_day"] == "2026-12-15"
      and j["extended"] and j["decision"]["kind"] == "extension_granted",
      "the office grants a new deadline in one step; the original stays", r)
data = json.loads(sql("SELECT data FROM task_events WHERE task_id = ? ORDER BY id DESC LIMIT 1", t_xd)[0][0])
check(data.get("original") == "2026-12-15" and data.get("to") == "2027-01-15",
      "the history keeps the original deadline beside the new one", data)
hist = request("GET", "/api/tasks/%d" % t_xd, session=office).json()["history"]
check("gia hạn đến 15/01/2027 (hạn ban đầu 15/12/2026)" in hist[-1]["text"],
      "and tells it in Vietnamese", hist[-1])
r = request("POST", "/api/tasks/%d/done" % t_xd, {"date": "2026-11-22"}, session=soxd)
check(r.status == 200, "the unit reports the returned work again", r)

# ---- bulk -----------------------------------------------------------------------------
periods = [i for i in items_of(t_nv) if i["state"] == "open" and i["status"] == "overdue"]
ids = [i["id"] for i in periods][:20]
check(len(ids) == 20, "twenty past periods of the monthly report are open", len(periods))


def closed_events():
    return sql("SELECT count(*) FROM task_events WHERE kind = 'closed'")[0][0]


body = {"action": "close", "items": ids, "note": "Kỳ cũ đã báo cáo bằng văn bản giấy", "date": "2026-11-01"}
r = request("POST", "/api/items/bulk", body, session=sonv)
check(r.status == 403 and r.json()["code"] == "office_only", "bulk actions are the office's (unit: 403)", r)
r = request("POST", "/api/items/bulk", body, session=viewer)
check(r.status == 403, "a viewer cannot (403)", r)
r = request("POST", "/api/items/bulk", body, session=office, headers={"X-CSRF-Token": "sai"})
check(r.status == 403 and r.json()["code"] == "csrf", "a bulk action without the CSRF token is refused", r)
r = request("POST", "/api/items/bulk", dict(body, items=list(range(1, 1002))), session=office)
check(r.status == 413 and r.json()["code"] == "bulk_too_many" and "1000" in r.json()["error"],
      "more than 1000 items are refused with a message, not cut", r)
r = request("POST", "/api/items/bulk", dict(body, items=[]), session=office)
check(r.status == 400 and r.json()["code"] == "bulk_empty", "no items: refused", r)
r = request("POST", "/api/items/bulk", dict(body, action="done"), session=office)
check(r.status == 400 and r.json()["code"] == "bulk_action", "a unit's action is not a bulk action", r)
r = request("POST", "/api/items/bulk", dict(body, items=ids[:3] + [ids[0]]), session=office)
check(r.status == 422 and r.json()["code"] == "bulk_twice", "an item given twice is refused", r)
r = request("POST", "/api/items/bulk", dict(body, items=["1"]), session=office)
check(r.status == 400 and r.json()["code"] == "bulk_items", "ids must be numbers", r)

# One item that does not fit among twenty: nothing changes, the error names it.
extra = periods[20]["id"]
r = request("POST", "/api/tasks/%d/close" % t_nv, {"item": extra, "date": "2026-11-01"}, session=office)
check(r.status == 200 and r.json()["state"] == "done", "the office closes one period itself", r)
base_closed = closed_events()
bad = ids[:10] + [extra] + ids[10:19]
before = sql("SELECT id, state, done_on, updated_at FROM occurrences ORDER BY id")
r = request("POST", "/api/items/bulk", dict(body, action="reopen", items=ids), session=office)
check(r.status == 409 and r.json()["code"] == "already_open", "reopening open work in bulk is refused", r)
r = request("POST", "/api/items/bulk", dict(body, items=bad), session=office)
j = r.json()
check(r.status == 409 and j["code"] == "already_done" and ("Việc số %d:" % extra) in j["error"],
      "one item of twenty that does not fit: refused, the error names it", r)
check(sql("SELECT id, state, done_on, updated_at FROM occurrences ORDER BY id") == before
      and closed_events() == base_closed, "and nothing changed: no item closed, no history event")
r = request("POST", "/api/items/bulk", dict(body, items=ids[:19] + [999999]), session=office)
check(r.status == 404 and "999999" in r.json()["error"], "an unknown item: refused, named (404)", r)
check(closed_events() == base_closed, "still nothing closed")

r = request("POST", "/api/items/bulk", body, session=office)
j = r.json()
check(r.status == 200 and j["count"] == 20 and [i["id"] for i in j["items"]] == ids
      and all(i["state"] == "done" and i["done_on"] == "2026-11-01" for i in j["items"])
      and all(i["decision"]["kind"] == "closed" for i in j["items"]),
      "the office closes 20 past periods in one request; the answer lists them as they stand", r)
ev = sql("SELECT count(*), count(DISTINCT occurrence_id), min(actor), max(note) FROM task_events"
         " WHERE kind = 'closed' AND note IS NOT NULL")
check(ev == [(20, 20, "vanphong", "Kỳ cũ đã báo cáo bằng văn bản giấy")],
      "twenty history events, one per item, saying the office closed it", ev)
r = request("POST", "/api/items/bulk", dict(body, items=ids[:1]), session=office)
check(r.status == 409 and r.json()["code"] == "already_done", "closing again is refused", r)
hist = request("GET", "/api/tasks/%d" % t_nv, session=office).json()["history"]
check(sum("đóng công việc, coi là hoàn thành ngày 01/11/2026 (ghi chú: Kỳ cũ" in e["text"] for e in hist) == 20,
      "the history tells each closing in Vietnamese", hist[-1])

# Bulk confirm of what units reported.
rep = []
for i in [i for i in items_of(t_nv) if i["state"] == "open"][:3]:
    r = request("POST", "/api/tasks/%d/done" % t_nv, {"item": i["id"], "date": "2026-11-21"}, session=sonv)
    rep.append(r.json()["id"])
r = request("GET", "/api/inbox", session=office)
check(r.json()["counts"]["confirm"] == 4, "four completions wait", r)
r = request("POST", "/api/items/bulk", {"action": "confirm", "items": rep, "note": "Đã nhận báo cáo"},
            session=office)
check(r.status == 200 and all(i["state"] == "done" and i["done_on"] == "2026-11-21" for i in r.json()["items"]),
      "the office confirms three in one request, done on the reported day", r)

r = request("GET", "/api/inbox", session=office)
with open(out_json, "w", encoding="utf-8") as f:
    json.dump(r.json(), f, ensure_ascii=False)
check(r.status == 200 and r.json()["counts"]["confirm"] == 1, "the inbox after the decisions", r)
sys.exit(1 if api.failed else 0)
