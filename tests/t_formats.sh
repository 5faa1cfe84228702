#!/bin/sh
# t_formats.sh - notices as they arrive: a .docx with Word's automatic
# numbering, a PDF, TCVN3 and Windows-1258 text, all told apart by content,
# give the tasks their plain UTF-8 text gives; damaged and hostile inputs
# (a truncated zip, zip bombs, a scan without text, random bytes) get a clear
# error naming the file, under ASan+UBSan.
#
# The fixtures are made here: tests/mkdocx.py and tests/mkpdf.py (Python
# standard library) write the .docx and PDF files, iconv the legacy text.
# Run by tests/run.sh with $TRACKER, from the top of the tree.

. "$(dirname "$0")/lib.sh"
t_setup t_formats

# same_tasks A.json B.json: the same tasks, in order: ref, owners,
# co-owners, due, due_kind and recurrence (the texts may differ in spaces).
same_tasks() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
a, b = (json.load(open(p))["tasks"] for p in sys.argv[1:3])
key = lambda t: (t["ref"], t["owners"], t["co_owners"], t["due"], t["due_kind"],
                 t["recurrence"])
sys.exit(0 if len(a) == len(b) and all(key(x) == key(y) for x, y in zip(a, b)) else 1)
EOF
}
# parse_json FILE OUT [ARGS]: parse --json into OUT; 0 when it exits 0.
parse_json() {
	f=$1
	o=$2
	shift 2
	tr_ parse --json "$@" "$f"
	cp "$T/out" "$o"
	rc_is 0
}
# squeeze: lines without surrounding or repeated spaces, blank lines dropped.
squeeze() { tr -d '\r' | sed 's/[[:space:]][[:space:]]*/ /g; s/^ //; s/ $//' | grep -v '^$'; }

# ---- .docx with Word's automatic numbering ---------------------------------
python3 tests/mkdocx.py numbered "$T/numbered.docx" "$T/numbered.txt"
tr_ parse --text "$T/numbered.docx"
check "docx: the numbered fixture converts" rc_is 0
cp "$T/out" "$T/numbered.out"
check "docx: the text is as Word prints it (numbers, table row, breaks)" \
	cmp -s "$T/numbered.out" "$T/numbered.txt"
check "docx: sections numbered 'II.' (upperRoman)" grep -q '^II\. Nhiệm vụ' "$T/numbered.out"
check "docx: items numbered '1.' restart in each section" grep -q '^1\. Giao Sở Tư pháp' "$T/numbered.out"
check "docx: sub-items numbered 'a)', 'b)' (lowerLetter)" grep -q '^b) Tổng hợp' "$T/numbered.out"
check "docx: numbering through a paragraph style's basedOn gives '1.2.'" \
	grep -q '^1\.2\. Sở Nội vụ rà soát' "$T/numbered.out"
check "docx: a list restarted with startOverride counts from 5" grep -q '^5\. Sở Y tế' "$T/numbered.out"
check "docx: a symbol-font bullet becomes '-'" grep -q '^- Các sở, ban, ngành' "$T/numbered.out"
check "docx: table cells are joined with ' | '" grep -q '^Số: 321/TB-UBND | Bình Sơn' "$T/numbered.out"
check "docx: footnotes are kept out of the text" sh -c "! grep -q 'chú thích' '$T/numbered.out'"
parse_json "$T/numbered.docx" "$T/a.json"
parse_json "$T/numbered.txt" "$T/b.json"
check "docx: the numbered fixture gives the tasks of its typed text" same_tasks "$T/a.json" "$T/b.json"
check "docx: ... which are the 10 directives, refs II.1 to III.p1" python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["tasks"]
sys.exit(0 if len(t) == 10 and t[0]["ref"] == "II.1" and t[1]["ref"] == "II.2.a" else 1)' "$T/a.json"

