#!/bin/sh
# t_cli.sh - end-to-end tests of the `tracker` command: exit codes (the cases
# of tests/cli/exit.test), parse, import into a temporary database, list/show
# round trips, re-import as a no-op, corrected versions, group expansion, and
# a bad file in a directory.
#
# Run by tests/run.sh with $TRACKER (the ASan+UBSan build, relative to the
# top of the tree).  Prints "ok - ..." / "not ok - ..." per assertion.  The
# notices are written here, small and realistic, so the test does not depend
# on sample-data/.  Needs python3 (JSON checks) and the sqlite3 CLI (row
# counts, and a trigger that makes one import fail half-way).

. "$(dirname "$0")/lib.sh"
t_setup t_cli
IDS="$TOP/tests/ids.test"
cd "$T" || exit 2
export TRACKER_UNITS="$T/units.json"

# jtrue EXPR: EXPR (Python, the JSON of $T/out as d) holds.
jtrue() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T/out" "$1" 2>>"$T/err"
}
# jget EXPR: prints EXPR of the JSON in $T/out.
jget() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$T/out" "$1" 2>>"$T/err"
}
# rows DB: a fingerprint of the row counts of the store's tables.
rows() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM notices) || ' ' ||
		(SELECT count(*) FROM notice_versions) || ' ' ||
		(SELECT count(*) FROM tasks) || ' ' ||
		(SELECT count(*) FROM assignments) || ' ' ||
		(SELECT count(*) FROM task_events) || ' ' ||
		(SELECT count(*) FROM units)"
}

if [ -d "$TRACKER" ] || [ ! -x "$TRACKER" ]; then
	echo "not ok - \$TRACKER ($TRACKER) is an executable"
	exit 1
fi
if ! command -v python3 >/dev/null || ! command -v sqlite3 >/dev/null; then
	echo "not ok - python3 and sqlite3 are installed (scripts/bootstrap.sh installs them)"
	exit 1
fi

# ---- Test data -----------------------------------------------------------

