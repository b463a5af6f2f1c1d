#!/bin/sh
# Output files under hostile use (lb-files(5), Output files):
#  - `-o` that is, or links to, a device, a FIFO or a folder, or a dangling
#    link: refused (exit 2), nothing written through it (a link planted in a
#    reports folder once made a report write onto a block device);
#  - `-o` a link to a regular file: that file replaced, the link kept;
#  - `-o -` and `-o /dev/stdout`: standard output;
#  - modes: new data outputs (rosters, logs, changes, conflicts, findings)
#    0600, masked reports 0666 less the umask, a replaced file keeps its mode;
#  - the temporary file of -o is 0600 and removed on SIGINT, SIGTERM, SIGHUP;
#  - all outputs of one run commit together: --changes failing (the file
#    size limit, as a full disk) leaves no -o file, and says why;
#  - two outputs naming one file (or both standard output) are refused;
#  - lb-import reads a FIFO input (copied first), and an input that changes
#    between its two passes is an error; its second pass reads the first
#    pass's decoded copy, which nothing outlives.
# Usage: tests/bad/files.sh BINDIR
set -u
bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-files.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export PATH="$bindir:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="$top/build/locale"
wrap=${LB_WRAP:-}
cd "$scratch" || exit 2
awk -v n=50 -v notes=0 -f "$here/roster.awk" > in.csv
cp "$top/tests/e2e/schedule/data/log.csv" log.csv
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: files: $*"; sed 's/^/    stderr: /' .err | head -3; }
mode() { stat -c %a "$1"; }
umask 022

# Each tool's -o with the arguments that make it write.
while IFS= read -r t; do
	set -- $t; tool=$1
	[ -x "$bindir/$tool" ] || continue
	# a link to a character device, to a FIFO; a FIFO; a dangling link; a folder
	ln -sf /dev/null to-null; mkfifo fifo; ln -sf fifo to-fifo; ln -sf nowhere dangling; mkdir -p folder
	for o in to-null to-fifo fifo dangling folder; do
		timeout -k 5 10 $wrap $t -o $o in.csv > .out 2> .err; st=$?
		if [ $st = 2 ] && [ -s .err ] && [ -c /dev/null ] && [ -p fifo ] && [ -L dangling ] &&
		   [ ! -e nowhere ] && [ -d folder ] && [ -z "$(ls -A folder)" ] &&
		   [ -z "$(ls -A | grep '^\.[a-z-]*\.[A-Za-z0-9]\{6\}$')" ]; then ok
		else bad "$tool -o $o: status $st (expected 2, nothing written)"; fi
	done
	rm -rf to-null to-fifo fifo dangling folder nowhere
	# a link to a regular file: the file replaced, the link kept, its mode kept
	printf 'old\n' > real.csv; chmod 640 real.csv; ln -sf real.csv link.csv
	timeout -k 5 30 $wrap $t -o link.csv in.csv > .out 2> .err; st=$?
	if [ $st -le 1 ] && [ -L link.csv ] && ! grep -q '^old$' real.csv && [ "$(mode real.csv)" = 640 ]; then ok
	else bad "$tool -o LINK-TO-FILE: status $st, link $( [ -L link.csv ] && echo kept || echo replaced), mode $(mode real.csv)"; fi
	rm -f real.csv link.csv
	# -o /dev/stdout and -o - are standard output
	for o in /dev/stdout -; do
		timeout -k 5 30 $wrap $t -o $o in.csv > .out 2> .err; st=$?
		if [ $st -le 1 ] && [ -s .out ]; then ok; else bad "$tool -o $o: status $st, standard output $(wc -c < .out) bytes"; fi
	done
done <<'TOOLS'
lb-import -q
lb-validate -q --pass --as-of 2025-11-15
lb-schedule -q --as-of 2025-11-15 --month 2025-11
lb-report -q --as-of 2025-12-01 -f csv
lb-merge -q
TOOLS

