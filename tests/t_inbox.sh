#!/bin/sh
# t_inbox.sh - the office's inbox (issue 16) end to end: over a notice
# written for this test (tests/inbox/periodic.txt: a monthly report with 22
# past periods, two one-off tasks), tests/inbox_check.py drives the API
# (decisions with notes, grant, bulk actions: roles, CSRF, the cap, all or
# nothing); then `tracker inbox --json` must equal what GET /api/inbox
# served for the same database and day; the CLI's bulk is all or nothing
# too; and `tracker remind`, against a real SMTP server on loopback,
# mails each decision with a note to its unit and the inbox to the
# office, once a day.  Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_inbox
SMTP_PID=
stop_smtp() {
	if [ -n "$SMTP_PID" ]; then
		kill "$SMTP_PID" 2>/dev/null
		wait "$SMTP_PID" 2>/dev/null
		SMTP_PID=
	fi
}
trap 'stop_smtp; t_cleanup' EXIT
TODAY=2026-11-23
DB="$T/i.db"
OFFICE_PW=mat-khau-van-phong-1
UNIT_PW=mat-khau-don-vi-1
VIEW_PW=mat-khau-nguoi-xem-1

tr_ --db "$DB" import --today "$TODAY" "$TOP/tests/inbox/periodic.txt"
rc_is 0 || { cat "$T/err"; exit 1; }
add_user() { # add_user LOGIN PW ROLE [UNIT]
	if [ -n "$4" ]; then
		printf '%s\n' "$2" | "$TRACKER_SAN" --db "$DB" users add "$1" --role "$3" --unit "$4" --password-stdin
	else
		printf '%s\n' "$2" | "$TRACKER_SAN" --db "$DB" users add "$1" --role "$3" --password-stdin
	fi >/dev/null
}
add_user vanphong "$OFFICE_PW" office && add_user sonv "$UNIT_PW" unit "Sở Nội vụ" &&
	add_user soyte "$UNIT_PW" unit "Sở Y tế" && add_user soxd "$UNIT_PW" unit "Sở Xây dựng" &&
	add_user xem "$VIEW_PW" viewer
check "accounts for the office, three units and a viewer" test $? = 0

srv_start "$T/srv.log" "$DB" --no-schedule --today "$TODAY" || {
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
}
"$PY" "$TOP/tests/inbox_check.py" "http://127.0.0.1:$PORT" "$DB" "$OFFICE_PW" "$UNIT_PW" "$VIEW_PW" \
	"$T/api_inbox.json"
[ $? -eq 0 ] || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0

# ---- the CLI lists what the page lists ----
"$TRACKER_SAN" --db "$DB" inbox --json --today "$TODAY" >"$T/cli_inbox.json"
check "tracker inbox --json equals GET /api/inbox (same database, same day)" \
	"$PY" -c 'import json, sys; a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b and a["counts"]["total"] > 0 else 1)' "$T/cli_inbox.json" "$T/api_inbox.json"
tr_ --db "$DB" inbox --today "$TODAY"
check "tracker inbox prints the counts in Vietnamese" \
	eval 'rc_is 0 && grep -q "^Hộp việc: 1 chờ xác nhận, 0 đề nghị gia hạn, 0 việc đã trả lại" "$T/out"'
tr_ --db "$DB" inbox --unit "Sở Y tế" --json --today "$TODAY"
check "tracker inbox --unit keeps one unit's items" \
	eval 'rc_is 0 && "$PY" -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))[\"counts\"][\"total\"] != 0)" "$T/out"'

