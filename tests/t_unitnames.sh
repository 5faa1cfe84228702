#!/bin/sh
# t_unitnames.sh - `tracker import` makes one unit of a name written with
# either tone placement ("Uỷ ban"/"Ủy ban", "Hoà"/"Hòa"), whether the
# directory knows it or not, and canonicalises a misspelt or abbreviated
# name the directory knows.
#
# Two notices written here name the same units in the two spellings; then,
# when ../shared/seeds is there, the seed notices are imported and no two
# units may differ only in tone placement.  Needs the sqlite3 CLI and python3.

: "${TRACKER:=build/san/tracker}"
case $TRACKER in
/*) ;;
*) TRACKER="$(pwd)/$TRACKER" ;;
esac
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/t_unitnames.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then echo "ok - $d"; else echo "not ok - $d"; fi
}

# Units whose names differ only in tone placement, printed one group a line.
tone_twins() {
	sqlite3 "$1" "SELECT name FROM units" | python3 -c '
import sys, unicodedata
PAIRS = [("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
         ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
         ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy")]
seen = {}
for name in sys.stdin.read().splitlines():
    k = unicodedata.normalize("NFC", name).lower()
    for old, new in PAIRS:
        k = k.replace(old, new)
    seen.setdefault(k, []).append(name)
for names in seen.values():
    if len(names) > 1:
        print(" / ".join(names))'
}

cat >"$T/a.txt" <<'TXT'
ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN
Số: 21/TB-UBND
Bình Sơn, ngày 02 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
1. Giao Ban cán sự đảng Uỷ ban nhân dân tỉnh chủ trì rà soát quy chế làm việc, xong trước ngày 30/4/2026.
2. Giao UBND xã Hoà Bình chủ trì, phối hợp với Sở KH&ĐT lập danh mục dự án, xong trước ngày 15/5/2026.
TXT
cat >"$T/b.txt" <<'TXT'
ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN
Số: 22/TB-UBND
Bình Sơn, ngày 09 tháng 3 năm 2026
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
1. Giao Ban cán sự đảng Ủy ban nhân dân tỉnh báo cáo kết quả rà soát, xong trước ngày 30/5/2026.
2. Giao UBND xã Hòa Bình phối hợp với Phòng Tai chính - Kế hoạch huyện Tân Lập hoàn thiện hồ sơ, xong trước ngày 15/6/2026.
TXT
"$TRACKER" --db "$T/t.db" --units "$TOP/sample-data/units.json" import "$T/a.txt" "$T/b.txt" \
	>"$T/out" 2>"$T/err"
check "import of the two notices exits 0" test $? -eq 0
check "no two units differ only in tone placement" test -z "$(tone_twins "$T/t.db")"
check "the unit the directory does not know is kept in the new placement" \
	test "$(sqlite3 "$T/t.db" "SELECT count(*) FROM units WHERE name = 'Ban cán sự đảng Ủy ban nhân dân tỉnh'")" = 1
check "a misspelt name the directory knows is its unit ('Phòng Tai chính - Kế hoạch')" \
	test "$(sqlite3 "$T/t.db" "SELECT count(*) FROM units u JOIN assignments a ON a.unit_id = u.id WHERE u.name = 'Phòng Tài chính - Kế hoạch huyện Tân Lập'")" -ge 1
check "no unit is made of the misspelt name" \
	test "$(sqlite3 "$T/t.db" "SELECT count(*) FROM units WHERE name LIKE '%Tai chính%'")" = 0
check "no sanitizer report" sh -c "! grep -q 'Sanitizer\|runtime error:' '$T/err'"

if [ -d ../shared/seeds ]; then
	"$TRACKER" --db "$T/seeds.db" --units "$TOP/sample-data/units.json" import ../shared/seeds/ \
		>"$T/out" 2>"$T/err"
	check "import of the seeds exits 0" test $? -eq 0
	twins=$(tone_twins "$T/seeds.db")
	check "the seeds make no two units that differ only in tone placement${twins:+: $twins}" \
		test -z "$twins"
else
	echo "ok - seeds import skipped: ../shared not present"
fi
