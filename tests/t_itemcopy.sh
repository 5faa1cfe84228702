#!/bin/sh
# t_itemcopy.sh - each work item's copies of what its lists show of its
# task, notice and unit (migration 22) follow every change of the
# originals: a task's text and reference, a notice's number and date, a
# unit's address in the directory, a merge of units, a task dropped by a
# corrected version.  After each change the task list shows the new words
# and `tracker check` finds every copy equal to its original; a copy
# changed behind the program's back is found (exit 65), and so are a
# period's shown_from (migration 23) and an office-wide count that differ
# from what the items make them.  A database of schema 21 gains both when
# it is opened, and lists what it listed before.
. "$(dirname "$0")/lib.sh"
t_setup t_itemcopy
DB="$T/db"
q() { sqlite3 "$DB" "$1"; }

tr_ --db "$DB" import "$TOP/sample-data/"
check "sample-data imports" rc_is 0

# checked WHAT: tracker check finds every copy equal to its original.
checked() {
	tr_ --db "$DB" check
	check "$1: tracker check finds the copies right" eval 'rc_is 0 && out_has "^ok$"'
	rc_is 0 || sed 's/^/#   /' "$T/out" | head -5
}
# listed FIELD ID: FIELD of the first item of task ID in `tracker list --items --json`.
listed() {
	tr_ --db "$DB" list --items --json --task "$2"
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d[0][sys.argv[2]] if d else "")' "$T/out" "$1"
}
checked "sample-data"

TASK=$(q "SELECT t.id FROM tasks t JOIN assignments a ON a.task_id = t.id JOIN occurrences o ON o.assignment_id = a.id WHERE t.removed_at IS NULL AND o.live = 1 ORDER BY t.id LIMIT 1")
NOTICE=$(q "SELECT notice_id FROM tasks WHERE id = $TASK")
# found TOKEN: how many of the task's live items the search index finds by TOKEN.
found() {
	q "SELECT count(*) FROM item_fts f JOIN occurrences o ON o.id = (f.rowid & 4294967295)
	   WHERE item_fts MATCH '\"$1\"' AND o.task_id = $TASK"
}
OLDWORDS=$(q "SELECT text FROM tasks WHERE id = $TASK" | "$PY" -c 'import sys, unicodedata
t = sys.stdin.read().replace("đ", "d").replace("Đ", "D")
t = "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn").lower()
w = [x for x in "".join(c if c.isalnum() else " " for c in t).split()]
print("_".join(w[:3]))')
check "before the edit, the search finds the task by its first three syllables ($OLDWORDS)" \
	test "$(found "$OLDWORDS")" -gt 0
tr_ --db "$DB" edit --task "$TASK" --text "Rà soát lại quy chế phối hợp liên ngành <b>&</b>"
check "edit of a task's text" rc_is 0
check "the list shows the new text" test "$(listed text "$TASK")" = "Rà soát lại quy chế phối hợp liên ngành <b>&</b>"
check "the search finds it by its new words" test "$(found "phoi_hop_lien")" -gt 0
if [ "$OLDWORDS" != ra_soat_lai ]; then
	check "and no longer by its old ones" test "$(found "$OLDWORDS")" = 0
fi
checked "edit of a task's text"

NDATE=2025-12-30
tr_ --db "$DB" edit --notice "$NOTICE" --number "999/TB-UBND" --date "$NDATE"
check "edit of a notice's number and date" rc_is 0
check "the list shows the new number" test "$(listed notice_number "$TASK")" = "999/TB-UBND"
check "and the new date" test "$(listed notice_date "$TASK")" = "$NDATE"
checked "edit of a notice"

# A unit's address changes in the directory; the next command syncs it.
UNIT=$(q "SELECT unit_id FROM occurrences WHERE task_id = $TASK LIMIT 1")
NAME=$(q "SELECT name FROM units WHERE id = $UNIT")
"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
for u in d["units"]:
    if u["name"] == sys.argv[2]:
        u["email"] = "moi@binhson.example"
json.dump(d, open(sys.argv[3], "w"), ensure_ascii=False)' "$TOP/sample-data/units.json" "$NAME" "$T/units.json"
TRACKER_UNITS="$T/units.json" tr_ --db "$DB" units
check "a directory with a unit's new address syncs" rc_is 0
check "the unit's items carry the new address" \
	test "$(q "SELECT DISTINCT unit_email FROM occurrences WHERE unit_id = $UNIT")" = "moi@binhson.example"
TRACKER_UNITS="$T/units.json" tr_ --db "$DB" check
check "tracker check finds the copies right after the sync" eval 'rc_is 0 && out_has "^ok$"'

# A corrected version drops a task: its items are no longer live.
cat >"$T/v1.txt" <<'EOF'
ỦY BAN NHÂN DÂN
TỈNH BÌNH SƠN

Số: 91/TB-UBND

Bình Sơn, ngày 03 tháng 02 năm 2025

THÔNG BÁO

Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về chăn nuôi

1. Giao Sở Nội vụ chủ trì rà soát biên chế các trạm thú y, báo cáo Ủy ban nhân dân tỉnh trước ngày 20/02/2025.

2. Giao Trung tâm Khuyến nông tỉnh chủ trì kiểm tra công tác tiêm phòng, hoàn thành chậm nhất ngày 10/03/2025.

Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH
EOF
sed '/^2\. /d' "$T/v1.txt" >"$T/v2.txt"
tr_ --db "$DB" import "$T/v1.txt"
check "a new notice imports (the import connection: triggers off)" rc_is 0
checked "a new notice"
# A merge moves the assignments: their items carry the new unit.
tr_ --db "$DB" units merge "Trung tâm Khuyến nông tỉnh" "Sở Nông nghiệp và Phát triển nông thôn"
check "units merge" rc_is 0
check "the moved items carry the unit they moved to" \
	test "$(q "SELECT count(*) FROM occurrences WHERE unit_name = 'Sở Nông nghiệp và Phát triển nông thôn' AND notice_number = '91/TB-UBND'")" = 1
