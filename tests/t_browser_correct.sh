#!/bin/sh
# t_browser_correct.sh - the clerk's correction loop in headless Chromium:
# starts `tracker serve` on a free loopback port over the sample notices and
# runs tests/browser_correct.mjs (see its head for what it covers), then
# asks the reminder engine (`remind --dry-run`) what it would send for the
# task edited in the browser: the reminder 7 days before the new last day,
# and none before the old one.  Screenshots go to build/screenshots/.
# Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_browser_correct

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
	echo "not ok - the browser test needs /usr/bin/chromium (Debian chromium) and node"
	exit 1
fi
if [ ! -f "$TOP/node_modules/playwright-core/package.json" ]; then
	(cd "$TOP" && npm ci --no-audit --no-fund >"$T/npm.log" 2>&1) ||
		{ echo "not ok - npm ci failed"; sed 's/^/#   /' "$T/npm.log"; exit 1; }
fi

tr_ --db "$T/b.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }
srv_start "$T/log" "$T/b.db" --no-schedule --today 2026-11-23
PW=$(cat "$T/b.db.password" 2>/dev/null)
if [ -z "$PORT" ] || [ -z "$PW" ]; then
	echo "not ok - serve starts"
	cat "$T/log"
	exit 1
fi
# A unit account (made once the office's exists), to check that edits and
# merges stay with the office.
echo 'mat-khau-so-y-te' | timeout 60 "$TRACKER" --db "$T/b.db" users add soyte --role unit --unit 'Sở Y tế' --password-stdin >"$T/out" 2>"$T/err"
san_check "$T/err" "tracker users add"
mkdir -p "$TOP/build/screenshots"
(cd "$TOP" && node tests/browser_correct.mjs "http://127.0.0.1:$PORT" "$PW" "$TOP/build/screenshots" "$T/out.json")
rc=$?
srv_stop TERM
if [ $srv_rc -eq 0 ]; then
	ok "the server stops cleanly after the browser run"
else
	not_ok "the server stops cleanly after the browser run (exit $srv_rc)"
	grep -v '^127\.0\.0\.1' "$T/log" | tail -30
fi

# The task edited in the browser: "trước ngày 31/12/2026" became "trước
# ngày 15/12/2026", so its last day moved from 30/12 to 14/12 and the
# reminder 7 days before it from 23/12 to 07/12.
TASK=$(sed -n 's/.*"edited_task":\([0-9]*\).*/\1/p' "$T/out.json")
if [ -z "$TASK" ]; then
	not_ok "the browser run names the task it edited"
else
	tr_ --db "$T/b.db" remind --dry-run --today 2026-12-07
	check "the next reminder of the edited task comes 7 days before its new last day" \
		grep -Eq "^before +-7 +item [0-9]+ +task $TASK +Sở Y tế +2026-12-14" "$T/out"
	tr_ --db "$T/b.db" remind --dry-run --today 2026-12-23
	if grep -Eq "task $TASK .*2026-12-30" "$T/out"; then
		not_ok "no reminder is left for the old deadline"
	else
		ok "no reminder is left for the old deadline"
	fi
fi
t_done && [ $rc -eq 0 ]
