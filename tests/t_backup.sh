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
PW=$($PY -c "import sys; sys.path.insert(0, '$TOP/tests'); from ops_client import office_password; print(office_password('$T/srv.log.out'))")

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

# ---- restore: a copy taken now, served by a second server, answers the same
tr_ --db "$DB" backup "$T/copy3.db"
mkdir -p "$T/restored"
cp "$T/copy3.db" "$T/restored/tracker.db"
SRV1_PID=$SRV_PID
PORT1=$PORT
SRV1_LOG=$SRV_LOG
srv_start "$T/srv2.log" "$T/restored/tracker.db" --no-schedule --today 2026-11-23 ||
	not_ok "a server starts on the restored copy"
$PY - "$PORT1" "$PORT" "$PW" "$TOP/tests" <<'EOF'
import sys
sys.path.insert(0, sys.argv[4])
from ops_client import Client
a = Client(sys.argv[1], "vanphong", sys.argv[3])
b = Client(sys.argv[2], "vanphong", sys.argv[3])
fails = 0
for path in ("/api/summary", "/api/tasks?per_page=500", "/api/tasks?format=csv",
             "/api/tasks?q=r%C3%A0%20so%C3%A1t", "/api/notices", "/api/units"):
    ra, rb = a.get(path), b.get(path)
    same = ra[0] == 200 and ra[0] == rb[0] and ra[1] == rb[1]
    print(("ok - " if same else "not ok - ") + "the restored server answers %s as the source does" % path)
    fails += not same
sys.exit(1 if fails else 0)
EOF
[ $? -eq 0 ] || failed=$((failed + 1))
srv_stop TERM
check "the restored server stops cleanly" test "$srv_rc" = 0
SRV_PID=$SRV1_PID
SRV_LOG=$SRV1_LOG
srv_stop TERM
check "the source server stops cleanly" test "$srv_rc" = 0

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
sqlite3 "$T/broken.db" "pragma foreign_keys=off; delete from tasks where id = 3;
	update occurrences set eff_last = '1999-01-01' where id = 5;"
tr_ --db "$T/broken.db" check
check "check exits 65 on a damaged copy" rc_is 65
check "and lists what is wrong" \
	eval 'out_has "assignment without its task" && out_has "foreign key broken" && out_has "deadline in force"'
t_done
