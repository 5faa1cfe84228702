#!/bin/sh
# t_notices.sh - whole-notice cases of tests/parse/notices.test (which
# paragraphs are tasks, their owners, deadlines and the letter's metadata,
# and the parser's explanations), run through $TRACKER by
# tests/notice_cases.py.  Prints TAP-like lines.
: "${TRACKER:=build/san/tracker}"
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi
if [ ! -x "$TRACKER" ]; then
	echo "not ok - notices.test: $TRACKER is not built"
	exit 0
fi
"$PY" tests/notice_cases.py "$TRACKER" tests/parse/notices.test
