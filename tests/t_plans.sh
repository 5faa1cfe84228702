#!/bin/sh
# t_plans.sh - no statement of the store scans a table that grows with use
# (tests/plans.py says how statements are found and what a bounded scan is).
. "$(dirname "$0")/lib.sh"
t_setup t_plans
tr_ --db "$T/db" import sample-data/
check "sample-data imports" rc_is 0
# shellcheck disable=SC2046
"$PY" tests/plans.py "$T/db" "${CC:-cc}" -D_DEFAULT_SOURCE -D_GNU_SOURCE -I. \
	$(pkg-config --cflags sqlite3 libical libmicrohttpd libcjson libcurl libutf8proc libcrypto libcrypt libzip libxml-2.0) \
	|| failed=$((failed + 1))
t_done