# Modes under umask 022.
m() { # m WANT FILE CMD...: run CMD, FILE must have mode WANT
	want=$1 f=$2; shift 2
	[ -x "$bindir/$1" ] || return
	rm -f "$f"
	timeout -k 5 30 $wrap "$@" > .out 2> .err; st=$?
	if [ $st -le 1 ] && [ -f "$f" ] && [ "$(mode "$f")" = "$want" ]; then ok
	else bad "$*: status $st, mode $( [ -f "$f" ] && mode "$f" || echo none), expected $want"; fi
}
sed 's/,2010-03-0\([0-9]\),/,2010\/3\/\1,/' in.csv > messy.csv
m 600 out.csv lb-import -q -o out.csv in.csv
m 600 ch.csv lb-import -q --changes ch.csv -o out.csv messy.csv
m 600 out.csv lb-merge -q -o out.csv in.csv in.csv
m 600 cf.csv lb-merge -q --conflicts cf.csv -o out.csv in.csv messy.csv
m 600 out.csv lb-validate -q --as-of 2025-11-15 --pass -o out.csv in.csv
m 644 out.csv lb-report -q --as-of 2025-12-01 -o out.csv in.csv
m 644 out.csv lb-schedule -q --as-of 2025-11-15 --month 2025-11 -o out.csv in.csv
m 600 out.xlsx lb-import -q -f xlsx -o out.xlsx in.csv
m 600 f.csv lb-validate -q --as-of 2025-11-15 -f csv -o f.csv in.csv
rm -rf split
m 600 "split/(empty).csv" lb-validate -q --as-of 2025-11-15 --split-by school -d split messy.csv
# --mode MODE: the mode of new data files, every file of the run
m 640 out.csv lb-import -q --mode 0640 -o out.csv in.csv
m 640 ch.csv lb-import -q --mode 640 --changes ch.csv -o out.csv messy.csv
m 640 out.xlsx lb-import -q --mode 0640 -f xlsx -o out.xlsx in.csv
m 660 cf.csv lb-merge -q --mode 0660 --conflicts cf.csv -o out.csv in.csv messy.csv
m 660 out.csv lb-merge -q --mode 0660 --conflicts cf.csv -o out.csv in.csv messy.csv
m 640 out.csv lb-validate -q --mode 0640 --as-of 2025-11-15 --pass -o out.csv in.csv
rm -rf split
m 640 "split/(empty).csv" lb-validate -q --mode 0640 --as-of 2025-11-15 --split-by school -d split messy.csv
for bad_mode in 8 -1 01000 0x1 ''; do
	[ -x "$bindir/lb-import" ] || break
	rm -f out.csv
	$wrap lb-import -q --mode "$bad_mode" -o out.csv in.csv > .out 2> .err; st=$?
	if [ $st = 2 ] && grep -q -e '--mode: .* is not an octal mode' .err && [ ! -e out.csv ]; then ok
	else bad "lb-import --mode '$bad_mode': status $st, $(head -1 .err)"; fi
done
# a replaced roster keeps its mode
if [ -x "$bindir/lb-import" ]; then
	cp in.csv keep.csv; chmod 600 keep.csv
	( umask 000; $wrap lb-import -q -o keep.csv in.csv ) > .out 2> .err
	if [ "$(mode keep.csv)" = 600 ]; then ok; else bad "lb-import -o OLD: mode $(mode keep.csv), expected 600 (kept)"; fi
	cp in.csv keep.csv; chmod 664 keep.csv
	$wrap lb-import -q -o keep.csv in.csv > .out 2> .err
	if [ "$(mode keep.csv)" = 664 ]; then ok; else bad "lb-import -o OLD: mode $(mode keep.csv), expected 664 (kept)"; fi
	$wrap lb-import -q --mode 0600 -o keep.csv in.csv > .out 2> .err
	if [ "$(mode keep.csv)" = 664 ]; then ok; else bad "lb-import --mode 0600 -o OLD: mode $(mode keep.csv), expected 664 (kept)"; fi
fi

# The temporary of -o: 0600 while written, removed on a signal. lb-validate
# --pass opens -o before it reads; its standard input pauses, so the
# temporary is there to look at. SIGINT is reset to its default first (a
# background job starts with it ignored).
if [ -x "$bindir/lb-validate" ] && [ -z "$wrap" ]; then
	for sig in INT TERM HUP; do
		rm -f sig.csv
		{ cat in.csv; sleep 10; } | python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' lb-validate -q --as-of 2025-11-15 --pass -o sig.csv - 2> .err &
		pid=$!
		i=0 tmp=
		while [ $i -lt 50 ]; do
			tmp=$(ls -A | grep '^\.sig\.csv\.' | head -1)
			[ -n "$tmp" ] && break
			sleep 0.1; i=$((i + 1))
		done
		tm=$( [ -n "$tmp" ] && mode "$tmp")
		kill -$sig $pid 2>/dev/null; wait $pid 2>/dev/null
		left=$(ls -A | grep '^\.sig\.csv\.')
		if [ -n "$tmp" ] && [ "$tm" = 600 ] && [ -z "$left" ] && [ ! -e sig.csv ]; then ok
		else bad "SIG$sig during -o: temporary '${tmp:-none}' mode ${tm:-none}, left behind: '${left:-none}'"; fi
		rm -f .sig.csv.*
	done
