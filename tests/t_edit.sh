#!/bin/sh
# t_edit.sh - the clerk's correction loop (issue 14): the one date rule,
# `tracker edit` and PATCH, history, versions.  CLI runs on a database of
# the sample notices; the API checks (tests/edit_check.py) run against a
# real server on a loopback port.
. "$(dirname "$0")/lib.sh"
t_setup t_edit

tr_ --db "$T/e.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }

# ---- the date rule on the command line -------------------------------------
ITEM=$(sqlite3 "$T/e.db" "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id WHERE o.last_day IS NOT NULL AND o.state = 'open' AND a.removed_at IS NULL ORDER BY o.id LIMIT 1")
tr_ --db "$T/e.db" extend "$ITEM" --to 9999-12-31 --note "xin gia hạn" --today 2026-11-23
check "extend --to 9999-12-31 exits 65" rc_is 65
check "and the request is not kept" test "$(sqlite3 "$T/e.db" "SELECT count(*) FROM occurrences WHERE requested_to LIKE '9999%'")" = 0
tr_ --db "$T/e.db" done "$ITEM" --on 0001-01-01 --today 2026-11-23
check "done --on 0001-01-01 exits 65" rc_is 65

# ---- tracker edit ------------------------------------------------------------
cat >"$T/a.txt" <<'EOF'
UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: 611/TB-VP
Bình Sơn, ngày 02 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 11 năm 2026

1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát vị trí việc làm, báo cáo UBND tỉnh chậm nhất ngày 30/12/2026.
2. Giao Sở Tài chính tổng hợp dự toán ngân sách năm 2027, báo cáo UBND tỉnh chậm nhất ngày 24/12/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
EOF
DB="$T/a.db"
tr_ --db "$DB" import --today 2026-11-20 "$T/a.txt"
check "the edit notice imports" rc_is 0
q() { sqlite3 "$DB" "$1"; }
T1=$(q "SELECT id FROM tasks WHERE ref = '1'")
T2=$(q "SELECT id FROM tasks WHERE ref = '2'")
N1=$(q "SELECT id FROM notices")
snap() { q "SELECT group_concat(x, '|') FROM (SELECT t.text || t.due || t.due_kind || coalesce(t.rrule, '') || t.rev AS x FROM tasks t UNION ALL SELECT count(*) FROM task_events UNION ALL SELECT count(*) FROM assignments WHERE removed_at IS NULL UNION ALL SELECT group_concat(coalesce(number, '') || coalesce(date, '') || rev) FROM notices)"; }
before=$(snap)
for bad in "--due 2026-02-31" "--due 20261-01-01" "--due 9999-12-31" "--kind soon" "--recurrence FREQ=SOMETIMES" "--owner none" "--text ''"; do
	eval "tr_ --db \"\$DB\" edit --task $T1 $bad"
	check "edit --task $bad exits 65 with a Vietnamese message" eval 'rc_is 65 && grep -q "^tracker: edit: .*[àáạảãâăđêôơư]" "$T/err"'
done
tr_ --db "$DB" edit --task "$T1" --due 2026-02-31
check "the message names the date" err_has "Ngày '2026-02-31' không có trong lịch"
tr_ --db "$DB" edit --notice "$N1" --date 2026-13-01
check "edit --notice --date 2026-13-01 exits 65" rc_is 65
tr_ --db "$DB" edit --task 99999 --due 2026-12-01
check "edit of no such task exits 65" rc_is 65
tr_ --db "$DB" edit --task "$T1" --number 5
check "a notice field on a task is a usage error (64)" rc_is 64
tr_ --db "$DB" edit --task "$T1"
check "edit with nothing to change exits 0" rc_is 0
check "bad values and empty edits change nothing" test "$(snap)" = "$before"

tr_ --db "$DB" edit --task "$T2" --due 2026-11-24 --kind by --owner "Sở Kế hoạch và Đầu tư" --note "chuyển theo chỉ đạo" --actor "chuyên viên A"
check "edit --task with a new deadline and owner exits 0" rc_is 0
check "the task has the new deadline" test "$(q "SELECT due || ' ' || due_kind FROM tasks WHERE id = $T2")" = "2026-11-24 by"
check "the history has the edit with old and new values, who and why" \
	test "$(q "SELECT actor || '|' || note || '|' || json_extract(data, '\$.due.from') || '>' || json_extract(data, '\$.due.to') || '|' || json_extract(data, '\$.owners.from[0]') || '>' || json_extract(data, '\$.owners.to[0]') FROM task_events WHERE task_id = $T2 AND kind = 'edited'")" = \
	"chuyên viên A|chuyển theo chỉ đạo|2026-12-24>2026-11-24|Sở Tài chính>Sở Kế hoạch và Đầu tư"
check "the removed owner's assignment is closed as reassigned, kept in history" \
	test "$(q "SELECT count(*) FROM task_events e JOIN assignments a ON a.id = e.assignment_id JOIN units u ON u.id = a.unit_id WHERE e.task_id = $T2 AND e.kind = 'reassigned' AND u.name = 'Sở Tài chính' AND a.removed_at IS NOT NULL")" = 1
