#!/bin/sh
# t_hostile.sh - hostile clients cannot take the server, and secrets stay
# secret (issue 18): each numbered attack of the issue is reproduced
# against the real server (tests/hostile.py drives the sockets, from many
# loopback addresses) and its outcome asserted: /healthz answers while the
# attack runs, the attacker's connections are closed, bodies are refused
# before they are read, the log holds no token.  Timeouts are guards only.

. "$(dirname "$0")/lib.sh"
t_setup t_hostile

tr_ --db "$T/h.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }

hostile() {
	"$PY" "$TOP/tests/hostile.py" "$PORT" "$@"
	[ $? -le 1 ] || failed=$((failed + 1))
}

# 8. The first password never goes to a log: stdout is no terminal here.
if ! srv_start "$T/srv.log" "$T/h.db" --no-schedule --today 2026-11-23; then
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
fi
PW=$(cat "$T/h.db.password" 2>/dev/null)
check "8. the first password goes to a file only the service user reads (0600)" \
	sh -c "test -n '$PW' && [ \"\$(stat -c %a '$T/h.db.password')\" = 600 ]"
check "8. the log names that file and holds no password" \
	sh -c "grep -qF '$T/h.db.password' '$T/srv.log' && ! grep -qF '$PW' '$T/srv.log' '$T/srv.log.out'"
if command -v script >/dev/null 2>&1; then
	"$TRACKER" --db "$T/tty.db" import "$TOP/sample-data/" >/dev/null 2>&1
	# A terminal (as `make run` has): printed once, no file.
	script -qec "'$TRACKER' --db '$T/tty.db' serve --listen 127.0.0.1:0 --no-schedule" \
		/dev/null >"$T/tty.out" 2>&1 &
	tty_pid=$!
	i=0
	while [ $i -lt 600 ] && ! grep -q 'serving on' "$T/tty.out"; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$tty_pid" # script(1) ends the server with its terminal
	wait "$tty_pid"
	check "8. on a terminal the first password is printed, and no file is written" \
		sh -c "grep -q \"password '\" '$T/tty.out' && test ! -e '$T/tty.db.password'"
fi

printf 'mat-khau-cua-khoa\n' | "$TRACKER_SAN" --db "$T/h.db" users add khoa --role office --password-stdin >/dev/null

# 1. Slow clients: 256 connections from 4 addresses trickling headers.
t0=$(date +%s)
hostile slowloris 256 4
# 2. Held bodies: 256 connections declaring 8 MiB bodies.
hostile held-body 256 4
# libmicrohttpd has a line for each connection it drops; the server lets at
# most 20 a minute through, and one more saying how many it left out.
mhd_lines=$(grep -c 'libmicrohttpd:' "$T/srv.log")
mhd_bound=$(( ($(date +%s) - t0) / 60 * 21 + 21 ))
check "1-2. the log stays bounded under attack ($mhd_lines libmicrohttpd lines, at most $mhd_bound)" \
	test "$mhd_lines" -le "$mhd_bound"
# 5. Request framing a proxy could read otherwise.
hostile framing
# 6. The login throttle.
hostile login khoa mat-khau-cua-khoa

# An office session from 127.0.0.1 for the uploads.
curl -s -c "$T/jar" -H 'Content-Type: application/json' \
	-d "{\"login\":\"vanphong\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT/api/login" >"$T/login.json"
TOKEN=$(sed -n 's/.*tracker_session[[:space:]]*\([^[:space:]]*\)$/\1/p' "$T/jar")
CSRF=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$T/login.json")
check "the office logs in (for the uploads)" test -n "$TOKEN"

# 3. A .docx of flat entity repetition (3 GB expanded): refused unexpanded.
"$PY" "$TOP/tests/mkdocx.py" entities "$T/entities.docx"
tr_ parse "$T/entities.docx"
check "3. the CLI refuses a .docx that declares entities (exit 65)" rc_is 65
check "3. and says why" grep -q "declares a DTD" "$T/err"
code=$(curl -s -o "$T/ent.json" -w '%{http_code}' -b "$T/jar" -H "X-CSRF-Token: $CSRF" \
	-H 'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document' \
	-H 'X-File-Name: entities.docx' --data-binary @"$T/entities.docx" \
	--max-time 60 "http://127.0.0.1:$PORT/api/notices")
check "3. the server refuses it too (400)" test "$code" = 400

# 4. Heavy conversions: two large PDFs at once.
"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("THÔNG BÁO\n")
    for i in range(8000):
        f.write("Giao Sở Nội vụ chủ trì thực hiện nội dung số %d của kế hoạch.\n" % i)
' "$T/lon.txt"
"$PY" "$TOP/tests/mkpdf.py" "$T/lon.txt" "$T/lon.pdf" --lines 1
hostile heavy "$T/lon.pdf" "$TOKEN" "$CSRF"