fi

# All outputs commit together: --changes over the file size limit (as on a
# full disk) leaves no -o file, and the message names the changes file.
if [ -x "$bindir/lb-import" ]; then
	awk -v n=2000 -v notes=0 -f "$here/roster.awk" |
	awk -F, -v OFS=, 'NR == 1 { print $0 ",father_phone,mother_phone,mentor_phone,entrusted_on,updated_on"; next }
	{ p = substr($11, 4); q = substr(p, 1, 4) " " substr(p, 5)
	  print $1, $2, $3, "2010年3月1日", $5, $6, $7, $8, $9, $10, "+86 138 " q, "2024年9月1日", $13, $14,
	        "139 " q, "137 " q, "136 " q, "2024年9月2日", "2024年9月3日" }' > wide.csv
	rm -f big.csv big-ch.csv
	( trap '' XFSZ; ulimit -f 1200; $wrap lb-import -q -o big.csv --changes big-ch.csv wide.csv ) > .out 2> .err; st=$?
	if [ $st = 2 ] && [ ! -e big.csv ] && [ ! -e big-ch.csv ] && grep -q 'big-ch.csv: write error' .err &&
	   ! grep -q 'could not be read' .err && [ -z "$(ls -A | grep '^\.big')" ]; then ok
	else bad "lb-import -o --changes, the changes over the limit: status $st, files: $(ls big*.csv 2>/dev/null | tr '\n' ' ')"; fi
fi

# Two outputs naming one file, or both standard output.
for c in 'lb-merge -q -o same.csv --conflicts same.csv in.csv in.csv' \
         'lb-merge -q -o same.csv --conflicts ./same.csv in.csv in.csv' \
         'lb-merge -q --conflicts /dev/stdout in.csv in.csv' \
         'lb-merge -q -o - --conflicts /dev/stdout in.csv in.csv' \
         'lb-import -q -o same.csv --changes ./same.csv in.csv' \
         'lb-import -q --changes /dev/stdout in.csv' \
         'lb-import -q --changes - -o /dev/stdout in.csv'; do
	set -- $c
	[ -x "$bindir/$1" ] || continue
	rm -f same.csv
	timeout -k 5 30 $wrap $c > .out 2> .err; st=$?
	if [ $st = 2 ] && [ -s .err ] && [ ! -e same.csv ]; then ok; else bad "$c: status $st, expected 2 (refused)"; fi
done
# lb-import reads each input twice: a FIFO (or <(cat roster.csv)) is copied
# first, as standard input is; it hung on a FIFO and found <(...) empty.
if [ -x "$bindir/lb-import" ]; then
	rm -f pipe; mkfifo pipe
	( cat in.csv > pipe & )
	timeout -k 5 30 $wrap lb-import -q pipe > .out 2> .err; st=$?
	if [ $st = 0 ] && [ "$(wc -l < .out)" = "$(wc -l < in.csv)" ]; then ok
	else bad "lb-import FIFO: status $st, $(wc -l < .out) lines out of $(wc -l < in.csv)"; fi
	rm -f pipe
