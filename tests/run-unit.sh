#!/bin/sh
# Run the cmocka unit-test programs given as arguments; print a total.
pass=0 fail=0
for t in "$@"; do
	if "$t" > "$t.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $t" >&2
		cat "$t.log" >&2
	fi
done
n=$(cat /dev/null $(for t in "$@"; do echo "$t.log"; done) | grep -c '^\[       OK \]')
echo "unit: $pass programs ($n tests)"
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
