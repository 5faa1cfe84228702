#!/bin/sh
# t_install.sh - `make install DESTDIR=... PREFIX=/usr` installs the binary,
# the default units file and the systemd units (issue 19, operations), and
# the units pass `systemd-analyze verify` with ExecStart pointed at the
# built binary, without a warning, and its offline security review rates
# the service's sandbox "OK" (exposure under 2.0).  Where systemd-analyze
# is missing those checks print "ok - ... # skipped" lines and say so.
# The sandbox's promises (DynamicUser, StateDirectory, ProtectSystem=strict,
# NoNewPrivileges, a private /tmp) are read from the installed files.
# Prints "ok - ..." / "not ok - ...".

. "$(dirname "$0")/lib.sh"
t_setup t_install
ROOT="$T/root"

make -s -C "$TOP" install DESTDIR="$ROOT" PREFIX=/usr INSTALL_BIN="$TRACKER" >"$T/out" 2>"$T/err"
rc=$?
check "make install DESTDIR=... PREFIX=/usr exits 0" rc_is 0
check "installs the binary, executable" test -x "$ROOT/usr/bin/tracker"
check "the installed binary runs" eval '"$ROOT/usr/bin/tracker" --version 2>"$T/err" | grep -q "^tracker "'
check "installs the default units file" cmp -s "$ROOT/usr/share/tracker/units.json" "$TOP/sample-data/units.json"
SD="$ROOT/usr/lib/systemd/system"
check "installs tracker.service, tracker-backup.service and tracker-backup.timer" \
	test -f "$SD/tracker.service" -a -f "$SD/tracker-backup.service" -a -f "$SD/tracker-backup.timer"
check "with the installed paths filled in" \
	eval 'grep -q "^ExecStart=/usr/bin/tracker --db /var/lib/tracker/tracker.db serve" "$SD/tracker.service" &&
		grep -q "^Environment=TRACKER_UNITS=/usr/share/tracker/units.json" "$SD/tracker.service" &&
		! grep -q "@[A-Z]*@" "$SD/tracker.service" "$SD/tracker-backup.service"'
for u in tracker.service tracker-backup.service; do
	check "$u runs sandboxed: a dynamic user, its own state folder, the rest read-only, no new privileges, private /tmp" \
		eval 'grep -qx "DynamicUser=yes" "$SD/$u" && grep -q "^StateDirectory=tracker" "$SD/$u" &&
			grep -qx "ProtectSystem=strict" "$SD/$u" && grep -qx "NoNewPrivileges=yes" "$SD/$u" &&
			grep -qx "PrivateTmp=yes" "$SD/$u" && grep -qx "CapabilityBoundingSet=" "$SD/$u" &&
			grep -qx "User=tracker" "$SD/$u"'
done
check "the service writes only under its state folder (database, outbox)" \
	eval 'grep -q "serve .*--outbox /var/lib/tracker/outbox" "$SD/tracker.service" && grep -q "^StateDirectory=tracker tracker/outbox" "$SD/tracker.service"'
check "the backup keeps 14 copies, daily" \
	eval 'grep -q "backup /var/lib/tracker/backups --keep 14" "$SD/tracker-backup.service" && grep -q "^OnCalendar=\*-\*-\* " "$SD/tracker-backup.timer" && grep -qx "Persistent=true" "$SD/tracker-backup.timer"'

if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$T/verify"
	for u in tracker.service tracker-backup.service tracker-backup.timer; do
		sed "s|^ExecStart=/usr/bin/tracker|ExecStart=$TRACKER|" "$SD/$u" >"$T/verify/$u"
	done
	( cd "$T/verify" && systemd-analyze verify --man=no ./tracker.service ./tracker-backup.service \
		./tracker-backup.timer ) >"$T/verify.out" 2>&1
	rc=$?
	check "systemd-analyze verify accepts the three units, without a warning" \
		eval 'rc_is 0 && ! test -s "$T/verify.out" || { sed "s/^/#   /" "$T/verify.out"; false; }'
	# README's drop-in for TLS without a proxy, as `systemctl edit` would place it.
	mkdir -p "$T/verify/tracker.service.d"
	sed -n '/^```ini$/,/^```$/p' "$TOP/README.md" | sed '1d;$d' |
		sed "s|^ExecStart=/usr/bin/tracker|ExecStart=$TRACKER|" >"$T/verify/tracker.service.d/tls.conf"
	( cd "$T/verify" && systemd-analyze verify --man=no ./tracker.service ) >"$T/verify.out" 2>&1
	rc=$?
	check "with README's TLS drop-in too (credentials, a new ExecStart)" \
		eval 'grep -q "^LoadCredential=tls.key:" "$T/verify/tracker.service.d/tls.conf" && rc_is 0 && ! test -s "$T/verify.out" || { sed "s/^/#   /" "$T/verify.out"; false; }'
	rm -r "$T/verify/tracker.service.d"
	for u in tracker.service tracker-backup.service; do
		lvl=$(cd "$T/verify" && systemd-analyze security --offline=yes "./$u" 2>/dev/null |
			sed -n 's/^.*Overall exposure level for [^:]*: \([0-9.]*\).*$/\1/p')
		echo "# $u: exposure $lvl (systemd-analyze security --offline)"
		check "systemd-analyze security rates $u's sandbox under 2.0" \
			$PY -c "import sys; sys.exit(0 if '$lvl' and float('$lvl') < 2.0 else 1)"
	done
else
	echo "ok - systemd-analyze verify of the units # SKIP skipped: systemd-analyze is not installed (Debian package systemd)"
	echo "ok - systemd-analyze security of the units # SKIP skipped: systemd-analyze is not installed"
fi
t_done
