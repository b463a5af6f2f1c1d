#!/bin/sh
# Chinese everywhere: under --lang zh no English word may be left in what a
# tool says or writes for people, outside what is meant to stay as typed
# (tests/zh-allow.txt says what, and why). Reads the Chinese expected files of
# the end-to-end cases (tests/e2e/*/*/expected.zh.*) and a Chinese run of each
# tool's main paths on examples/ (help, messages, summaries, findings, the
# Markdown and HTML reports, --explain). The data outputs (CSV, YAML, the
# canonical files) keep their ids by design and are not read.
# Usage: tests/zh-english.sh BINDIR
set -u
bin=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
d=$(mktemp -d "${TMPDIR:-/tmp}/lb-zh.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
export PATH="$bin:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="$bin/../locale"
ex="$top/examples"
mkdir "$d/run" "$d/out"
cd "$d/run" || exit 2

# ---- the Chinese runs: NAME.help for usage texts, anything else checked whole
z="--lang zh"
for t in lb-import lb-validate lb-schedule lb-report lb-merge lb-query; do
	$t $z --help > "$d/out/$t.help" 2>&1
	$t $z --no-such-option > /dev/null 2> "$d/out/$t.usage.help"
done
lb $z help > "$d/out/lb.help" 2>&1
LB_LANG=zh lb-monthly --help > "$d/out/lb-monthly.help" 2>&1
for f in "$ex"/school-*.csv; do
	lb-import $z "$f" -o "${f##*/}" --changes "${f##*/}.changes" 2>> "$d/out/import.err"
done
lb-import $z --map '某列=nosuchfield' "$ex/school-c-semicolon.csv" > /dev/null 2>> "$d/out/import.err"
lb-import $z "$ex/activity-2025-autumn.csv" -o act.csv 2>> "$d/out/import.err"
lb-merge $z school-*.csv -o roster.csv 2> "$d/out/merge.err"
[ -s roster.csv ] || { echo "FAIL: zh: the example roster could not be made (see $d/out/*.err)"; exit 1; }
lb-merge $z --prefer first school-*.csv > /dev/null 2>> "$d/out/merge.err"
lb-merge $z --strict school-*.csv > /dev/null 2>> "$d/out/merge.err"
lb-validate $z --as-of 2025-11-15 roster.csv > "$d/out/validate.out" 2> "$d/out/validate.err"
lb-validate $z --as-of 2025-11-15 --roster roster.csv act.csv > "$d/out/validate2.out" 2> "$d/out/validate2.err"
lb-validate $z --as-of 2025-11-15 --pass roster.csv > /dev/null 2> "$d/out/validate3.err"
lb-schedule $z --as-of 2025-11-15 --log act.csv roster.csv > /dev/null 2> "$d/out/schedule.err"
id=$(awk -F, 'NR > 1 && $1 ~ /^[0-9]{17}[0-9X]$/ { print $1; exit }' roster.csv)
lb-schedule $z --as-of 2025-11-15 --log act.csv --month 2025-10 --explain "$id" roster.csv > "$d/out/explain.out" 2>&1
lb-report $z --as-of 2025-11-15 --log act.csv roster.csv > "$d/out/report.md" 2> "$d/out/report.err"
lb-report $z --as-of 2025-11-15 --log act.csv -f html roster.csv > "$d/out/report.html" 2> /dev/null
lb-report $z --as-of 2026-11-15 --log act.csv roster.csv > /dev/null 2> "$d/out/report-stale.err"
for f in "$top"/tests/e2e/*/*/expected.zh.*; do
	c=${f%/*}; c=${c#"$top"/tests/e2e/}
	n=$(echo "$c" | tr / _).${f##*expected.zh.}
	# a case about usage: its whole output is a usage text
	case $c in *usage*|*help*) n=$n.help ;; esac
	cp "$f" "$d/out/$n"
done

# ---- the words that may stay English
# field ids; the codes of findings (as the library gives them, and as seen in
# brackets); profile names. Rule ids only where an option takes them (--rule)
# and in --explain: a report names a rule by its title.
fields=$(sed -n 's/^ *- id: *//p' "$top"/schemas/roster.yaml "$top"/schemas/activity.yaml | tr -d '"'"'")
rules=$(sed -n 's/^ *- id: *//p' "$top"/schemas/statutory.yaml "$top"/schemas/rules/*.yaml | tr -d '"'"'")
profiles=$(for r in "$top"/schemas/rules/*.yaml; do basename "$r" .yaml; done)
codes=$({ cat "$d"/out/* | grep -oE '\[[a-z0-9-]+\]' | tr -d '[]'
	grep -ohE 'LB_(ERROR|WARNING|NOTE), *"[a-z0-9-]+"' "$top"/libcore/*.c "$top"/cmd/*.c | sed 's/.*"\(.*\)"/\1/'; } | sort -u)
{
	sed -n '/^[^#]/{/^opt: /!p}' "$top/tests/zh-allow.txt"
	printf '%s\n' $fields $profiles $codes
} | sort -u > "$d/allow"
{ sed -n 's/^opt: //p' "$top/tests/zh-allow.txt"; printf '%s\n' $rules; } | sort -u > "$d/allow-opt"

# words FILE: "LINE<TAB>WORD<TAB>HAS-OPTION" for each English word left
words() {
	# (HTML: a rule's id in small type beside its Chinese title, as the
	# report's summary shows it, is an id, not English)
	case $1 in
	*.html) sed -E -e 's/<small>[a-z0-9_-]+<\/small>//g' -e 's/<style>.*<\/style>//' -e '/<style>/,/<\/style>/d' -e 's/ (aria-label|title|alt)="([^"]*)"/>\2</g' -e 's/<[^>]*>/ /g' -e 's/&[a-z]*;/ /g' "$1" ;;
	*) cat "$1" ;;
	esac | awk '{ print NR "\t" $0 }' |
	sed -E -e 's/\[[a-z0-9-]+\]/ /g' -e 's/“[^”]*”/ /g' -e 's/"[^"]*"/ /g' |
	awk -F '\t' '{
		line = $2; opt = (line ~ /(^|[^A-Za-z0-9])--?[A-Za-z]/)
		gsub(/(^|[^A-Za-z0-9_])--?[A-Za-z][A-Za-z0-9-]*(=[^ ]*)?/, " ", line)   # options
		gsub(/[^ "“”：:，,（）()、；;]*[\/.][A-Za-z0-9][^ "“”：:，,（）()、；;]*/, " ", line)   # files, paths
		while (match(line, /[A-Za-z][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*/)) {
			w = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
			if (w ~ /[a-z]/) print $1 "\t" w "\t" opt
		}
	}'
}

fail=0 n=0
for f in "$d"/out/*; do
	n=$((n + 1))
	name=${f##*/}
	words "$f" | while IFS='	' read -r line w opt; do
		grep -qxF "$w" "$d/allow" && continue
		case $name in *.help|*explain*) opt=1 ;; esac
		[ "$opt" = 1 ] && grep -qxF "$w" "$d/allow-opt" && continue
		echo "$name:$line: '$w': $(sed -n "${line}p" "$f" | cut -c1-160)"
	done > "$d/bad"
	if [ -s "$d/bad" ]; then
		fail=$((fail + 1))
		sed 's/^/FAIL: zh: /' "$d/bad"
	fi
done
echo "zh: $n outputs, $fail with English words left (allowed: tests/zh-allow.txt)"
[ "$fail" -eq 0 ]
