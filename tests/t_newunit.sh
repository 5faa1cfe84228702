#!/bin/sh
# t_newunit.sh - "add as a new unit" in the preview (issue 14): the name
# becomes a unit the office added to its directory, outlives a sync of a
# changed units file, is exported, and every later preview knows it.  The
# API checks (tests/newunit_check.py) run against a real server.
. "$(dirname "$0")/lib.sh"
t_setup t_newunit

NEW="Ban Quản lý dự án Đường ven biển"
tr_ --db "$T/n.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }
if srv_start "$T/srv.log" "$T/n.db" --no-schedule --today 2026-11-23; then
	ok "serve starts"
else
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
fi
PW=$(cat "$T/n.db.password" 2>/dev/null)
"$PY" "$TOP/tests/newunit_check.py" "http://127.0.0.1:$PORT" "$PW"
[ $? -eq 0 ] || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" -eq 0
q() { sqlite3 "$T/n.db" "$1"; }
check "the database records who added the unit and when" test \
	"$(q "SELECT in_directory || '|' || added_by || '|' || (added_at IS NOT NULL) FROM units WHERE name = '$NEW'")" = "1|vanphong|1"

"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); d['units'][0]['email']='vp-moi@binhson.example'; json.dump(d, open(sys.argv[2],'w'), ensure_ascii=False)" \
	"$TOP/sample-data/units.json" "$T/units2.json"
tr_ --db "$T/n.db" --units "$T/units2.json" units
check "a changed units file syncs" eval 'rc_is 0 && test "$(q "SELECT email FROM units WHERE name IN (SELECT name FROM units WHERE dir_position = 0)")" = vp-moi@binhson.example'
check "and the office-added unit stays in the directory" test \
	"$(q "SELECT in_directory || '|' || added_by FROM units WHERE name = '$NEW'")" = "1|vanphong"
tr_ --db "$T/n.db" --units "$T/units2.json" units --export
check "units --export writes the office-added unit" eval \
	'rc_is 0 && "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(u[\"name\"] == sys.argv[2] for u in d[\"units\"]) else 1)" "$T/out" "$NEW"'
cp "$T/out" "$T/exported.json"
tr_ --db "$T/x.db" --units "$T/exported.json" units --json
check "the exported file loads and holds it as a directory unit" eval \
	'rc_is 0 && "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(u[\"name\"] == sys.argv[2] and u[\"in_directory\"] for u in d[\"units\"]) else 1)" "$T/out" "$NEW"'

# Once the units file lists it, the unit is the file's.
"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); d['units'].append({'name': sys.argv[3], 'email': 'bqlda@binhson.example'}); json.dump(d, open(sys.argv[2],'w'), ensure_ascii=False)" \
	"$TOP/sample-data/units.json" "$T/units3.json" "$NEW"
tr_ --db "$T/n.db" --units "$T/units3.json" units
check "a units file listing it makes it the file's" eval \
	'rc_is 0 && test "$(q "SELECT in_directory || '"'"'|'"'"' || coalesce(added_by, '"'"'-'"'"') || '"'"'|'"'"' || email FROM units WHERE name = '"'"'$NEW'"'"'")" = "1|-|bqlda@binhson.example"'
tr_ --db "$T/n.db" --units "$TOP/sample-data/units.json" units
check "and a file that drops it again takes it out of the directory" eval \
	'rc_is 0 && test "$(q "SELECT in_directory FROM units WHERE name = '"'"'$NEW'"'"'")" = 0'
t_done
