#!/bin/sh
# The whole lb pipeline on the example files: raw school spreadsheets in,
# a clean archive, its findings, the contact schedule and the monthly report
# out. Usage: examples/demo.sh BINDIR   (make demo runs it with build/bin)
#
# Each step runs only when its tool has been built, and prints a heading; a
# step whose tool reports findings (exit 1) does not stop the demo.
# The files it writes are kept in BINDIR/../demo for a closer look.
set -u
bin=$(cd "${1:-build/bin}" && pwd) || exit 2
ex=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$bin/.." && pwd)/demo
asof=2025-11-15
PATH="$bin:$PATH"
export PATH
rm -rf "$out"
mkdir -p "$out"
cd "$ex" || exit 2

step() { printf '\n\033[1m==== %s\033[0m\n' "$*" 2>/dev/null || printf '\n==== %s\n' "$*"; }
have() { [ -x "$bin/$1" ]; }
show() { echo "\$ $*"; "$@"; echo "(exit $?)"; }
# Keep long outputs short on the screen; the whole file is in $out.
peek() { sed -n '1,12p' "$1"; n=$(wc -l < "$1"); [ "$n" -gt 12 ] && echo "… ($n lines in all: $1)"; return 0; }

if have lb-import; then
	step "lb-import: each school's file as it came (GB18030 with title rows, Excel UTF-8 with BOM, semicolons)"
	for f in school-a-gb18030.csv school-b-excel-bom.csv school-c-semicolon.csv; do
		echo "\$ lb-import $f"
		lb-import "$f" > "$out/${f%.csv}.canonical.csv"
		echo "(exit $?)"
		peek "$out/${f%.csv}.canonical.csv"
	done

	step "lb-import: the three schools into one roster, with a record of every change"
	show lb-import school-a-gb18030.csv school-b-excel-bom.csv school-c-semicolon.csv \
		-o "$out/roster.csv" --changes "$out/changes.csv"
	echo "changes made (masked):"
	peek "$out/changes.csv"

	step "lb-import: the activity log"
	show lb-import -q activity-2025-autumn.csv -o "$out/activity.csv"
	peek "$out/activity.csv"

	step "lb-import: the same archive as YAML, read back to the same bytes"
	lb-import -q -f yaml "$out/roster.csv" > "$out/roster.yaml" 2>/dev/null
	sed -n '1,8p' "$out/roster.yaml"
	lb-import -q "$out/roster.yaml" > "$out/roster.again.csv" 2>/dev/null
	if cmp -s "$out/roster.csv" "$out/roster.again.csv"; then
		echo "roster.csv → roster.yaml → CSV: identical bytes"
	else
		echo "roster.csv → roster.yaml → CSV: DIFFERENT"
	fi
fi

if have lb-validate && [ -f "$out/roster.csv" ]; then
	step "lb-validate: every wrong, missing or inconsistent value (see examples/FAULTS.md)"
	show lb-validate --as-of "$asof" "$out/roster.csv"
	show lb-validate --as-of "$asof" --roster "$out/roster.csv" "$out/activity.csv"
fi

if have lb-merge; then
	step "lb-merge: the schools' rosters combined by identity number"
	show lb-merge school-a-gb18030.csv school-b-excel-bom.csv school-c-semicolon.csv \
		-o "$out/merged.csv" --conflicts "$out/conflicts.csv"
	[ -f "$out/conflicts.csv" ] && peek "$out/conflicts.csv"
fi

if have lb-schedule && [ -f "$out/roster.csv" ]; then
	step "lb-schedule: who must be talked to, visited or called; what is overdue"
	lb-schedule --as-of "$asof" --log "$out/activity.csv" "$out/roster.csv" > "$out/schedule.csv"
	echo "(exit $?)"
	peek "$out/schedule.csv"
fi

if have lb-report && [ -f "$out/roster.csv" ]; then
	step "lb-report: the compliance report for October 2025"
	show lb-report --as-of "$asof" --month 2025-10 --log "$out/activity.csv" "$out/roster.csv"
	lb-report --as-of "$asof" --month 2025-10 --log "$out/activity.csv" -f html \
		"$out/roster.csv" > "$out/report-2025-10.html" && echo "HTML: $out/report-2025-10.html"
fi

step "done: the files are in $out"
ls "$out"
