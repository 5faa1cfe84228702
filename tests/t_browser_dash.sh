#!/bin/sh
# t_browser_dash.sh - the leader's and the units' dashboard in headless
# Chromium, at two sizes: the sample notices (about 1,800 work items) and a
# large database made by tests/mkbig.py (7 copies of the sample notices over
# four years: about 20,000 work items counted, units with over 1,600).  For
# each, tests/browser_dash.mjs drives the workflows and checks them against
# what the database says (the expected ranking is computed here with SQL),
# runs axe-core on every page at 1366x768 and 390x844, and writes
# screenshots to build/screens/.  Prints "ok - ..." / "not ok - ..." lines.

. "$(dirname "$0")/lib.sh"
t_setup t_browser_dash

if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; then
	echo "not ok - the browser test needs /usr/bin/chromium (Debian chromium) and node"
	exit 1
fi
if [ ! -f "$TOP/node_modules/axe-core/axe.min.js" ] || [ ! -f "$TOP/node_modules/playwright-core/package.json" ]; then
	(cd "$TOP" && npm ci --no-audit --no-fund >"$T/npm.log" 2>&1) ||
		{ echo "not ok - npm ci failed"; sed 's/^/#   /' "$T/npm.log"; exit 1; }
fi
TODAY=2026-11-23
UNIT_PW=mat-khau-don-vi-1
OFFICE_PW=mat-khau-lanh-dao-1
mkdir -p "$TOP/build/screens"

# expect DB NAME: what the overview must show first and the unit to page
# through, from the tables themselves (overdue: not done, last allowed day in
# force before today; directory units and groups only).
expect() {
	$PY - "$1" "$TODAY" >"$T/$2.json" <<'PY'
import json, sqlite3, sys
db, today = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
live = (" FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
        " JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id"
        " WHERE a.removed_at IS NULL AND t.removed_at IS NULL")
over = dict(con.execute("SELECT u.name, count(*)" + live + " AND (u.in_directory OR u.is_group)"
                        " AND o.state <> 'done' AND o.eff_last < ? GROUP BY u.id", (today,)).fetchall())
top = max(over.values())
# Work counted as the dashboard counts it: periods already due and the next.
cur = (" AND (o.seq = 0 OR o.last_day <= ?1 OR o.seq = (SELECT min(o2.seq) FROM occurrences o2"
       " WHERE o2.assignment_id = o.assignment_id AND o2.last_day > ?1))")
uid, uname, n = con.execute("SELECT u.id, u.name, count(*)" + live + " AND u.in_directory" + cur +
                            " GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1", (today,)).fetchone()
print(json.dumps({"top_overdue": top, "top_units": sorted(k for k, v in over.items() if v == top),
                  "unit_id": uid, "unit": uname, "unit_items": n}, ensure_ascii=False))
PY
}

run_size() {
	name=$1
	db=$2
	expect "$db" "$name" || { not_ok "$name: the expected figures are computed"; return; }
	unit=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["unit"])' "$T/$name.json")
	printf '%s\n' "$UNIT_PW" | "$TRACKER_SAN" --db "$db" users add donvi --role unit --unit "$unit" \
		--password-stdin >/dev/null || { not_ok "$name: a unit account for $unit"; return; }
	printf '%s\n' "$OFFICE_PW" | "$TRACKER_SAN" --db "$db" users add vanphong --role office \
		--password-stdin >/dev/null || { not_ok "$name: an office account"; return; }
	srv_start "$T/$name.log" "$db" --no-schedule --today "$TODAY"
	if [ -z "$PORT" ]; then
		not_ok "$name: serve starts"
		cat "$T/$name.log"
		return
	fi
	(cd "$TOP" && node tests/browser_dash.mjs "http://127.0.0.1:$PORT" "$OFFICE_PW" donvi "$UNIT_PW" \
		"$T/$name.json" "$name" "$TOP/build/screens") || brc=1
	srv_stop TERM
	if [ $srv_rc -eq 0 ]; then
		ok "$name: the server stops cleanly"
	else
		not_ok "$name: the server stops cleanly (exit $srv_rc)"
		grep -v '^127\.0\.0\.1' "$T/$name.log" | tail -30
	fi
}

brc=0
tr_ --db "$T/small.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }
run_size small "$T/small.db"

if $PY "$TOP/tests/mkbig.py" "$TRACKER_SAN" "$T/big.db" 7 "$TODAY" >"$T/mkbig.out" 2>"$T/mkbig.err"; then
	ok "mkbig.py makes the large database: $(cat "$T/mkbig.out")"
	run_size big "$T/big.db"
else
	not_ok "mkbig.py makes the large database"
	sed 's/^/#   /' "$T/mkbig.err"
fi
t_done && [ $brc -eq 0 ]
