#!/bin/sh
# Personal data (lb(7), Personal data): privacy/roster.csv and privacy/log.csv
# plant identity numbers and phone numbers, some in the forms people type
# (+86 138-1234-5678) and some wrong (a bad check character, a short mobile),
# so that they turn up in findings, changes, schedules and reports. Without
# --reveal none of them may appear whole in any diagnostic, finding, report,
# schedule, --explain or --changes file (compared with spaces, dashes and +
# removed); with --reveal they do (so the test can fail). Data outputs
# (lb-import, lb-validate --pass) stay exact, and the cells that a
# spreadsheet would run as formulas are neutralised with ' in report CSV only.
# Usage: tests/bad/privacy.sh BINDIR
set -u
bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-priv.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export PATH="$bindir:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="${bindir%/*}/locale"
wrap=${LB_WRAP:-}
cp "$here"/privacy/* "$scratch"/
cd "$scratch" || exit 2
planted='13812345679 622901201503040017 622901201002140029 622901196005010110 13812345678 13911112222 13744443333 1367777888 6212345 13955556666 13800001111'
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: privacy: $*"; }
# leaks FILE...: the planted numbers found whole in FILEs
leaks() {
	for n in $planted; do
		cat "$@" | tr -d ' +-' | grep -q -F -e "$n" && printf '%s ' "$n"
	done
}
# masked 'CMD' FILE...: run CMD (stdout to .out, stderr to .err), then no
# planted number may be in .err, .out (unless the product is data: pass
# "-" as first FILE to leave .out out) or the FILEs named.
masked() {
	cmd=$1; shift
	files=".out .err"
	if [ "${1:-}" = - ]; then files=.err; shift; fi
	files="$files $*"
	tool=${cmd%% *}
	[ -x "$bindir/$tool" ] || { echo "privacy: $tool not built, skipped"; return; }
	rm -f "$@"
	timeout -k 5 120 $wrap $cmd > .out 2> .err; st=$?
	if [ $st -ge 124 ]; then bad "$cmd: exit status $st"; return; fi
	for _f in $files; do [ -f "$_f" ] || { bad "$cmd: $_f not written"; return; }; done
	l=$(leaks $files)
	if [ -z "$l" ]; then ok; else bad "$cmd: unmasked: $l"; fi
}
A='--as-of 2025-11-15'
masked "lb-validate $A roster.csv"
masked "lb-validate $A -f csv roster.csv"
masked "lb-validate $A -f yaml roster.csv"
masked "lb-validate $A --pass roster.csv" -
masked "lb-validate $A --kind activity --roster roster.csv log.csv"
masked "lb-import --changes changes.csv roster.csv" - changes.csv
masked "lb-schedule $A --month 2025-11 --log log.csv roster.csv"
masked "lb-schedule $A --month 2025-11 --log log.csv -f yaml roster.csv"
masked "lb-schedule $A --month 2025-11 --log log.csv -f ics roster.csv"
masked "lb-schedule $A --month 2025-11 --log log.csv --explain 622901201503040017 roster.csv"
masked "lb-schedule $A --month 2025-11 --log log.csv --explain 622901201002140029 roster.csv"
for f in md csv yaml html; do
	masked "lb-report --as-of 2025-12-01 --log log.csv -f $f roster.csv"
	masked "lb-report --as-of 2025-12-01 --log log.csv --by head_teacher -f $f roster.csv"
done
masked "lb-merge roster.csv roster.csv" -
# a second roster whose guardian's mobile differs: a conflict on it
sed 's/+86 138-1234-5678/13812345679/' roster.csv > other.csv
masked "lb-merge --conflicts conflicts.csv roster.csv other.csv" - conflicts.csv

# --reveal shows them (the test above would see a leak).
if [ -x "$bindir/lb-validate" ]; then
	$wrap lb-validate $A --reveal roster.csv > .out 2> .err
	case $(leaks .out .err) in *622901201002140029*) ok ;; *) bad "lb-validate --reveal: the numbers are not shown" ;; esac
fi

# Data outputs are exact: no masking, no formula quoting.
if [ -x "$bindir/lb-import" ]; then
	$wrap lb-import -q roster.csv > .out 2> .err
	if grep -q -F '622901201002140029,"=HYPERLINK(""http://x"")"' .out &&
	   grep -q -F ',=1+1 父亲电话 +86 13955556666' .out && grep -q -F ',+8613800001111' .out &&
	   grep -q -F ',13812345678,' .out && grep -q -F ',@SUM(A1),' .out; then ok
	else bad "lb-import: data output not exact"; head -3 .out; fi
fi
if [ -x "$bindir/lb-validate" ]; then
	$wrap lb-validate -q $A --pass roster.csv > .out 2> .err
	if cmp -s .out roster.csv || { head -2 roster.csv | cmp -s - .out; }; then ok
	else bad "lb-validate --pass: records changed"; fi
fi

# Report CSV: the cells that start with = + - @ get a leading '.
if [ -x "$bindir/lb-report" ]; then
	for by in school head_teacher; do
		$wrap lb-report -q --as-of 2025-12-01 --log log.csv --by $by -f csv roster.csv > .out 2> .err
		if grep -E -q '(^|,|")(@SUM|=HYPERLINK|-王老师|\+86)' .out; then
			bad "lb-report -f csv --by $by: a formula cell not neutralised: $(grep -E '(^|,|")(@SUM|=HYPERLINK|-王老师|\+86)' .out | head -1)"
		elif ! grep -q -F "'@SUM(A1)" .out && [ $by = school ]; then
			bad "lb-report -f csv --by school: the school '@SUM(A1) is missing"
		elif ! grep -q -F "'-王老师" .out && [ $by = head_teacher ]; then
			bad "lb-report -f csv --by head_teacher: the head teacher '-王老师 is missing"
		else ok; fi
	done
fi
# privacy/wide.csv and wide-log.csv plant numbers in every way people type
# them: full-width digits, U+3000, dots, slashes, underscores, brackets, +86
# and 0086, in phone, id and free-text fields (notes, names, the performer).
# Every output of every tool, in every format, is folded (full-width digits
# to ASCII, every separator dropped) and searched for the numbers whole, and
# for the birth dates of the children (and their 16th birthdays) beside their
# masked numbers.
wnums='13811119999 09318123456 13922223333 13812345670 622901198001010016 13844445555
13733334444 622901198001010012 622901201002140028 09318123457 13922223334 13812345671
13822223333 13844445556 13812345672 13812345673 13812345674 622901200905050010
09318123458 13812345675 09318123459 622901201105060020 622901200905050010'
wdates='2011-05-06 2010-02-14 2009-05-05 2009-05-06 2027-05-06 2026-02-14 2025-05-05 2025-05-06'
fw='s/０/0/g;s/１/1/g;s/２/2/g;s/３/3/g;s/４/4/g;s/５/5/g;s/６/6/g;s/７/7/g;s/８/8/g;s/９/9/g'
strip='s/　//g;s/（//g;s/）//g;s/－//g;s/．//g;s/／//g;s/＿//g'
wleaks() {
	cat "$@" | sed -e "$fw" > .fold
	sed -e "$strip" .fold | tr -d ' +./_()-' > .strip
	for n in $wnums; do grep -q -F -e "$n" .strip && printf '%s ' "$n"; done
	for d in $wdates; do
		c=$(echo "$d" | tr -d -)
		{ grep -q -F -e "$d" .fold || grep -q -F -e "$c" .strip; } && printf 'birth:%s ' "$d"
	done
}
# wmasked 'CMD' [-] FILE...: as masked, on the wide plantings
wmasked() {
	cmd=$1; shift
	files=".out .err"
	if [ "${1:-}" = - ]; then files=.err; shift; fi
	files="$files $*"
	tool=${cmd%% *}
	[ -x "$bindir/$tool" ] || { echo "privacy: $tool not built, skipped"; return; }
	rm -f "$@"
	timeout -k 5 120 $wrap $cmd > .out 2> .err; st=$?
	if [ $st -ge 124 ]; then bad "$cmd: exit status $st"; return; fi
	for _f in $files; do [ -f "$_f" ] || { bad "$cmd: $_f not written"; return; }; done
	l=$(wleaks $files)
	if [ -z "$l" ]; then ok; else bad "$cmd: unmasked: $l"; fi
}
for a in '' '-f csv' '-f yaml'; do
	wmasked "lb-validate $A $a wide.csv"
	wmasked "lb-validate --as-of 2025-12-01 $a wide.csv"
	wmasked "lb-validate $A $a --kind activity --roster wide.csv wide-log.csv"
done
wmasked "lb-validate $A --pass wide.csv" -
wmasked "lb-import --changes changes.csv wide.csv" - changes.csv
wmasked "lb-import -f yaml --changes changes.csv wide.csv" - changes.csv
wmasked "lb-import --kind activity wide-log.csv" -
for a in '' '-f yaml' '-f ics'; do
	wmasked "lb-schedule $A --month 2025-11 --log wide-log.csv $a wide.csv"
done
for id in 622901201105060020 622901201002140028 622901200905050010; do
	wmasked "lb-schedule $A --month 2025-11 --log wide-log.csv --explain $id wide.csv"
done
for f in md csv yaml html; do
	for by in school head_teacher mentor; do
		wmasked "lb-report --as-of 2025-12-01 --log wide-log.csv --by $by -f $f wide.csv"
	done
done
wmasked "lb-merge wide.csv wide.csv" -
sed -e '2s/父亲 13733334444/父亲 13733334444 改/' -e '2s/张父13811119999,祖父母/张父13811119999 或 (0931)8123456,祖父母/' \
    -e '3s/王老师13822223333/王老师 13822223333/' wide.csv > wide2.csv
wmasked "lb-merge --conflicts conflicts.csv wide.csv wide2.csv" - conflicts.csv
wmasked "lb-merge --conflicts conflicts.csv -f yaml wide.csv wide2.csv" - conflicts.csv
wmasked "lb-merge --kind activity wide-log.csv wide-log.csv" -
# with --reveal the planted numbers are there (so the search can fail)
if [ -x "$bindir/lb-validate" ]; then
	$wrap lb-validate $A --reveal wide.csv > .out 2> .err
	case $(wleaks .out .err) in *13812345670*birth:2009-05-06*) ok ;; *) bad "lb-validate --reveal: the wide numbers are not shown" ;; esac
fi

# Every CSV meant for a person neutralises formula cells: the schedule, the
# findings, the changes and the conflicts (they held =, +, - and @ raw).
formula() { grep -E '(^|,)"?[=+@-]' "$@" | grep -v -E '^(file|child_id),'; }
pcsv() { # pcsv 'CMD' FILE: FILE must have no formula cell
	tool=${1%% *}
	[ -x "$bindir/$tool" ] || return
	rm -f "$2"
	$wrap $1 > .out 2> .err
	if [ ! -s "$2" ]; then bad "$1: $2 not written"
	elif [ -n "$(formula "$2")" ]; then bad "$1: a formula cell not neutralised: $(formula "$2" | head -1)"
	else ok; fi
}
pcsv "lb-schedule -q $A --month 2025-11 --log log.csv -o s.csv roster.csv" s.csv
pcsv "lb-validate -q $A -f csv -o f.csv roster.csv" f.csv
pcsv "lb-import -q --changes c.csv roster.csv" c.csv
sed 's/=1+1 父亲电话/=2+2 父亲电话/' roster.csv > other2.csv
pcsv "lb-merge -q --conflicts k.csv roster.csv other2.csv" k.csv
if [ -x "$bindir/lb-schedule" ]; then
	$wrap lb-schedule -q $A --month 2025-11 --log log.csv roster.csv > .out 2> .err
	if grep -q -F ",'-王老师" .out; then ok; else bad "lb-schedule: the performer '-王老师 is missing"; fi
fi

# lb-query masks every cell of every format, and workbooks are searched in
# their XML (unzip -p): the schedule, the findings, the report, lb-query and
# lb-merge's reports as .xlsx hold no planted number either.
# qmasked 'CMD': as wmasked, CMD run by sh (it quotes its SQL); exit 0 or 1
qmasked() {
	[ -x "$bindir/lb-query" ] || { echo "privacy: lb-query not built, skipped"; return; }
	timeout -k 5 120 sh -c "$wrap $1" > .out 2> .err; st=$?
	if [ $st -ge 2 ]; then bad "$1: exit status $st: $(head -1 .err)"; return; fi
	l=$(wleaks .out .err)
	if [ -z "$l" ]; then ok; else bad "$1: unmasked: $l"; fi
}
for fmt in csv md yaml; do
	qmasked "lb-query $A -f $fmt wide.csv"
	qmasked "lb-query $A -f $fmt --log wide-log.csv -e 'SELECT * FROM activity' wide.csv"
	qmasked "lb-query $A -f $fmt --month 2025-11 --log wide-log.csv -e 'SELECT * FROM windows' wide.csv"
	qmasked "lb-query $A -f $fmt -e 'SELECT * FROM findings' wide.csv"
	qmasked "lb-query $A -f $fmt --count-by head_teacher,mentor wide.csv"
done
# xmasked 'CMD' FILE.xlsx: CMD writes FILE.xlsx; its XML, .out and .err
# must hold no planted number
xmasked() {
	tool=${1%% *}
	[ -x "$bindir/$tool" ] || { echo "privacy: $tool not built, skipped"; return; }
	rm -f "$2" "$2.xml"
	timeout -k 5 120 sh -c "$wrap $1" > .out 2> .err; st=$?
	if [ $st -ge 124 ]; then bad "$1: exit status $st"; return; fi
	if [ ! -s "$2" ]; then bad "$1: $2 not written"; return; fi
	unzip -p "$2" '*.xml' > "$2.xml" 2>/dev/null
	if [ ! -s "$2.xml" ]; then bad "$1: $2 is no workbook"; return; fi
	l=$(wleaks .out .err "$2.xml")
	if [ -z "$l" ]; then ok; else bad "$1: unmasked: $l"; fi
}
if command -v unzip > /dev/null 2>&1; then
	xmasked "lb-schedule $A --month 2025-11 --log wide-log.csv -f xlsx -o s.xlsx wide.csv" s.xlsx
	xmasked "lb-validate $A -f xlsx -o f.xlsx wide.csv" f.xlsx
	xmasked "lb-validate $A -f xlsx --kind activity --roster wide.csv -o f.xlsx wide-log.csv" f.xlsx
	for by in school head_teacher mentor; do
		xmasked "lb-report --as-of 2025-12-01 --log wide-log.csv --by $by -f xlsx -o r.xlsx wide.csv" r.xlsx
	done
	xmasked "lb-query $A -f xlsx -o q.xlsx wide.csv" q.xlsx
	xmasked "lb-query $A -f xlsx --month 2025-11 --log wide-log.csv -e 'SELECT * FROM windows' -o q.xlsx wide.csv" q.xlsx
	xmasked "lb-query $A -f xlsx -e 'SELECT * FROM findings' -o q.xlsx wide.csv" q.xlsx
	# the data workbooks are exact: the numbers are there (the search can fail)
	if [ -x "$bindir/lb-import" ]; then
		rm -f d.xlsx
		$wrap lb-import -q -f xlsx -o d.xlsx wide.csv > .out 2> .err
		unzip -p d.xlsx '*.xml' > d.xml 2>/dev/null
		case $(wleaks d.xml) in *622901201105060020*) ok ;; *) bad "lb-import -f xlsx: the data workbook lost its numbers" ;; esac
	fi
else
	echo "privacy: unzip not found, the .xlsx outputs not searched"
fi
# lb-merge --transfers (a child at two schools) is a report too
sed -e '3s/红园中学/青山中学/' -e '3s/,在册,/,在册,/' wide.csv > wide3.csv
wmasked "lb-merge --transfers t.csv wide.csv wide3.csv" - t.csv
wmasked "lb-merge --transfers t.yaml wide.csv wide3.csv" - t.yaml

echo "privacy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