cat >units.json <<'EOF'
{
 "units": [
  {"name": "Sở Nội vụ", "aliases": ["SNV"], "email": "sonoivu@binhson.example"},
  {"name": "Sở Tư pháp", "aliases": ["STP"], "email": "sotuphap@binhson.example"},
  {"name": "Sở Tài chính", "aliases": ["STC"], "email": "sotaichinh@binhson.example"}
 ],
 "groups": [
  {"name": "Các sở, ban, ngành", "aliases": ["các sở, ngành"],
   "members": ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"]}
 ]
}
EOF

# header NUMBER DAY: the heading block of a provincial notice.
header() {
	cat <<EOF
ỦY BAN NHÂN DÂN
TỈNH BÌNH SƠN

Số: $1

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Bình Sơn, ngày $2 tháng 11 năm 2024

THÔNG BÁO

EOF
}
footer() {
	cat <<'EOF'

Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Văn Bình
EOF
}

# a.txt: two tasks with deadlines; c.txt: its corrected version, in which
# the first deadline moves from 30/11 to 15/12.
notice_a() { # notice_a DEADLINE_OF_TASK_1
	header 12/TB-UBND 05
	cat <<EOF
Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp giao ban tháng 10 năm 2024

Ngày 01 tháng 11 năm 2024, đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp giao ban. Sau khi nghe báo cáo của các cơ quan, Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:

1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát, sửa đổi Quy chế làm việc của Ủy ban nhân dân tỉnh, báo cáo Ủy ban nhân dân tỉnh trước ngày $1.

2. Giao Sở Tài chính chủ trì tham mưu bố trí kinh phí thực hiện nhiệm vụ cải cách hành chính năm 2025, báo cáo Ủy ban nhân dân tỉnh chậm nhất ngày 15/12/2024.
EOF
	footer
}
notice_a 30/11/2024 >a.txt
notice_a 15/12/2024 >c.txt

# b.txt: a task for a collective ("Các sở, ban, ngành") and one for a unit
# the directory does not know.
{
	header 45/TB-UBND 10
	cat <<'EOF'
Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh về công tác cải cách thủ tục hành chính

Ngày 08 tháng 11 năm 2024, đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp về cải cách thủ tục hành chính và kết luận như sau:

1. Các sở, ban, ngành khẩn trương rà soát, cập nhật danh mục thủ tục hành chính thực hiện trên Cổng Dịch vụ công của tỉnh, hoàn thành trước ngày 20/12/2024.

2. Giao Trung tâm Lưu trữ lịch sử tỉnh chủ trì số hóa hồ sơ lưu trữ của các cơ quan, báo cáo Ủy ban nhân dân tỉnh chậm nhất ngày 27/12/2024.
EOF
	footer
} >b.txt

# f.txt: a third notice, whose import the test makes fail half-way.
{
	header 77/TB-UBND 20
	cat <<'EOF'
Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh về công tác văn thư, lưu trữ

Ngày 18 tháng 11 năm 2024, đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp về công tác văn thư, lưu trữ và kết luận như sau:

1. Giao Sở Nội vụ chủ trì kiểm tra công tác văn thư, lưu trữ tại các cơ quan, báo cáo Ủy ban nhân dân tỉnh trước ngày 25/12/2024.

2. Giao Sở Tài chính chủ trì bố trí kinh phí chỉnh lý tài liệu tồn đọng, báo cáo Ủy ban nhân dân tỉnh trước ngày 31/12/2024.
EOF
	footer
} >f.txt

# e.txt: a notice whose number was left blank; e2.txt: it, reworded.
notice_e() {
	header "  /TB-UBND" 22
	cat <<EOF
Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh về công tác phòng cháy, chữa cháy

Ngày 21 tháng 11 năm 2024, đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp và kết luận như sau:

1. Giao Sở Tư pháp chủ trì rà soát các văn bản quy phạm pháp luật về phòng cháy, chữa cháy, báo cáo Ủy ban nhân dân tỉnh trước ngày $1.
EOF
	footer
}
notice_e 10/12/2024 >e.txt
notice_e 20/12/2024 >e2.txt

printf 'ỦY BAN NHÂN DÂN\nabcd\377 TỈNH\n' >bad.txt
: >empty.txt
printf '  \n\t\n\n' >blank.txt

# ---- Exit codes: the cases of tests/cli/exit.test ------------------------

# exit_cases FILE: one check a case of FILE (its header says how to read it).
exit_cases() {
	name=
	lineno=0
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case $line in
		%%CASE\ *)
			[ -n "$name" ] && exit_case
			name=${line#%%CASE }
			want=
			: >"$T/case.pats"
			IFS= read -r args
			lineno=$((lineno + 1))
			;;
		%%EXIT\ *) [ -n "$name" ] && want=${line#%%EXIT } || exit_syntax "$1" ;;
		stdout\ *|stderr\ *) [ -n "$name" ] && echo "$line" >>"$T/case.pats" || exit_syntax "$1" ;;
		'' | \#*)
			[ -n "$name" ] && exit_case
			name=
			;;
		*) exit_syntax "$1" ;;
		esac
	done <"$1"
	[ -n "$name" ] && exit_case
}
exit_syntax() { not_ok "$1:$lineno: not a line of the format: $line"; }
# exit_case: runs the case read last and checks it.
exit_case() {
	eval "tr_ $args" </dev/null
	check "$name" exit_holds
}
exit_holds() {
	[ -n "$want" ] && rc_is "$want" || return 1
	while read -r stream pattern; do
		grep -q -- "$pattern" "$T/${stream#std}" || return 1
	done <"$T/case.pats"
}

truncate -s 65M big.txt 2>/dev/null || dd if=/dev/zero of=big.txt bs=1048576 count=65 2>/dev/null
exit_cases "$TOP/tests/cli/exit.test"
rm -f big.txt

# ---- parse -----------------------------------------------------------------

