#!/bin/sh
# The report printed, in a real browser: headless Chromium prints the HTML
# report of the examples' county and of a county of 10 schools and 12 rules
# (tests/report) to PDF; the pages must be A4 and the summary must be the
# whole first page (its total row on page 1, the attention list starting page
# 2). With -s DIR, the PDFs and a screenshot of each are kept in DIR to look at.
# Skipped, with a message, when chromium or poppler-utils is missing.
# Usage: tests/report-print.sh [-s DIR] BINDIR
set -u
keep=
if [ "${1:-}" = -s ]; then keep=$2; shift 2; fi
bin=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
for t in chromium pdfinfo pdftotext; do
	if ! command -v $t > /dev/null 2>&1; then
		echo "SKIP: report-print: no $t (Debian: chromium, poppler-utils)"
		exit 0
	fi
done
d=$(mktemp -d "${TMPDIR:-/tmp}/lb-print.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
export PATH="$bin:$PATH" TZ=UTC LB_LOCALEDIR="$bin/../locale"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: report-print: $*"; }

mkdir "$d/ex" "$d/county"
( cd "$d/ex" || exit 2
  for f in "$top"/examples/school-*.csv; do lb-import -q "$f" -o "${f##*/}" 2> /dev/null; done
  lb-merge -q school-*.csv -o roster.csv 2> /dev/null
  lb-import -q "$top/examples/activity-2025-autumn.csv" -o activity.csv 2> /dev/null )
sh "$top/tests/report/make-county.sh" "$d/county"

# chrome: headless, no network, no profile left behind
chrome() {
	prof=$(mktemp -d "$d/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" "$@" > /dev/null 2>&1
}

# print NAME HTML TITLE ATTENTION TOTAL: print and check one report
print() {
	n=$1 html=$2
	chrome --no-pdf-header-footer --print-to-pdf="$d/$n.pdf" "file://$html"
	if [ ! -s "$d/$n.pdf" ]; then no "$n: chromium printed nothing"; return; fi
	size=$(pdfinfo "$d/$n.pdf" | sed -n 's/^Page size: *//p')
	case $size in *"(A4)"*) ok ;; *) no "$n: page size $size" ;; esac
	pdftotext -layout -f 1 -l 1 "$d/$n.pdf" "$d/$n.p1.txt"
	pdftotext -layout -f 2 -l 2 "$d/$n.pdf" "$d/$n.p2.txt"
	if grep -q "$3" "$d/$n.p1.txt" && grep -q "$5" "$d/$n.p1.txt"; then ok; else no "$n: the summary (with its total row) is not all on page 1"; fi
	if grep -q "$4" "$d/$n.p1.txt"; then no "$n: the attention list starts on page 1"; else ok; fi
	if grep -q "$4" "$d/$n.p2.txt"; then ok; else no "$n: page 2 does not start with the attention list"; fi
	if [ -n "$keep" ]; then
		mkdir -p "$keep"
		cp "$d/$n.pdf" "$keep/"
		chrome --window-size=794,1123 --screenshot="$keep/$n.png" "file://$html"
		command -v pdftoppm > /dev/null && pdftoppm -png -r 60 "$d/$n.pdf" "$keep/$n-page"
	fi
}

a="--as-of 2025-11-15 --month 2025-10 -q -f html"
lb-report --lang zh $a --log "$d/ex/activity.csv" "$d/ex/roster.csv" > "$d/ex-zh.html"
lb-report --lang en $a --log "$d/ex/activity.csv" "$d/ex/roster.csv" > "$d/ex-en.html"
r="--rules $top/tests/report/twelve-rules.yaml --log $d/county/activity.csv $d/county/roster.csv"
lb-report --lang zh $a $r > "$d/county-zh.html"
lb-report --lang en $a $r > "$d/county-en.html"
print ex-zh "$d/ex-zh.html" '概览' '需关注' '合计'
print ex-en "$d/ex-en.html" 'Summary' 'Needs attention' 'Total'
print county-zh "$d/county-zh.html" '概览' '需关注' '合计'
print county-en "$d/county-en.html" 'Summary' 'Needs attention' 'Total'
echo "report-print: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
