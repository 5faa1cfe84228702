# ics_dump.py - reads an iCalendar file with Python's icalendar (Debian's
# python3-icalendar; run it with /usr/bin/python3) and prints what the feed
# tests check as JSON, in the normal form of ics_dump.mjs (ical.js), so that
# the two independent readings can be compared.
#
#   /usr/bin/python3 tests/feed/ics_dump.py FILE.ics
import datetime
import json
import sys

import icalendar


def text(c, name):
    v = c.get(name)
    return None if v is None else str(v)


def when(c, name):
    v = c.get(name)
    if v is None:
        return None
    d = v.dt
    if isinstance(d, datetime.datetime):
        if d.tzinfo is None or d.utcoffset() != datetime.timedelta(0):
            raise SystemExit("%s is not a UTC time: %r" % (name, d))
        return d.strftime("%Y%m%dT%H%M%SZ")
    return d.strftime("%Y%m%d")


def seconds(td):
    return int(td.total_seconds())


def categories(c):
    v = c.get("categories")
    if v is None:
        return []
    vs = v if isinstance(v, list) else [v]
    out = []
    for x in vs:
        out.extend(str(s) for s in x.cats)
    return out


with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())

items = []
for c in cal.walk():
    if c.name not in ("VEVENT", "VTODO"):
        continue
    alarms = []
    for a in c.walk("VALARM"):
        t = a.get("trigger")
        alarms.append({
            "action": text(a, "action"),
            "trigger": seconds(t.dt),
            "related": (t.params.get("RELATED") or "START").upper(),
            "description": text(a, "description"),
        })
    seq = c.get("sequence")
    items.append({
        "kind": c.name,
        "uid": text(c, "uid"),
        "summary": text(c, "summary"),
        "description": text(c, "description"),
        "dtstart": when(c, "dtstart"),
        "dtend": when(c, "dtend"),
        "due": when(c, "due"),
        "dtstamp": when(c, "dtstamp"),
        "last_modified": when(c, "last-modified"),
        "completed": when(c, "completed"),
        "status": text(c, "status"),
        "sequence": None if seq is None else int(seq),
        "categories": categories(c),
        "url": text(c, "url"),
        "alarms": alarms,
    })
ri = cal.get("refresh-interval")
out = {
    "calendar": {
        "name": text(cal, "name"),
        "x_wr_calname": text(cal, "x-wr-calname"),
        "x_wr_timezone": text(cal, "x-wr-timezone"),
        # icalendar 4 does not know RFC 7986's REFRESH-INTERVAL: read it as a duration.
        "refresh_interval": None if ri is None else seconds(
            ri.dt if hasattr(ri, "dt") else icalendar.vDuration.from_ical(str(ri))),
        "x_published_ttl": text(cal, "x-published-ttl"),
        "version": text(cal, "version"),
        "prodid": text(cal, "prodid"),
    },
    "items": items,
}
sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
