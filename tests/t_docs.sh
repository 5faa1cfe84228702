#!/bin/sh
# t_docs.sh - the office's documents end to end: the urging letters and the
# report to the leadership (.docx, .xlsx) from the command, the dashboard
# and the weekly mail, read back by readers of their own (tests/docs_check.py
# under Debian's /usr/bin/python3: python3-docx, python3-openpyxl;
# LibreOffice converting each file to PDF with a fresh profile; pdftotext).
#
# Data written for this test: a units directory with a unit whose name holds
# markup and a control character, office.json with a signer whose name holds
# markup, and one notice with three overdue items and one in time on
# 2026-11-23.  Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_docs
[ -n "$KEEP" ] && trap - EXIT
PY=/usr/bin/python3
CHECK="$PY $TOP/tests/docs_check.py"
TODAY=2026-11-23

mkdir -p "$T/u" "$T/tmp"
cat >"$T/u/units.json" <<'EOF'
{"office": "Văn phòng UBND tỉnh",
 "units": [
  {"name": "Văn phòng UBND tỉnh", "aliases": ["VP UBND tỉnh"], "email": "vanphong@binhson.example", "office": true},
  {"name": "Sở Nội vụ", "aliases": ["SNV"], "email": "sonoivu@binhson.example"},
  {"name": "Sở Tư pháp", "aliases": ["STP"], "email": "sotuphap@binhson.example"},
  {"name": "Ban <w:t>Dự án</w:t> & \"Thử\"\u0007 tỉnh", "aliases": ["Ban Dự án tỉnh"], "email": "banduan@binhson.example"}
 ]}
EOF
# The unit's name as the documents write it: markup as text, the BEL a space.
BAN='Ban <w:t>Dự án</w:t> & "Thử"  tỉnh'
write_settings() { # write_settings [EXTRA JSON MEMBERS]
	cat >"$T/u/office.json" <<EOF
{"parent_body": "UBND TỈNH BÌNH SƠN", "issuing_body": "VĂN PHÒNG",
 "body_in_text": "Văn phòng UBND tỉnh", "letter_code": "VP-TH", "report_code": "BC-VP",
 "place": "Bình Sơn", "authority": "KT.", "authority_title": "CHÁNH VĂN PHÒNG",
 "signer_title": "PHÓ CHÁNH VĂN PHÒNG", "signer_name": "Lê <i>Minh</i> Khoa",
 "cc": ["- Lãnh đạo Văn phòng;", "- Lưu: VT,\u000bTH."]$1}
EOF
}
write_settings
export TRACKER_UNITS="$T/u/units.json"
printf '%s\n' 'UBND TỈNH BÌNH SƠN' 'VĂN PHÒNG' 'Số: 45/TB-VP' \
	'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' 'Độc lập - Tự do - Hạnh phúc' \
	'Bình Sơn, ngày 02 tháng 3 năm 2026' '' 'THÔNG BÁO' \
	'Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số' '' \
	'1. Giao Sở Nội vụ chủ trì rà soát danh mục thủ tục nội bộ cần cắt giảm, báo cáo UBND tỉnh trước ngày 15/4/2026.' \
	'2. Giao Sở Nội vụ hoàn thiện đề án vị trí việc làm, xong trước ngày 30/5/2026.' \
	'3. Giao Ban Dự án tỉnh lập kế hoạch số hóa hồ sơ công trình, chậm nhất ngày 20/6/2026.' \
	'4. Giao Sở Tư pháp thẩm định dự thảo quy định về dữ liệu mở, hoàn thành trong tháng 12/2026.' \
	>"$T/tb45.txt"
DB="$T/t.db"
tr_ --db "$DB" import "$T/tb45.txt"
rc_is 0 || { cat "$T/err"; exit 1; }

