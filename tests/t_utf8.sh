#!/bin/sh
# t_utf8.sh - issue 19, item 3: bytes that are not UTF-8 are refused at
# every entry (HTTP JSON bodies, query arguments, X-File-Name, command-line
# arguments, the units file) with a clear message that does not echo them,
# and never reach the store: afterwards /api/tasks, /api/summary, the CSV
# and the office's .ics feed are still read by strict readers (Python's
# json.loads, csv, icalendar).  Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_utf8
cd "$T" || exit 2
DB="$T/u.db"

tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data"
check "the sample notices import" rc_is 0

# ---- the command line ------------------------------------------------------
tr_ --db "$DB" progress --task 1 --unit "Sở Nội vụ" --note "$(printf 'đã họp \377\376 xong')" --today 2026-11-23
check "a note with bytes that are not UTF-8 is refused (exit 65)" \
	eval 'rc_is 65 && err_has "tham số thứ 9 không phải UTF-8 hợp lệ"'
check "the message does not echo the bytes" eval "! grep -q \"\$(printf '\\377')\" '$T/err'"
tr_ --db "$DB" list --unit "$(printf 'S\341 N\364i v\371')" --today 2026-11-23
check "a unit name in Windows-1258 bytes is refused" rc_is 65

# ---- the units file ----------------------------------------------------------
$PY - "$TOP/sample-data/units.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
raw = json.dumps(d, ensure_ascii=False).encode("utf-8")
raw = raw.replace("Sở Nội vụ".encode(), "S\xe1 N\xf4i v\xf9".encode("latin-1"), 1)
open("latin.json", "wb").write(raw)
EOF
tr_ --db "$DB" --units latin.json units
check "a units file that is not UTF-8 is refused, with the byte" \
	eval 'rc_is 65 && err_has "latin.json: mã UTF-8 không hợp lệ ở byte [0-9]"'

# ---- HTTP --------------------------------------------------------------------
srv_start "$T/srv.log" "$DB" --no-schedule --today 2026-11-23 || { not_ok "serve starts"; exit 1; }
$PY - "$PORT" "$DB.password" "$TOP/tests" "$T" <<'EOF'
import csv, io, json, subprocess, sys
sys.path.insert(0, sys.argv[3])
from ops_client import Client, office_password
T = sys.argv[4]
c = Client(sys.argv[1], "vanphong", office_password(sys.argv[2]))
fails = 0
def check(name, cond, extra=""):
    global fails
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        fails += 1
        if extra:
            print("#   " + str(extra)[:300])

def refused(resp, word):
    st, body, _ = resp
    try:
        msg = json.loads(body.decode("utf-8"))["error"]
    except Exception as e:
        return False
    return st == 400 and word in msg and b"\xff" not in body and b"\xfe" not in body


def refused_code(resp, code):
    """400 under the message table's stable code, the bad bytes not echoed."""
    st, body, _ = resp
    try:
        got = json.loads(body.decode("utf-8"))["code"]
    except Exception as e:
        return False
    return st == 400 and got == code and b"\xff" not in body and b"\xfe" not in body

bad_note = b'{"unit": "S\xe1\xbb\x9f N\xe1\xbb\x99i v\xe1\xbb\xa5", "note": "ti\xff\xfe\xba\xbf"}'
r = c.request("POST", "/api/tasks/1/progress", bad_note, "application/json")
check("a progress note with invalid UTF-8 in the JSON body is refused (400)", refused(r, "UTF-8"), r)
r = c.request("POST", "/api/tasks/1/progress", b'{"unit": "S\xc0\xaf", "note": "x"}', None)
check("an overlong form, with no Content-Type, is refused too", refused(r, "UTF-8"), r)
r = c.get("/api/tasks?q=%FF%FE")
check("a query argument that unescapes to invalid UTF-8 is refused", refused(r, "'q'"), r)
r = c.get("/api/tasks?unit=%ED%A0%80")
check("a surrogate (U+D800 in UTF-8 form) is refused", refused(r, "'unit'"), r)
r = c.get("/api/tasks?%FF=1")
check("so is an argument's name", refused_code(r, "encoding_arg_name"), r)