# 7. A feed token is never written to the access log.
FEED=$("$TRACKER_SAN" --db "$T/h.db" units token "Sở Nội vụ" | sed -n 's/.*\/feeds\/\(.*\)\.ics$/\1/p')
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/feeds/$FEED.ics")
check "7. the feed answers its token" test "$code" = 200
# 10. Odd methods.
hostile method
sleep 1 # the access log is written every half second
check "7. the access log holds a short hash of the token, never the token" \
	sh -c "test -n '$FEED' && ! grep -qF '$FEED' '$T/srv.log' && grep -q '\"GET /feeds/#[0-9a-f]\{8\}\.ics\" 200' '$T/srv.log'"
check "10. the method is sanitised in the access log as the path is" \
	sh -c "grep -q '\"GE?T /healthz\"' '$T/srv.log' && grep -q '\"G?ET /healthz\"' '$T/srv.log' && ! grep -qa \"\$(printf 'GE\\033T')\" '$T/srv.log'"

# 11. Disabling, enabling and removing an account.
printf 'mat-khau-cua-tam\n' | "$TRACKER_SAN" --db "$T/h.db" users add tam --role viewer --password-stdin >/dev/null
login_tam() {
	curl -s -o /dev/null -w '%{http_code}' -c "$T/jar-tam" -H 'Content-Type: application/json' \
		-d '{"login":"tam","password":"mat-khau-cua-tam"}' "http://127.0.0.1:$PORT/api/login"
}
session_tam() {
	curl -s -o /dev/null -w '%{http_code}' -b "$T/jar-tam" "http://127.0.0.1:$PORT/api/session"
}
check "11. tam logs in" test "$(login_tam)" = 200
check "11. and has a session" test "$(session_tam)" = 200
"$TRACKER_SAN" --db "$T/h.db" users disable tam >"$T/dis.out"
check "11. users disable says the sessions ended" grep -q "disabled, sessions ended" "$T/dis.out"
check "11. the session of a disabled account ends at once" test "$(session_tam)" = 401
check "11. a disabled account cannot log in" test "$(login_tam)" = 401
check "11. users list shows it disabled" sh -c "'$TRACKER_SAN' --db '$T/h.db' users list | grep -q '^tam .*(disabled)'"
"$TRACKER_SAN" --db "$T/h.db" users enable tam >/dev/null
check "11. enabled again, it logs in with its password" test "$(login_tam)" = 200
"$TRACKER_SAN" --db "$T/h.db" users remove tam >/dev/null
check "11. a removed account's session ends" test "$(session_tam)" = 401
check "11. a removed account cannot log in" test "$(login_tam)" = 401
check "11. users list no longer shows it" sh -c "! '$TRACKER_SAN' --db '$T/h.db' users list | grep -q '^tam '"
tr_ --db "$T/h.db" users disable nobody
check "11. disabling an unknown login fails" sh -c "[ $rc -ne 0 ] && grep -q \"no user 'nobody'\" '$T/err'"

check "/healthz answers after every attack" sh -c "curl -s --max-time 30 http://127.0.0.1:$PORT/healthz | grep -qx ok"
srv_stop TERM
check "the server stops cleanly after the attacks" test "$srv_rc" -eq 0

tr_ --db "$T/h.db" serve --per-address 0
check "serve --per-address outside 1..512 is a usage error" rc_is 64

# 9. TLS 1.2 or later only, and HSTS over TLS.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 2 \
	-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
if srv_start "$T/tls.log" "$T/h.db" --no-schedule --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"; then
	for v in tls1 tls1_1; do
		echo | openssl s_client -connect "127.0.0.1:$PORT" -"$v" -cipher 'DEFAULT:@SECLEVEL=0' \
			>"$T/$v.out" 2>&1
		check "9. a $v handshake is refused" sh -c \
			"grep -q '^CONNECTED' '$T/$v.out' && ! grep -q 'BEGIN CERTIFICATE\|Cipher is [A-Z]' '$T/$v.out'"
	done
	for v in tls1_2 tls1_3; do
		echo | openssl s_client -connect "127.0.0.1:$PORT" -"$v" >"$T/$v.out" 2>&1
		check "9. a $v handshake is accepted" grep -q 'Cipher is [A-Z]' "$T/$v.out"
	done
	echo | openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 -cipher 'AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0' \
		>"$T/weak.out" 2>&1
	check "9. TLS 1.2 without forward secrecy or with CBC is refused" sh -c "! grep -q 'Cipher is [A-Z]' '$T/weak.out'"
	check "9. HSTS is sent over TLS" sh -c \
		"curl -skI https://127.0.0.1:$PORT/healthz | grep -qi '^strict-transport-security: max-age=[0-9]'"
	srv_stop TERM
else
	not_ok "serve starts with TLS"
	cat "$T/tls.log"
fi

t_done
