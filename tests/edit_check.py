#!/usr/bin/env python3
"""edit_check.py - the clerk's correction loop over the API (issue 14):
one date rule, edits after saving, versions.

Usage: edit_check.py BASE_URL OFFICE_PASSWORD
Prints TAP lines.  Imports its own notices through the API, so it runs
on any database.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apiclient as A
from apiclient import check, request

A.setup(sys.argv[1])
office = A.login("vanphong", sys.argv[2])
check(office is not None, "the office logs in")

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
check(r.status == 200 and b"9999" not in r.body and b"00010101" not in r.body,
      "the refused dates never reach the unit's feed", r.status)

sys.exit(1 if A.failed else 0)
