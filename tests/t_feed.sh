#!/bin/sh
# t_feed.sh - the iCalendar feeds end to end: `tracker feed` on notices
# written here, read back by two independent parsers, Mozilla's ical.js
# (node, pinned in package-lock.json, installed by `make test` with npm ci)
# and Python's icalendar (Debian's python3-icalendar, under /usr/bin/python3),
# which must read the same thing (tests/feed/ics_dump.{mjs,py}).
#
# Checks: event counts, dates of "trước ngày" / "chậm nhất ngày" deadlines
# whatever TZ says, summaries and descriptions with Vietnamese intact,
# alarms, recurring occurrences, UIDs stable across generations, SEQUENCE
# raised when the work becomes overdue and again after an approved
# extension, done work marked then dropped after 30 days, the VTODO
# variant, raw text (CRLF, 75 octets, no UTF-8 character split, escaping),
# one unit's feed never showing another's work, same state -> same bytes and
# ETag, and feed tokens (issued, rotated: gone, revoked: gone, unknown).
# Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_feed
cd "$T" || exit 2
export TRACKER_DB="$T/t.db"

if ! command -v node >/dev/null 2>&1 || [ ! -d "$TOP/node_modules/ical.js" ]; then
	echo "not ok - node and node_modules/ical.js are there (make test runs npm ci)"
	exit 1
fi
if ! $PY -c 'import icalendar' 2>/dev/null; then
	echo "not ok - /usr/bin/python3 imports icalendar (python3-icalendar, see scripts/bootstrap.sh)"
	exit 1
fi