check "the new owner has a work item with the new deadline" \
	test "$(q "SELECT o.last_day FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN units u ON u.id = a.unit_id WHERE a.task_id = $T2 AND u.name = 'Sở Kế hoạch và Đầu tư' AND a.removed_at IS NULL")" = 2026-11-24
tr_ --db "$DB" list --items --unit "Sở Tài chính" --today 2026-11-23
check "the reassigned work is no longer Sở Tài chính's" eval '! out_has "dự toán ngân sách"'
tr_ --db "$DB" show --task "$T2"
check "show prints the edit as a Vietnamese sentence with local time" \
	out_has "— chuyên viên A sửa nhiệm vụ: thời hạn 24/12/2026 → 24/11/2026"
tr_ --db "$DB" feed --unit "Sở Kế hoạch và Đầu tư" --today 2026-11-23
check "the new owner's feed has the edited deadline" eval 'rc_is 0 && out_has "20261124"'
tr_ --db "$DB" feed --unit "Sở Tài chính" --today 2026-11-23
check "the old owner's feed no longer has the task" eval '! out_has "dự toán ngân sách"'
tr_ --db "$DB" edit --task "$T1" --recurrence "FREQ=MONTHLY;BYMONTHDAY=25" --co-owner none
check "edit --recurrence and --co-owner none exit 0" rc_is 0
check "the task recurs monthly without supporting units" \
	test "$(q "SELECT freq || ' ' || (SELECT count(*) FROM assignments WHERE task_id = $T1 AND role = 'support' AND removed_at IS NULL) FROM tasks WHERE id = $T1")" = "monthly 0"
tr_ --db "$DB" edit --task "$T1" --recurrence none
check "and back to one deadline" test "$(q "SELECT coalesce(freq, 'none') FROM tasks WHERE id = $T1")" = none
tr_ --db "$DB" edit --notice "$N1" --number "611/TB-VP-SĐ" --title "Kết luận giao ban" --note "số đúng"
check "edit --notice exits 0" rc_is 0
check "the notice has the new number and an edited event" \
	test "$(q "SELECT n.number || '|' || (SELECT count(*) FROM notice_events WHERE notice_id = n.id AND kind = 'edited') FROM notices n")" = "611/TB-VP-SĐ|1"

# The next reminder run sees the edited deadline, over real SMTP on loopback.
smtp_start "$T/mail"
tr_ --db "$DB" remind --today 2026-11-23 --smtp "smtp://127.0.0.1:$SMTP_PORT"
smtp_stop
check "remind exits 0" rc_is 0
check "the new owner is reminded of the edited deadline, the old one is not" \
	$PY -c '
import email, email.policy, mailbox, sys
box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
msgs = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default) for k in box.keys()]
body = lambda m: m.get_body(("plain",)).get_content()
ok = any("Sở Kế hoạch và Đầu tư" in str(m["Subject"]) and "24/11/2026" in body(m) and "dự toán ngân sách" in body(m) for m in msgs)
ok = ok and not any("dự toán ngân sách" in body(m) and "Sở Tài chính" in str(m["Subject"]) for m in msgs)
sys.exit(0 if ok else 1)' "$T/mail"

# ---- files that are not notices, and texts with no task ------------------------
printf '<svg xmlns="http://www.w3.org/2000/svg"><text>Số: 5/TB-UBND</text></svg>\n' >"$T/hinh.svg"
tr_ --db "$DB" import "$T/hinh.svg"
check "import refuses an SVG (65) saying what was expected" eval 'rc_is 65 && err_has "không phải văn bản; cần văn bản"'
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000' >"$T/anh.png"
tr_ --db "$DB" import "$T/anh.png"
check "import refuses an image (65)" eval 'rc_is 65 && err_has "Tệp này là ảnh"'
printf 'Danh sách đi chợ\nMua rau muống\nMua thịt lợn\n' >"$T/cho.txt"
tr_ --db "$DB" parse --json "$T/cho.txt"
check "parse of a text with no task is fine, as before" eval 'rc_is 0 && tr -d " \t\n" <"$T/out" | grep -q "\"tasks\":\[\]"'
tr_ --db "$DB" import "$T/cho.txt"
check "import stores a text with no task and warns" eval 'rc_is 0 && err_has "cảnh báo: .*không tìm thấy nhiệm vụ nào"'

# ---- a new version of an edited notice: hand edits win unless the text changed --
cat >"$T/v1.txt" <<'EOF'
UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: 631/TB-VP
Bình Sơn, ngày 02 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về chuyển đổi số

