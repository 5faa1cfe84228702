#!/bin/sh
# web_bench.sh - the dashboard API under load, beside two baselines serving
# the same response bytes in the same run: a bare libmicrohttpd program
# answering from memory (the ceiling of our stack) and nginx serving a file.
# Prints req/s, the ratios and p99 latency for GET /api/tasks?unit=... (50
# tasks) and GET /api/summary over 100,000 tasks, the calendar feed's 304
# path beside bare libmicrohttpd answering 304, and the server's RSS idle
# and loaded.  Asserts nothing.  Run by `make bench` from the top of the tree.
set -u
TOP=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/web_bench.XXXXXX")
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
DURATION=${WEB_BENCH_SECONDS:-5}
CONNS=32

for tool in wrk nginx curl; do
	command -v $tool >/dev/null 2>&1 || [ -x /usr/sbin/$tool ] || {
		echo "web: $tool is missing (sh scripts/bootstrap.sh --bench installs it)"; exit 0; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

build/web-seed "$T/web.db" || exit 1
# The seeded units are written by plain SQL, so the database records no
# units file; named explicitly, sample-data's directory is synced in as a
# command does (a fallback found in the tree would refuse to replace it).
export TRACKER_UNITS="$TOP/sample-data/units.json"
printf 'bench-password\n' | build/tracker --db "$T/web.db" users add bench --role viewer --password-stdin >/dev/null
build/tracker --db "$T/web.db" serve --listen 127.0.0.1:0 --no-schedule --today 2026-11-23 >"$T/srv.out" 2>"$T/srv.log" &
SRV=$!
PIDS="$PIDS $SRV"
PORT=
i=0
while [ -z "$PORT" ] && [ $i -lt 300 ]; do
	PORT=$(sed -n 's/^tracker: serving on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$T/srv.log")
	sleep 0.1
	i=$((i + 1))
done
[ -n "$PORT" ] || { echo "web: the server did not start"; cat "$T/srv.log"; exit 1; }
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$1/status"; }
IDLE=$(rss $SRV)
COOKIE=$(curl -s -i -H 'Content-Type: application/json' -d '{"login":"bench","password":"bench-password"}' \
	"http://127.0.0.1:$PORT/api/login" | sed -n 's/^Set-Cookie: \(tracker_session=[^;]*\).*/\1/p')

# wrk's figures: "Requests/sec:  1234.56" and the latency distribution's 99%.
run_wrk() { # URL [header]
	if [ $# -gt 1 ]; then
		wrk -t2 -c$CONNS -d1s -H "$2" "$1" >/dev/null 2>&1
		wrk -t2 -c$CONNS -d${DURATION}s --latency -H "$2" "$1" >"$T/wrk.out" 2>&1
	else
		wrk -t2 -c$CONNS -d1s "$1" >/dev/null 2>&1
		wrk -t2 -c$CONNS -d${DURATION}s --latency "$1" >"$T/wrk.out" 2>&1
	fi
	RPS=$(awk '/^Requests\/sec:/ {print int($2)}' "$T/wrk.out")
	P99=$(awk '$1 == "99%" {print $2}' "$T/wrk.out")
	NON2XX=$(awk '/Non-2xx/ {print $NF}' "$T/wrk.out")
}

mkdir -p "$T/www"
BPORT=$((PORT + 1))
NPORT=$((PORT + 2))
cat >"$T/nginx.conf" <<NGX
worker_processes 2;
daemon off;
pid $T/nginx.pid;
error_log $T/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	types { application/json json; }
	server { listen 127.0.0.1:$NPORT; root $T/www; }
}
NGX
"$NGINX" -c "$T/nginx.conf" -p "$T" >/dev/null 2>&1 &
PIDS="$PIDS $!"

for path in "/api/tasks?unit=1234" "/api/summary"; do
	curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" >"$T/www/resp.json"
	bytes=$(wc -c <"$T/www/resp.json" | tr -d ' ')
	build/bare-mhd $BPORT "$T/www/resp.json" &
	BARE=$!
	sleep 0.3
	run_wrk "http://127.0.0.1:$PORT$path" "Cookie: $COOKIE"
	ours=$RPS ours_p99=$P99 ours_bad=${NON2XX:-0}
	run_wrk "http://127.0.0.1:$BPORT$path"
	bare=$RPS bare_p99=$P99
	run_wrk "http://127.0.0.1:$NPORT/resp.json"
	ngx=$RPS ngx_p99=$P99
	kill $BARE
	wait $BARE 2>/dev/null
	echo "web: GET $path ($bytes bytes, wrk -t2 -c$CONNS ${DURATION}s):"
	echo "web:   tracker $ours req/s (p99 $ours_p99, non-2xx $ours_bad) | bare libmicrohttpd $bare req/s (p99 $bare_p99) | nginx $ngx req/s (p99 $ngx_p99)"
	awk -v o="$ours" -v b="$bare" -v n="$ngx" 'BEGIN {
		printf "web:   tracker/bare %.2f (goal >= 0.70), tracker/nginx %.2f, bare/nginx %.2f\n",
			o / b, o / n, b / n }'
done
# The feed's conditional GET: calendar clients poll hourly and almost
# always hold the current ETag, so the 304 path is the one that counts.
FEED=$(build/tracker --db "$T/web.db" units token "Đơn vị 1234" --base-url "http://127.0.0.1:$PORT" 2>/dev/null |
	grep -o 'http://[^ ]*\.ics' | head -1)
if [ -n "$FEED" ]; then
	ETAG=$(curl -s -o /dev/null -D - "$FEED" | sed -n 's/^ETag: \(.*\)\r$/\1/p')
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$FEED")
	: >"$T/www/empty"
	build/bare-mhd $BPORT "$T/www/empty" "text/calendar; charset=utf-8" &
	BARE=$!
	sleep 0.3
	run_wrk "$FEED" "If-None-Match: $ETAG"
	ours=$RPS ours_p99=$P99
	run_wrk "http://127.0.0.1:$BPORT/feed.ics" 'If-None-Match: "bench"'
	bare=$RPS bare_p99=$P99
	kill $BARE
	wait $BARE 2>/dev/null
	echo "web: GET /feeds/<token>.ics with If-None-Match (answer $code):"
	echo "web:   tracker $ours req/s (p99 $ours_p99) | bare libmicrohttpd 304 $bare req/s (p99 $bare_p99)"
	awk -v o="$ours" -v b="$bare" 'BEGIN { printf "web:   tracker/bare %.2f (goal >= 0.70)\n", o / b }'
else
	echo "web: could not make a feed token for the 304 benchmark"
fi
echo "web: server RSS idle ${IDLE} MB (goal < 30 MB), after load $(rss $SRV) MB, peak $(hwm $SRV) MB"
