#!/bin/sh
# Run each libFuzzer target for SECONDS; fail on any finding.
# Usage: tests/fuzz/run.sh SECONDS TARGET...
# Every target gets every seed (a CSV seed is a fine mutation start for the
# YAML parsers too); the corpus grows in corpus/TARGET beside the targets'
# folder (make fuzz: $(B)/fuzz/corpus/TARGET) across runs.
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
fail=0 pass=0
for t in "$@"; do
	name=${t##*/}
	out=$(cd "$(dirname "$t")/.." && pwd)
	corpus="$out/corpus/$name"
	mkdir -p "$corpus" "$out/artifacts/$name"
	# Seeds: the examples, the test inputs and earlier crashes.
	find "$top/examples" "$top/schemas" "$top/tests/e2e" "$top/tests/unit/data" "$top/tests/bad" \
	    "$top/tests/fuzz/seeds/$name" \
	    "$top/tests/fuzz/regress/$name" -type f -size -256k 2>/dev/null |
	while read -r f; do cp "$f" "$corpus/seed-$(cksum < "$f" | cut -d' ' -f1)"; done
	echo "fuzz: $name for ${secs}s"
	if "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -artifact_prefix="$out/artifacts/$name/" "$corpus" > "$out/$name.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name (log: $out/$name.log)"
		tail -30 "$out/$name.log"
		mkdir -p "$top/tests/fuzz/regress/$name"
		for a in "$out/artifacts/$name"/*; do
			[ -f "$a" ] && cp "$a" "$top/tests/fuzz/regress/$name/" &&
			echo "kept $a in tests/fuzz/regress/$name/: commit it with the fix"
		done
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