tr_ parse --json a.txt
check "parse --json exits 0" rc_is 0
check "parse --json gives the number and the date" \
	jtrue 'd["notice"]["number"] == "12/TB-UBND" and d["notice"]["date"] == "2024-11-05"'
check "parse --json gives Sở Nội vụ's task due before 2024-11-30" \
	jtrue 'any("Sở Nội vụ" in t["owners"] and t["due"] == "2024-11-30" and t["due_kind"] == "before" for t in d["tasks"])'
check "parse --json gives the supporting unit" \
	jtrue 'any("Sở Tư pháp" in t["co_owners"] for t in d["tasks"])'
check "parse --json keeps a group as the notice names it" \
	eval 'tr_ parse --json b.txt; rc_is 0 && jtrue "any(\"Các sở, ban, ngành\" in t[\"owners\"] for t in d[\"tasks\"])"'
tr_ parse --json - <a.txt
check "parse - reads stdin" eval 'rc_is 0 && jtrue "d[\"notice\"][\"number\"] == \"12/TB-UBND\""'
tr_ parse a.txt
check "parse prints a table with the owner and the deadline" \
	eval 'rc_is 0 && out_has "Sở Nội vụ" && out_has 2024-11-30'
tr_ --db "$T/never.db" parse a.txt
check "parse never creates the database" test ! -e "$T/never.db"

# ---- import, list, re-import -------------------------------------------------

DB="$T/t.db"
tr_ --db "$DB" import a.txt
check "import of a new notice exits 0 and says new" eval 'rc_is 0 && out_has "^new "'
tr_ --db "$DB" list --json --today 2024-11-20
check "list --json exits 0" rc_is 0
check "list: Sở Nội vụ leads a task due 2024-11-30, in progress on 2024-11-20" \
	jtrue 'any("Sở Nội vụ" in t["owners"] and t["due"] == "2024-11-30" and t["status"] == "in_progress" for t in d)'
check "list: Sở Tư pháp supports it" \
	jtrue 'any("Sở Tư pháp" in t["co_owners"] and t["due"] == "2024-11-30" for t in d)'
check "list: Sở Tài chính leads a task due 2024-12-15" \
	jtrue 'any("Sở Tài chính" in t["owners"] and t["due"] == "2024-12-15" for t in d)'
TID=$(jget '[t["id"] for t in d if "Sở Nội vụ" in t["owners"] and t["due"] == "2024-11-30"][0]')
NTASKS=$(jget 'len(d)')

tr_ --db "$DB" list --json --today 2024-11-30 --status overdue
check "'trước ngày 30/11' is overdue on 30/11 (the last allowed day is 29/11)" \
	jtrue 'any(t["id"] == '"${TID:-0}"' for t in d) and all(t["status"] == "overdue" for t in d)'
tr_ --db "$DB" list --json --today 2024-11-28 --status due_soon
check "and due soon two days before" jtrue 'any(t["id"] == '"${TID:-0}"' and t["due_soon"] for t in d)'
tr_ --db "$DB" list --json --today 2024-11-20 --unit STC
check "list --unit takes an alias and keeps only that unit's tasks" \
	jtrue 'len(d) >= 1 and all("Sở Tài chính" in t["owners"] + t["co_owners"] for t in d)'
tr_ --db "$DB" list --json --today 2024-11-20 --due-from 2024-12-01 --due-to 2024-12-31
check "list --due-from/--due-to bound the deadline" \
	jtrue 'len(d) >= 1 and all("2024-12-01" <= t["due"] <= "2024-12-31" for t in d)'
tr_ --db "$DB" list --today 2024-11-20
check "list prints a table" eval 'rc_is 0 && out_has "Sở Nội vụ"'
tr_ --db "$DB" list --unit "Sở Không Có"
check "list --unit with an unknown unit exits 65" rc_is 65

before=$(rows "$DB")
tr_ --db "$DB" import a.txt
check "re-import exits 0 and says unchanged" eval 'rc_is 0 && out_has "^unchanged "'
check "re-import changes no row ($before)" test "$(rows "$DB")" = "$before"

