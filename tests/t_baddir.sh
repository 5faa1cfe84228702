#!/bin/sh
# t_baddir.sh - issue 19, item 1: a unit with an unusable address in the
# units directory ("a@x, b@y", a CR/LF) used to stop `remind`, `report
# --weekly` and the server's daily run for everyone.  Now that unit is
# skipped, every other unit is mailed, and the bad unit is reported on
# stderr, in a mail to the office and on the dashboard (/api/summary's
# directory_problems).  Against a real SMTP server on loopback (Debian's
# python3-aiosmtpd, as t_remind.sh).  Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_baddir
cd "$T" || exit 2

smtp_pick_port
SMTP="smtp://127.0.0.1:$SMTP_PORT"

cat >a.txt <<'EOF'
UBND TỈNH BÌNH SƠN
VĂN PHÒNG
Số: 611/TB-VP
Bình Sơn, ngày 02 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác pháp chế

1. Giao Sở Nội vụ chủ trì rà soát quy chế làm việc, báo cáo UBND tỉnh chậm nhất ngày 30/11/2026.
2. Giao Sở Tư pháp hoàn thành kiểm tra văn bản quy phạm pháp luật, xong trước ngày 01/10/2026.
3. Giao Sở Tài chính tổng hợp kinh phí pháp chế, báo cáo UBND tỉnh chậm nhất ngày 24/11/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Văn Bình
EOF
# bad.json: two units with unusable addresses; good.json: as shipped;
# badoffice.json: the office's own address unusable.
$PY - "$TOP/sample-data/units.json" <<'PYEOF'
import copy, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def save(name, x):
    json.dump(x, open(name, "w", encoding="utf-8"), ensure_ascii=False)
save("good.json", d)
b = copy.deepcopy(d)
for u in b["units"]:
    if u["name"] == "Sở Tư pháp":
        u["email"] = "sotuphap@binhson.example, vanthu@binhson.example"
    if u["name"] == "Sở Tài chính":
        u["email"] = "sotaichinh@binhson.example\r\nBcc: ngoai@evil.example"
save("bad.json", b)
for u in d["units"]:
    if u["name"] == "Văn phòng UBND tỉnh":
        u["email"] = "vanphong@binhson.example;chanh@binhson.example"
save("badoffice.json", d)
PYEOF

DB="$T/d.db"
MB="$T/mail"
smtp_start "$MB"
tr_ --db "$DB" --units bad.json import --today 2026-11-20 a.txt
check "the notice imports under a directory with two unusable addresses" rc_is 0
tr_ --db "$DB" --units bad.json remind --today 2026-11-23 --smtp "$SMTP"
check "remind finishes and exits 65 (bad input: the directory)" rc_is 65
check "Sở Nội vụ still gets its reminder" \
	py_mail "$MB" 'any(rcpt(m) == "sonoivu@binhson.example" and "Nhắc việc — Sở Nội vụ" in str(m["Subject"]) for m in msgs)'
check "the office still gets the escalation of Sở Tư pháp's overdue work" \
	py_mail "$MB" 'any(rcpt(m) == "vanphong@binhson.example" and "quá hạn trên 14 ngày" in str(m["Subject"]) for m in msgs)'
check "no mail goes to any address of the two bad entries, nor to the injected Bcc" \
	py_mail "$MB" 'not any(x in rcpt(m) + str(m.get("To", "")) + str(m.get("Bcc", "")) for m in msgs for x in ("sotuphap", "vanthu", "sotaichinh", "evil"))'
check "the office is told which units to correct, and why" \
	py_mail "$MB" 'any(rcpt(m) == "vanphong@binhson.example" and str(m["Subject"]).startswith("Danh bạ đơn vị: 2 địa chỉ thư không dùng được") and "Sở Tư pháp" in body(m) and "nhiều địa chỉ trong một ô" in body(m) and "Sở Tài chính" in body(m) and "ký tự xuống dòng" in body(m) for m in msgs)'
check "stderr names both units and why" \
	eval "grep -q \"không gửi thư cho 'Sở Tư pháp'.*nhiều địa chỉ\" '$T/err' && grep -q \"không gửi thư cho 'Sở Tài chính'.*xuống dòng\" '$T/err'"
CR=$(printf '\r')
check "stderr shows the line break escaped, never raw" \
	eval "grep -qF 'binhson.example\\r\\nBcc' '$T/err' && ! grep -q '$CR' '$T/err'"
check "their reminders wait, unmailed (not skipped)" \
	test "$(sqlite3 "$DB" "select count(*) from reminders where mail_id is null and skipped = 0")" -ge 2
