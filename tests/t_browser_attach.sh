#!/bin/sh
# t_browser_attach.sh - reporting done with a document, progress bars, saved
# views and the overview's links, in headless Chromium (tests/browser_attach.mjs):
# a unit reports done through the dialog (a refused day shown at its field,
# then a PDF), the office sees and downloads it byte-identical, the percentage
# of a progress report shows as a bar on the task, in the task list and on the
# unit's page, a saved view survives a reload and reopens its filters, and the
# overview's figures open lists of that many rows.  Prints "ok - ..." lines.

. "$(dirname "$0")/lib.sh"
t_setup t_browser_attach

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
	echo "not ok - the browser test needs /usr/bin/chromium (Debian chromium) and node"
	exit 1
fi
if [ ! -f "$TOP/node_modules/axe-core/axe.min.js" ] || [ ! -f "$TOP/node_modules/playwright-core/package.json" ]; then
	(cd "$TOP" && npm ci --no-audit --no-fund >"$T/npm.log" 2>&1) ||
		{ echo "not ok - npm ci failed"; sed 's/^/#   /' "$T/npm.log"; exit 1; }
fi
mkdir -p "$TOP/build/screens"
DB="$T/b.db"
tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }
printf 'mat-khau-so-noi-vu\n' | "$TRACKER_SAN" --db "$DB" users add sonv --role unit --unit "Sở Nội vụ" --password-stdin >/dev/null
printf 'mat-khau-van-phong\n' | "$TRACKER_SAN" --db "$DB" users add khoa --role office --password-stdin >/dev/null
# A small PDF whose name a Vietnamese clerk would give it.
$PY - "$T/báo cáo kết quả.pdf" <<'PY'
import sys
body = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
open(sys.argv[1], "wb").write(body + b"%" + bytes(range(256)) * 20 + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")
PY
srv_start "$T/srv.log" "$DB" --no-schedule --today 2026-11-23 || { not_ok "serve starts"; exit 1; }
(cd "$TOP" && node tests/browser_attach.mjs "http://127.0.0.1:$PORT" "$T/báo cáo kết quả.pdf" "$T" "$TOP/build/screens") || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0
t_done