# ---- corrected version -------------------------------------------------------

tr_ --db "$DB" import c.txt
check "a corrected version exits 0 and says corrected" eval 'rc_is 0 && out_has "^corrected "'
check "its summary names the changed deadline" out_has "task ${TID:-x} .*changed: .*due"
tr_ --db "$DB" list --json --today 2024-11-20
check "the corrected task keeps its id and gets the new deadline" \
	jtrue 'any(t["id"] == '"${TID:-0}"' and t["due"] == "2024-12-15" for t in d)'
check "the correction adds no task" test "$(jget 'len(d)')" = "$NTASKS"
tr_ --db "$DB" show --json --task "${TID:-0}"
check "show --task exits 0" rc_is 0
check "the task's history records the import and the change 2024-11-30 -> 2024-12-15" \
	jtrue '[e["kind"] for e in d["history"]][0] == "imported" and any(e["kind"] == "updated" and e["data"]["changes"]["due"] == {"from": "2024-11-30", "to": "2024-12-15"} for e in d["history"])'
tr_ --db "$DB" show --json 1
check "show NOTICE_ID gives version 2 and a 'corrected' event" \
	jtrue 'd["notice"]["version"] == 2 and [e["kind"] for e in d["history"]] == ["imported", "corrected"]'
before=$(rows "$DB")
tr_ --db "$DB" import a.txt c.txt
check "re-importing both versions changes nothing" \
	eval 'rc_is 0 && test "$(grep -c "^unchanged " "$T/out")" = 2 && test "$(rows "$DB")" = "$before"'
tr_ --db "$DB" show 999
check "show of a missing notice exits 65" rc_is 65

# ---- groups and unknown units --------------------------------------------------

tr_ --db "$DB" import b.txt
check "import of a notice for a group exits 0" rc_is 0
tr_ --db "$DB" list --json --notice 2 --today 2024-11-20
GID=$(jget '[t["id"] for t in d if t["due"] == "2024-12-20"][0]')
tr_ --db "$DB" show --json --task "${GID:-0}"
check "a group owner becomes one lead assignment per member unit" \
	jtrue 'sorted(a["unit"] for a in d["assignments"] if a["role"] == "lead" and a["via_group"] == "Các sở, ban, ngành") == ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp"]'
check "the task's imported event lists each expanded assignment" \
	jtrue 'sorted(a["unit"] for e in d["history"] if e["kind"] == "imported" for a in e["data"]["assignments"] if a.get("via_group") == "Các sở, ban, ngành") == ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp"]'
tr_ --db "$DB" list --json --today 2024-11-20 --unit "Sở Tư pháp"
check "the group's task is listed for a member unit" jtrue 'any(t["id"] == '"${GID:-0}"' for t in d)'
tr_ --db "$DB" list --json --today 2024-11-20 --unit "Các sở, ban, ngành"
check "and for the group itself" jtrue 'any(t["id"] == '"${GID:-0}"' for t in d)'
tr_ --db "$DB" units --json
check "units --json lists the group with its members" \
	jtrue 'any(g["name"] == "Các sở, ban, ngành" and len(g["members"]) == 3 for g in d["groups"])'
check "units --json lists the unknown name met, with a count" \
	jtrue 'any("Trung tâm Lưu trữ" in u["name"] and u["unknown_count"] >= 1 for u in d["unknown"])'
tr_ --db "$DB" units
check "units prints the directory" eval 'rc_is 0 && out_has "Sở Nội vụ" && out_has "sonoivu@binhson.example"'

# ---- a directory with a bad file ---------------------------------------------

