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

# Every .docx original gives text from which the parser finds the tasks of
# the .txt beside it (made from that .docx; see SOURCES.md): the same
# number of tasks, and for each in order the same ref, owners, co-owners,
# due date, due kind and recurrence.  The texts themselves may differ in
# white space (the .txt kept some trailing and leading spaces).
for f in "$dir"/*.docx; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	txt="${f%.docx}.txt"
	if ! "$TRACKER" parse --json "$f" >"$tmp/docx.json" 2>"$tmp/err"; then
		echo "not ok - realdocs $name: exit $? $(head -c 300 "$tmp/err")"
		continue
	fi
	"$TRACKER" parse --json "$txt" >"$tmp/txt.json" 2>/dev/null
	if why=$("$PY" - "$tmp/docx.json" "$tmp/txt.json" <<'PYEOF'
import json, sys
a, b = (json.load(open(p))["tasks"] for p in sys.argv[1:3])
key = lambda t: (t["ref"], t["owners"], t["co_owners"], t["due"], t["due_kind"], t["recurrence"])
if len(a) != len(b):
    print("%d tasks from the .docx, %d from the .txt" % (len(a), len(b)))
    sys.exit(1)
for x, y in zip(a, b):
    if key(x) != key(y):
        print("task %s differs: %r vs %r" % (y["ref"], key(x), key(y)))
        sys.exit(1)
print(len(a))
PYEOF
	); then
		echo "ok - realdocs $name gives the tasks of its .txt ($why tasks)"
	else
		echo "not ok - realdocs $name: $why"
	fi
done
