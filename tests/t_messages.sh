#!/bin/sh
# t_messages.sh - every message a dashboard user can meet comes from the
# one message table (tracker/core/msg.c) and is Vietnamese: the sources are
# checked against the table, then a real server's error answers are.
. "$(dirname "$0")/lib.sh"
t_setup t_messages

tr_ --db "$T/m.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }
if srv_start "$T/srv.log" "$T/m.db" --no-schedule --today 2026-11-23; then
	ok "serve starts"
else
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
fi
PW=$(sed -n "s/^tracker: created the office account: login 'vanphong', password '\([^']*\)'$/\1/p" "$T/srv.log.out")
"$PY" "$TOP/tests/messages_check.py" "$TOP" "http://127.0.0.1:$PORT" "$PW"
[ $? -eq 0 ] || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" -eq 0
t_done
