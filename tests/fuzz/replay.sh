#!/bin/sh
# Replay every kept input of tests/fuzz/regress/TARGET/ (inputs that once
# crashed, hung or leaked) through that target, and the broken files of
# tests/bad/files/ through every target (built without libFuzzer, under the
# same sanitizers as the rest of the run).
dir=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
pass=0 fail=0
for t in "$dir"/replay_fuzz_*; do
	[ -x "$t" ] || continue
	name=${t##*/replay_}
	files=$(find "$top/tests/fuzz/regress/$name" "$top/tests/bad/files" -type f 2>/dev/null | LC_ALL=C sort)
	[ -n "$files" ] || continue
	if timeout 300 "$t" $files > /dev/null; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name regression inputs"; fi
done
echo "fuzz-regress: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
