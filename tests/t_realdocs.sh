#!/bin/sh
# t_realdocs.sh - every real document in ../shared/realdocs parses under
# ASan+UBSan without an error: exit 0 and one well-formed JSON object.
# The corpus is not part of the project; without it the test says so.
. "$(dirname "$0")/lib.sh"
dir=../shared/realdocs
if [ ! -d "$dir" ]; then
	echo "ok - realdocs skipped: $dir not present"
	exit 0
fi
t_setup t_realdocs
for f in "$dir"/*.txt; do
	name=$(basename "$f")
	tr_ parse --json "$f"
	if rc_is 0; then
		if "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["tasks"], list) and "notice" in d' "$T/out" 2>/dev/null; then
			ok "realdocs $name parses ($("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["tasks"]))' "$T/out") tasks)"
		else
			not_ok "realdocs $name: output is not the contract's JSON"
		fi
	else
		not_ok "realdocs $name: exit $rc $(head -c 300 "$T/err")"
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
	tr_ parse --json "$f"
	if ! rc_is 0; then
		not_ok "realdocs $name: exit $rc $(head -c 300 "$T/err")"
		continue
	fi
	cp "$T/out" "$T/docx.json"
	tr_ parse --json "$txt"
	if why=$("$PY" - "$T/docx.json" "$T/out" <<'PYEOF'
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
		ok "realdocs $name gives the tasks of its .txt ($why tasks)"
	else
		not_ok "realdocs $name: $why"
	fi
done
t_done
