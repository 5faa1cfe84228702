#!/bin/sh
# t_explain_words.sh - the import preview tells the parser's reasons in
# Vietnamese: runs `parse --json --explain` over the sample notices and
# letters and checks their wording with tests/explain_check.mjs (node, the
# dashboard's own web/static/explain.js).
# Prints "ok - ..." / "not ok - ..." per assertion.

. "$(dirname "$0")/lib.sh"
t_setup t_explain_words

if ! command -v node >/dev/null 2>&1; then
	echo "not ok - the wording check needs node"
	exit 1
fi
i=0
for f in "$TOP"/sample-data/*.txt "$TOP"/sample-data/letters/*.txt; do
	i=$((i + 1))
	tr_ parse --json --explain "$f"
	rc_is 0 || not_ok "parse --explain $(basename "$f")"
	cp "$T/out" "$T/p$i.json"
done
node "$TOP/tests/explain_check.mjs" "$T"/p*.json
rc=$?
t_done && [ $rc -eq 0 ]
