#!/bin/sh
# t_backup.sh - `tracker backup` and `tracker check` (issue 19, operations):
# a copy taken while imports and API writes go on passes PRAGMA
# integrity_check and `tracker check`, holds a prefix of the writes (every
# event id up to the copy's highest, none missing, each as the source has
# it), and a server restored from a copy answers as the source does.
# `check` finds broken rows (exit 65).  Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_backup
WPID=
APID=
stop_writers() {
	[ -n "$WPID" ] && kill "$WPID" 2>/dev/null && wait "$WPID" 2>/dev/null
	[ -n "$APID" ] && kill "$APID" 2>/dev/null && wait "$APID" 2>/dev/null
	WPID=
	APID=
}
trap 'stop_writers; t_cleanup' EXIT
cd "$T" || exit 2
DB="$T/live.db"

tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data"
check "the sample notices import" rc_is 0
srv_start "$T/srv.log" "$DB" --no-schedule --today 2026-11-23 || { not_ok "serve starts"; exit 1; }
PW=$($PY -c "import sys; sys.path.insert(0, '$TOP/tests'); from ops_client import office_password; print(office_password('$DB.password'))")

# Notices written for this test, each with its own number: 40 imports.
$PY - <<'EOF'
import os
os.makedirs("gen", exist_ok=True)
for i in range(40):
    open("gen/tb-%03d.txt" % i, "w", encoding="utf-8").write("""UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: %d/TB-VP
Bình Sơn, ngày 03 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc số %d

1. Giao Sở Nội vụ chủ trì rà soát hồ sơ đợt %d, báo cáo UBND tỉnh chậm nhất ngày 30/12/2026.
2. Giao Sở Y tế kiểm tra cơ sở khám bệnh đợt %d, xong trước ngày 15/12/2026.
3. Các sở, ban, ngành cập nhật số liệu đợt %d trong tháng 12/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
""" % (900 + i, i, i, i, i))
EOF
# The writers: imports one notice at a time from the command line, and
# progress notes through the API, until stopped.
(
	for f in gen/*.txt; do
		"$TRACKER_SAN" --db "$DB" import --today 2026-11-23 "$f" >/dev/null 2>>"$T/writer.err"
	done
) &
WPID=$!
$PY - "$PORT" "$PW" "$TOP/tests" >"$T/api-writer.log" 2>&1 <<'EOF' &
import sys, time
sys.path.insert(0, sys.argv[3])
from ops_client import Client
c = Client(sys.argv[1], "vanphong", sys.argv[2])
n = 0
while True:
    st, body, _ = c.post_json("/api/tasks/%d/progress" % (1 + n % 12),
                              {"unit": "Sở Nội vụ", "note": "ghi chú tiến độ số %d" % n})
    n += 1
    if st not in (200, 404, 409):
        print("status", st, body[:200])
EOF
APID=$!
sleep 2
tr_ --db "$DB" backup "$T/copy1.db"
check "backup while imports and API writes go on exits 0" rc_is 0
tr_ --db "$DB" backup "$T/copy2.db"
check "a second copy, later, too" rc_is 0
sleep 1
stop_writers
san_check "$T/writer.err" "tracker import (the writer)"

echo "# copy1: $(sqlite3 "$T/copy1.db" 'select count(*) from notices') notices, $(sqlite3 "$T/copy1.db" 'select count(*) from task_events') events;" \
	"copy2: $(sqlite3 "$T/copy2.db" 'select count(*) from notices') notices, $(sqlite3 "$T/copy2.db" 'select count(*) from task_events') events;" \
	"source: $(sqlite3 "$DB" 'select count(*) from notices') notices, $(sqlite3 "$DB" 'select count(*) from task_events') events"
check "the copy is one file (no -wal beside it)" test ! -e "$T/copy1.db-wal"
check "the copy passes PRAGMA integrity_check" \
	test "$(sqlite3 "$T/copy1.db" 'PRAGMA integrity_check')" = ok
tr_ --db "$T/copy1.db" check
check "the copy passes tracker check" eval 'rc_is 0 && out_has "^ok$"'
check "the copies were taken while writes went on (the second has more events)" \
	test "$(sqlite3 "$T/copy2.db" 'select max(id) from task_events')" -gt \
	"$(sqlite3 "$T/copy1.db" 'select max(id) from task_events')"
# Prefix: the copy's events are exactly the source's events up to its
# highest id, none missing, each the same row.
prefix_of() { # prefix_of COPY TABLE COLUMNS
	m=$(sqlite3 "$1" "select coalesce(max(id), 0) from $2")
	a=$(sqlite3 "$1" "select $3 from $2 order by id" | sha256sum)
	b=$(sqlite3 "$DB" "select $3 from $2 where id <= $m order by id" | sha256sum)
	c=$(sqlite3 "$1" "select count(*) = max(id) from $2")
	test "$a" = "$b" && test "$c" = 1 && test "$m" -gt 0
}
check "the copy holds every task event up to its highest id, none missing, as the source has them" \
	prefix_of "$T/copy1.db" task_events "id, task_id, kind, note"
check "and every notice up to its highest id" prefix_of "$T/copy1.db" notices "id, number"
check "the later copy too" prefix_of "$T/copy2.db" task_events "id, task_id, kind, note"

# ---- restore, by README's steps: record the answers, take a copy, stop the
# server, check the copy, remove the old -wal and -shm, copy it over the
# database, start again: the same answers.
ANSWERS="/api/summary /api/tasks?per_page=500 /api/tasks?format=csv /api/tasks?q=r%C3%A0%20so%C3%A1t /api/notices /api/units"
get_answers() { # get_answers PORT DIR
	mkdir -p "$2"
	$PY - "$1" "$PW" "$TOP/tests" "$2" $ANSWERS <<'EOF'
import sys
sys.path.insert(0, sys.argv[3])
from ops_client import Client
c = Client(sys.argv[1], "vanphong", sys.argv[2])
for i, path in enumerate(sys.argv[5:]):
    st, body, _ = c.get(path)
    open("%s/%d" % (sys.argv[4], i), "wb").write(b"%d\n" % st + body)
EOF
}
get_answers "$PORT" "$T/before"
tr_ --db "$DB" backup "$T/copy3.db"
# Writes after the copy, lost by the restore: the answers must be the copy's.
tr_ --db "$DB" progress --task 2 --unit "Sở Nội vụ" --note "sau bản sao" --today 2026-11-23
srv_stop TERM
check "the source server stops cleanly" test "$srv_rc" = 0
# A crash would leave a -wal behind: make one, which the restore must drop.
$PY - "$DB" <<'EOF'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("INSERT INTO task_events (task_id, kind, at, note) VALUES (1, 'progress', '2026-11-23', 'trong nhật ký cũ')")
db.commit()
os._exit(0)
EOF
check "the old database has a -wal left behind" test -s "$DB-wal"
tr_ --db "$T/copy3.db" check
check "the copy to restore says ok" eval 'rc_is 0 && out_has "^ok$"'
rm -f "$DB-wal" "$DB-shm"
cp "$T/copy3.db" "$DB"
srv_start "$T/srv2.log" "$DB" --no-schedule --today 2026-11-23 ||
	not_ok "the server starts on the restored database"
get_answers "$PORT" "$T/after"
i=0
for a in $ANSWERS; do
	check "after the restore the server answers $a as before" \
		eval 'head -1 "$T/before/$i" | grep -qx 200 && cmp -s "$T/before/$i" "$T/after/$i"'
	i=$((i + 1))
done
check "and nothing written after the copy is there" \
	test "$(sqlite3 "$DB" "select count(*) from task_events where note in ('sau bản sao', 'trong nhật ký cũ')")" = 0
srv_stop TERM
check "the restored server stops cleanly" test "$srv_rc" = 0

# ---- a database from a newer version is refused, and not touched ------------
cp "$T/copy3.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 9999"
sum1=$(sha256sum <"$T/newer.db")
tr_ --db "$T/newer.db" list --today 2026-11-23
check "a database of a newer schema is refused, saying so" eval '! rc_is 0 && err_has "newer than this tracker"'
check "and left as it was" test "$(sha256sum <"$T/newer.db")" = "$sum1"

# ---- backup into a folder, keeping N copies ---------------------------------
mkdir -p "$T/daily"
for i in 1 2 3 4; do
	tr_ --db "$DB" backup "$T/daily" --keep 2
	sleep 1.1
done
check "backup DIR --keep 2 keeps the two newest copies" \
	eval 'rc_is 0 && test "$(ls "$T/daily" | grep -c "^tracker-.*\.db$")" = 2'

# ---- check finds what is wrong ----------------------------------------------
cp "$T/copy3.db" "$T/broken.db"
# (The schema's triggers off: they call the program's own SQL functions.)
sqlite3 "$T/broken.db" ".dbconfig enable_trigger off" "pragma foreign_keys=off; delete from tasks where id = 3;
	update occurrences set eff_last = '1999-01-01' where id = 5;
	update task_events set note = cast(x'c3a9ff' as text) where id = 4;" >/dev/null
tr_ --db "$T/broken.db" check
check "check exits 65 on a damaged copy" rc_is 65
check "and lists what is wrong" \
	eval 'out_has "assignment without its task" && out_has "foreign key broken" && out_has "deadline in force" &&
		out_has "text that is not UTF-8 in task_events.note: 1 (row 4)"'
t_done