1. Giao Sở Nội vụ chủ trì số hóa hồ sơ cán bộ, báo cáo UBND tỉnh chậm nhất ngày 30/12/2026.
2. Giao Sở Tài chính bố trí kinh phí số hóa, báo cáo UBND tỉnh chậm nhất ngày 24/12/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
EOF
tr_ --db "$DB" import "$T/v1.txt"
V1=$(q "SELECT t.id FROM tasks t JOIN notices n ON n.id = t.notice_id WHERE n.number = '631/TB-VP' AND t.ref = '1'")
V2=$(q "SELECT t.id FROM tasks t JOIN notices n ON n.id = t.notice_id WHERE n.number = '631/TB-VP' AND t.ref = '2'")
tr_ --db "$DB" edit --task "$V1" --due 2027-01-15 --owner "Sở Tư pháp"
tr_ --db "$DB" edit --task "$V2" --due 2027-01-20
sed -e 's/về chuyển đổi số$/về chuyển đổi số năm 2027/' \
    -e 's/bố trí kinh phí số hóa, báo cáo UBND tỉnh chậm nhất ngày 24\/12\/2026/bố trí đủ kinh phí số hóa năm 2027, báo cáo UBND tỉnh chậm nhất ngày 26\/12\/2026/' \
    "$T/v1.txt" >"$T/v2.txt"
tr_ --db "$DB" import "$T/v2.txt"
check "the new version imports as a correction" eval 'rc_is 0 && out_has "corrected"'
check "a task edited by hand whose text is the same keeps the hand-edited deadline and owner" test \
	"$(q "SELECT t.due || '|' || (SELECT group_concat(u.name) FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.task_id = t.id AND a.role = 'lead' AND a.removed_at IS NULL) FROM tasks t WHERE t.id = $V1")" = "2027-01-15|Sở Tư pháp"
check "a task whose text changed takes the new version's deadline" test \
	"$(q "SELECT due FROM tasks WHERE id = $V2 OR (notice_id = (SELECT notice_id FROM tasks WHERE id = $V2) AND ref = '2' AND removed_at IS NULL) ORDER BY removed_at IS NULL DESC LIMIT 1")" = 2026-12-26

# ---- the API ----------------------------------------------------------------
if srv_start "$T/srv.log" "$T/e.db" --no-schedule --today 2026-11-23; then
	ok "serve starts"
else
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
fi
PW=$(cat "$T/e.db.password" 2>/dev/null)
printf 'mat-khau-so-noi-vu\n' | "$TRACKER_SAN" --db "$T/e.db" users add sonv --role unit --unit "Sở Nội vụ" --password-stdin >/dev/null
printf 'mat-khau-nguoi-xem\n' | "$TRACKER_SAN" --db "$T/e.db" users add xem --role viewer --password-stdin >/dev/null
"$PY" "$TOP/tests/edit_check.py" "http://127.0.0.1:$PORT" "$PW" mat-khau-so-noi-vu mat-khau-nguoi-xem
[ $? -eq 0 ] || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" -eq 0
# ---- learned aliases on the command line (the API taught one above) --------
tr_ --db "$T/e.db" units --export
check "units --export writes a units file with the learned alias" eval \
	'rc_is 0 && "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); u=[x for x in d[\"units\"] if x[\"name\"] == \"Sở Nông nghiệp và Phát triển nông thôn\"][0]; sys.exit(0 if \"Trung tâm Khuyến nông tỉnh\" in u[\"aliases\"] and d[\"office\"] else 1)" "$T/out"'
cp "$T/out" "$T/exported.json"
tr_ --db "$T/x.db" --units "$T/exported.json" units --json
check "the exported file loads as a units directory" rc_is 0
"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); d['units'][0]['email']='vp-moi@binhson.example'; json.dump(d, open(sys.argv[2],'w'), ensure_ascii=False)" \
	"$TOP/sample-data/units.json" "$T/units2.json"
tr_ --db "$T/e.db" --units "$T/units2.json" units
check "a changed units file syncs" rc_is 0
check "and the learned alias outlives the sync" test \
	"$(sqlite3 "$T/e.db" "SELECT count(*) FROM unit_aliases WHERE alias = 'Trung tâm Khuyến nông tỉnh' AND source = 'office' AND added_by = 'vanphong'")" = 1
sed 's/712/714/' >"$T/u.txt" <<'EOF'
UBND TỈNH BÌNH SƠN
Số: 712/TB-UBND
Bình Sơn, ngày 12 tháng 11 năm 2026

THÔNG BÁO
Kết luận về phòng chống thiên tai

1. Giao Trung tâm Khuyến nông tỉnh chủ trì kiểm tra hồ đập, báo cáo UBND tỉnh trước ngày 15/12/2026.

Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
EOF
tr_ --db "$T/e.db" --units "$T/units2.json" import --json "$T/u.txt"
check "the next import of a notice with the learned name assigns the unit without asking" eval \
	'rc_is 0 && test "$(sqlite3 "$T/e.db" "SELECT u.name FROM assignments a JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id WHERE n.number = '"'"'714/TB-UBND'"'"'")" = "Sở Nông nghiệp và Phát triển nông thôn"'
t_done