# ---- PDF --------------------------------------------------------------------
for src in docs/example-notice.txt sample-data/01-tb-ket-luan-cchc-tinh.txt \
	   sample-data/04-kh-chuyen-doi-so-2025.txt; do
	name=$(basename "$src" .txt)
	python3 tests/mkpdf.py "$src" "$T/$name.pdf" --lines 30
	tr_ parse --text "$T/$name.pdf"
	check "pdf $name: converts" rc_is 0
	squeeze <"$T/out" >"$T/pdf.txt"
	squeeze <"$src" >"$T/src.txt"
	check "pdf $name: the text round-trips (headers, footers, page numbers gone, lines re-joined)" \
		cmp -s "$T/pdf.txt" "$T/src.txt"
	parse_json "$T/$name.pdf" "$T/a.json"
	parse_json "$src" "$T/b.json"
	check "pdf $name: same tasks as the text" same_tasks "$T/a.json" "$T/b.json"
done
pdftotext -layout "$T/01-tb-ket-luan-cchc-tinh.pdf" "$T/raw.txt"
check "pdf: the test PDF has several pages, running headers and hyphenated words" \
	sh -c "[ \$(grep -c 'Trang [0-9]' '$T/raw.txt') -ge 3 ] && grep -q '[a-zơư]-\$' '$T/raw.txt'"
python3 tests/mkpdf.py --scan "$T/scan.pdf"
tr_ parse "$T/scan.pdf"
check "pdf without a text layer: exit 65" rc_is 65
check "pdf without a text layer: says it is a scan, names the file" \
	err_has "scan.pdf: the PDF has no text layer.*scan without text"
head -c 1200 "$T/example-notice.pdf" >"$T/cut.pdf"
tr_ parse "$T/cut.pdf"
check "truncated pdf: exit 65 with 'damaged or truncated PDF'" \
	sh -c "[ $rc -eq 65 ] && grep -q 'cut.pdf: damaged or truncated PDF' '$T/err'"
cp "$T/example-notice.pdf" "$T/nopoppler.pdf"
PATH=/nonexistent "$TRACKER" parse "$T/nopoppler.pdf" >"$T/out" 2>"$T/err"
rc=$?
san_check "$T/err" "tracker parse (PATH=/nonexistent)"
check "pdf without pdftotext installed: exit 70, says to install poppler-utils" \
	sh -c "[ $rc -eq 70 ] && grep -q 'install poppler-utils' '$T/err'"

# ---- Legacy encodings ---------------------------------------------------------
for src in docs/example-notice.txt sample-data/01-tb-ket-luan-cchc-tinh.txt; do
	name=$(basename "$src" .txt)
	for enc in TCVN5712-1 CP1258; do
		iconv -f UTF-8 -t "$enc" "$src" >"$T/$name.$enc.txt"
		check "$enc $name: the file is not UTF-8" \
			sh -c "! iconv -f UTF-8 -t UTF-8 '$T/$name.$enc.txt' >/dev/null 2>&1"
		parse_json "$T/$name.$enc.txt" "$T/a.json"
		check "$enc $name: recognised and parsed" [ $? -eq 0 ]
		parse_json "$src" "$T/b.json"
		check "$enc $name: the same notice and tasks as the UTF-8 original" cmp -s "$T/a.json" "$T/b.json"
	done
done
tcvn="$T/example-notice.TCVN5712-1.txt"
parse_json docs/example-notice.txt "$T/b.json"
parse_json "$tcvn" "$T/a.json" --encoding tcvn3
check "--encoding tcvn3 reads a TCVN3 file" cmp -s "$T/a.json" "$T/b.json"
tr_ parse --encoding utf-8 "$tcvn"
check "--encoding utf-8 on a TCVN3 file: exit 65, the invalid UTF-8 error with line and byte" \
	sh -c "[ $rc -eq 65 ] && grep -q 'TCVN5712-1.txt:1:[0-9]*: invalid UTF-8 at line 1, byte' '$T/err'"
