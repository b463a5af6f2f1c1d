#!/bin/sh
# The report's page structure, without a browser: the HTML opens with the
# one-page summary (groups x indicators and rules, school duties apart from
# parents' duties), then the attention list, then the details, then the
# overdue windows one block per performer; the print CSS asks for A4, keeps
# rows whole and names on one line. The Markdown follows the same order.
# Tried on the examples' county (3 schools, 17 rules of linxia with the statute) and on tests/report's
# (10 schools, 12 rules), in Chinese and English.
# Usage: tests/report-layout.sh BINDIR
set -u
bin=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
d=$(mktemp -d "${TMPDIR:-/tmp}/lb-layout.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
export PATH="$bin:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="$bin/../locale"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: report-layout: $*"; }

mkdir "$d/ex" "$d/county"
( cd "$d/ex" || exit 2
  for f in "$top"/examples/school-*.csv; do lb-import -q "$f" -o "${f##*/}" 2> /dev/null; done
  lb-merge -q school-*.csv -o roster.csv 2> /dev/null
  lb-import -q "$top/examples/activity-2025-autumn.csv" -o activity.csv 2> /dev/null )
sh "$top/tests/report/make-county.sh" "$d/county"

# check NAME FILE.html FILE.md GROUPS RULES: the structure of one report
check() {
	n=$1 html=$2 md=$3 groups=$4 rules=$5
	# the sections, in order
	s=$(grep -o '<section id="[a-z]*"' "$html" | sed 's/.*id="//; s/"//' | tr '\n' ' ')
	if [ "$s" = "summary attention details overdue " ]; then ok; else no "$n: sections '$s'"; fi
	# nothing but the heading before the summary
	first=$(grep -o '<h2[^>]*>\|<section id="summary"' "$html" | head -1)
	if [ "$first" = '<section id="summary"' ]; then ok; else no "$n: a heading before the summary"; fi
	# the summary table: a row per group and the total, a column per rule
	sum=$(sed -n '/<section id="summary"/,/<\/section>/p' "$html")
	rows=$(printf '%s\n' "$sum" | grep -c '<tr class="g\|<tr class="total')
	if [ "$rows" -eq $((groups + 1)) ]; then ok; else no "$n: $rows summary rows, expected $((groups + 1))"; fi
	cols=$(printf '%s\n' "$sum" | grep -o '<th class="rule[^"]*"' | wc -l)
	if [ "$cols" -eq "$rules" ]; then ok; else no "$n: $cols rule columns, expected $rules"; fi
	# school duties apart from parents' duties
	if printf '%s\n' "$sum" | grep -q 'class="duty school"' &&
	   printf '%s\n' "$sum" | grep -q 'class="duty parents"'; then ok; else no "$n: duties not apart"; fi
	# cells coloured against the target
	if printf '%s\n' "$sum" | grep -q '<td class="p below"'; then ok; else no "$n: no cell below target"; fi
	# the print CSS
	for css in '@page{size:A4' 'tr{break-inside:avoid' 'white-space:nowrap' \
	           '#summary{break-after:page' 'print-color-adjust:exact'; do
		if grep -qF "$css" "$html"; then ok; else no "$n: no '$css' in the CSS"; fi
	done
	# one chart at most, not one per rule
	charts=$(grep -c '<svg' "$html")
	if [ "$charts" -le 1 ]; then ok; else no "$n: $charts charts"; fi
	# the overdue windows one block per performer
	blocks=$(sed -n '/<section id="overdue"/,/<\/section>/p' "$html" | grep -c '<h3 class="performer"')
	if [ "$blocks" -ge 2 ]; then ok; else no "$n: $blocks performer blocks"; fi
	# the Markdown in the same order
	m=$(grep '^## ' "$md" | sed 's/ (.*//' | tr '\n' '|')
	case $m in
	"## 概览|## 需关注|## 明细|"*"## 逾期未完成|"|"## Summary|## Needs attention|## Details|"*"## Overdue windows|") ok ;;
	*) no "$n: Markdown sections '$m'" ;;
	esac
	if grep -q '^### ' "$md"; then ok; else no "$n: no per-performer blocks in the Markdown"; fi
}

for lang in zh en; do
	a="--lang $lang --as-of 2025-11-15 --month 2025-10"
	lb-report $a -q --log "$d/ex/activity.csv" -f html "$d/ex/roster.csv" > "$d/ex.$lang.html"
	lb-report $a -q --log "$d/ex/activity.csv" "$d/ex/roster.csv" > "$d/ex.$lang.md"
	check "examples ($lang)" "$d/ex.$lang.html" "$d/ex.$lang.md" 3 17
	r="--rules $top/tests/report/twelve-rules.yaml --log $d/county/activity.csv $d/county/roster.csv"
	lb-report $a -q -f html $r > "$d/county.$lang.html"
	lb-report $a -q $r > "$d/county.$lang.md"
	check "10 schools, 12 rules ($lang)" "$d/county.$lang.html" "$d/county.$lang.md" 10 12
done
# under zh the summary names rules by their short title, the id in small type
if grep -q '<th class="rule[^"]*"><span>班主任每月与每名留守儿童谈心一次并记录</span><small>monthly-talk</small>' "$d/ex.zh.html"; then ok; else no "zh: rule column heading"; fi
echo "report-layout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
