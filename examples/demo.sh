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
# the message catalogues of the build (for --lang zh), unless installed ones are asked for
LB_LOCALEDIR=${LB_LOCALEDIR:-$(cd "$bin/.." && pwd)/locale}
export PATH LB_LOCALEDIR
rm -rf "$out"
mkdir -p "$out"
cd "$ex" || exit 2

step() {
	if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then printf '\n\033[1m==== %s\033[0m\n' "$*"
	else printf '\n==== %s\n' "$*"; fi
}
have() { [ -x "$bin/$1" ]; }
show() { echo "\$ $*"; "$@"; echo "(exit $?)"; }
# Keep long outputs short on the screen; the whole file is in $out.
peek() { sed -n '1,12p' "$1"; n=$(wc -l < "$1"); [ "$n" -gt 12 ] && echo "… ($n lines in all: $1)"; return 0; }

if have lb-import; then
	step "lb-import: each school's file as it came (GB18030 with title rows, Excel UTF-8 with BOM, semicolons)"
	for f in school-a-gb18030.csv school-b-excel-bom.csv school-c-semicolon.csv; do
		show lb-import "$f" -o "$out/$f" --changes "$out/${f%.csv}.changes.csv"
		peek "$out/$f"
		echo "changes made (masked):"
		peek "$out/${f%.csv}.changes.csv"
	done

	step "lb-import: the activity log"
	show lb-import -q activity-2025-autumn.csv -o "$out/activity.csv"
	peek "$out/activity.csv"

	step "lb-import: a school's own workbook (.xlsx: merged grade cells, ids as text, date cells)"
	# school-c-workbook.xlsx is school-c-semicolon.csv as the school keeps it in
	# Excel (made by examples/make-xlsx.py): read directly, it gives the same
	# children with the same values (lb-merge sorts both by child_id).
	show lb-import school-c-workbook.xlsx -o "$out/school-c-workbook.csv"
	lb-merge -q "$out/school-c-workbook.csv" > "$out/c1.csv" 2>/dev/null
	lb-merge -q "$out/school-c-semicolon.csv" > "$out/c2.csv" 2>/dev/null
	if cmp -s "$out/c1.csv" "$out/c2.csv"; then
		echo "workbook and CSV: the same roster"
	else
		echo "workbook and CSV: DIFFERENT"
	fi
	rm -f "$out/c1.csv" "$out/c2.csv"
	lb-import -q -f xlsx "$out/school-c-workbook.csv" -o "$out/花名册.xlsx" 2>/dev/null &&
		echo "the roster as a workbook (ids and phones as text cells): $out/花名册.xlsx"

	step "lb-import: the same archive as YAML, read back to the same bytes"
	lb-import -q -f yaml "$out/school-a-gb18030.csv" > "$out/school-a.yaml" 2>/dev/null
	sed -n '1,8p' "$out/school-a.yaml"
	lb-import -q "$out/school-a.yaml" > "$out/school-a.again.csv" 2>/dev/null
	if cmp -s "$out/school-a-gb18030.csv" "$out/school-a.again.csv"; then
		echo "CSV → YAML → CSV: identical bytes"
	else
		echo "CSV → YAML → CSV: DIFFERENT"
	fi
fi

if have lb-merge && [ -f "$out/school-a-gb18030.csv" ]; then
	step "lb-merge: the schools' rosters into one county roster, by identity number"
	show lb-merge "$out/school-a-gb18030.csv" "$out/school-b-excel-bom.csv" \
		"$out/school-c-semicolon.csv" -o "$out/roster.csv" --conflicts "$out/conflicts.csv"
	echo "conflicts (one row per candidate value):"
	[ -f "$out/conflicts.csv" ] && peek "$out/conflicts.csv"
elif have lb-import; then
	lb-import -q school-a-gb18030.csv school-b-excel-bom.csv school-c-semicolon.csv -o "$out/roster.csv"
fi

if have lb-validate && [ -f "$out/roster.csv" ]; then
	step "lb-validate: every wrong, missing or inconsistent value (see examples/FAULTS.md)"
	show lb-validate --as-of "$asof" "$out/roster.csv"
	show lb-validate --as-of "$asof" --roster "$out/roster.csv" "$out/activity.csv"
fi

if have lb-validate && have lb-import; then
	step "lb-validate: one fix list per school, pointing at the school's own lines"
	# school A's file has no 学校 column (the school is in its title): --set
	show lb-import -q --source-column --set 学校=红星镇中心小学 school-a-gb18030.csv -o "$out/a.csv"
	show lb-import -q --source-column school-b-excel-bom.csv school-c-workbook.xlsx -o "$out/bc.csv"
	lb-import -q "$out/a.csv" "$out/bc.csv" -o "$out/county.csv" 2>/dev/null
	show lb-validate -q --as-of "$asof" --lang zh "$out/county.csv" \
		--with name,school,grade,class,source --split-by school --header zh -f xlsx -d "$out/整改清单"
	ls "$out/整改清单"
	lb-validate -q --as-of "$asof" --lang zh "$out/county.csv" --with name,class,source \
		--split-by school --header zh --excel -d "$out/整改清单-csv"
	f="$out/整改清单-csv/红星镇中心小学.csv"
	echo "$f (also as CSV for Excel: BOM, CRLF):"
	tr -d '\r' < "$f" | sed -n '1,5p'
fi

if have lb-schedule && [ -f "$out/roster.csv" ]; then
	step "lb-schedule: who must be talked to, visited or called; what is overdue"
	lb-schedule --as-of "$asof" --log "$out/activity.csv" "$out/roster.csv" > "$out/schedule.csv"
	echo "(exit $?)"
	peek "$out/schedule.csv"
	echo "what one head teacher, 李红梅, has let run overdue:"
	lb-schedule -q --as-of "$asof" --log "$out/activity.csv" --status overdue --for 李红梅 \
		"$out/roster.csv" > "$out/schedule-李红梅.csv"
	peek "$out/schedule-李红梅.csv"
fi

if have lb-report && [ -f "$out/roster.csv" ]; then
	step "lb-report: the compliance report for October 2025"
	show lb-report --as-of "$asof" --month 2025-10 --log "$out/activity.csv" "$out/roster.csv"
	lb-report --as-of "$asof" --month 2025-10 --log "$out/activity.csv" -f html \
		"$out/roster.csv" > "$out/report-2025-10.html" && echo "HTML: $out/report-2025-10.html"
fi

step "done: the files are in $out"
ls "$out"