# ---- The urging letter ---------------------------------------------------------
tr_ --db "$DB" letter --urge --unit SNV --today $TODAY -o "$T/snv.docx"
check "letter --urge --unit writes the unit's letter" sh -c "[ $rc = 0 ] && [ -s '$T/snv.docx' ]"
$CHECK letter "$T/snv.docx" "Sở Nội vụ" "Lê <i>Minh</i> Khoa" \
	"rà soát danh mục thủ tục nội bộ" "hoàn thiện đề án vị trí việc làm" || failed=$((failed + 1))
$CHECK text "$T/snv.docx" "Lê <i>Minh</i> Khoa" || failed=$((failed + 1))
$CHECK text "$T/snv.docx" "- Lưu: VT, TH." || failed=$((failed + 1))

tr_ --db "$DB" letter --urge --unit STP --today $TODAY -o "$T/stp.docx"
check "a unit with nothing overdue gets no letter (exit 65, said why)" \
	sh -c "[ $rc = 65 ] && [ ! -e '$T/stp.docx' ] && grep -q 'no overdue work' '$T/err'"
tr_ --db "$DB" letter --urge --unit "Sở Không Có" --today $TODAY -o "$T/x.docx"
check "an unknown unit is refused" rc_is 65

tr_ --db "$DB" letter --urge --today $TODAY -o "$T/letters"
check "letter --urge -o DIR writes one letter per unit with overdue work, not the office's" \
	sh -c "[ $rc = 0 ] && [ \$(ls '$T/letters' | wc -l) = 2 ] && [ -s '$T/letters/don-doc-so-noi-vu.docx' ] \
		&& [ -s '$T/letters/don-doc-ban-w-t-du-an-w-t-thu-tinh.docx' ]"
$CHECK text "$T/letters/don-doc-ban-w-t-du-an-w-t-thu-tinh.docx" "Kính gửi: $BAN" || failed=$((failed + 1))

# Two units whose names fold to one file name (a diacritic apart).
mkdir -p "$T/c"
cat >"$T/c/units.json" <<'EOF'
{"office": "Văn phòng UBND tỉnh",
 "units": [
  {"name": "Văn phòng UBND tỉnh", "email": "vanphong@binhson.example", "office": true},
  {"name": "Trung tâm Y tế Tân Lập", "email": "a@binhson.example"},
  {"name": "Trung tâm Ý tế Tân Lập", "email": "b@binhson.example"}
 ]}
EOF
printf '%s\n' 'UBND TỈNH BÌNH SƠN' 'VĂN PHÒNG' 'Số: 46/TB-VP' 'Bình Sơn, ngày 02 tháng 3 năm 2026' '' \
	'THÔNG BÁO' 'Kết luận' '' '1. Giao Trung tâm Y tế Tân Lập rà soát hồ sơ, xong trước ngày 15/4/2026.' \
	'2. Giao Trung tâm Ý tế Tân Lập lập danh mục, xong trước ngày 15/4/2026.' \
	'3. Giao Văn phòng UBND tỉnh tổng hợp kết quả, xong trước ngày 15/4/2026.' >"$T/c/tb46.txt"
tr_ --db "$T/c/t.db" --units "$T/c/units.json" import "$T/c/tb46.txt"
tr_ --db "$T/c/t.db" --units "$T/c/units.json" letter --urge --today $TODAY -o "$T/c/out"
check "units whose names fold alike keep a letter each, the office none" \
	sh -c "[ $rc = 0 ] && [ \$(ls '$T/c/out' | wc -l) = 2 ] && ! ls '$T/c/out' | grep -q van-phong"
tr_ --db "$T/c/t.db" --units "$T/c/units.json" letter --urge --unit "Văn phòng UBND tỉnh" \
	--today $TODAY -o "$T/c/vp.docx"
check "a letter to the office itself is refused (65), said why" \
	sh -c "[ $rc = 65 ] && [ ! -e '$T/c/vp.docx' ] && grep -q 'is the office' '$T/err'"
