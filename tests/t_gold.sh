#!/bin/sh
# t_gold.sh - scores the parser against hand-labelled gold answers.
#
# Run by tests/run.sh from the top of the tree with $TRACKER set to the
# sanitizer build.  Prints TAP-like lines:
#   0. the scorer's own rules hold (score_gold.py --self-test);
#   1. the gold files in sample-data/gold/ are consistent with their notices;
#   2. tests/score_gold.py on sample-data/ meets the floors below (this runs on
#      a fresh clone: the project's own notices and scorer);
#   3. ../shared/eval/score.py on ../shared/seeds/ meets the issue's floors,
#      when ../shared is present (skipped, and said so, when it is not);
#   4. the same on ../shared/realdocs/ with the real-documents floors.
# Every parse the scorers run goes through $TRACKER_SAN (tests/lib.sh): a
# sanitizer report is a failure of its own.
. "$(dirname "$0")/lib.sh"
t_setup t_gold
CMD="$TRACKER_SAN parse --json {}"
LOG=$T/log

# Prints "ok - NAME: SUMMARY" or "not ok - NAME: ..." for a scorer's output in
# $LOG and its exit status $1; on failure the full output follows as comments.
report() {
	rc=$1 name=$2
	summary=$(grep -E '^(summary|tasks):' "$LOG" | tail -1)
	if [ "$rc" -eq 0 ]; then
		ok "$name: $summary"
	else
		bar=$(grep '^below the bar' "$LOG" | tail -1)
		not_ok "$name: ${bar:-scorer exited $rc} | ${summary:-no summary}"
		sed 's/^/# /' "$LOG"
	fi
}

"$PY" tests/score_gold.py --self-test >"$LOG" 2>&1
if [ $? -eq 0 ]; then
	ok "score_gold.py self-test: $(tail -1 "$LOG" | sed "s/^self-test: //")"
else
	not_ok "score_gold.py self-test"
	sed 's/^/# /' "$LOG"
fi

"$PY" tests/score_gold.py --gold sample-data/gold --notices sample-data --check-gold >"$LOG" 2>&1
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "sample-data gold files consistent: $(tail -1 "$LOG")"
else
	not_ok "sample-data gold files inconsistent"
	sed 's/^/# /' "$LOG"
fi

if [ ! -x "$TRACKER" ]; then
	not_ok "sample-data gold: $TRACKER is not built"
else
	"$PY" tests/score_gold.py --gold sample-data/gold --notices sample-data --cmd "$CMD" -v \
		--min-f1 0.95 --min-owner 0.90 --min-due 0.95 --max-false-due 0 --min-meta 0.9 \
		--min-kind 0.9 --min-recurrence 0.9 >"$LOG" 2>&1
	report $? "sample-data gold"
fi

if [ -f ../shared/eval/score.py ] && [ -d ../shared/seeds ]; then
	if [ ! -x "$TRACKER" ]; then
		not_ok "seeds scorer: $TRACKER is not built"
	else
		"$PY" ../shared/eval/score.py --gold ../shared/eval/gold --notices ../shared/seeds --cmd "$CMD" -v \
			--min-f1 0.95 --min-owner 0.90 --min-due 0.95 --max-false-due 0 --min-meta 0.9 >"$LOG" 2>&1
		report $? "seeds scorer"
	fi
else
	ok "seeds scorer skipped: ../shared not present"
fi

# 4. the same scorer on the real documents of ../shared/realdocs (issue 13's
#    floors), when they are present.
if [ -f ../shared/eval/score.py ] && [ -d ../shared/realdocs/gold ]; then
	if [ ! -x "$TRACKER" ]; then
		not_ok "realdocs scorer: $TRACKER is not built"
	else
		"$PY" ../shared/eval/score.py --gold ../shared/realdocs/gold --notices ../shared/realdocs --cmd "$CMD" -v \
			--min-f1 0.985 --min-precision 0.98 --min-owner 0.985 --min-co 0.98 --min-dated 0.95 \
			--max-false-due 0 --min-meta 0.90 >"$LOG" 2>&1
		report $? "realdocs scorer"
	fi
else
	ok "realdocs scorer skipped: ../shared/realdocs not present"
fi
t_done