fi
# lb-import's second pass reads the text its first pass decoded, from an
# unlinked temporary file under TMPDIR: a GB18030 FIFO and standard input
# give what the file gives, nothing is left in TMPDIR (after a run, and
# after one killed in the middle), and with no TMPDIR to write in a file is
# read twice as before, to the same output.
if [ -x "$bindir/lb-import" ]; then
	awk -v n=3000 -v notes=1 -f "$here/roster.awk" | iconv -f UTF-8 -t GB18030 > gb.csv
	mkdir -p tmpd
	TMPDIR=$PWD/tmpd lb-import -q --lang en gb.csv > gb.want 2> .err; st=$?
	if [ $st = 0 ] && [ -s gb.want ] && [ -z "$(ls -A tmpd)" ]; then ok
	else bad "lb-import GB18030: status $st, left in TMPDIR: $(ls -A tmpd | head -3)"; fi
	rm -f pipe; mkfifo pipe
	( timeout 30 sh -c "cat gb.csv > pipe" & )
	TMPDIR=$PWD/tmpd timeout -k 5 30 $wrap lb-import -q --lang en pipe > .out 2> .err; st=$?
	if [ $st = 0 ] && cmp -s .out gb.want && [ -z "$(ls -A tmpd)" ]; then ok
	else bad "lb-import GB18030 FIFO: status $st, differs from the file's output or left a file"; fi
	rm -f pipe
	TMPDIR=$PWD/tmpd $wrap lb-import -q --lang en < gb.csv > .out 2> .err; st=$?
	if [ $st = 0 ] && cmp -s .out gb.want && [ -z "$(ls -A tmpd)" ]; then ok
	else bad "lb-import GB18030 standard input: status $st, differs from the file's output"; fi
	TMPDIR=$PWD/no-such-dir $wrap lb-import -q --lang en gb.csv > .out 2> .err; st=$?
	if [ $st = 0 ] && cmp -s .out gb.want; then ok
	else bad "lb-import with no TMPDIR to write in: status $st, differs from the output with one"; fi
	if [ -z "$wrap" ]; then
		i=0
		while [ $i -lt 40 ]; do cat gb.csv; i=$((i + 1)); done > gbbig.csv
		TMPDIR=$PWD/tmpd lb-import -q gbbig.csv > /dev/null 2>&1 &
		pid=$!
		sleep 0.3
		kill -TERM $pid 2>/dev/null; wait $pid
		if [ -z "$(ls -A tmpd)" ]; then ok
		else bad "lb-import killed: left in TMPDIR: $(ls -A tmpd | head -3)"; fi
		rm -f gbbig.csv
	fi
	rm -rf gb.csv gb.want tmpd
fi
# Each decoded copy holds a descriptor until its second pass: with many
# inputs and few descriptors the later files are read twice, not refused.
if [ -x "$bindir/lb-import" ]; then
	mkdir -p many
	i=0
	while [ $i -lt 100 ]; do
		printf 'name,gender,birth_date\n张%d,男,2015-01-01\n' $i > many/f$i.csv; i=$((i + 1))
	done
	( ulimit -n 48 && $wrap lb-import -q --lang en many/*.csv ) > .out 2> .err; st=$?
	if [ $st = 0 ] && [ "$(wc -l < .out)" = 101 ]; then ok
	else bad "lb-import, 100 inputs under 48 descriptors: status $st, $(wc -l < .out) lines"; fi
	rm -rf many
fi
# An input that grows between the two passes (a row appended: its extra
# cells were lost) is an error. The run is stopped while it has the file
# open (the first pass: the second reads the decoded copy), a row
# appended, and the run continued. A loaded machine may let the first
# pass end before the stop lands: then the file is no longer open and the
# round is tried again (at most five).
if [ -x "$bindir/lb-import" ] && [ -z "$wrap" ]; then
	awk -v n=100000 -v notes=0 -f "$here/roster.awk" > grow0.csv
	try=0 caught=0
	while [ $try -lt 5 ] && [ $caught = 0 ]; do
		try=$((try + 1))
		cp grow0.csv grow.csv
		rm -f grown.csv
		lb-import -q -o grown.csv grow.csv > .out 2> .err &
		pid=$!
		i=0
		while [ $i -lt 200 ] && ! ls -l /proc/$pid/fd 2>/dev/null | grep -q grow.csv; do
			sleep 0.02; i=$((i + 1))
		done
		kill -STOP $pid 2>/dev/null
		if ls -l /proc/$pid/fd 2>/dev/null | grep -q grow.csv; then
			caught=1
			tail -1 grow.csv | sed 's/$/,x,y,z/' >> grow.csv
		fi
		kill -CONT $pid 2>/dev/null; wait $pid; st=$?
	done
	if [ $caught = 1 ] && [ $st = 2 ] && grep -q 'grow.csv: changed while it was read' .err &&
	   [ ! -e grown.csv ]; then ok
	else bad "lb-import, the input appended to while it runs: status $st (caught open: $caught)"; fi
	rm -f grow0.csv grow.csv grown.csv
fi
echo "files: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
