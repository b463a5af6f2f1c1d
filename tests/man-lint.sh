#!/bin/sh
# Every man page must pass `mandoc -Tlint` with no message at all.
pass=0 fail=0
for m in "$@"; do
	out=$(mandoc -Tlint -W warning "$m" 2>&1)
	if [ -z "$out" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $m"; echo "$out"; fi
done
echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
