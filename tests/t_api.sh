#!/bin/sh
# t_api.sh - the HTTP server end to end: starts `tracker serve` (the
# sanitizer build) on a free loopback port over a fresh database of the
# sample notices, drives every API endpoint with tests/api_check.py, then
# stops it with SIGTERM and checks it stopped cleanly (exit 0: no leak, no
# sanitizer report).  Also serves over TLS with a throwaway certificate.
# Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_api

# Starts the server over $T/api.db with "$@" appended; sets SRV_PID and PORT.
start_srv() {
	log=$1
	shift
	srv_start "$log" "$T/api.db" --no-schedule "$@"
}

tr_ --db "$T/api.db" import "$TOP/sample-data/"
rc_is 0 || { cat "$T/err"; exit 1; }

if start_srv "$T/srv.log" --today 2026-11-23 --body-limit 65536; then
	ok "serve starts on a free port ($PORT)"
else
	not_ok "serve starts"
	cat "$T/srv.log"
	exit 1
fi
PW=$(cat "$T/api.db.password" 2>/dev/null)
check "the first start creates the office account, its password in a file only this user reads" \
	sh -c "test -n '$PW' && [ \"\$(stat -c %a '$T/api.db.password')\" = 600 ] && grep -qF '$T/api.db.password' '$T/srv.log'"
check "the first password is not on stdout when that is no terminal (the journal)" \
	sh -c "! grep -qF '$PW' '$T/srv.log.out' && ! grep -qF '$PW' '$T/srv.log'"

# Users added from the command line while the server runs (another writer).
printf 'mat-khau-so-noi-vu\n' | "$TRACKER_SAN" --db "$T/api.db" users add sonv --role unit --unit "Sở Nội vụ" --password-stdin >/dev/null
printf 'mat-khau-nguoi-xem\n' | "$TRACKER_SAN" --db "$T/api.db" users add xem --role viewer --password-stdin >/dev/null
printf 'dung-mat-khau-1\n' | "$TRACKER_SAN" --db "$T/api.db" users add khoa --role office --password-stdin >/dev/null
check "users list shows the roles" sh -c "'$TRACKER_SAN' --db '$T/api.db' users list | grep -q '^sonv *unit *Sở Nội vụ'"
check "a short password is refused" sh -c "! printf 'short\n' | '$TRACKER_SAN' --db '$T/api.db' users add ngan --role viewer --password-stdin"
check "a unit user needs a unit" sh -c "! printf 'long enough pw\n' | '$TRACKER_SAN' --db '$T/api.db' users add u2 --role unit --password-stdin"
check "passwords are stored hashed (yescrypt), never in clear" sh -c \
	"sqlite3 '$T/api.db' 'SELECT pw_hash FROM users' | grep -q '^\\\$y\\\$' && ! grep -qa 'mat-khau-so-noi-vu' '$T/api.db'"

TRACKER="$TRACKER_SAN" TRACKER_TEST_DB="$T/api.db" "$PY" "$TOP/tests/api_check.py" "http://127.0.0.1:$PORT" "$PW" mat-khau-so-noi-vu mat-khau-nguoi-xem
[ $? -eq 0 ] || failed=$((failed + 1))

check "session tokens are stored as SHA-256 digests" sh -c \
	"[ \"\$(sqlite3 '$T/api.db' 'SELECT DISTINCT length(token_hash) FROM sessions')\" = 32 ]"
check "the access log has a line per request" grep -q '"GET /api/summary" 200' "$T/srv.log"
# A path that unescapes to a newline must not forge an access-log line.
curl -s -o /dev/null "http://127.0.0.1:$PORT/x%0A6.6.6.6%20forged%20%22GET%20/api/summary%22%20200"
sleep 1
check "an escaped newline in the path does not forge a log line" sh -c \
	"! grep -q '^6\.6\.6\.6 forged' '$T/srv.log' && grep -q '\"GET /x?6\.6\.6\.6' '$T/srv.log'"
srv_stop TERM
if [ $srv_rc -eq 0 ] && grep -q '^tracker: stopped' "$T/srv.log"; then
	ok "SIGTERM stops the server cleanly (exit 0, no sanitizer report)"
else
	not_ok "SIGTERM stops the server cleanly (exit $srv_rc)"
	grep -v '^127\.0\.0\.1' "$T/srv.log" | tail -40
fi

# TLS with a throwaway self-signed certificate.
if command -v openssl >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 2 \
		-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
	if start_srv "$T/tls.log" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"; then
		check "serves over TLS (--tls-cert, --tls-key)" sh -c \
			"curl -sk https://127.0.0.1:$PORT/healthz | grep -qx ok"
		check "plain HTTP is not answered on the TLS port" sh -c \
			"! curl -s --max-time 5 http://127.0.0.1:$PORT/healthz | grep -qx ok"
		srv_stop INT
		check "SIGINT stops the TLS server cleanly" test $srv_rc -eq 0
	else
		not_ok "serve starts with TLS"
		cat "$T/tls.log"
	fi
	check "a missing key file is a clear error" sh -c \
		"'$TRACKER_SAN' --db '$T/api.db' serve --listen 127.0.0.1:0 --tls-cert '$T/cert.pem' --tls-key '$T/nope.pem' 2>&1 | grep -q \"cannot read '$T/nope.pem'\""
else
	echo "not ok - openssl and curl are needed for the TLS test"
	failed=$((failed + 1))
fi

t_done
