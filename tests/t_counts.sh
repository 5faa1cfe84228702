#!/bin/sh
# t_counts.sh - the overview's kept counts (migration 21, store/counts.c)
# stay right through every kind of write.  A server with --no-cache keeps
# GET /api/summary's numbers of its day; each write below is made by the
# command on the same database, then the summary the server gives from its
# kept counts and the writes marked since must be byte for byte the one it
# gives when the kept counts are dropped and every item counted afresh.
# Writes: a new notice (through the import connection, triggers off), its
# corrected version (a task dropped, a lead moved), done, confirm, reopen,
# extend, approve, refuse, progress, an edit of a deadline, of the lead
# unit and of the recurrence, a merge of units, recurring periods
# materialised by the reminder run; then all of them together, checked
# also against tests/summary_check.py's recount from the database.
# `tracker check` compares the same way (and finds a lost mark).
. "$(dirname "$0")/lib.sh"
t_setup t_counts
DB="$T/db"
TODAY=2025-02-24
q() { sqlite3 "$DB" "$1"; }

tr_ --db "$DB" import "$TOP/sample-data/"
check "sample-data imports" rc_is 0

notice() { # notice NUMBER LEAD_OF_TASK_2 [TASK_3]
	cat <<EOF
ỦY BAN NHÂN DÂN
TỈNH BÌNH SƠN

Số: $1/TB-UBND

Bình Sơn, ngày 03 tháng 02 năm 2025

THÔNG BÁO

Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về chăn nuôi

1. Giao Sở Nội vụ chủ trì rà soát biên chế các trạm thú y, báo cáo Ủy ban nhân dân tỉnh trước ngày 20/02/2025.

2. Giao $2 chủ trì kiểm tra công tác tiêm phòng, hoàn thành chậm nhất ngày 10/03/2025.
$3
Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH
EOF
}
notice 91 "Trung tâm Khuyến nông tỉnh" "
3. Giao Sở Tư pháp chủ trì báo cáo định kỳ hằng tháng về xử lý vi phạm, gửi trước ngày 05 hằng tháng.
" >"$T/v1.txt"
notice 91 "Sở Tài chính" "" >"$T/v2.txt"

if ! srv_start "$T/srv.log" "$DB" --no-schedule --no-cache --today "$TODAY"; then
	not_ok "serve starts"
	cat "$T/srv.log"
	t_done
	exit
fi
PW=$(cat "$DB.password" 2>/dev/null)
COOKIE=$(curl -s -i -H 'Content-Type: application/json' \
	-d "{\"login\":\"vanphong\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT/api/login" |
	sed -n 's/^Set-Cookie: \(tracker_session=[^;]*\).*/\1/p')
summary() { # FILE: the office-wide summary, every row on one page
	curl -s -H "Cookie: $COOKIE" -o "$1" \
		"http://127.0.0.1:$PORT/api/summary?per_page=200"
}
fresh() { # FILE: the summary counted afresh (and kept again)
	q "DELETE FROM count_snapshot"
	summary "$1"
}
summary "$T/first.json"
check "the first summary keeps its counts for $TODAY" \
	test "$(q "SELECT day || ' ' || (SELECT count(*) FROM count_dirty) FROM count_snapshot")" = "$TODAY 0"

# The open items of work (ids), recurring (1) or not (0), of notices dated
# before the earliest day reported done below (work is not done before
# the notice that assigned it).
items() {
	tr_ --db "$DB" list --items --json --today "$TODAY"
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(str(i["id"]) for i in d if i["deadline"] and i["state"] == sys.argv[3]
               and (i["notice_date"] or "") <= "2024-11-02"
               and bool(i["freq"]) == (sys.argv[2] == "1")))' "$T/out" "$1" "${2:-open}"
}

# after WHAT MARKED: the summary from the kept counts equals a fresh count
# after a write, and MARKED (yes/no) says whether the write marked work.
after() {
	tr_ --db "$DB" check
	check "$1: tracker check finds the kept counts right" eval 'rc_is 0 && out_has "^ok$"'
	rc_is 0 || sed 's/^/#   /' "$T/out" | head -5
	summary "$T/kept.json"
	marked=$(q "SELECT count(*) FROM count_dirty")
	fresh "$T/fresh.json"
	if [ "$2" = yes ]; then
		check "$1: the write marked changed work ($marked assignments)" test "$marked" -gt 0
	fi
	check "$1: the kept counts and the changes equal a fresh count" cmp -s "$T/kept.json" "$T/fresh.json"
	cmp -s "$T/kept.json" "$T/fresh.json" ||
		diff "$T/kept.json" "$T/fresh.json" | head -c 600 | sed 's/^/#   /'
	check "$1: the fresh count is kept, with no change marked" \
		test "$(q "SELECT count(*) FROM count_dirty") $(q "SELECT count(*) FROM count_shadow")" = "0 0"
}
act() {
	tr_ --db "$DB" "$@" --today "$TODAY"
	rc_is 0 || { not_ok "tracker $*"; sed 's/^/#   /' "$T/err"; }
}

