#!/bin/sh
# t_pages.sh - the task list's pages put together are the whole list, for
# the office-wide filters whose deep pages start from the kept counts
# (tests/pages_check.py).  The database: sample-data's notices with their
# recurring periods, and work in every state on many days (done on time
# and late, reported, extended), so that days and months hold several
# combinations of facts.
. "$(dirname "$0")/lib.sh"
t_setup t_pages
DB="$T/db"
TODAY=2025-06-30
q() { sqlite3 "$DB" "$1"; }

tr_ --db "$DB" import --today 2025-02-24 "$TOP/sample-data/"
check "sample-data imports" rc_is 0
# Every third open item with a deadline is done (on time or late by its
# id), every seventh reported, every eleventh extended; in one run each.
n=0
for id in $(q "SELECT id FROM occurrences WHERE last_day IS NOT NULL AND last_day <= '2025-06-25' AND state = 'open' AND live = 1 ORDER BY id"); do
	n=$((n + 1))
	if [ $((n % 3)) = 0 ]; then
		on=$(q "SELECT CASE WHEN $id % 2 = 0 THEN date(last_day, '-1 day') ELSE date(last_day, '+3 days') END FROM occurrences WHERE id = $id")
		[ "$on" \> "$TODAY" ] && on=$TODAY
		tr_ --db "$DB" done "$id" --on "$on" --today "$TODAY" && tr_ --db "$DB" confirm "$id" --today "$TODAY"
	elif [ $((n % 7)) = 0 ]; then
		tr_ --db "$DB" done "$id" --on 2025-06-01 --today "$TODAY"
	elif [ $((n % 11)) = 0 ]; then
		tr_ --db "$DB" extend "$id" --to 2025-09-30 --note "chờ kinh phí" --today "$TODAY" &&
			tr_ --db "$DB" approve "$id" --today "$TODAY"
	fi
done
check "the work is in several states" \
	test "$(q "SELECT count(DISTINCT state) + count(DISTINCT extended_to IS NOT NULL) FROM occurrences")" = 5
tr_ --db "$DB" check
check "tracker check finds the kept counts right" eval 'rc_is 0 && out_has "^ok$"'
check "days hold several combinations of facts" \
	test "$(q "SELECT count(*) FROM (SELECT day FROM occurrence_counts WHERE n > 0 GROUP BY day HAVING count(*) > 1)")" -gt 3


if ! srv_start "$T/srv.log" "$DB" --no-schedule --no-cache --today "$TODAY"; then
	not_ok "serve starts"
	cat "$T/srv.log"
	t_done
	exit
fi
"$PY" "$TOP/tests/pages_check.py" "http://127.0.0.1:$PORT" "$(cat "$DB.password")" || failed=$((failed + 1))
srv_stop TERM
check "on $TODAY some periods are not current yet (a plain search's page joins its rows)" \
	test "$(q "SELECT count(*) FROM occurrence_months WHERE shown > '$TODAY' AND n > 0")" -gt 0

# Once every period is current, a plain search's index rows are its
# answer, and its page skips the offset in the index (search.c's
# SQL_WORDS_EXACT).
LATER=2099-12-31
check "on $LATER every period is current" \
	test "$(q "SELECT count(*) FROM occurrence_months WHERE shown > '$LATER' AND n > 0")" = 0
if srv_start "$T/srv2.log" "$DB" --no-schedule --no-cache --today "$LATER"; then
	"$PY" "$TOP/tests/pages_check.py" "http://127.0.0.1:$PORT" "$(cat "$DB.password")" "q=" ||
		failed=$((failed + 1))
	srv_stop TERM
else
	not_ok "serve starts on $LATER"
	cat "$T/srv2.log"
fi
t_done
