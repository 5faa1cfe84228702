#!/bin/sh
# t_browser.sh - the dashboard in headless Chromium: starts `tracker serve`
# on a free loopback port over the sample notices and runs
# tests/browser_check.mjs (playwright-core from the committed
# package-lock.json, installed with `npm ci` when missing, driving Debian's
# /usr/bin/chromium).  Screenshots go to build/screenshots/.
# Prints "ok - ..." / "not ok - ..." per assertion.

: "${TRACKER:=build/san/tracker}"
case $TRACKER in
/*) ;;
*) TRACKER="$(pwd)/$TRACKER" ;;
esac
TOP=$(pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/t_browser.XXXXXX") || exit 2
SRV_PID=
trap '[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 2' INT TERM
unset TRACKER_DB TRACKER_BASE_URL
export TRACKER_UNITS="$TOP/sample-data/units.json"

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
	echo "not ok - the browser test needs /usr/bin/chromium (Debian chromium) and node"
	exit 1
fi
if [ ! -f "$TOP/node_modules/playwright-core/package.json" ]; then
	(cd "$TOP" && npm ci --no-audit --no-fund >"$T/npm.log" 2>&1) ||
		{ echo "not ok - npm ci failed"; sed 's/^/#   /' "$T/npm.log"; exit 1; }
fi

"$TRACKER" --db "$T/b.db" import "$TOP/sample-data/" >/dev/null 2>"$T/import.err" ||
	{ cat "$T/import.err"; exit 1; }
"$TRACKER" --db "$T/b.db" serve --listen 127.0.0.1:0 --no-schedule --today 2026-11-23 >"$T/out" 2>"$T/log" &
SRV_PID=$!
PORT=
i=0
while [ $i -lt 600 ] && [ -z "$PORT" ]; do
	PORT=$(sed -n 's/^tracker: serving on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$T/log")
	sleep 0.1
	i=$((i + 1))
done
PW=$(sed -n "s/^tracker: created the office account: login 'vanphong', password '\([^']*\)'$/\1/p" "$T/out")
if [ -z "$PORT" ] || [ -z "$PW" ]; then
	echo "not ok - serve starts"
	cat "$T/log"
	exit 1
fi
mkdir -p "$TOP/build/screenshots"
(cd "$TOP" && node tests/browser_check.mjs "http://127.0.0.1:$PORT" "$PW" "$TOP/build/screenshots")
rc=$?
kill -TERM "$SRV_PID"
wait "$SRV_PID"
src=$?
SRV_PID=
if [ $src -eq 0 ]; then
	echo "ok - the server stops cleanly after the browser run"
else
	echo "not ok - the server stops cleanly after the browser run (exit $src)"
	grep -v '^127\.0\.0\.1' "$T/log" | tail -30
fi
[ $rc -eq 0 ] && [ $src -eq 0 ]