tr_ --db "$DB" import "$T/v1.txt"
check "a new notice imports" rc_is 0
after "a new notice (one name outside the directory, one recurring task)" yes
tr_ --db "$DB" import "$T/v2.txt"
check "its corrected version imports" eval 'rc_is 0 && out_has "^corrected "'
after "a corrected version dropping a task and moving a lead" yes

set -- $(items 0)
act done "$1" --on 2025-02-20
after "done (reported, awaiting confirmation)" yes
act confirm "$1"
after "confirm" yes
act reopen "$1" --note "thiếu biên bản"
after "reopen" yes
act progress "$2" --note "đã xong một nửa"
after "progress" no
act extend "$3" --to 2025-04-30 --note "chờ kinh phí"
after "extend (asked)" no
act approve "$3"
after "approve" yes
act extend "$4" --to 2026-12-31 --note "chờ ý kiến"
act refuse "$4" --note "không đủ căn cứ"
after "refuse" no
# The office's own decisions (issue 16's inbox): a new day set in one
# step, work closed without a report, and many items at once.
act grant "$6" --to 2026-12-31 --note "gia hạn theo chỉ đạo"
after "grant" yes
act close "$7" --on 2025-02-21 --note "đã có báo cáo bằng văn bản"
after "close" yes
tr_ --db "$DB" bulk close "$8" "$9" --on 2025-02-22 --note "đóng các việc đã xong" --today "$TODAY"
check "tracker bulk close of two items" rc_is 0
after "bulk close" yes
TASK=$(q "SELECT a.task_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id WHERE o.id = $5")
tr_ --db "$DB" edit --task "$TASK" --due 2025-01-10 --kind by
check "edit of a deadline" rc_is 0
after "edit of a deadline" yes
tr_ --db "$DB" edit --task "$TASK" --owner "Sở Y tế"
check "edit of the lead unit" rc_is 0
after "edit of the lead unit" yes
tr_ --db "$DB" edit --task "$TASK" --recurrence "FREQ=MONTHLY;BYMONTHDAY=25"
check "edit making the task recurring" rc_is 0
after "edit making the task recurring" yes
tr_ --db "$DB" edit --task "$TASK" --recurrence none
check "edit making it one-off again" rc_is 0
after "edit making it one-off again" yes
tr_ --db "$DB" units merge "Trung tâm Khuyến nông tỉnh" "Sở Nông nghiệp và Phát triển nông thôn"
check "units merge" rc_is 0
after "units merge" yes
tr_ --db "$DB" remind --today 2028-06-01 --outbox "$T/outbox"
check "a reminder run years on (materialises recurring periods)" rc_is 0
after "recurring periods materialised" yes
set -- $(items 1)
act done "$1" --on 2025-02-03
act confirm "$1"
after "a recurring period done" yes

# All at once, then the independent recount of summary_check.py.
set -- $(items 0)
act done "$1" --on 2024-11-02
act confirm "$1"
act done "$2" --on 2025-02-23
act extend "$3" --to 2026-06-30 --note "chờ kinh phí"
act approve "$3"
act done "$3" --on 2025-02-21
act confirm "$3"
tr_ --db "$DB" import "$T/v1.txt"
notice 92 "Sở Xây dựng" "" >"$T/n92.txt"
tr_ --db "$DB" import "$T/n92.txt"
tr_ --db "$DB" edit --task "$TASK" --due 2025-02-27 --kind by
set -- $(items 1)
act done "$1" --on 2025-02-10
summary "$T/kept.json"
check "after many writes the changes are marked, not counted afresh" \
	test "$(q "SELECT count(*) FROM count_dirty")" -gt 0
"$PY" "$TOP/tests/summary_check.py" "$DB" "http://127.0.0.1:$PORT" vanphong "$PW" "$TODAY" \
	|| failed=$((failed + 1))
after "many writes together" yes

# Past 5,000 marked assignments and items the kept counts are dropped, by
# a trigger or by a new notice's import; the next summary counts afresh
# and keeps.
fresh "$T/fresh.json"
q "UPDATE count_snapshot SET marked = 4999"
set -- $(items 0)
act done "$1" --on 2025-02-20
check "one more marked assignment and its item past 5,000 drop the kept counts" \
	test "$(q "SELECT count(*) FROM count_snapshot")" = 0
summary "$T/kept.json"
check "and the next summary counts afresh and keeps" \
	test "$(q "SELECT marked || ' ' || (SELECT count(*) FROM count_dirty) FROM count_snapshot")" = "0 0"
q "UPDATE count_snapshot SET marked = 4997"
notice 93 "Sở Công Thương" "" >"$T/n93.txt"
tr_ --db "$DB" import "$T/n93.txt"
check "so does a new notice (two tasks: two assignments and their items)" \
	test "$(q "SELECT count(*) FROM count_snapshot")" = 0
summary "$T/kept.json"

# A write whose marks are lost is found by tracker check.
set -- $(items 0)
act done "$1" --on 2025-02-20
act confirm "$1"
q "DELETE FROM count_dirty; DELETE FROM count_shadow"
tr_ --db "$DB" check
check "tracker check finds kept counts that a lost mark left wrong" \
	eval 'rc_is 65 && out_has "^summary: the counts kept for $TODAY differ from a recount"'
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" -eq 0
t_done
