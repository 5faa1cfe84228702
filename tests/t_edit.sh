#!/bin/sh
# t_edit.sh - the clerk's correction loop (issue 14): the one date rule,
# `tracker edit` and PATCH, history, versions.  CLI runs on a database of
# the sample notices; the API checks (tests/edit_check.py) run against a
# real server on a loopback port.
. "$(dirname "$0")/lib.sh"
t_setup t_edit

tr_ --db "$T/e.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }

# ---- the date rule on the command line -------------------------------------
ITEM=$(sqlite3 "$T/e.db" "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id WHERE o.last_day IS NOT NULL AND o.state = 'open' AND a.removed_at IS NULL ORDER BY o.id LIMIT 1")
tr_ --db "$T/e.db" extend "$ITEM" --to 9999-12-31 --note "xin gia hạn" --today 2026-11-23
check "extend --to 9999-12-31 exits 65" rc_is 65
check "and the request is not kept" test "$(sqlite3 "$T/e.db" "SELECT count(*) FROM occurrences WHERE requested_to LIKE '9999%'")" = 0
tr_ --db "$T/e.db" done "$ITEM" --on 0001-01-01 --today 2026-11-23
check "done --on 0001-01-01 exits 65" rc_is 65

# ---- the API ----------------------------------------------------------------
if srv_start "$T/srv.log" "$T/e.db" --no-schedule --today 2026-11-23; then
	ok "serve starts"
else
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
fi
PW=$(sed -n "s/^tracker: created the office account: login 'vanphong', password '\([^']*\)'$/\1/p" "$T/srv.log.out")
"$PY" "$TOP/tests/edit_check.py" "http://127.0.0.1:$PORT" "$PW"
[ $? -eq 0 ] || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" -eq 0
t_done