n=$(ls "$MB/new" | wc -l)
tr_ --db "$DB" --units bad.json remind --today 2026-11-23 --smtp "$SMTP"
check "a second run the same day sends nothing more (the office's notice is once a day)" \
	eval 'rc_is 65 && test "$(ls "$MB/new" | wc -l)" = "$n"'

tr_ --db "$DB" --units bad.json report --weekly --today 2026-11-23 --smtp "$SMTP"
check "report --weekly finishes and exits 65" rc_is 65
check "Sở Nội vụ gets its weekly mail" \
	py_mail "$MB" 'any(rcpt(m) == "sonoivu@binhson.example" and "Báo cáo nhiệm vụ tuần 48" in str(m["Subject"]) for m in msgs)'
check "the office's weekly mail lists the unusable addresses" \
	py_mail "$MB" 'any(rcpt(m) == "vanphong@binhson.example" and str(m["Subject"]).startswith("Tổng hợp tình hình") and "Địa chỉ thư không dùng được trong danh bạ đơn vị (2)" in body(m) for m in msgs)'
check "still nothing to the bad entries" \
	py_mail "$MB" 'not any(x in rcpt(m) for m in msgs for x in ("sotuphap", "vanthu", "sotaichinh", "evil"))'

# The file is corrected: the waiting reminders go out on the next run.
tr_ --db "$DB" --units good.json remind --today 2026-11-24 --smtp "$SMTP"
check "after the fix remind exits 0" rc_is 0
check "Sở Tư pháp gets the reminders that waited" \
	py_mail "$MB" 'any(rcpt(m) == "sotuphap@binhson.example" and "Nhắc việc — Sở Tư pháp" in str(m["Subject"]) for m in msgs)'
check "and Sở Tài chính too" \
	py_mail "$MB" 'any(rcpt(m) == "sotaichinh@binhson.example" for m in msgs)'

# The office's own address unusable: it is not the sender either, and the
# units are still mailed.
ODB="$T/o.db"
OM="$T/omail"
smtp_stop
smtp_start "$OM"
tr_ --db "$ODB" --units badoffice.json import --today 2026-11-20 a.txt
tr_ --db "$ODB" --units badoffice.json remind --today 2026-11-23 --smtp "$SMTP"
check "with the office's address unusable, the units are still mailed" \
	eval 'rc_is 65 && py_mail "$OM" "any(rcpt(m) == \"sonoivu@binhson.example\" for m in msgs) and not any(\"vanphong\" in rcpt(m) for m in msgs)"'

# ---- the server's daily run and the dashboard -----------------------------
SDB="$T/s.db"
SM="$T/smail"
smtp_stop
smtp_start "$SM"
tr_ --db "$SDB" --units bad.json import --today 2026-11-20 a.txt
export TRACKER_UNITS="$T/bad.json"
srv_start "$T/serve.err" "$SDB" --today 2026-11-23 --smtp "$SMTP"
i=0
while [ $i -lt 600 ] && ! grep -q "schedule: không gửi thư cho 'Sở Tư pháp'" "$T/serve.err"; do
	sleep 0.1
	i=$((i + 1))
done
check "the server's daily run completes and names the bad units in its log" \
	eval "grep -q '^tracker: schedule 2026-11-23: [1-9]' '$T/serve.err' && grep -q \"schedule: không gửi thư cho 'Sở Tư pháp'\" '$T/serve.err'"
check "the daily run mailed Sở Nội vụ and the office's notice" \
	py_mail "$SM" 'any(rcpt(m) == "sonoivu@binhson.example" for m in msgs) and any(str(m["Subject"]).startswith("Danh bạ đơn vị") for m in msgs)'
$PY - "$PORT" "$SDB.password" "$TOP/tests" >"$T/api.out" 2>&1 <<'PYEOF'
import json, sys
sys.path.insert(0, sys.argv[3])
from ops_client import Client, office_password
c = Client(sys.argv[1], "vanphong", office_password(sys.argv[2]))
st, body, _ = c.get("/api/summary")
p = json.loads(body)["directory_problems"]
units = sorted(x["unit"] for x in p)
ok = st == 200 and units == ["Sở Tài chính", "Sở Tư pháp"] and all(x["problem"] and "\r" not in x["email"] for x in p)
print(units, [x["email"] for x in p])
sys.exit(0 if ok else 1)
PYEOF
check "GET /api/summary lists both units in directory_problems, addresses escaped" \
	eval 'test $? = 0 || { sed "s/^/#   /" "$T/api.out"; false; }'
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0
smtp_stop
t_done
