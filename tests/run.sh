#!/bin/sh
# run.sh - runs every test and prints one closing line "N passed, N failed".
#
# Each step prints TAP-like lines ("ok - ...", "not ok - ..."); this script
# counts them.  Steps are the C test programs in $TEST_BINS (run from the
# top of the tree) and the shell tests tests/t_*.sh, which get $TRACKER, the
# sanitizer build of the binary.  A step that exits non-zero without saying
# "not ok" counts as one failure, so a crash is never silent.
cd "$(dirname "$0")/.." || exit 2
: "${TRACKER:=build/san/tracker}"
export TRACKER
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p build/test-logs

pass=0
fail=0
run_step() {
	name=$1
	shift
	log="build/test-logs/$(basename "$name").log"
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc" >>"$log"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		echo "FAIL $name ($p passed, $f failed): see $log"
		grep -A3 '^not ok ' "$log" | head -40
		tail -5 "$log"
	else
		echo "ok   $name ($p passed)"
	fi
}

for t in $TEST_BINS; do
	run_step "$t" "$t"
done
for t in tests/t_*.sh; do
	[ -f "$t" ] || continue
	run_step "$t" sh "$t"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
