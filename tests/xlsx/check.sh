#!/bin/sh
# Workbooks written with -f xlsx, read back by an independent reader
# (python3-openpyxl): every cell as in the CSV the same command writes, ids
# and phones text cells, header frozen and filtered. Skipped (not failed)
# when /usr/bin/python3 or openpyxl is missing.
# Usage: tests/xlsx/check.sh BINDIR
set -u
bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
if ! /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	echo "xlsx: SKIP (no /usr/bin/python3 with openpyxl: apt-get install python3-openpyxl)"
	exit 0
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-xlsx.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export PATH="$bindir:$PATH" LC_ALL=C TZ=UTC LB_LOCALEDIR="$top/build/locale"
cd "$scratch" || exit 2
cp "$top/tests/e2e/import/xlsx-merged-cells/school.xlsx" "$top/examples/school-b-excel-bom.csv" .
cp "$top/tests/e2e/schedule/data/roster.csv" sroster.csv
cp "$top/tests/e2e/schedule/data/log.csv" slog.csv
pass=0 fail=0
# check NAME COMMAND...: run COMMAND with -f xlsx -o NAME.xlsx and with
# -o NAME.csv, compare the two
check() {
	n=$1; shift
	"$@" -f xlsx -o "$n.xlsx" 2>/dev/null
	"$@" -o "$n.csv" 2>/dev/null
	if [ -s "$n.xlsx" ] && /usr/bin/python3 "$here/check.py" "$n.xlsx" "$n.csv"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL: xlsx: $n: $*"
	fi
}
check import lb-import -q school.xlsx school-b-excel-bom.csv
check import-zh lb-import -q --header zh school-b-excel-bom.csv
lb-import -q --source-column school.xlsx school-b-excel-bom.csv -o county.csv 2>/dev/null
check merge lb-merge -q county.csv
check validate lb-validate -q --as-of 2025-11-15 --lang en --with name,school,class,guardian_phone,source county.csv
check validate-reveal lb-validate -q --reveal --as-of 2025-11-15 --lang en --with name,father_phone,child_id county.csv
check schedule lb-schedule -q --as-of 2025-11-15 --reveal --log slog.csv sroster.csv
check report lb-report -q -f csv --as-of 2025-11-20 --month 2025-10 --log slog.csv sroster.csv
check report-zh lb-report -q -f csv --as-of 2025-11-20 --month 2025-10 --lang zh --by class --log slog.csv sroster.csv
# lb-query: masked cells (ids, phones, birth dates cut to the month), the
# same with --reveal, Chinese headers, a count with its total row
cp "$top/tests/e2e/query/data/roster.csv" qroster.csv
check query lb-query -q --as-of 2026-01-20 --lang en qroster.csv \
	"SELECT child_id, name, birth_date, guardian_phone, guardian_id, grade, archived_on FROM roster"
check query-reveal lb-query -q --as-of 2026-01-20 --lang en --reveal qroster.csv \
	"SELECT child_id, name, birth_date, guardian_phone, guardian_id, grade, archived_on FROM roster"
check query-zh lb-query -q --as-of 2026-01-20 --lang en --header zh qroster.csv --where 'guardian_age>=70'
check query-count lb-query -q --as-of 2026-01-20 --lang en qroster.csv --count-by school
echo "xlsx: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