mkdir in
cp a.txt in/01-a.txt
cp bad.txt in/02-bad.txt
cp b.txt in/03-b.txt
echo "not a notice" >in/notes.md
DB2="$T/dir.db"
tr_ --db "$DB2" import in
check "a directory with a bad file exits 65" rc_is 65
check "the bad file is reported by name with its line" err_has "02-bad.txt:2:"
check "the good files are imported" eval 'test "$(grep -c "^new " "$T/out")" = 2'
check "only the two good notices are stored, files other than *.txt skipped" \
	test "$(sqlite3 "$DB2" 'SELECT count(*) FROM notices')" = 2

# ---- a failure half-way stores nothing ---------------------------------------

DB3="$T/fail.db"
tr_ --db "$DB3" import a.txt
sqlite3 "$DB3" "CREATE TRIGGER inject BEFORE INSERT ON assignments
	WHEN (SELECT name FROM units WHERE id = NEW.unit_id) = 'Sở Tài chính'
	AND (SELECT count(*) FROM notices) > 1
	BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
before=$(rows "$DB3")
tr_ --db "$DB3" import f.txt
check "an import failing half-way exits 70 and names the file" \
	eval 'rc_is 70 && err_has f.txt && err_has "injected failure"'
check "and leaves no row of that notice ($before)" test "$(rows "$DB3")" = "$before"
sqlite3 "$DB3" "DROP TRIGGER inject"
tr_ --db "$DB3" import f.txt
check "the same file imports once the fault is gone" eval 'rc_is 0 && out_has "^new "'

# ---- notices without a number, and --replace --------------------------------

DB4="$T/replace.db"
tr_ --db "$DB4" import e.txt
check "a notice without a number imports" eval 'rc_is 0 && out_has "^new "'
tr_ --db "$DB4" import e2.txt
check "without --replace a changed notice without number is a new notice" out_has "^new "
DB5="$T/replace2.db"
tr_ --db "$DB5" import e.txt
tr_ --db "$DB5" import --replace 1 e2.txt
check "import --replace ID makes it a corrected version" eval 'rc_is 0 && out_has "^corrected "'
check "--replace keeps one notice" test "$(sqlite3 "$DB5" 'SELECT count(*) FROM notices')" = 1
tr_ --db "$DB5" import --replace 99 e.txt
check "import --replace of a missing notice exits 65" rc_is 65
tr_ --db "$DB5" import --replace 1 a.txt c.txt
check "import --replace with two files exits 64" rc_is 64

# ---- I/O errors ---------------------------------------------------------------

tr_ --db "$DB" import missing.txt a.txt
check "a missing file among others exits 74, the rest still imported" \
	eval 'rc_is 74 && out_has "^unchanged "'


# ---- the directory in the database follows the file ------------------------
# The database records the file and the SHA-256 of the content it was last
# synced from; a command that opens it with a directory syncs only when that
# content changed.  ./sample-data/units.json, found when nothing names a file,
# is for `make run` in the source tree: it never overwrites a database last
# synced from another file.
mkdir -p "$T/src/sample-data"
cp "$T/units.json" "$T/src/sample-data/units.json"
sed 's/sonoivu@binhson.example/sonoivu.moi@binhson.example/' "$T/units.json" >"$T/units2.json"
SDB="$T/sync.db"
synced() { sqlite3 "$SDB" "select path || ' ' || sha256 || ' ' || synced_at from directory_sync"; }
tr_ --db "$SDB" units
check "a command with a directory records the file and its hash" \
	eval 'rc_is 0 && synced | grep -q "^$T/units.json [0-9a-f]\{64\} "'
# A mark no sync writes: a command that syncs would replace it.
sqlite3 "$SDB" "update directory_sync set synced_at = 'mark'"
s1=$(synced)
tr_ --db "$SDB" list
check "an unchanged file is not synced again" eval 'rc_is 0 && test "$(synced)" = "$s1"'
tr_ --db "$SDB" --units "$T/units2.json" list --items --unit SNV
check "a changed file named by --units is synced by a command that only reads" \
	eval 'rc_is 0 && test "$(sqlite3 "$SDB" "select email from units where name = '"'Sở Nội vụ'"'")" = sonoivu.moi@binhson.example'
