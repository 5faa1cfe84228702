#!/bin/sh
# t_multipart.sh - POST /api/notices takes multipart/form-data too, as
# people and scripts expect (`curl -F file=@notice.docx`), only with a
# session (issue 19): a .docx and a text file sent as a form preview as
# the same notice sent as the raw body; a form without a file, or whose
# file name is not UTF-8, is a 400; without a session it is a 401.
# Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_multipart
cd "$T" || exit 2
DB="$T/m.db"

tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data"
$PY "$TOP/tests/mkdocx.py" numbered notice.docx expected.txt
srv_start "$T/srv.log" "$DB" --no-schedule --today 2026-11-23 || { not_ok "serve starts"; exit 1; }
PW=$($PY -c "import sys; sys.path.insert(0, '$TOP/tests'); from ops_client import office_password; print(office_password('$DB.password'))")
BASE="http://127.0.0.1:$PORT"
printf '{"login":"vanphong","password":"%s"}' "$PW" >login.json
curl -s -c jar -H 'Content-Type: application/json' --data-binary @login.json "$BASE/api/login" >login.out
CSRF=$($PY -c 'import json; print(json.load(open("login.out"))["csrf"])')

# form FILE-OPTION OUT: posts a form, the status in OUT.status.
form() {
	curl -s -b jar -H "X-CSRF-Token: $CSRF" -o "$2" -w '%{http_code}' -F "$1" \
		"$BASE/api/notices" >"$2.status"
}
form "file=@notice.docx" docx.json
check "curl -F file=@notice.docx previews the notice (201)" test "$(cat docx.json.status)" = 201
check "named after the uploaded file, read as a .docx" \
	$PY -c 'import json, sys; d = json.load(open("docx.json")); sys.exit(0 if d["name"] == "notice.docx" and d["format"] == "docx" and len(d["tasks"]) > 3 else 1)'
curl -s -b jar -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/octet-stream' \
	-H 'X-File-Name: notice.docx' --data-binary @notice.docx -o raw.json "$BASE/api/notices"
check "the same tasks as the .docx sent as the raw body" \
	$PY -c 'import json, sys
strip = lambda d: [(t["ref"], t["text"], t["owners"], t["due"]) for t in d["tasks"]]
sys.exit(0 if strip(json.load(open("docx.json"))) == strip(json.load(open("raw.json"))) else 1)'
cp "$TOP/docs/example-notice.txt" "thong-bao.txt"
form "file=@thong-bao.txt;type=text/plain" txt.json
check "a text file as a form previews too, with its three tasks" \
	$PY -c 'import json, sys; d = json.load(open("txt.json")); sys.exit(0 if d["name"] == "thong-bao.txt" and len(d["tasks"]) == 3 else 1)'
form "other=abc" none.json
check "a form without a file is a 400" test "$(cat none.json.status)" = 400
printf 'x' >plain.txt
curl -s -b jar -H "X-CSRF-Token: $CSRF" -o badname.json -w '%{http_code}' \
	-F "file=@plain.txt;filename=$(printf 'tb-\377.txt')" "$BASE/api/notices" >badname.status
check "a file name that is not UTF-8 is a 400 that does not echo it" \
	eval 'test "$(cat badname.status)" = 400 && ! grep -q "$(printf "\377")" badname.json'
curl -s -o nosession.json -w '%{http_code}' -F "file=@notice.docx" "$BASE/api/notices" >nosession.status
check "without a session: 401" test "$(cat nosession.status)" = 401
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0
t_done