# ---- the CLI's bulk: all or nothing ----
open_ids=$(sqlite3 "$DB" "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id
	JOIN units u ON u.id = a.unit_id WHERE u.name = 'Sở Nội vụ' AND o.state = 'open'
	ORDER BY o.id LIMIT 3" | tr '\n' ',' | sed 's/,$//')
done_id=$(sqlite3 "$DB" "SELECT id FROM occurrences WHERE state = 'done' ORDER BY id LIMIT 1")
ev0=$(sqlite3 "$DB" "SELECT count(*) FROM task_events")
tr_ --db "$DB" bulk close "$open_ids,$done_id" --on 2026-11-02 --today "$TODAY"
check "tracker bulk with one done item refuses all, naming it (exit 65)" \
	eval 'rc_is 65 && grep -q "Việc số $done_id: Công việc đã hoàn thành" "$T/err" && test "$(sqlite3 "$DB" "SELECT count(*) FROM task_events")" = "$ev0"'
tr_ --db "$DB" bulk close "$open_ids" --on 2026-11-02 --note "Đóng kỳ cũ" --today "$TODAY" --json
check "tracker bulk closes them, one event each" \
	eval 'rc_is 0 && test "$(sqlite3 "$DB" "SELECT count(*) FROM task_events")" = "$((ev0 + 3))"'

# ---- mails: decisions to the units, the inbox to the office, once ----
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MB="$T/mail"
mkdir -p "$MB/tmp" "$MB/new" "$MB/cur"
$PY -m aiosmtpd -n -l "127.0.0.1:$PORT" -c aiosmtpd.handlers.Mailbox "$MB" >"$T/smtp.log" 2>&1 &
SMTP_PID=$!
i=0
while ! $PY -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "not ok - the SMTP server did not start"; cat "$T/smtp.log"; exit 1; }
	sleep 0.1
done
# py_mail EXPR: EXPR over `msgs` (email.message objects) is true.
py_mail() {
	$PY - "$MB" "$1" <<'EOF'
import email, email.policy, mailbox, sys
box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
msgs = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default) for k in box.keys()]
def body(m):
    p = m.get_body(("plain",))
    return p.get_content() if p else ""
def to(m):
    return m.get("X-RcptTo", "")
def subj(m):
    return str(m["Subject"])
inbox = [m for m in msgs if subj(m).startswith("Hộp việc")]
dec = [m for m in msgs if subj(m).startswith("Ý kiến của Văn phòng")]
ok = eval(sys.argv[2])
if not ok:
    for m in msgs:
        print("#   ", to(m), "|", subj(m), file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}
tr_ --db "$DB" remind --today "$TODAY" --smtp "smtp://127.0.0.1:$PORT"
check "remind runs" rc_is 0
check "the unit whose work came back gets the office's notes by mail" \
	py_mail '(any("soxaydung@" in to(m) and "Thiếu phụ lục số liệu" in body(m) and "trả lại" in body(m)
	          and "Gia hạn theo đề nghị qua điện thoại" in body(m) for m in dec))'
check "the unit whose extension was approved gets the note" \
	py_mail 'any("soyte@" in to(m) and "Đồng ý, đề nghị không gia hạn thêm" in body(m) for m in dec)'
check "one mail per unit, closing periods is not mailed" \
	py_mail '(sorted(to(m).split("@")[0] for m in dec) == ["sonoivu", "soxaydung", "soyte"]
	          and not any("Đóng kỳ cũ" in body(m) or "văn bản giấy" in body(m) for m in dec))'
check "the office gets its inbox counts and a short list" \
	py_mail '(len(inbox) == 1 and "vanphong@" in to(inbox[0]) and "1 chờ xác nhận" in subj(inbox[0])
	          and "Chờ xác nhận hoàn thành: 1" in body(inbox[0]) and "Sở Xây dựng" in body(inbox[0]))'
n1=$(ls "$MB/new" | wc -l)
tr_ --db "$DB" remind --today "$TODAY" --smtp "smtp://127.0.0.1:$PORT"
check "a second run the same day sends nothing" eval 'rc_is 0 && test "$(ls "$MB/new" | wc -l)" = "$n1"'
tr_ --db "$DB" remind --today 2026-11-24 --smtp "smtp://127.0.0.1:$PORT"
check "the next day the office gets the inbox again (still not empty)" py_mail 'len(inbox) == 2'
tr_ --db "$DB" bulk confirm "$(sqlite3 "$DB" "SELECT group_concat(id) FROM occurrences WHERE state = 'reported'")" --today 2026-11-25
tr_ --db "$DB" remind --today 2026-11-25 --smtp "smtp://127.0.0.1:$PORT"
check "an empty inbox is not mailed" eval 'rc_is 0 && py_mail "len(inbox) == 2"'
stop_smtp
t_done
