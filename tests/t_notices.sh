#!/bin/sh
# t_notices.sh - whole-notice cases of tests/parse/notices.test (which
# paragraphs are tasks, their owners, deadlines and the letter's metadata,
# and the parser's explanations), run through $TRACKER by
# tests/notice_cases.py.  Prints TAP-like lines; every parse goes through
# $TRACKER_SAN (tests/lib.sh), so a sanitizer report is a failure too.
. "$(dirname "$0")/lib.sh"
t_setup t_notices
if [ ! -x "$TRACKER" ]; then
	not_ok "notices.test: $TRACKER is not built"
else
	"$PY" tests/notice_cases.py "$TRACKER_SAN" tests/parse/notices.test || failed=$((failed + 1))
fi
t_done
