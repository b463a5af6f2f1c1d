#!/bin/sh
# One thread and several give the same bytes: every end-to-end case that runs
# lb-validate or lb-import is run with LB_THREADS=1 and LB_THREADS=2 and the
# two runs' standard output, standard error and exit status compared (not
# with the expected files: run.sh does that); then generated rosters of
# 2*10^4 children (tests/bench/lbgen: realistic data, a raw roster with
# faults, records repeated for duplicate-id across batches) are checked in
# each output form with 1, 2 and 3 threads.
# Usage: tests/threads.sh BINDIR LBGEN  (BINDIR: the tools, e.g. build/bin)
set -u
bindir=$(cd "$1" && pwd); lbgen=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-threads.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
pass=0 fail=0

# run N CASE_DIR WORK_DIR: the case's cmd with LB_THREADS=N
run() {
	rm -rf "$3"; mkdir -p "$3"; cp -R "$2"/. "$3"/
	( cd "$3" && PATH="$bindir:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC TOP="$top" \
		LB_LOCALEDIR="${bindir%/*}/locale" LB_THREADS=$1 timeout 120 sh ./cmd \
		> "$3/.out" 2> "$3/.err" < /dev/null; echo $? > "$3/.status" )
}

same() {   # NAME DIR1 DIR2
	if cmp -s "$2/.out" "$3/.out" && cmp -s "$2/.err" "$3/.err" &&
	   cmp -s "$2/.status" "$3/.status"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1: one thread and two differ"
		diff -u "$2/.out" "$3/.out" | head -20
		diff -u "$2/.err" "$3/.err" | head -10
	fi
}

for c in $(grep -l -e 'lb-validate' -e 'lb-import' -e 'lb validate' -e 'lb import' \
           -r "$here/e2e" --include=cmd | sed 's,/cmd$,,' | LC_ALL=C sort); do
	name=${c#"$here"/e2e/}
	run 1 "$c" "$scratch/1"
	run 2 "$c" "$scratch/2"
	same "$name" "$scratch/1" "$scratch/2"
done

# generated rosters, big enough for many batches
g="$scratch/gen"; mkdir -p "$g"
"$lbgen" roster --children 20000 --seed 7 > "$g/real.csv" &&
"$lbgen" roster --children 20000 --seed 8 --raw --faults 0.2 > "$g/raw.csv" &&
{ cat "$g/real.csv"; tail -n 3000 "$g/real.csv"; sed -n '2,400p' "$g/real.csv"; } > "$g/dup.csv" || {
	echo "FAIL: lbgen could not write the rosters"; exit 1; }
# a school's roster as merged cells export it: school, grade and class only
# on the first row of a block, now and then a block left empty
python3 - "$g/real.csv" "$g/blanks.csv" <<'PY' || { echo "FAIL: could not write blanks.csv"; exit 1; }
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
h = rows[0]
cols = [h.index(c) for c in ('school', 'grade', 'class')]
for i, r in enumerate(rows[1:]):
    for c in cols:
        if i % 7 or (i // 7) % 13 == 5:
            r[c] = ''
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as f:
    csv.writer(f, lineterminator='\n').writerows(rows)
PY
printf 'lb-validate --as-of 2026-06-01 real.csv\n' > "$g/c1"
printf 'lb-validate --as-of 2026-06-01 -f csv raw.csv dup.csv\n' > "$g/c2"
printf 'lb-validate --as-of 2026-06-01 --pass --lang zh dup.csv\n' > "$g/c3"
printf 'lb-validate --as-of 2026-06-01 -f yaml --reveal raw.csv\n' > "$g/c4"
printf 'lb-import --changes changes.csv raw.csv dup.csv && cat changes.csv\n' > "$g/c5"
# what the one-thread loop does with each record, in input order: --set,
# --fill-down (the value above, across batches), --source-column, the
# empty-in-block warnings; --with and --split-by in the findings; workbooks
printf 'lb-import --set status=在册 --fill-down school,grade,class --source-column --changes ch.csv blanks.csv raw.csv && cat ch.csv\n' > "$g/c6"
printf 'lb-import --source-column -f xlsx -o o.xlsx blanks.csv raw.csv && cat o.xlsx\n' > "$g/c7"
printf 'lb-validate --as-of 2026-06-01 --with name,school --split-by school -d fix raw.csv blanks.csv; for f in fix/*; do echo "$f"; cat "$f"; done\n' > "$g/c8"
printf 'lb-validate --as-of 2026-06-01 --with name,school,class --header zh -f xlsx -o f.xlsx raw.csv dup.csv; cat f.xlsx\n' > "$g/c9"
printf 'lb-validate --as-of 2026-06-01 --with name --split-by school -f xlsx -d fix raw.csv; for f in fix/*; do echo "$f"; cat "$f"; done\n' > "$g/c10"
printf 'lb-import --excel --fill-down grade blanks.csv\n' > "$g/c11"
for k in 1 2 3 4 5 6 7 8 9 10 11; do
	mkdir -p "$scratch/g$k"; cp "$g"/*.csv "$scratch/g$k"/; cp "$g/c$k" "$scratch/g$k/cmd"
	run 1 "$scratch/g$k" "$scratch/1"
	# a run that found nothing to compare proves nothing
	st=$(cat "$scratch/1/.status")
	if [ "$st" -gt 1 ] || [ ! -s "$scratch/1/.out" ]; then
		fail=$((fail + 1))
		echo "FAIL: generated: $(cat "$g/c$k"): exit status $st, $(wc -c < "$scratch/1/.out") bytes out"
		head -5 "$scratch/1/.err"
		continue
	fi
	for n in 2 3; do
		run $n "$scratch/g$k" "$scratch/$n"
		same "generated: $(cat "$g/c$k") [$n threads]" "$scratch/1" "$scratch/$n"
	done
done
echo "threads: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