# Run where no units file is found (no --units, no TRACKER_UNITS, no
# sample-data/ here): the store still knows which unit is the office.
mkdir -p "$T/c/bare"
(cd "$T/c/bare" && env -u TRACKER_UNITS "$TRACKER" --db "$T/c/t.db" letter --urge --today $TODAY \
	-o "$T/c/out2" >"$T/out" 2>"$T/err"); rc=$?
check "letter --urge -o DIR without a units file writes no letter to the office" \
	sh -c "[ $rc = 0 ] && [ \$(ls '$T/c/out2' | wc -l) = 2 ] && ! ls '$T/c/out2' | grep -q van-phong"
san_check "$T/err" "letter without a units file"

# ---- The report ------------------------------------------------------------------
"$TRACKER_SAN" --db "$DB" report --table --json --from-date 2026-01-01 --to-date 2026-12-31 \
	--today $TODAY >"$T/table.json"
TMPDIR="$T/tmp" tr_ --db "$DB" report --table --from-date 2026-01-01 --to-date 2026-12-31 \
	--today $TODAY --docx "$T/report.docx" --xlsx "$T/report.xlsx"
check "report --table --docx FILE --xlsx FILE writes both" \
	sh -c "[ $rc = 0 ] && [ -s '$T/report.docx' ] && [ -s '$T/report.xlsx' ]"
check "the workbook's temporary file is gone" sh -c "[ -z \"\$(ls -A '$T/tmp')\" ]"
TMPDIR="$T/tmp" tr_ --db "$DB" report --table --today $TODAY --xlsx "$T/no/such/dir/r.xlsx"
check "a workbook that cannot be written fails (74) and leaves no temporary file" \
	sh -c "[ $rc = 74 ] && [ -z \"\$(ls -A '$T/tmp')\" ]"
$CHECK report "$T/report.docx" "$T/table.json" "rà soát danh mục thủ tục nội bộ" \
	"hoàn thiện đề án vị trí việc làm" "lập kế hoạch số hóa hồ sơ công trình" || failed=$((failed + 1))
$CHECK xlsx "$T/report.xlsx" "$T/table.json" 3 || failed=$((failed + 1))
tr_ --db "$DB" report --table --csv --docx "$T/r2.docx"
check "--docx goes with --table alone" rc_is 64

# ---- LibreOffice reads them --------------------------------------------------------
# The letterhead's two columns may be read in either order; the rest in
# order (a table's cells run column by column: only first lines are named).
$CHECK pdf "$T/snv.docx" "$T/lo1" "UBND TỈNH BÌNH SƠN" "VĂN PHÒNG" \
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" \
	"Bình Sơn, ngày 23 tháng 11 năm 2026" "V/v đôn đốc thực hiện nhiệm vụ" -- \
	"Kính gửi: Sở Nội vụ" "Qua theo dõi tình hình" "STT" "Giao Sở Nội vụ chủ" "Giao Sở Nội vụ hoàn" \
	"Để bảo đảm tiến độ" "Văn phòng UBND tỉnh thông báo để Sở Nội vụ biết, thực hiện./." \
	"Nơi nhận:" "- Như trên;" "KT. CHÁNH VĂN PHÒNG" "PHÓ CHÁNH VĂN PHÒNG" \
	"Lê <i>Minh</i> Khoa" || failed=$((failed + 1))
$CHECK pdf "$T/report.docx" "$T/lo2" "UBND TỈNH BÌNH SƠN" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" -- \
	"BÁO CÁO" "Kính gửi:" "1. Tổng hợp theo đơn vị" "STT" "2. Đánh giá, đề xuất" \
	"Nơi nhận:" "PHỤ LỤC" "DANH MỤC NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH" "Giao Ban Dự án tỉnh lập" \
	|| failed=$((failed + 1))
$CHECK pdf "$T/report.xlsx" "$T/lo3" "Đơn vị" "Sở Nội vụ" "Tổng cộng" || failed=$((failed + 1))