BASE=https://dashboard.example/
# unfold FILE: the content lines of an iCalendar file, one per line.
unfold() {
	$PY -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], "rb").read().replace(b"\r\n ", b""))' "$1"
}
# feed NAME ARGS...: writes NAME.ics with tracker feed ARGS, and both
# parsers' readings NAME.js.json / NAME.py.json; fails when they differ.
# Every feed is also written with --libical (each event by libical's own
# writer); NAME goes to libical-differs when the content lines differ.
feed() {
	name=$1
	shift
	tr_ feed --base-url "$BASE" "$@"
	cp "$T/out" "$name.ics"
	if ! rc_is 0; then
		not_ok "tracker feed $* exits 0 (got $rc)"
		return 1
	fi
	tr_ feed --base-url "$BASE" --libical "$@"
	cp "$T/out" "$name.libical.ics"
	echo "$name" >>compared
	if ! rc_is 0 || [ "$(unfold "$name.ics")" != "$(unfold "$name.libical.ics")" ]; then
		echo "$name" >>libical-differs
	fi
	(cd "$TOP" && node tests/feed/ics_dump.mjs "$T/$name.ics") >"$name.js.json" 2>>"$T/err" &&
		$PY "$TOP/tests/feed/ics_dump.py" "$name.ics" >"$name.py.json" 2>>"$T/err" &&
		cmp -s "$name.js.json" "$name.py.json"
}
# j NAME EXPR: EXPR over `d` (the reading of NAME.ics) and `ev` (its items) holds.
j() {
	$PY - "$1.js.json" "$2" <<'EOF' 2>>"$T/err"
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["items"]
ok = eval(sys.argv[2])
if not ok:
    print("#   " + json.dumps(ev, ensure_ascii=False)[:600], file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}

cat >a.txt <<'EOF'
UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: 15/TB-VP
Bình Sơn, ngày 02 tháng 12 năm 2022

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác cuối năm 2022

1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát quy chế làm việc (phụ lục A\B; bản sửa đổi lần 2), hoàn thành trước ngày 05/01/2023.
2. Giao Sở Tư pháp thẩm định dự thảo quy định về phân cấp quản lý, báo cáo UBND tỉnh chậm nhất ngày 05/01/2023.
3. Giao Sở Tài chính chủ trì thẩm định phương án tự chủ tài chính của các đơn vị sự nghiệp công lập thuộc tỉnh, đề xuất mức hỗ trợ phù hợp với khả năng cân đối ngân sách địa phương năm 2023, báo cáo UBND tỉnh chậm nhất ngày 20/12/2022.
4. Văn phòng UBND tỉnh tổng hợp tình hình thực hiện các nhiệm vụ, báo cáo trước ngày 25 hằng tháng.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
EOF

tr_ import --today 2022-12-20 a.txt
check "the test notice imports" rc_is 0
NV="Sở Nội vụ"
TP="Sở Tư pháp"
TC="Sở Tài chính"
VP="Văn phòng UBND tỉnh"
D=--today=2022-12-20

# ---- One unit's feed, read by both parsers ------------------------------------
check "ical.js and python icalendar read Sở Nội vụ's feed alike" feed nv --unit "$NV" $D
check "Sở Nội vụ's feed has its one event" j nv 'len(ev) == 1 and ev[0]["kind"] == "VEVENT"'
check "'trước ngày 05/01/2023' is an all-day event on 04/01, ending 05/01" \
	j nv 'ev[0]["dtstart"] == "20230104" and ev[0]["dtend"] == "20230105"'
check "the summary is short, in Vietnamese, and names the unit" \
	j nv 'ev[0]["summary"].startswith("Hạn: Rà soát quy chế làm việc (phụ lục A\\B; bản sửa đổi lần 2)") and ev[0]["summary"].endswith("… — Sở Nội vụ")'
check "the description says the deadline as written, the notice, the units and the link" \
	j nv 'all(s in ev[0]["description"] for s in ["Hạn: 04/01/2023 (trước ngày 05/01/2023)", "Văn bản số 15/TB-VP ngày 02/12/2022, mục 1", "Nhiệm vụ: Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát quy chế làm việc (phụ lục A\\B; bản sửa đổi lần 2), hoàn thành trước ngày 05/01/2023.", "Chủ trì: Sở Nội vụ\n", "Phối hợp: Sở Tư pháp\n", "Trạng thái: đang thực hiện trong hạn\n", "Chi tiết: https://dashboard.example/tasks/1#item-"])'
check "URL is the dashboard link of the item" \
	j nv 'ev[0]["url"].startswith("https://dashboard.example/tasks/1#item-")'
check "CATEGORIES is the status" j nv 'ev[0]["categories"] == ["đang thực hiện trong hạn"]'
check "two display alarms: 3 days before and on the day (08:00)" \
	j nv '[(a["action"], a["trigger"], a["related"]) for a in ev[0]["alarms"]] == [("DISPLAY", -230400, "START"), ("DISPLAY", 28800, "START")]'
check "the calendar is named for the unit, in Vietnam's zone, refreshed hourly" \
	j nv 'd["calendar"]["name"] == d["calendar"]["x_wr_calname"] == "Hạn nhiệm vụ — Sở Nội vụ" and d["calendar"]["x_wr_timezone"] == "Asia/Ho_Chi_Minh" and d["calendar"]["refresh_interval"] == 3600 and d["calendar"]["x_published_ttl"] == "PT1H" and d["calendar"]["version"] == "2.0"'
check "a new event has SEQUENCE 0 and DTSTAMP = LAST-MODIFIED (UTC)" \
	j nv 'ev[0]["sequence"] == 0 and ev[0]["dtstamp"] == ev[0]["last_modified"] and ev[0]["dtstamp"].endswith("Z")'

check "ical.js and python icalendar read Sở Tư pháp's feed alike" feed tp --unit "$TP" $D
check "'chậm nhất ngày 05/01/2023' is an event on 05/01" \
	j tp 'len(ev) == 1 and ev[0]["dtstart"] == "20230105" and ev[0]["dtend"] == "20230106"'

# ---- Raw text --------------------------------------------------------------------
raw() { # raw FILE: CRLF everywhere, <= 75 octets, whole characters per line, escapes
	$PY - "$1" <<'EOF' 2>>"$T/err"
import sys
b = open(sys.argv[1], "rb").read()
assert b.endswith(b"\r\n"), "no final CRLF"
assert b"\n" not in b.replace(b"\r\n", b""), "bare LF"
assert b"\r" not in b.replace(b"\r\n", b""), "bare CR"
lines = b[:-2].split(b"\r\n")
for l in lines:
    assert len(l) <= 75, "line of %d octets" % len(l)
    (l[1:] if l.startswith(b" ") else l).decode("utf-8", "strict")
assert any(l.startswith(b" ") for l in lines), "nothing was folded"
u = b.replace(b"\r\n ", b"")
desc = [l for l in u.split(b"\r\n") if l.startswith(b"DESCRIPTION:") and b"A\\\\B" in l]
assert desc, "no description with the backslash"
d = desc[0].decode()
for want in ["A\\\\B\\; bản sửa đổi lần 2)\\, hoàn", "\\n"]:
    assert want in d, "escape missing: " + want
assert "\n" not in d
EOF
}
check "feed lines end CRLF, hold at most 75 octets and whole UTF-8 characters; , ; \\ and newlines are escaped" raw nv.ics

# ---- Time zones ------------------------------------------------------------------------
for tz in UTC Asia/Ho_Chi_Minh America/Los_Angeles Pacific/Kiritimati; do
	TZ=$tz "$TRACKER" feed --base-url "$BASE" --unit "$NV" $D >"tz-nv.ics" 2>"$T/err"
	TZ=$tz "$TRACKER" feed --base-url "$BASE" --unit "$TP" $D >"tz-tp.ics" 2>>"$T/err"
	san_check "$T/err" "TZ=$tz tracker feed"
	check "TZ=$tz: 'trước ngày 05/01/2023' -> 20230104, 'chậm nhất' -> 20230105, same bytes" \
		sh -c 'grep -q "^DTSTART;VALUE=DATE:20230104" tz-nv.ics && grep -q "^DTSTART;VALUE=DATE:20230105" tz-tp.ics && cmp -s tz-nv.ics nv.ics && cmp -s tz-tp.ics tp.ics'
done

# ---- Recurring work ------------------------------------------------------------------
check "ical.js and python icalendar read the office unit's feed alike" feed all --office $D
check "ical.js and python icalendar read Văn phòng's own work (notice feed) alike" feed n1 --notice 1 $D
vp_expr='[e for e in ev if e["summary"].endswith("— Văn phòng UBND tỉnh")]'
check "each materialised period of 'trước ngày 25 hằng tháng' is its own event on the 24th" \
	j all "len($vp_expr) >= 12 and all(e['dtstart'][6:] == '24' for e in $vp_expr) and sorted(e['dtstart'] for e in $vp_expr)[0] == '20221224'"
check "the periods have distinct UIDs and say which period they are" \
	j all "len(set(e['uid'] for e in $vp_expr)) == len($vp_expr) and all(', kỳ ' in e['description'] for e in $vp_expr)"
check "the office unit's feed is everything and is named so" \
	j all 'len(ev) == 3 + len([e for e in ev if e["summary"].endswith("— Văn phòng UBND tỉnh")]) and d["calendar"]["name"] == "Hạn nhiệm vụ — Văn phòng UBND tỉnh (tất cả đơn vị)"'
check "the notice's feed has the same items as the office's here" \
	sh -c '[ "$(grep -c "^BEGIN:VEVENT" n1.ics)" = "$(grep -c "^BEGIN:VEVENT" all.ics)" ] && grep -q "^NAME:Hạn nhiệm vụ — Văn bản số 15/TB-VP" n1.ics'

# ---- One unit never sees another's work -------------------------------------------
check "Sở Nội vụ's and Sở Tư pháp's feeds share no UID, and each names only its unit" \
	$PY -c 'import json, sys
a = json.load(open("nv.js.json"))["items"]; b = json.load(open("tp.js.json"))["items"]
o = json.load(open("all.js.json"))["items"]
assert not {e["uid"] for e in a} & {e["uid"] for e in b}
assert all(e["summary"].endswith("— Sở Nội vụ") for e in a)
assert all(e["summary"].endswith("— Sở Tư pháp") for e in b)
assert {e["uid"] for e in a} | {e["uid"] for e in b} <= {e["uid"] for e in o}'

# ---- Same state, same bytes ------------------------------------------------------------
tr_ feed --base-url "$BASE" --unit "$NV" $D
check "the same state gives the same bytes" cmp -s "$T/out" nv.ics
tr_ feed --unit "$NV" $D --meta
cp "$T/out" nv.meta
check "--meta prints a quoted ETag and an HTTP date" \
	sh -c 'grep -Eq "^ETag: \"[0-9a-f]{16}\"$" nv.meta && grep -Eq "^Last-Modified: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$" nv.meta'
tr_ feed --unit "$NV" --today 2022-12-21 --meta
check "the ETag changes with the day (statuses change with no write)" sh -c '! cmp -s "$1" nv.meta' - "$T/out"
tr_ feed --unit "$NV" $D --meta --todo
check "the ETag differs for the VTODO variant" sh -c '! cmp -s "$1" nv.meta' - "$T/out"
tr_ feed --unit "$TC" $D --meta
cp "$T/out" tc.meta

# ---- Done work ------------------------------------------------------------------------
tr_ done --task 3 --unit "$TC" --on 2022-12-15 $D
check "Sở Tài chính reports done" rc_is 0
tr_ confirm --task 3 --unit "$TC" $D
check "the office confirms" rc_is 0
tr_ feed --unit "$TC" $D --meta
check "Sở Tài chính's ETag changed with its work" sh -c '! cmp -s "$1" tc.meta' - "$T/out"
tr_ feed --unit "$NV" $D --meta
check "Sở Nội vụ's ETag did not (another unit's write)" cmp -s "$T/out" nv.meta
tr_ feed --base-url "$BASE" --unit "$NV" $D
check "nor did its bytes" cmp -s "$T/out" nv.ics
check "ical.js and python icalendar read the done work alike" feed tc --unit "$TC" $D
check "done work is marked done in the summary, with its status and no alarms" \
	j tc 'len(ev) == 1 and ev[0]["summary"].startswith("✓ Hạn: ") and ev[0]["categories"] == ["hoàn thành đúng hạn"] and "hoàn thành đúng hạn (ngày 15/12/2022)" in ev[0]["description"] and ev[0]["alarms"] == [] and ev[0]["sequence"] > 0'
check "ical.js and python icalendar read the VTODO variant alike" feed tctodo --unit "$TC" $D --todo
check "VTODO: DUE on the last day, COMPLETED on the done day, STATUS COMPLETED" \
	j tctodo 'len(ev) == 1 and ev[0]["kind"] == "VTODO" and ev[0]["due"] == "20221220" and ev[0]["dtstart"] is None and ev[0]["status"] == "COMPLETED" and ev[0]["completed"] == "20221215T050000Z"'
check "ical.js and python icalendar read an open VTODO alike" feed nvtodo --unit "$NV" $D --todo
check "VTODO: open work NEEDS-ACTION, alarms counted from DUE" \
	j nvtodo 'ev[0]["status"] == "NEEDS-ACTION" and ev[0]["due"] == "20230104" and [a["related"] for a in ev[0]["alarms"]] == ["END", "END"]'
tr_ feed --unit "$TC" --today 2023-01-14
check "done work stays 30 days" grep -q "^BEGIN:VEVENT" "$T/out"
tr_ feed --unit "$TC" --today 2023-01-15
check "and is dropped after" sh -c '! grep -q "^BEGIN:VEVENT" "$1"' - "$T/out"

# ---- Overdue, then extended ---------------------------------------------------------------
check "Sở Tư pháp's feed on 06/01/2023 reads alike" feed tp2 --unit "$TP" --today 2023-01-06
check "work past its day is overdue, without alarms, and its SEQUENCE went up" \
	j tp2 'ev[0]["categories"] == ["quá hạn"] and ev[0]["alarms"] == [] and ev[0]["sequence"] == 1 and ev[0]["last_modified"] >= "20230105T170000Z"'
tr_ extend --task 2 --unit "$TP" --to 2023-01-15 --note "chờ ý kiến Bộ Tư pháp" --today 2023-01-06
check "Sở Tư pháp asks for an extension" rc_is 0
check "a request alone changes nothing in the feed" feed tp3 --unit "$TP" --today 2023-01-06
check "(same bytes as before the request)" cmp -s tp2.ics tp3.ics
tr_ approve --task 2 --unit "$TP" --today 2023-01-06
check "the office approves it" rc_is 0
check "the extended feed reads alike" feed tp4 --unit "$TP" --today 2023-01-06
check "the event moves to the new day, keeps its UID, and says both dates" \
	$PY -c 'import json
a = json.load(open("tp2.js.json"))["items"][0]; b = json.load(open("tp4.js.json"))["items"][0]
assert a["uid"] == b["uid"]
assert b["dtstart"] == "20230115" and b["dtend"] == "20230116"
assert "Đã gia hạn: hạn cũ 05/01/2023, hạn mới 15/01/2023." in b["description"]
assert "15/01/2023, đã gia hạn từ 05/01/2023 (chậm nhất ngày 05/01/2023)" in b["description"]
assert b["categories"] == ["đang thực hiện trong hạn"] and len(b["alarms"]) == 2'
check "SEQUENCE went up again after the extension" \
	$PY -c 'import json
a = json.load(open("tp2.js.json"))["items"][0]; b = json.load(open("tp4.js.json"))["items"][0]
p = json.load(open("tp4.py.json"))["items"][0]
assert b["sequence"] > a["sequence"] and p["sequence"] == b["sequence"]
assert b["last_modified"] >= a["last_modified"]'
tr_ feed --base-url "$BASE" --unit "$NV" $D
check "UIDs and bytes of untouched units stay the same across generations" cmp -s "$T/out" nv.ics

# ---- Tokens ------------------------------------------------------------------------------
tr_ units token "$NV" --base-url https://dashboard.example/
URL1=$(cat "$T/out")
TOK1=$(basename "$URL1" .ics)
check "units token prints the feed URL with a 22-character token" \
	sh -c 'echo "$1" | grep -Eq "^https://dashboard\.example/feeds/[A-Za-z0-9_-]{22}\.ics$"' - "$URL1"
tr_ feed --base-url "$BASE" --token "$TOK1" $D
check "the token's feed is the unit's feed" cmp -s "$T/out" nv.ics
sqlite3 "$T/t.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1
check "the database keeps no clear token" sh -c '! grep -q "$1" "$2"' - "$TOK1" "$T/t.db"
tr_ units token "$NV"
check "a second token for the unit needs --rotate" sh -c 'test "$1" = 65' - "$rc"
tr_ units token "$NV" --rotate
TOK2=$(basename "$(cat "$T/out")" .ics)
check "--rotate gives a new token" sh -c 'test -n "$1" && test "$1" != "$2"' - "$TOK2" "$TOK1"
tr_ feed --token "$TOK1" $D
check "the rotated-away token is gone" sh -c 'test "$1" = 65' - "$rc"
check "(says gone)" err_has "đã được đổi hoặc thu hồi"
tr_ feed --token "AAAAAAAAAAAAAAAAAAAAAA" $D
check "a token never issued is not found" err_has "không có lịch nào mang mã này"
tr_ feed --token "../../etc/passwd" $D
check "something not token-shaped is not found" err_has "không có lịch nào mang mã này"
tr_ feed --token "$TOK2" $D
check "the new token works" rc_is 0
tr_ units token "$NV" --revoke
check "--revoke ends it" rc_is 0
tr_ feed --token "$TOK2" $D
check "the revoked token is gone" err_has "đã được đổi hoặc thu hồi"
tr_ units token "$NV" --revoke
check "revoking again finds nothing to revoke" sh -c 'test "$1" = 65' - "$rc"
tr_ units token "$VP"
TOKO=$(basename "$(cat "$T/out")" .ics)
tr_ feed --base-url "$BASE" --office $D
cp "$T/out" all-now.ics
tr_ feed --base-url "$BASE" --token "$TOKO" $D
check "the office unit's token opens the feed of everything" cmp -s "$T/out" all-now.ics
tr_ units token --notice 1
TOKN=$(basename "$(cat "$T/out")" .ics)
tr_ feed --base-url "$BASE" --notice 1 $D
cp "$T/out" n1-now.ics
tr_ feed --base-url "$BASE" --token "$TOKN" $D
check "a notice token opens that notice's feed" cmp -s "$T/out" n1-now.ics
tr_ units token "Các sở, ban, ngành"
check "a group gets no token (its members do)" sh -c 'test "$1" = 65' - "$rc"

# ---- The fast writer against libical ---------------------------------------------------
check "every feed above ($(wc -l <compared 2>/dev/null || echo 0) of them, events and todos) holds, unfolded, the content lines libical writes for the same items" \
	sh -c 'test "$(wc -l <compared)" -ge 10 && ! test -s libical-differs'
[ -s libical-differs ] && echo "#   differ: $(tr '\n' ' ' <libical-differs)"

t_done