check "no item carries the merged unit's name" \
	test "$(q "SELECT count(*) FROM occurrences WHERE unit_name = 'Trung tâm Khuyến nông tỉnh'")" = 0
checked "units merge"

tr_ --db "$DB" import --replace "$(q "SELECT id FROM notices WHERE number = '91/TB-UBND'")" "$T/v2.txt"
check "its corrected version without task 2 imports" rc_is 0
check "task 2's item is no longer live" \
	test "$(q "SELECT o.live FROM occurrences o JOIN tasks t ON t.id = o.task_id WHERE t.ref = '2' AND o.notice_number = '91/TB-UBND'")" = 0
checked "a corrected version"

# A copy changed behind the program's back is found.  (With the schema's
# triggers off: they call the program's own SQL functions.)
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" ".dbconfig enable_trigger off" "UPDATE occurrences SET task_text = 'sai' WHERE id = (SELECT min(id) FROM occurrences)" >/dev/null
tr_ --db "$T/bad.db" check
check "a copy that differs from its task is found (exit 65)" \
	eval 'rc_is 65 && out_has "copy of its task, notice or unit"'
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" ".dbconfig enable_trigger off" "UPDATE occurrences SET live = 0 WHERE id = (SELECT min(id) FROM occurrences WHERE live = 1)" >/dev/null
tr_ --db "$T/bad.db" check
check "an item not live though its task and assignment are is found (exit 65)" \
	eval 'rc_is 65 && out_has "live though"'

cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" ".dbconfig enable_trigger off" "UPDATE occurrences SET shown_from = '' WHERE id = (SELECT max(id) FROM occurrences WHERE seq > 1)" >/dev/null
tr_ --db "$T/bad.db" check
check "a period's day of being current that is not its series' is found (exit 65)" \
	eval 'rc_is 65 && out_has "shown_from"'
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" "UPDATE occurrence_counts SET n = n + 1 WHERE day = (SELECT max(day) FROM occurrence_counts)"
tr_ --db "$T/bad.db" check
check "an office-wide count that is not a recount is found (exit 65)" \
	eval 'rc_is 65 && out_has "occurrence_counts"'
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" "UPDATE occurrence_months SET n = n + 1 WHERE month = (SELECT max(month) FROM occurrence_months)"
tr_ --db "$T/bad.db" check
check "an office-wide count by month that is not the sum of its days is found (exit 65)" \
	eval 'rc_is 65 && out_has "occurrence_months"'
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" "DELETE FROM item_fts_docsize WHERE id = (SELECT max(id) FROM item_fts_docsize)"
tr_ --db "$T/bad.db" check
check "a live item missing from the search index is found (exit 65)" \
	eval 'rc_is 65 && out_has "item_fts"'
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" ".dbconfig enable_trigger off" \
	"UPDATE occurrences SET extended_to = '2031-01-01', eff_last = '2031-01-01' WHERE id = (SELECT min(id) FROM occurrences WHERE live = 1)" >/dev/null
tr_ --db "$T/bad.db" check
check "an item filed in the search index under another deadline is found (exit 65)" \
	eval 'rc_is 65 && out_has "filed under another deadline"'
cp "$DB" "$T/bad.db"
sqlite3 "$T/bad.db" "DELETE FROM task_syllables WHERE syl = (SELECT min(syl) FROM task_syllables)"
tr_ --db "$T/bad.db" check
check "a syllable the search does not know is found (exit 65)" \
	eval 'rc_is 65 && out_has "task_syllables"'

# A database of schema 21, made by the program as it stood then (1920db2:
# sample-data's notices 01 and 06 imported --today 2025-02-24, an item
# done and confirmed, a period done, an extension approved; then .dump),
# gains the copies (22) and the days periods are current from (23) when
# it is opened; the dashboard's lists of current work (the CSV export)
# for three days and for the overdue are then byte for byte the ones the
# program of schema 21 gave, which chose each series' next period with a
# subquery per row (tests/fixtures/schema21-lists.tar.gz).
DB="$T/old.db"
gzip -dc "$TOP/tests/fixtures/schema21.sql.gz" | sqlite3 "$DB"
check "the schema-21 database loads" test "$(q "PRAGMA user_version")" = 21
checked "a database of schema 21 opened"
tr_ --db "$T/fresh.db" check
check "it is at the schema of a new database" \
	test "$(q "PRAGMA user_version")" = "$(sqlite3 "$T/fresh.db" "PRAGMA user_version")"
check "its items carry their copies" \
	test "$(q "SELECT count(*) FROM occurrences WHERE task_id IS NULL OR unit_name IS NULL OR task_text IS NULL")" = 0
mkdir -p "$T/lists"
tar -xzf "$TOP/tests/fixtures/schema21-lists.tar.gz" -C "$T/lists"
for d in 2025-02-24 2025-06-30 2026-01-15; do
	tr_ --db "$DB" list --csv --today "$d"
	check "the list of current work on $d is the one schema 21 gave" cmp -s "$T/out" "$T/lists/csv-$d.csv"
done
tr_ --db "$DB" list --csv --status overdue --today 2025-06-30
check "and so is the overdue work on 2025-06-30" cmp -s "$T/out" "$T/lists/csv-overdue-2025-06-30.csv"
t_done