# ---- Bad templates --------------------------------------------------------------------
# From the default template's parts: one without the "kinh_gui" field, one
# whose item row lacks "nv_han", one that is a zip but no .docx, and text.
$PY - "$TOP/tracker/docs/template/urge" "$T/u" <<'EOF'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
def pack(name, change, drop=None):
    with zipfile.ZipFile(os.path.join(out, name), 'w') as z:
        for root, _, files in os.walk(src):
            for f in files:
                p = os.path.join(root, f)
                rel = os.path.relpath(p, src)
                if rel == drop:
                    continue
                data = open(p, 'rb').read()
                if rel == 'word/document.xml':
                    data = change(data)
                z.writestr(rel, data)
pack('no-kinh-gui.docx', lambda d: d.replace(b'w:val="kinh_gui"', b'w:val="kinh_gui_khac"'))
pack('no-han.docx', lambda d: d.replace(b'w:val="nv_han"', b'w:val="nv_khac"'))
pack('no-document.docx', lambda d: d, drop='word/document.xml')
open(os.path.join(out, 'notes.docx'), 'w').write('not a word file\n')
def nest(d):
    # the "kinh_gui" control holding a copy of itself
    i = d.index(b'w:val="kinh_gui"')
    a, z = d.rindex(b'<w:sdt>', 0, i), d.index(b'</w:sdt>', i) + len(b'</w:sdt>')
    sdt = d[a:z]
    c = sdt.rindex(b'</w:sdtContent>')
    return d[:a] + sdt[:c] + sdt + sdt[c:] + d[z:]
pack('nested.docx', nest)
EOF
write_settings ", \"urge_template\": \"nested.docx\""
tr_ --db "$DB" letter --urge --unit SNV --today $TODAY -o "$T/nested.docx"
check "a control nested in one of the same tag is filled once, with the outer one" \
	sh -c "[ $rc = 0 ] && $PY -c 'import docx,sys; d=docx.Document(sys.argv[1]); sys.exit(0 if [p.text for p in d.paragraphs].count(\"Kính gửi: Sở Nội vụ\") == 1 else 1)' '$T/nested.docx'"