tr_ parse --encoding klingon "$tcvn"
check "--encoding with an unknown name: exit 64" rc_is 64
printf 'Der B\374rgermeister hat f\374r die Stra\337e entschieden. \307a va tr\350s bien.\n' >"$T/latin1.txt"
tr_ parse "$T/latin1.txt"
check "Latin-1 text is not guessed as Vietnamese: exit 65 naming line and byte" \
	sh -c "[ $rc -eq 65 ] && grep -q 'latin1.txt:1:6: invalid UTF-8 at line 1, byte 6 (0xFC), and not TCVN3 or Windows-1258' '$T/err'"

# ---- Hostile and damaged inputs ---------------------------------------------------
head -c 3000 "$T/numbered.docx" >"$T/cut.docx"
tr_ parse "$T/cut.docx"
check "truncated .docx: exit 65, 'truncated or damaged zip archive'" \
	sh -c "[ $rc -eq 65 ] && grep -q 'cut.docx: truncated or damaged zip archive' '$T/err'"
python3 tests/mkdocx.py bomb "$T/bomb.docx" 80
tr_ parse "$T/bomb.docx"
check "zip bomb (80 MiB in 80 KiB): exit 65 at the 64 MiB entry limit" \
	sh -c "[ $rc -eq 65 ] && grep -q 'bomb.docx: .word/document.xml. in the .docx unpacks to 80 MiB, over the limit of 64 MiB (a zip bomb?)' '$T/err'"
python3 tests/mkdocx.py lying-bomb "$T/lying.docx" 80
tr_ parse "$T/lying.docx"
check "zip bomb whose headers claim 1000 bytes: stopped by counting, exit 65" \
	sh -c "[ $rc -eq 65 ] && grep -q 'lying.docx: .word/document.xml. in the .docx unpacks to more than 64 MiB' '$T/err'"
python3 -c 'import zipfile, sys
with zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr("content.xml", "<office:document/>")' "$T/notword.odt"
tr_ parse "$T/notword.odt"
check "a zip that is not a .docx: exit 65, says so" \
	sh -c "[ $rc -eq 65 ] && grep -q 'notword.odt: a zip archive without word/document.xml' '$T/err'"
python3 -c 'import random, sys
random.seed(6)
sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(20000)))' >"$T/random.bin"
tr_ parse "$T/random.bin"
check "random bytes: exit 65 with the invalid UTF-8 error" \
	sh -c "[ $rc -eq 65 ] && grep -q 'random.bin:[0-9]*:[0-9]*: invalid UTF-8 at line' '$T/err'"

# ---- import: by content, in a directory ----------------------------------------------
mkdir "$T/inbox"
cp "$T/numbered.docx" "$T/inbox/thong-bao-321"          # a .docx without its extension
cp "$T/example-notice.pdf" "$T/inbox/scan0001.dat"      # a PDF named like anything
cp "$T/01-tb-ket-luan-cchc-tinh.TCVN5712-1.txt" "$T/inbox/tb-1486.txt"
cp "$T/cut.docx" "$T/inbox/hong.docx"                    # damaged
echo "# notes, not a notice" >"$T/inbox/README.md"
tr_ --db "$T/t.db" import --today 2024-12-01 "$T/inbox"
check "import DIR: exit 65 (one damaged file), the others imported" rc_is 65
check "import DIR: 3 new, 1 failed (README.md skipped)" out_has "4 files: 3 new, 0 unchanged, 0 corrected, 1 failed"
check "import DIR: the .docx without extension is found by content" out_has "new .*thong-bao-321: notice"
check "import DIR: the PDF named .dat is found by content" out_has "new .*scan0001.dat: notice .*215/TB-UBND"
check "import DIR: the TCVN3 text is imported with its number" out_has "new .*tb-1486.txt: notice .*1486/TB-VP"
check "import DIR: the damaged .docx fails naming the file" err_has "FAILED .*hong.docx: truncated or damaged zip archive"
tr_ --db "$T/t.db" list --json --today 2024-12-01
check "import: the .docx's 10 tasks are stored" python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))
sys.exit(0 if sum(x["notice_number"] == "321/TB-UBND" for x in t) == 10 else 1)' "$T/out"

t_done
