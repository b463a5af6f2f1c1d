#!/bin/sh
# One thread and several give the same bytes: every end-to-end case that runs
# lb-validate or lb-import is run with LB_THREADS=1 and LB_THREADS=2 and the
# two runs' standard output, standard error and exit status compared (not
# with the expected files: run.sh does that); then generated rosters of
# 2*10^4 children (tests/bench/lbgen: realistic data, a raw roster with
# faults, records repeated for duplicate-id across batches) are checked in
# each output form with 1, 2 and 3 threads, also with the rules' checks
# (--profile sangeer: no-performer, mentor-load with its mentor_limit) and
# an activity log with --roster (no-summary); and a generated roster of 10^5
# children, checked and imported with one thread and two.
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
# the checks of the rules: the roster above with mentors of two to many
# children at a school (mentor-load above the profile's mentor_limit, 2 for
# sangeer, counted in input order), some without mentor or parents named
# (no-performer, a per-record finding that follows duplicate-id), repeated
# for duplicates; an activity log of its children with empty summaries
# (no-summary), checked against it
"$lbgen" log --children 20000 --seed 9 --roster-seed 7 | head -n 30001 > "$g/log.in" || {
	echo "FAIL: lbgen could not write the log"; exit 1; }
python3 - "$g/real.csv" "$g/sangeer.csv" "$g/log.in" "$g/slog.csv" <<'PY' || { echo "FAIL: could not write sangeer.csv"; exit 1; }
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
h = rows[0]
m, fa, mo = h.index('mentor'), h.index('father_name'), h.index('mother_name')
sur, giv = '王李张刘陈杨赵黄周吴', '明芳伟娟强敏静磊洋艳'
for i, r in enumerate(rows[1:]):
    r[m] = '' if i % 5 == 0 else sur[i * 7 % 10] + giv[i * 3 % 10] + '老师'
    if i % 11 == 3:
        r[fa] = r[mo] = ''
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as f:
    csv.writer(f, lineterminator='\n').writerows(rows)
with open(sys.argv[3], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
s = rows[0].index('summary')
for i, r in enumerate(rows[1:]):
    if i % 4 == 1:
        r[s] = ''
with open(sys.argv[4], 'w', newline='', encoding='utf-8') as f:
    csv.writer(f, lineterminator='\n').writerows(rows)
PY
rm -f "$g/log.in"
{ cat "$g/sangeer.csv"; tail -n 2000 "$g/sangeer.csv"; } > "$g/sdup.csv"
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
printf 'lb-validate --as-of 2026-06-01 --profile sangeer sangeer.csv\n' > "$g/c12"
printf 'lb-validate --as-of 2026-06-01 --profile sangeer -f csv --with name,mentor sdup.csv\n' > "$g/c13"
printf 'lb-validate --as-of 2026-06-01 --profile sangeer --lang zh -f yaml sdup.csv\n' > "$g/c14"
printf 'lb-validate --as-of 2026-06-01 --roster sangeer.csv slog.csv\n' > "$g/c15"
printf 'lb-validate --as-of 2026-06-01 --roster sdup.csv --lang zh -f csv slog.csv\n' > "$g/c16"
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
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
	# the findings a case is there for
	case $k in
	12|13|14) want='no-performer mentor-load' ;;
	15|16) want='no-summary' ;;
	*) want= ;;
	esac
	for w in $want; do
		grep -q -e "$w" "$scratch/1/.out" || {
			fail=$((fail + 1)); echo "FAIL: generated: $(cat "$g/c$k"): no $w found"; }
	done
	for n in 2 3; do
		run $n "$scratch/g$k" "$scratch/$n"
		same "generated: $(cat "$g/c$k") [$n threads]" "$scratch/1" "$scratch/$n"
	done
done
# the size issue 19 names: a generated roster of 10^5 children, checked and
# imported with one thread and with two (about 400 batches each)
"$lbgen" roster --children 100000 --seed 11 > "$g/big.csv" &&
"$lbgen" roster --children 100000 --seed 11 --raw --faults 0.05 > "$g/bigraw.csv" || {
	echo "FAIL: lbgen could not write the 10^5 rosters"; exit 1; }
printf 'lb-validate --as-of 2026-06-01 -f csv big.csv bigraw.csv\n' > "$g/b1"
printf 'lb-import --changes ch.csv bigraw.csv && cat ch.csv\n' > "$g/b2"
for k in 1 2; do
	mkdir -p "$scratch/b$k"; cp "$g/big.csv" "$g/bigraw.csv" "$scratch/b$k"/; cp "$g/b$k" "$scratch/b$k/cmd"
	run 1 "$scratch/b$k" "$scratch/1"
	if [ "$(cat "$scratch/1/.status")" -gt 1 ] || [ "$(wc -l < "$scratch/1/.out")" -lt 1000 ]; then
		fail=$((fail + 1)); echo "FAIL: 10^5: $(cat "$g/b$k"): status $(cat "$scratch/1/.status")"
		continue
	fi
	run 2 "$scratch/b$k" "$scratch/2"
	same "10^5: $(cat "$g/b$k") [2 threads]" "$scratch/1" "$scratch/2"
done
echo "threads: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