st, body, _ = c.get("/%FF%FE%C0notice")
check("a page path that is not UTF-8 gets a 404 page that does not echo it",
      st == 404 and b"\xff" not in body and b"\xc0" not in body and body.decode("utf-8", "strict") is not None, body[:200])
st, body, _ = c.get("/api/tasks/%FF/progress")
check("so does an API path", st == 404 and b"\xff" not in body and json.loads(body.decode("utf-8")), body[:200])

# An owner correction: preview a notice, then commit with a bad owner.
notice = open(sys.argv[3] + "/../docs/example-notice.txt", encoding="utf-8").read()
st, body, _ = c.post_json("/api/notices", {"text": notice, "name": "vi-du.txt"})
draft = json.loads(body)["id"] if st == 201 else None
check("a notice previews", st == 201, body[:200])
bad_fix = b'{"tasks": [{"index": 0, "owners": ["S\xf4 N\xf4i v\xf9"]}]}'
r = c.request("POST", "/api/notices/%s/commit" % draft, bad_fix, "application/json")
check("an owner correction with invalid UTF-8 is refused", refused(r, "UTF-8"), r)
r = c.request("POST", "/api/notices", notice.encode(), "text/plain", {"X-File-Name": "t%FF.txt"})
check("an upload whose X-File-Name decodes to invalid UTF-8 is refused", refused_code(r, "encoding_file_name"), r)
r = c.post_json("/api/notices/%s/commit" % draft, {"tasks": []})
check("the draft still commits with a valid body", r[0] == 201, r[1][:200])
r = c.post_json("/api/tasks/1/progress", {"unit": "Sở Nội vụ", "note": "đã họp, ghi chú hợp lệ"})
check("a valid note is stored", r[0] == 200, r[1][:200])

# Strict readers over everything.
st, body, _ = c.get("/api/tasks?per_page=500")
ok = st == 200
try:
    json.loads(body.decode("utf-8", errors="strict"))
except Exception as e:
    ok = False
check("/api/tasks is valid UTF-8 JSON", ok)
st, body, _ = c.get("/api/summary")
try:
    json.loads(body.decode("utf-8", errors="strict")); ok = st == 200
except Exception:
    ok = False
check("/api/summary is valid UTF-8 JSON", ok)
st, body, _ = c.get("/api/tasks?format=csv")
try:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8", errors="strict").lstrip("\ufeff"))))
    ok = st == 200 and len(rows) > 10
except Exception:
    ok = False
check("the CSV is valid UTF-8 and parses", ok)
sys.exit(1 if fails else 0)
EOF
[ $? -eq 0 ] || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0
check "the access log holds only UTF-8 (the bytes of a bad path are replaced)" \
	$PY -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8", "strict")' "$T/srv.log"

"$TRACKER_SAN" --db "$DB" feed --office --today 2026-11-23 >office.ics 2>"$T/err"
check "the office's feed is built" test -s office.ics
check "and icalendar reads it (strict UTF-8)" $PY -c '
import sys, icalendar
raw = open("office.ics", "rb").read()
cal = icalendar.Calendar.from_ical(raw.decode("utf-8", errors="strict"))
sys.exit(0 if len(cal.walk("VEVENT")) > 10 else 1)'
check "the store holds only valid UTF-8 (every text column)" $PY - "$DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.text_factory = bytes
bad = 0
for (t,) in db.execute("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '%fts%'"):
    t = t.decode()
    cols = [r[1].decode() for r in db.execute("pragma table_info(%s)" % t)]
    for c in cols:
        for (v,) in db.execute('select "%s" from "%s" where typeof("%s") = \'text\'' % (c, t, c)):
            try:
                v.decode("utf-8")
            except UnicodeDecodeError:
                bad += 1
                print("#   %s.%s: %r" % (t, c, v[:60]))
sys.exit(1 if bad else 0)
EOF
t_done
