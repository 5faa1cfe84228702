#!/bin/sh
# t_summary.sh - the overview's numbers (GET /api/summary) equal a recount
# straight from the database (tests/summary_check.py) on work of every kind:
# done on time and late (confirmed), reported and awaiting confirmation,
# extended then done, recurring periods, and a corrected notice that drops
# a task and moves another to a new lead unit; on several --today values
# that move open work across the due-soon, overdue and aging boundaries.
. "$(dirname "$0")/lib.sh"
t_setup t_summary
DB="$T/db"

tr_ --db "$DB" import "$TOP/sample-data/"
check "sample-data imports" rc_is 0

# notice 77: three tasks; its corrected version drops the third and gives
# the second to another lead unit (the first assignment and its work stay
# in the database, removed).
notice_v() { # notice_v LEAD_OF_TASK_2 [TASK_3]
	cat <<EOF
ỦY BAN NHÂN DÂN
TỈNH BÌNH SƠN

Số: 77/TB-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Bình Sơn, ngày 03 tháng 02 năm 2025

THÔNG BÁO

Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc về quản lý đất đai

Ngày 01 tháng 02 năm 2025, Chủ tịch Ủy ban nhân dân tỉnh làm việc về quản lý đất đai và kết luận như sau:

1. Giao Sở Nội vụ chủ trì rà soát biên chế các đơn vị quản lý đất đai, báo cáo Ủy ban nhân dân tỉnh trước ngày 25/02/2025.

2. Giao $1 chủ trì kiểm tra việc cấp giấy chứng nhận quyền sử dụng đất, hoàn thành chậm nhất ngày 10/03/2025.
$2
Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH
EOF
}
notice_v "Sở Tài chính" "
3. Giao Sở Tư pháp chủ trì rà soát văn bản quy phạm pháp luật về đất đai, báo cáo trước ngày 31/03/2025.
" >"$T/v1.txt"
notice_v "Sở Tư pháp" "" >"$T/v2.txt"
tr_ --db "$DB" import "$T/v1.txt"
check "notice 77 imports" rc_is 0
tr_ --db "$DB" import "$T/v2.txt"
check "its corrected version imports" eval 'rc_is 0 && out_has "^corrected "'
check "the correction leaves removed work in the database" test "$(sqlite3 "$DB" \
	"SELECT count(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id
	 JOIN tasks t ON t.id = a.task_id WHERE a.removed_at IS NOT NULL OR t.removed_at IS NOT NULL")" -gt 0

# Items to act on: one-off work with a deadline, and recurring periods,
# of notices dated before the earliest day reported done below (work is
# not done before the notice that assigned it).
tr_ --db "$DB" list --items --json --today 2025-02-01
ids() { "$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(str(i["id"]) for i in d if i["deadline"] and i["state"] == "open"
               and (i["notice_date"] or "") <= "2024-11-02"
               and bool(i["freq"]) == (sys.argv[2] == "1")))' "$T/out" "$1"; }
ONE=$(ids 0)
REC=$(ids 1)
act() {
	tr_ --db "$DB" "$@" --today 2025-02-01
	rc_is 0 || { not_ok "tracker $*"; cat "$T/err"; }
}
# shellcheck disable=SC2086
set -- $ONE
# Done on time, late, and long after; each confirmed.
act done "$1" --on 2024-11-02; act confirm "$1"
act done "$2" --on 2025-01-20; act confirm "$2"
act done "$3" --on 2025-01-05; act confirm "$3"
# Reported, awaiting the office.
act done "$4" --on 2025-01-25
act done "$5" --on 2025-01-31
# Extended then done within the new deadline; extended and still open;
# an extension asked and not yet granted.
act extend "$6" --to 2025-03-20 --note "chờ số liệu"; act approve "$6"
act done "$6" --on 2025-02-01; act confirm "$6"
act extend "$7" --to 2025-03-05 --note "chờ ý kiến các sở"; act approve "$7"
act extend "$8" --to 2025-04-30 --note "chờ kinh phí"
# shellcheck disable=SC2086
set -- $REC
# Recurring periods: one done, one reported.
act done "$1" --on 2025-01-10; act confirm "$1"
act done "$2" --on 2025-01-28

PW=
for today in 2024-12-20 2025-02-01 2025-02-24 2025-03-06 2025-03-12 2025-04-20 2025-06-30; do
	if srv_start "$T/srv.log" "$DB" --no-schedule --no-cache --today "$today"; then
		[ -n "$PW" ] || PW=$(cat "$DB.password" 2>/dev/null)
		"$PY" "$TOP/tests/summary_check.py" "$DB" "http://127.0.0.1:$PORT" vanphong "$PW" "$today" \
			|| failed=$((failed + 1))
		srv_stop TERM
		check "the server (--today $today) stops cleanly" test "$srv_rc" -eq 0
	else
		not_ok "serve starts (--today $today)"
		cat "$T/srv.log"
	fi
done
t_done
