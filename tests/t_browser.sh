#!/bin/sh
# t_browser.sh - the dashboard in headless Chromium: starts `tracker serve`
# on a free loopback port over the sample notices and runs
# tests/browser_check.mjs (playwright-core from the committed
# package-lock.json, installed with `npm ci` when missing, driving Debian's
# /usr/bin/chromium).  Screenshots go to build/screenshots/.
# Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_browser

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
mkdir -p "$TOP/build/screenshots"
(cd "$TOP" && node tests/browser_check.mjs "http://127.0.0.1:$PORT" "$PW" "$TOP/build/screenshots")
rc=$?
srv_stop TERM
if [ $srv_rc -eq 0 ]; then
	ok "the server stops cleanly after the browser run"
else
	not_ok "the server stops cleanly after the browser run (exit $srv_rc)"
	grep -v '^127\.0\.0\.1' "$T/log" | tail -30
fi
t_done && [ $rc -eq 0 ]
