#!/usr/bin/env python3
"""newunit_check.py - "add as a new unit" in the preview (issue 14): the
name becomes a unit the office added to its directory.

Usage: newunit_check.py BASE_URL OFFICE_PASSWORD
Prints TAP lines.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apiclient as A
from apiclient import check, request

A.setup(sys.argv[1])
office = A.login("vanphong", sys.argv[2])
check(office is not None, "the office logs in")

NEW = "Ban Quản lý dự án Đường ven biển"
NOTICE = """UBND TỈNH BÌNH SƠN
Số: %s/TB-UBND
Bình Sơn, ngày 12 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về dự án đường ven biển

1. Giao %s chủ trì hoàn thiện hồ sơ bồi thường, báo cáo UBND tỉnh trước ngày 20/12/2026.

Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Cường
"""


def owner_info(num):
    r = request("POST", "/api/notices", {"text": NOTICE % (num, NEW), "name": "tb-%s.txt" % num},
                session=office)
    check(r.status == 201, "preview of notice %s" % num, r)
    j = r.json() or {}
    infos = [o for t in j.get("tasks", []) for o in t.get("owners_info", []) if o.get("name") == NEW]
    return j, (infos[0] if infos else {})


pv, info = owner_info("801")
check(info and info.get("in_directory") is False, "before: the preview marks the new name outside the directory", info)

r = request("POST", "/api/units", {"name": NEW}, session=None)
check(r.status in (401, 403), "POST /api/units needs a session", r)
r = request("POST", "/api/units", {"nam": NEW}, session=office)
check(r.status == 400 and (r.json() or {}).get("code") == "unit_body", "a body without a name is refused (400 unit_body)", r)
r = request("POST", "/api/units", {"name": NEW}, session=office)
j = r.json() or {}
check(r.status == 201 and j.get("name") == NEW and j.get("in_directory") is True and j.get("added_by") == "vanphong"
      and j.get("added_at"),
      "POST /api/units adds the name as a directory unit, with who added it", r)
us = request("GET", "/api/units", session=office).json()["units"]
offices = [u["name"] for u in us if u.get("is_office")]
check(offices == ["Văn phòng UBND tỉnh"], "GET /api/units marks the office, and only it (is_office)", offices)
r = request("POST", "/api/units", {"name": NEW}, session=office)
j = r.json() or {}
check(r.status == 409 and j.get("code") == "unit_exists" and NEW in j.get("error", ""),
      "adding it again answers 409 unit_exists with a Vietnamese message", r)
r = request("POST", "/api/units", {"name": "Sở Nội vụ"}, session=office)
check(r.status == 409, "a unit of the units file cannot be added again (409)", r)

r = request("POST", "/api/notices/%d/commit" % pv["id"], {}, session=office)
check(r.status == 201, "the draft naming it commits", r)
s = request("GET", "/api/summary?per_page=100", session=office).json()
ranked = [u["unit"] for u in s["units"]["rows"]]
others = [u["unit"] for u in s["other_names"]["rows"]]
check(NEW in ranked and NEW not in others,
      "the summary ranks it among the directory's units, not the names outside it", (ranked, others))
units = request("GET", "/api/units", session=office).json()["units"]
check(any(u["name"] == NEW and u["in_directory"] for u in units), "GET /api/units lists it in the directory")
pv2, info2 = owner_info("802")
check(info2.get("in_directory") is True, "the next preview naming it marks the owner in the directory", info2)
sys.exit(1 if A.failed else 0)
