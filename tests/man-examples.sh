#!/bin/sh
# Run the EXAMPLES of every man page, as a user would type them: in a scratch
# folder holding the files they name (made from examples/), with the built
# tools first on PATH. An example passes when it exits 0, or 1 where the tool
# says it found something (findings, conflicts under --strict); 2 or a crash
# fails. Usage: tests/man-examples.sh BINDIR MANPAGE...
set -u
bin=$(cd "$1" && pwd); shift
top=$(cd "$(dirname "$0")/.." && pwd)
pages=
for m in "$@"; do case $m in /*) pages="$pages $m" ;; *) pages="$pages $PWD/$m" ;; esac; done
d=$(mktemp -d "${TMPDIR:-/tmp}/lb-man.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
PATH="$bin:$PATH"; export PATH
LC_ALL=C.UTF-8; export LC_ALL
ex="$top/examples"
cd "$d" || exit 2

# The files the examples name, made from examples/.
cp "$ex/school-a-gb18030.csv" school-a.csv
cp "$ex/school-b-excel-bom.csv" school-b.csv
cp "$ex/school-a-gb18030.csv" a.csv
cp "$ex/school-c-semicolon.csv" b.csv
cp "$ex/school-c-workbook.xlsx" school.xlsx
mkdir raw town logs
cp "$ex"/school-*.csv raw/
for f in "$ex"/school-*.csv; do n=${f##*/}; lb-import -q "$f" -o "town/$n" 2>/dev/null; done
lb-merge -q town/*.csv -o roster.csv 2>/dev/null
cp roster.csv county-roster.csv
cp roster.csv county.csv
grep -v 丁一鸣 roster.csv > roster-2025-10.csv
lb-import -q "$ex/school-c-semicolon.csv" -o new-school.csv 2>/dev/null
lb-import -q "$ex/activity-2025-autumn.csv" -o activities.csv 2>/dev/null
cp activities.csv log.csv
cp activities.csv activity.csv
head -80 activities.csv > logs/a.csv
{ head -1 activities.csv; tail -n +81 activities.csv; } > logs/b.csv
# a raw file whose header is on line 4 and names the guardian's phone oddly
{ echo '青山小学留守儿童花名册'; echo; echo '填报日期：2025年9月'
  iconv -f GB18030 -t UTF-8 "$ex/school-a-gb18030.csv" | sed -n '3,$p' | sed '1s/监护人电话/紧急联系人电话/'; } > raw.csv
printf 'calendar:\n  terms:\n    - {name: 2025秋, start: 2025-09-08, end: 2026-01-23}\n    - {name: 2026春, start: 2026-03-02, end: 2026-07-10}\n    - {name: 2026秋, start: 2026-09-07, end: 2027-01-22}\n' > county-calendar.yaml
# lb-monthly's settings: the inputs here, the reports in reports/
printf 'LB_INPUT=.\nLB_OUTPUT=reports\n' > monthly.conf
printf 'school,count\n青山小学,8\n白云镇初级中学,9\n' > census.csv
[ -s roster.csv ] && [ -s activities.csv ] || { echo "man-examples: could not make the example files"; exit 1; }

pass=0 fail=0
for m in $pages; do
	# Commands in EXAMPLES: ".Dl $ cmd", ".Dl cmd" and, in literal blocks,
	# lines starting "$ " or "lb"; a trailing backslash joins the next line.
	awk '/^\.Sh EXAMPLES/ { e = 1; next } /^\.Sh/ { e = 0 }
	     e && /^\.Bd/ { lit = 1; next } e && /^\.Ed/ { lit = 0; next }
	     !e { next }
	     { line = $0; sub(/^\.Dl /, "", line) }
	     /^\.Dl / || lit {
	         sub(/^\$ /, "", line)
	         if (cont != "") { cont = cont " " line } else if (line ~ /^lb/) { cont = line } else next
	         if (cont ~ /\\$/) { sub(/\\$/, "", cont); next }
	         gsub(/\\e/, "\\", cont); gsub(/\\\(en/, "-", cont)
	         print cont; cont = ""
	     }' "$m" > cmds.txt
	while IFS= read -r c; do
		sh -c "$c" > out.txt 2> err.txt < /dev/null
		s=$?
		if [ "$s" -le 1 ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: ${m##*/}: $c (exit $s)"
			head -5 err.txt
		fi
	done < cmds.txt
done
echo "man-examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
