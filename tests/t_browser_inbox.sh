#!/bin/sh
# t_browser_inbox.sh - the office's inbox in headless Chromium (issue 16),
# over notices written for this test (tests/inbox/periodic.txt and
# archives.txt: two monthly reports of Sở Nội vụ with 22 past periods
# each).  tests/browser_inbox.mjs: the
# unit asks for an extension and reports a period done; the office sees
# both counts in its navigation, approves the one with a note and returns
# the other with a note; the unit sees both notes on its page; the office
# closes 20 past periods in one action; the unit reports 20 more done and
# the office confirms them from its inbox in one action.  Here: 20 history
# events exist for each.
# Prints "ok - ..." / "not ok - ..." lines.

. "$(dirname "$0")/lib.sh"
t_setup t_browser_inbox

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
	echo "not ok - the browser test needs /usr/bin/chromium (Debian chromium) and node"
	exit 1
fi
if [ ! -f "$TOP/node_modules/axe-core/axe.min.js" ] || [ ! -f "$TOP/node_modules/playwright-core/package.json" ]; then
	(cd "$TOP" && npm ci --no-audit --no-fund >"$T/npm.log" 2>&1) ||
		{ echo "not ok - npm ci failed"; sed 's/^/#   /' "$T/npm.log"; exit 1; }
fi
TODAY=2026-11-23
DB="$T/b.db"
OFFICE_PW=mat-khau-van-phong-1
UNIT_PW=mat-khau-don-vi-1
mkdir -p "$TOP/build/screens"
tr_ --db "$DB" import --today "$TODAY" "$TOP/tests/inbox/periodic.txt" "$TOP/tests/inbox/archives.txt"
rc_is 0 || { cat "$T/err"; exit 1; }
printf '%s\n' "$OFFICE_PW" | "$TRACKER_SAN" --db "$DB" users add vanphong --role office --password-stdin >/dev/null &&
	printf '%s\n' "$UNIT_PW" | "$TRACKER_SAN" --db "$DB" users add sonv --role unit --unit "Sở Nội vụ" \
		--password-stdin >/dev/null
check "an office and a unit account" test $? = 0
srv_start "$T/srv.log" "$DB" --no-schedule --today "$TODAY" || {
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
}
brc=0
(cd "$TOP" && node tests/browser_inbox.mjs "http://127.0.0.1:$PORT" "$OFFICE_PW" sonv "$UNIT_PW" \
	"$TOP/build/screens") || brc=1
check "20 history events say the office closed the periods, with its note" \
	test "$(sqlite3 "$DB" "SELECT count(DISTINCT occurrence_id) FROM task_events WHERE kind = 'closed'
		AND actor = 'vanphong' AND note = 'Các kỳ đã báo cáo bằng văn bản giấy'")" = 20
check "20 history events say the office confirmed the reported periods" \
	test "$(sqlite3 "$DB" "SELECT count(DISTINCT occurrence_id) FROM task_events WHERE kind = 'confirmed'
		AND actor = 'vanphong'")" = 20
check "the notes are in the history too" \
	test "$(sqlite3 "$DB" "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM task_events
		WHERE note IN ('Đồng ý, không gia hạn thêm', 'Thiếu biên bản họp') ORDER BY id)")" = "extension_approved reopened"
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0
t_done && [ $brc -eq 0 ]
