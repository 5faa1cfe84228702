# lib.sh - the harness of the end-to-end tests, sourced by each tests/t_*.sh
# that runs the binary, from the top of the tree (tests/run.sh runs them
# there):
#
#	. "$(dirname "$0")/lib.sh"
#	t_setup t_cli                   # $T: a fresh directory, removed at exit
#	tr_ parse a.txt                 # $rc, $T/out, $T/err
#	check "parse exits 0" rc_is 0
#	t_done                          # the script's status: 0 when none failed
#
# Every assertion prints "ok - NAME" or "not ok - NAME"; tests/run.sh counts
# those lines.  Every run of the binary has its stderr searched for a report
# of AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer: a report
# is a failure of its own, whatever the exit code and whatever the check
# around the run asserts.  Runs through tr_ are searched at once, a server's
# log when srv_stop stops it; runs made by another program (a scorer,
# api_check.py) or inside a pipeline go through $TRACKER_SAN, whose reports
# t_done counts; any other run calls san_check on the file of its stderr.
#
# $TRACKER is the binary under test (the sanitizer build by default), made
# absolute here so that scripts may cd; $TOP is the top of the tree.

: "${TRACKER:=build/san/tracker}"
case $TRACKER in
/*) ;;
*) TRACKER="$(pwd)/$TRACKER" ;;
esac
TOP=$(pwd)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
# What a sanitizer writes on stderr, as a grep pattern: "ERROR:
# AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:" (UBSan).
SAN_RE='Sanitizer\|runtime error:'
failed=0
SRV_PID=

# t_setup NAME: $T, a fresh temporary directory removed at exit (with the
# server of srv_start, if one still runs), $TRACKER_SAN, and an environment
# of the test's own: no database, base URL or mail settings from the caller,
# the sample units directory unless the script exports another.  A script
# that has more to stop sets its own EXIT trap and calls t_cleanup from it.
t_setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 2
	trap t_cleanup EXIT
	trap 'exit 2' INT TERM
	unset TRACKER_DB TRACKER_BASE_URL TRACKER_MAIL_FROM TRACKER_SMTP_URL \
		TRACKER_SMTP_USER TRACKER_SMTP_PASSWORD
	export TRACKER_UNITS="$TOP/sample-data/units.json"
	TRACKER_SAN="$T/tracker-san"
	cat >"$TRACKER_SAN" <<EOF
#!/bin/sh
# The binary under test, for callers that keep its stderr to themselves or
# run it in a pipeline: exit code, stdin and stdout are the binary's, stderr
# comes out when it exits, and a sanitizer report is kept in
# $T/sanitizer.log for t_done.
e=\$(mktemp "$T/stderr.XXXXXX") || exit 70
"$TRACKER" "\$@" 2>"\$e"
rc=\$?
cat "\$e" >&2
if grep -q '$SAN_RE' "\$e"; then
	{ echo "tracker \$*"; cat "\$e"; } >>"$T/sanitizer.log"
fi
rm -f "\$e"
exit \$rc
EOF
	chmod +x "$TRACKER_SAN"
}

t_cleanup() {
	smtp_stop
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=
	fi
	rm -rf "$T"
}

# t_done: the runs through $TRACKER_SAN had no sanitizer report (said only
# when one had); the script's exit status, 0 when no check failed.
t_done() {
	[ -s "$T/sanitizer.log" ] && san_check "$T/sanitizer.log" "the runs through \$TRACKER_SAN"
	[ "$failed" -eq 0 ]
}

ok() { echo "ok - $1"; }
# not_ok NAME: a failure; the start of the last run's stderr follows.
not_ok() {
	echo "not ok - $1"
	failed=$((failed + 1))
	[ -s "$T/err" ] && sed 's/^/#   stderr: /' "$T/err" | head -5
	return 0
}
# check NAME COMMAND...: ok when COMMAND succeeds.
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# san_check FILE WHAT: FILE, the stderr of WHAT, holds no sanitizer report;
# says so only when it does, as a failure.
san_check() {
	if grep -q "$SAN_RE" "$1"; then
		not_ok "no sanitizer report from: $2"
		sed 's/^/#   /' "$1" | head -20
	fi
	return 0
}

# tr_ ARGS...: runs tracker ARGS (300 s at most); sets $rc, stdout in
# $T/out, stderr in $T/err.  Returns 0 whatever tracker returned.
tr_() {
	timeout 300 "$TRACKER" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	san_check "$T/err" "tracker $*"
}
rc_is() { test "$rc" = "$1"; }
out_has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }

# srv_start LOG DB [ARGS...]: starts `tracker --db DB serve --listen
# 127.0.0.1:0 ARGS...` in the background (the kernel picks a free port),
# stdout in LOG.out and stderr in LOG, and waits (60 s at most) for the line
# that names its address.  Sets SRV_PID and PORT; returns 1 when the server
# exits first or never says.
srv_start() {
	SRV_LOG=$1
	db=$2
	shift 2
	: >"$SRV_LOG"
	"$TRACKER" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$SRV_LOG.out" 2>"$SRV_LOG" &
	SRV_PID=$!
	PORT=
	i=0
	while [ $i -lt 600 ]; do
		PORT=$(sed -n 's/^tracker: serving on https\{0,1\}:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$SRV_LOG")
		[ -n "$PORT" ] && return 0
		kill -0 "$SRV_PID" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# srv_stop [SIGNAL]: sends SIGNAL (TERM) to the server of srv_start and
# waits for it; sets $srv_rc to its exit status.  A sanitizer report in its
# log is a failure.
srv_stop() {
	kill -"${1:-TERM}" "$SRV_PID" 2>/dev/null
	# A guard against a hang, not a timing: a server that has not stopped
	# 120 s after the signal is a failure, and is killed so the run goes on.
	_i=0
	while kill -0 "$SRV_PID" 2>/dev/null && [ $_i -lt 1200 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if kill -0 "$SRV_PID" 2>/dev/null; then
		not_ok "tracker serve stops within 120 s of SIG${1:-TERM}"
		kill -9 "$SRV_PID" 2>/dev/null
	fi
	wait "$SRV_PID"
	srv_rc=$?
	SRV_PID=
	san_check "$SRV_LOG" "tracker serve"
}

# smtp_start MAILDIR: a real SMTP server (python3-aiosmtpd) on
# 127.0.0.1:$SMTP_PORT, delivering each message into the Maildir MAILDIR;
# fails the script when it does not start.  SMTP_PORT is picked on the
# first start and kept, so a URL built from it stays right across restarts
# (srv_start's PORT is the HTTP server's); smtp_pick_port picks it ahead.
# smtp_stop stops the server; t_cleanup does too.
SMTP_PID=
SMTP_PORT=
smtp_pick_port() {
	[ -n "$SMTP_PORT" ] || SMTP_PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
}
smtp_start() {
	smtp_pick_port
	mkdir -p "$1/tmp" "$1/new" "$1/cur"
	$PY -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$1" \
		>>"$T/smtp.log" 2>&1 &
	SMTP_PID=$!
	i=0
	while ! $PY -c "import socket; socket.create_connection(('127.0.0.1', $SMTP_PORT), 1)" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "not ok - the SMTP server did not start"; cat "$T/smtp.log"; exit 1; }
		sleep 0.1
	done
}
smtp_stop() {
	if [ -n "$SMTP_PID" ]; then
		kill "$SMTP_PID" 2>/dev/null
		wait "$SMTP_PID" 2>/dev/null
		SMTP_PID=
	fi
}

# py_mail MAILDIR EXPR: EXPR over `msgs` (the Maildir's messages as
# email.message objects) is true; body(m) is the plain text part, rcpt(m)
# the envelope recipient aiosmtpd recorded, subj(m) the subject and
# subject_starts(P) the mails whose subject starts with P.  Lists the mails
# when false.
py_mail() {
	$PY - "$1" "$2" <<'PYEOF'
import email, email.policy, mailbox, sys
box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
msgs = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default) for k in box.keys()]
def body(m):
    p = m.get_body(("plain",))
    return p.get_content() if p else ""
def rcpt(m):
    return m.get("X-RcptTo", "")
def subj(m):
    return str(m["Subject"])
def subject_starts(p):
    return [m for m in msgs if subj(m).startswith(p)]
ok = eval(sys.argv[2])
if not ok:
    for m in msgs:
        print("#   ", rcpt(m), "|", str(m["Subject"]), file=sys.stderr)
sys.exit(0 if ok else 1)
PYEOF
}
