#!/bin/sh
# t_realdocs.sh - every real document in ../shared/realdocs parses under
# ASan+UBSan without an error: exit 0 and one well-formed JSON object.
# The corpus is not part of the project; without it the test says so.
: "${TRACKER:=build/san/tracker}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
dir=../shared/realdocs
if [ ! -d "$dir" ]; then
	echo "ok - realdocs skipped: $dir not present"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$dir"/*.txt; do
	name=$(basename "$f")
	if "$TRACKER" parse --json "$f" >"$tmp/out.json" 2>"$tmp/err"; then
		if "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["tasks"], list) and "notice" in d' "$tmp/out.json" 2>/dev/null; then
			echo "ok - realdocs $name parses ($("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tasks"]))' "$tmp/out.json") tasks)"
		else
			echo "not ok - realdocs $name: output is not the contract's JSON"
		fi
	else
		echo "not ok - realdocs $name: exit $? $(head -c 300 "$tmp/err")"
	fi
done
