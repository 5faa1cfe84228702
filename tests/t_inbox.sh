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
MB="$T/mail"
smtp_start "$MB"
# mail_has EXPR: py_mail over the mailbox, where `inbox` is the office's daily inbox
# mails, `dec` the decisions mailed to units.
mail_has() {
	py_mail "$MB" "(lambda inbox, dec: $1)(subject_starts('Hộp việc'), subject_starts('Ý kiến của Văn phòng'))"
}
tr_ --db "$DB" remind --today "$TODAY" --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "remind runs" rc_is 0
check "the unit whose work came back gets the office's notes by mail" \
	mail_has '(any("soxaydung@" in rcpt(m) and "Thiếu phụ lục số liệu" in body(m) and "trả lại" in body(m)
	          and "Gia hạn theo đề nghị qua điện thoại" in body(m) for m in dec))'
check "the unit whose extension was approved gets the note" \
	mail_has 'any("soyte@" in rcpt(m) and "Đồng ý, đề nghị không gia hạn thêm" in body(m) for m in dec)'
check "one mail per unit, closing periods is not mailed" \
	mail_has '(sorted(rcpt(m).split("@")[0] for m in dec) == ["sonoivu", "soxaydung", "soyte"]
	          and not any("Đóng kỳ cũ" in body(m) or "văn bản giấy" in body(m) for m in dec))'
check "the office gets its inbox counts and a short list" \
	mail_has '(len(inbox) == 1 and "vanphong@" in rcpt(inbox[0]) and "1 chờ xác nhận" in subj(inbox[0])
	          and "Chờ xác nhận hoàn thành: 1" in body(inbox[0]) and "Sở Xây dựng" in body(inbox[0]))'
n1=$(ls "$MB/new" | wc -l)
tr_ --db "$DB" remind --today "$TODAY" --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "a second run the same day sends nothing" eval 'rc_is 0 && test "$(ls "$MB/new" | wc -l)" = "$n1"'
tr_ --db "$DB" remind --today 2026-11-24 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "the next day the office gets the inbox again (still not empty)" mail_has 'len(inbox) == 2'
tr_ --db "$DB" bulk confirm "$(sqlite3 "$DB" "SELECT group_concat(id) FROM occurrences WHERE state = 'reported'")" --today 2026-11-25
tr_ --db "$DB" remind --today 2026-11-25 --smtp "smtp://127.0.0.1:$SMTP_PORT"
check "an empty inbox is not mailed" eval 'rc_is 0 && mail_has "len(inbox) == 2"'
smtp_stop
t_done