for case in "no-kinh-gui.docx:the template has no field 'kinh_gui'" \
	"no-han.docx:the template's row 'nhiem_vu' has no field 'nv_han'" \
	"no-document.docx:not a .docx (no word/document.xml)" \
	"notes.docx:not a .docx (not a zip archive)"; do
	f=${case%%:*}
	msg=${case#*:}
	write_settings ", \"urge_template\": \"$f\""
	tr_ --db "$DB" letter --urge --unit SNV --today $TODAY -o "$T/bad.docx"
	check "a bad template ($f) is refused: $msg" \
		sh -c "[ $rc = 65 ] && grep -qF \"$msg\" '$T/err' && [ ! -e '$T/bad.docx' ]"
done
write_settings ", \"urge_template\": \"no-such.docx\""
tr_ --db "$DB" letter --urge --unit SNV --today $TODAY -o "$T/bad.docx"
check "a template that is not there is an I/O error naming it" \
	sh -c "[ $rc = 74 ] && grep -q 'no-such.docx' '$T/err'"
echo '{"signer_name": 5}' >"$T/u/office.json"
tr_ --db "$DB" letter --urge --unit SNV --today $TODAY -o "$T/bad.docx"
check "a settings member of the wrong type is refused, naming it" \
	sh -c "[ $rc = 65 ] && grep -q 'signer_name' '$T/err'"
write_settings

# ---- The weekly mail ----------------------------------------------------------------
# The unit whose name holds a control character keeps its address: its
# mail's To carries the name with a space for the BEL, as encoded words.
tr_ --db "$DB" report --weekly --today $TODAY --outbox "$T/ob"
check "report --weekly queues and writes the week's mails" rc_is 0
check "the unit whose name holds a BEL gets its mail, the name cleaned in To" \
	$PY -c '
import email, email.header, glob, sys
want = sys.argv[2] + " <banduan@binhson.example>"
for f in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_binary_file(open(f, "rb"))
    if "banduan@" in m["To"]:
        to = str(email.header.make_header(email.header.decode_header(m["To"])))
        sys.exit(0 if to == want and "\x07" not in m.as_string() else 1)
sys.exit(1)' "$T/ob" "$BAN"
$CHECK mail "$T/ob" vanphong@binhson.example || failed=$((failed + 1))

# ---- The task list's export --------------------------------------------------------
# A notice with supporting units, a formula-like text, and a note: the
# export's every column has something to show.
printf '%s\n' 'UBND TỈNH BÌNH SƠN' 'VĂN PHÒNG' 'Số: 47/TB-VP' 'Bình Sơn, ngày 05 tháng 5 năm 2026' '' \
	'THÔNG BÁO' 'Kết luận về dữ liệu cán bộ' '' \
	'1. Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ xây dựng quy chế chia sẻ dữ liệu, xong trước ngày 10/10/2026.' \
	'2. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp cập nhật =SUM(A1) hồ sơ cán bộ, chậm nhất ngày 31/12/2026.' \
	>"$T/tb47.txt"
tr_ --db "$DB" import "$T/tb47.txt"
tr_ --db "$DB" list --items --unit STP --json --today $TODAY
STP_ITEM=$($PY -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1])) if "quy chế chia sẻ" in i["text"]][0])' "$T/out")
tr_ --db "$DB" progress "$STP_ITEM" --note "Đã trình dự thảo lần 1" --today $TODAY
tr_ --db "$DB" progress "$STP_ITEM" --note "Đã gửi lấy ý kiến, chờ Sở Nội vụ góp ý" --today $TODAY
check "progress notes on the export's item" rc_is 0
tr_ --db "$DB" list --csv --today $TODAY
cp "$T/out" "$T/cli.csv"
check "list --csv writes the export" sh -c "[ $rc = 0 ] && [ -s '$T/cli.csv' ]"
TMPDIR="$T/tmp" tr_ --db "$DB" list --xlsx "$T/cli.xlsx" --today $TODAY
check "list --xlsx FILE writes the workbook, its temporary file gone" \
	sh -c "[ $rc = 0 ] && [ -s '$T/cli.xlsx' ] && [ -z \"\$(ls -A '$T/tmp')\" ]"
TMPDIR="$T/tmp" tr_ --db "$DB" list --xlsx "$T/no/such/dir/t.xlsx" --today $TODAY
check "a workbook that cannot be written fails (74), no temporary file left" \
	sh -c "[ $rc = 74 ] && [ -z \"\$(ls -A '$T/tmp')\" ]"
tr_ --db "$DB" list --csv --xlsx "$T/x.xlsx"
check "--csv and --xlsx together are refused" rc_is 64
tr_ --db "$DB" list --unit SNV --status overdue --csv --today $TODAY
check "list --csv takes the list's filters" \
	sh -c "[ $rc = 0 ] && [ \$(grep -c 'quá hạn' '$T/out') -ge 2 ] && ! grep -q 'Sở Tư pháp,' '$T/out'"

# ---- The dashboard's downloads ---------------------------------------------------------
if srv_start "$T/srv.log" "$DB" --no-schedule --today $TODAY; then
	PW=$(cat "$DB.password")
	$CHECK web "http://127.0.0.1:$PORT" "$PW" "Sở Nội vụ" || failed=$((failed + 1))
	$CHECK tasks "http://127.0.0.1:$PORT" "$PW" "$T" "$T/cli.csv" "$T/cli.xlsx" || failed=$((failed + 1))
	srv_stop
	check "the server stops cleanly after the downloads" test "$srv_rc" = 0
else
	not_ok "serve starts"
	cat "$T/srv.log"
fi
$CHECK pdf "$T/web.xlsx" "$T/lo4" "Mã công việc" "Nội dung nhiệm vụ" "Đơn vị phối hợp" "Ghi chú" \
	|| failed=$((failed + 1))
t_done
