#!/bin/sh
# t_attach.sh - a report of completion with a document (issue 16), on a real
# server: the document's type is judged by its bytes and its size bounded,
# with the message table's Vietnamese words, and nothing is kept when it is
# refused; a kept PDF, PNG, .docx and .xlsx come back byte-identical as
# downloads, to the office and the unit that sent them only; the done day's
# rules; no body is read before the session, the CSRF token, the role and
# the work are checked; progress keeps its percentage on the item; saved
# views per account.  tests/attach_check.py makes the checks.
# Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_attach
cd "$T" || exit 2
DB="$T/a.db"

tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data"
rc_is 0 || { cat "$T/err"; exit 1; }
printf 'mat-khau-so-noi-vu\n' | "$TRACKER_SAN" --db "$DB" users add sonv --role unit --unit "Sở Nội vụ" --password-stdin >/dev/null
printf 'mat-khau-so-tai-chinh\n' | "$TRACKER_SAN" --db "$DB" users add sotc --role unit --unit "Sở Tài chính" --password-stdin >/dev/null
printf 'mat-khau-nguoi-xem\n' | "$TRACKER_SAN" --db "$DB" users add xem --role viewer --password-stdin >/dev/null
printf 'mat-khau-van-phong\n' | "$TRACKER_SAN" --db "$DB" users add khoa --role office --password-stdin >/dev/null
$PY "$TOP/tests/mkdocx.py" numbered notice.docx expected.txt
srv_start "$T/srv.log" "$DB" --no-schedule --today 2026-11-23 || { not_ok "serve starts"; exit 1; }
$PY "$TOP/tests/attach_check.py" "$TOP" "http://127.0.0.1:$PORT" "$DB" "$T" || failed=$((failed + 1))
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0

# The command line attaches too: tracker done ITEM --file F.
ITEM=$($PY -c "import json; print(json.load(open('$T/cli_item.json'))['id'])" 2>/dev/null)
if [ -n "$ITEM" ]; then
	tr_ --db "$DB" done "$ITEM" --today 2026-11-23 --on 2026-11-22 --file "$T/small.pdf"
	check "tracker done --file attaches a PDF" rc_is 0
	check "... and it is kept byte-identical" $PY -c "
import hashlib, sqlite3, sys
con = sqlite3.connect('$DB')
row = con.execute('SELECT data, ctype FROM attachments WHERE occurrence_id = ?', ($ITEM,)).fetchone()
sys.exit(0 if row and row[1] == 'application/pdf' and hashlib.sha256(row[0]).digest() == hashlib.sha256(open('$T/small.pdf', 'rb').read()).digest() else 1)"
	printf '<html><script>alert(1)</script></html>' >"$T/page.docx"
	tr_ --db "$DB" done "$ITEM" --today 2026-11-23 --file "$T/page.docx"
	check "tracker done --file refuses HTML named .docx, in Vietnamese" \
		sh -c "[ $rc -ne 0 ] && grep -q 'Chỉ nhận tệp đính kèm PDF' '$T/err'"
else
	not_ok "an item for the command line was chosen"
fi
t_done
