#!/bin/sh
# t_merge.sh - `tracker units merge FROM INTO` (issue 14): a name met in
# notices gives its work, history and queued mail to a directory unit in
# one transaction; its name becomes an alias; its feed address ends and
# INTO's stays; the upward report counts the same work before and after;
# a merge while imports run loses nothing.
. "$(dirname "$0")/lib.sh"
t_setup t_merge
DB="$T/m.db"
q() { sqlite3 "$DB" "$1"; }
INTO="Sở Nông nghiệp và Phát triển nông thôn"
FROM="Trung tâm Khuyến nông tỉnh"

notice() { # notice NUMBER UNIT: a notice giving two tasks to UNIT
	cat <<EOF
UBND TỈNH BÌNH SƠN
Số: $1/TB-UBND
Bình Sơn, ngày 12 tháng 11 năm 2026

THÔNG BÁO
Kết luận về sản xuất nông nghiệp

1. Giao $2 chủ trì hướng dẫn gieo trồng vụ đông, báo cáo UBND tỉnh trước ngày 15/12/2026.
2. Giao $2 chủ trì, phối hợp với $INTO kiểm tra giống cây trồng, hoàn thành chậm nhất ngày 20/12/2026.

Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
EOF
}
notice 801 "$FROM" >"$T/a.txt"
tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data/" "$T/a.txt"
check "the sample notices and one naming an unknown unit import" rc_is 0
check "the unknown name became a unit of its own" test "$(q "SELECT in_directory FROM units WHERE name = '$FROM'")" = 0
FROM_ID=$(q "SELECT id FROM units WHERE name = '$FROM'")
INTO_ID=$(q "SELECT id FROM units WHERE name = '$INTO'")
ITEM=$(q "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id WHERE a.unit_id = $FROM_ID ORDER BY o.id LIMIT 1")
tr_ --db "$DB" progress "$ITEM" --note "đã hướng dẫn 3 xã" --today 2026-11-23
check "FROM's work has progress in its history" rc_is 0
tr_ --db "$DB" units token "$FROM"
FROM_TOKEN=$(sed -n 's|.*/feeds/\([^.]*\)\.ics$|\1|p' "$T/out")
tr_ --db "$DB" units token "$INTO"
INTO_TOKEN=$(sed -n 's|.*/feeds/\([^.]*\)\.ics$|\1|p' "$T/out")
check "both units have feed addresses" test -n "$FROM_TOKEN" -a -n "$INTO_TOKEN"
q "INSERT INTO mails (kind, unit_id, rcpt, sender, message_id, message, created_at) VALUES ('remind', $FROM_ID, 'x@binhson.example', 'vp@binhson.example', '<m1@t>', 'x', '2026-11-23T00:00:00Z')"
tr_ --db "$DB" report --table --json --today 2026-11-23
"$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['total']['total'])" "$T/out" >"$T/before"
ITEMS_BEFORE=$(q "SELECT count(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id WHERE a.removed_at IS NULL AND t.removed_at IS NULL")

for bad in "'$INTO' '$INTO'" "'Sở Y tế' '$INTO'" "'Không có đơn vị này' '$INTO'" "'Các sở, ban, ngành' '$INTO'"; do
	eval "tr_ --db \"\$DB\" units merge $bad"
	check "units merge $bad exits 65 with a Vietnamese message" eval 'rc_is 65 && grep -q "^tracker: units merge: .*[àáạảãâăđêôơư]" "$T/err"'
done
check "refused merges change nothing" test "$(q "SELECT count(*) FROM units WHERE id = $FROM_ID")" = 1

tr_ --db "$DB" units merge "$FROM" "$INTO" --actor "chuyên viên B"
check "units merge FROM INTO exits 0" rc_is 0
check "FROM is gone" test "$(q "SELECT count(*) FROM units WHERE id = $FROM_ID")" = 0
check "its work items are INTO's" test "$(q "SELECT a.unit_id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id WHERE o.id = $ITEM")" = "$INTO_ID"
check "with their history (the progress) and a merged event" test \
	"$(q "SELECT count(*) FROM task_events e JOIN occurrences o ON o.id = e.occurrence_id WHERE o.id = $ITEM AND e.kind = 'progress'")|$(q "SELECT count(*) FROM task_events WHERE kind = 'merged' AND actor = 'chuyên viên B'")" = "1|2"
check "the task both had keeps one lead row for INTO" test \
	"$(q "SELECT count(*) || role FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id WHERE n.number = '801/TB-UBND' AND t.ref = '2' AND a.unit_id = $INTO_ID AND a.removed_at IS NULL")" = "1lead"
check "the queued mail moved to INTO" test "$(q "SELECT unit_id FROM mails WHERE message_id = '<m1@t>'")" = "$INTO_ID"
check "FROM's name is an alias of INTO taught by the office" test \
	"$(q "SELECT unit_id || source || added_by FROM unit_aliases WHERE alias = '$FROM'")" = "${INTO_ID}officechuyên viên B"
tr_ --db "$DB" feed --token "$FROM_TOKEN"
check "FROM's feed address is gone (410)" eval '! rc_is 0 && grep -qi "gone\|410\|revoked\|ended\|thu hồi" "$T/err"'
tr_ --db "$DB" feed --token "$INTO_TOKEN" --today 2026-11-23
check "INTO's feed address stays, with the moved work" eval 'rc_is 0 && out_has "gieo trồng vụ đông"'
tr_ --db "$DB" report --table --json --today 2026-11-23
check "the upward report counts the same work before and after" test \
	"$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['total']['total'])" "$T/out")" = "$(cat "$T/before")"
check "no work item was lost" test "$(q "SELECT count(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id WHERE a.removed_at IS NULL AND t.removed_at IS NULL")" = "$ITEMS_BEFORE"
notice 802 "$FROM" >"$T/b.txt"
tr_ --db "$DB" import "$T/b.txt"
check "a later notice naming FROM assigns INTO" test \
	"$(q "SELECT DISTINCT u.name FROM assignments a JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id WHERE n.number = '802/TB-UBND' AND a.role = 'lead'")" = "$INTO"

# A merge while imports run: nothing is lost.
FROM2="Ban Quản lý dự án nông nghiệp tỉnh"
for k in 1 2 3 4 5 6; do notice "81$k" "$FROM2" >"$T/c$k.txt"; done
tr_ --db "$DB" import "$T/c1.txt"
( for k in 2 3 4 5 6; do "$TRACKER_SAN" --db "$DB" import "$T/c$k.txt" >/dev/null 2>>"$T/bg.err"; done ) &
BG=$!
sleep 0.3
"$TRACKER_SAN" --db "$DB" units merge "$FROM2" "$INTO" >/dev/null 2>"$T/merge.err"
MRC=$?
wait $BG
check "the merge under concurrent imports succeeds" test "$MRC" = 0
check "every import succeeded" test ! -s "$T/bg.err"
check "all 12 tasks of the 6 notices have INTO as their lead, none lost" test \
	"$(q "SELECT count(DISTINCT t.id) FROM tasks t JOIN notices n ON n.id = t.notice_id JOIN assignments a ON a.task_id = t.id AND a.role = 'lead' AND a.removed_at IS NULL WHERE n.number LIKE '81_/TB-UBND' AND a.unit_id = $INTO_ID")" = 12
check "and each has its work item" test \
	"$(q "SELECT count(*) FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id WHERE n.number LIKE '81_/TB-UBND' AND a.removed_at IS NULL AND a.role = 'lead'")" = 12
t_done
