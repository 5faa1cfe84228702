#!/bin/sh
# bootstrap.sh - install the Debian packages the build and the tests need.
#
# Called by the Makefile before anything is compiled (and by .ci/run).  On a
# Debian-like system it installs what is missing with apt-get (through sudo
# when not root); elsewhere it says what to install and fails.
set -eu

# -dev packages the C build links against, then the tools the tests use
# (hunspell-vi: tests/t_syllable.sh regenerates notices/syllable_tab.c from it).
BUILD_PKGS="build-essential pkg-config libsqlite3-dev libical-dev libmicrohttpd-dev libcjson-dev libcurl4-openssl-dev libutf8proc-dev libssl-dev libcrypt-dev libzip-dev libxml2-dev libxlsxwriter-dev"
TEST_PKGS="python3 sqlite3 clang python3-aiosmtpd poppler-utils python3-icalendar chromium openssl curl hunspell-vi python3-docx python3-openpyxl libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2"

# Benchmark tools, only with --bench (make bench): wrk and nginx.
BENCH_PKGS=""
[ "${1:-}" = "--bench" ] && BENCH_PKGS="wrk nginx-light"

missing=""
for p in $BUILD_PKGS $TEST_PKGS $BENCH_PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "bootstrap: this is not a Debian-like system; install the equivalents of:" >&2
	echo "  $missing" >&2
	echo "  (sqlite3, libical, libmicrohttpd, cJSON, libcurl, utf8proc, libzip, libxml2 development files, pkg-config, python3, poppler-utils)" >&2
	exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "bootstrap: not root and no sudo; as root run: apt-get install$missing" >&2
		exit 1
	fi
fi
echo "bootstrap: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