sqlite3 "$SDB" "insert into unit_aliases (alias, unit_id, position, source)
	select 'Sở NV', id, 99, 'office' from units where name = 'Sở Nội vụ'"
sqlite3 "$SDB" "update directory_sync set synced_at = 'mark'"
s2=$(synced)
# in_src ARGS...: tr_ in the source tree, with nothing naming a directory.
in_src() {
	cd "$T/src" || exit 2
	unset TRACKER_UNITS
	tr_ "$@"
	export TRACKER_UNITS="$T/units.json"
	cd "$T" || exit 2
}
in_src --db "$SDB" remind --today 2026-11-23 --outbox "$T/ob"
check "the source tree's sample-data/units.json does not overwrite a database synced from another file" \
	eval 'test "$rc" -ne 0 && err_has "$T/units2.json" && err_has "sample-data/units.json" && err_has "không ghi đè"'
check "and the database keeps the directory it had" \
	eval 'test "$(synced)" = "$s2" && test "$(sqlite3 "$SDB" "select email from units where name = '"'Sở Nội vụ'"'")" = sonoivu.moi@binhson.example'
# The command table says what each command needs: work by id and `show`
# need no directory, so the fallback does not stop them; naming a unit does.
in_src --db "$SDB" list
check "list without --unit, which needs no directory, runs where the fallback would be refused" rc_is 0
in_src --db "$SDB" list --items --unit SNV
check "list --unit, which needs the directory, is refused there" \
	eval 'test "$rc" -ne 0 && err_has "không ghi đè"'
in_src units --db "$SDB" --units "$T/units2.json"
check "--db and --units are taken after the command too" \
	eval 'rc_is 0 && test "$(synced)" = "$s2" && test ! -e "$T/src/tracker.db" && out_has "sonoivu.moi@binhson.example"'
tr_ --db "$SDB" units --json
check "a sync from the file keeps the aliases the office taught" \
	eval 'rc_is 0 && test "$(sqlite3 "$SDB" "select count(*) from unit_aliases where alias = '"'Sở NV'"' and source = '"'office'"'")" = 1 && test "$(sqlite3 "$SDB" "select email from units where name = '"'Sở Nội vụ'"'")" = sonoivu@binhson.example'
in_src --db "$T/fresh.db" units
check "into a new database the source tree's sample-data/units.json syncs" \
	eval 'rc_is 0 && test "$(sqlite3 "$T/fresh.db" "select path from directory_sync")" = "$T/src/sample-data/units.json"'

# ---- ids: one spelling, the cases of tests/ids.test -----------------------------
# An id is looked for (found: 0, not found: 65); anything else is refused
# before that (64) with the reason in Vietnamese.  The database holds one
# notice, so id 1 exists.
DBI="$T/ids.db"
tr_ --db "$DBI" import e.txt
n=0
while IFS= read -r line <&3; do
	case $line in "'"*) ;; *) continue ;; esac
	in=$(printf '%b' "$(printf '%s' "${line#\'}" | sed "s/' => [^']*\$//")")
	want=${line##*"' => "}
	n=$((n + 1))
	for cmd in "done --task" "show --task" "show --"; do
		case $cmd in
		done*) tr_ --db "$DBI" done --task "$in" --unit "Sở Nội vụ" ;;
		"show --task") tr_ --db "$DBI" show --task "$in" ;;
		*) tr_ --db "$DBI" show -- "$in" ;;
		esac
		case $want in
		[1-9]*)
			check "$cmd $line: an id, looked for (0 or 65)" \
				eval '{ rc_is 0 || rc_is 65; } && ! grep -q "không hợp lệ" "$T/err"' ;;
		*)
			check "$cmd $line: refused with exit 64 and a Vietnamese reason" \
				eval 'rc_is 64 && grep -qF -- "'"'"'$in'"'"' không hợp lệ: mã số" "$T/err"' ;;
		esac
	done
done 3<"$IDS"
check "the id cases were read from tests/ids.test" test "$n" -ge 20


t_done
