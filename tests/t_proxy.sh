#!/bin/sh
# t_proxy.sh - `tracker serve --behind-proxy` behind nginx with README's
# configuration block (taken from README.md itself, so the two cannot
# drift): over HTTPS through nginx the session cookie is Secure and the
# access log names the real client; X-Forwarded-For is believed only with
# --behind-proxy, only from loopback, and only when it is an address.
# Where nginx is missing the nginx checks print "# skipped" lines.
# Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_proxy
NGINX_PID=
stop_nginx() {
	if [ -n "$NGINX_PID" ]; then
		kill "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
		NGINX_PID=
	fi
}
trap 'stop_nginx; t_cleanup' EXIT
cd "$T" || exit 2
DB="$T/p.db"
tr_ --db "$DB" import --today 2026-11-20 "$TOP/sample-data"
# wait_log PATTERN FILE: up to 10 s for the access log line (written after
# the response goes out); true when it is there.
wait_log() {
	_w=0
	while ! grep -q "$1" "$2" && [ $_w -lt 100 ]; do
		sleep 0.1
		_w=$((_w + 1))
	done
	grep -q "$1" "$2"
}
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- without --behind-proxy the headers are ignored ------------------------
srv_start "$T/plain.log" "$DB" --no-schedule --today 2026-11-23 || { not_ok "serve starts"; exit 1; }
curl -s -o /dev/null -H 'X-Forwarded-For: 10.9.8.7' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/healthz"
srv_stop TERM
check "without --behind-proxy X-Forwarded-For is not believed" \
	eval "grep -q '^127\.0\.0\.1 .*GET /healthz' '$T/plain.log' && ! grep -q '10\.9\.8\.7' '$T/plain.log'"

srv_start "$T/srv.log" "$DB" --no-schedule --today 2026-11-23 --behind-proxy || { not_ok "serve --behind-proxy starts"; exit 1; }
PW=$($PY -c "import sys; sys.path.insert(0, '$TOP/tests'); from ops_client import office_password; print(office_password('$DB.password'))")
curl -s -o /dev/null -H 'X-Forwarded-For: 1.2.3.4, 10.0.0.1 x' "http://127.0.0.1:$PORT/healthz"
curl -s -o /dev/null -H 'X-Forwarded-For: 2001:db8::5' "http://127.0.0.1:$PORT/api/session"
check "an IPv6 address is taken" wait_log '^2001:db8::5 .*GET /api/session' "$T/srv.log"
check "a last X-Forwarded-For entry that is not an address is ignored" \
	eval "wait_log '^127\.0\.0\.1 .*GET /healthz' '$T/srv.log' && ! grep -q '^10\.0\.0\.1' '$T/srv.log'"

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
	echo "ok - README's nginx block in front of the server # SKIP skipped: nginx is not installed"
	srv_stop TERM
	t_done
	exit $?
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=theodoi.example.gov.vn" \
	-keyout key.pem -out cert.pem >/dev/null 2>&1
NPORT=$(free_port)
mkdir -p ntmp
# README's block, with a loopback port, the test's certificate and the server's port.
sed -n '/^```nginx$/,/^```$/p' "$TOP/README.md" | sed '1d;$d' |
	sed -e "s|listen 443 ssl;|listen 127.0.0.1:$NPORT ssl;|" \
	    -e "s|ssl_certificate  *[^;]*fullchain.pem;|ssl_certificate $T/cert.pem;|" \
	    -e "s|ssl_certificate_key  *[^;]*;|ssl_certificate_key $T/key.pem;|" \
	    -e "s|proxy_pass http://127.0.0.1:8080;|proxy_pass http://127.0.0.1:$PORT;|" >site.conf
check "README has an nginx block with the forwarded headers" \
	eval 'grep -q "X-Forwarded-For \$remote_addr" site.conf && grep -q "X-Forwarded-Proto \$scheme" site.conf && grep -q "127.0.0.1:$PORT" site.conf'
{
	[ "$(id -u)" = 0 ] && echo "user root;"
	cat <<EOF
daemon off;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $T/ntmp/body;
    proxy_temp_path $T/ntmp/proxy;
    fastcgi_temp_path $T/ntmp/fcgi;
    uwsgi_temp_path $T/ntmp/uwsgi;
    scgi_temp_path $T/ntmp/scgi;
    include $T/site.conf;
}
EOF
} >nginx.conf
"$NGINX" -p "$T" -c "$T/nginx.conf" >/dev/null 2>"$T/nginx.err" &
NGINX_PID=$!
i=0
while ! curl -sk -o /dev/null "https://127.0.0.1:$NPORT/healthz" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && { not_ok "nginx starts"; cat "$T/nginx.err" "$T/nginx-error.log" 2>/dev/null | sed 's/^/#   /'; break; }
	sleep 0.1
done
printf '{"login":"vanphong","password":"%s"}' "$PW" >login.json
curl -sk --interface 127.0.0.7 -D headers.txt -o login.out -H 'Content-Type: application/json' \
	--data-binary @login.json "https://127.0.0.1:$NPORT/api/login"
check "through nginx over HTTPS, login answers 200" grep -q '^HTTP/[0-9.]* 200' headers.txt
check "and the session cookie is Secure" grep -qi '^set-cookie: tracker_session=.*; Secure' headers.txt
check "the access log names the client nginx saw (127.0.0.7), not nginx" \
	wait_log '^127\.0\.0\.7 .*POST /api/login' "$T/srv.log"
stop_nginx
srv_stop TERM
check "the server stops cleanly" test "$srv_rc" = 0
t_done
