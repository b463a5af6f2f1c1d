#!/bin/sh
# Bounded memory in the streaming tools: lb-import and lb-validate read a
# generated roster of 200 MB (400 records with a 512 KiB notes cell each,
# under the 1 MiB cell limit) from a pipe, and their peak RSS must stay under
# 64 MB, which a tool that held the file would break; lb-import also reads
# 200 000 small records under 16 MB, and a YAML roster of 100 MB (made from
# such a CSV by lb-import -f yaml) from a pipe under 64 MB. The per-cell and per-record limits
# themselves are cases of tests/bad/cases (gen-*). And lb-merge's time on
# 20 000 copies of one child. And lb-schedule --split-by performer with more
# performers than open files.
# Skipped under sanitizers or valgrind (LB_SAN, LB_WRAP), whose own memory
# use would be measured. Usage: tests/bad/limits.sh BINDIR
set -u
bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${LB_SAN:-}" ] || [ -n "${LB_WRAP:-}" ]; then
	echo "limits: skipped (sanitizer or valgrind build: RSS is not the tool's)"
	exit 0
fi
if [ ! -x /usr/bin/time ]; then
	echo "limits: FAIL: /usr/bin/time is missing (Debian package time; make deps-check)"
	exit 1
fi
export LC_ALL=C TZ=UTC
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lb-limits.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
# check NAME MAX_KB N NOTES TOOL ARGS...: exit 0, RSS under MAX_KB, and the
# summary counts all N records.
check() {
	name=$1 max=$2 n=$3 notes=$4; shift 4
	awk -v n="$n" -v notes="$notes" -f "$here/roster.awk" |
	    /usr/bin/time -f %M -o "$tmp/rss" timeout 60 "$bindir/$@" - > /dev/null 2> "$tmp/err"
	st=$?
	rss=$(tail -n 1 "$tmp/rss")
	if [ $st = 0 ] && [ "$rss" -lt "$max" ] && grep -q -e "records: $n," -e ": $n records," "$tmp/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: limits: $name: status $st, peak RSS ${rss} KB (limit $max KB)"
		head -3 "$tmp/err"
	fi
}
check "lb-import, 200 MB of large records" 65536 400 524288 lb-import
check "lb-validate, 200 MB of large records" 65536 400 524288 lb-validate --as-of 2025-11-15
check "lb-import, 200 000 records" 16384 200000 0 lb-import
# YAML is streamed too: 200 records of 512 KiB notes as YAML, ~100 MB.
awk -v n=200 -v notes=524288 -f "$here/roster.awk" |
    "$bindir/lb-import" -f yaml - > "$tmp/big.yaml" 2> /dev/null
cat "$tmp/big.yaml" | /usr/bin/time -f %M -o "$tmp/rss" timeout 60 "$bindir/lb-import" - > /dev/null 2> "$tmp/err"
st=$?
rss=$(tail -n 1 "$tmp/rss")
if [ $st = 0 ] && [ "$rss" -lt 65536 ] && grep -q "YAML, records: 200," "$tmp/err"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: limits: lb-import, 100 MB of YAML: status $st, peak RSS ${rss} KB (limit 65536 KB)"
	head -3 "$tmp/err"
fi
rm -f "$tmp/big.yaml"
# lb-merge is near-linear in the copies of one child_id: 20 000 copies with
# different notes took 10 s (pairwise comparisons), now well under a second;
# 5 s is the limit.
if [ -x "$bindir/lb-merge" ]; then
	awk -v n=1 -v notes=0 -f "$here/roster.awk" > "$tmp/one.csv"
	{ head -1 "$tmp/one.csv"; tail -1 "$tmp/one.csv" |
	  awk '{ for (i = 0; i < 20000; i++) print $0 "note " i }'; } > "$tmp/copies.csv"
	timeout 5 "$bindir/lb-merge" -q "$tmp/copies.csv" > /dev/null 2>&1; st=$?
	if [ $st = 0 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: limits: lb-merge, 20 000 copies of one child: status $st (124: over 5 s)"; fi
fi
# lb-schedule --split-by performer: one file per performer, each closed
# when written (a county has thousands of performers: they were all held
# open, and every file went through every window, minutes at 1,500
# children). 300 generated children have some 700 performers (teachers and
# parents); with 100 open files allowed, all must still be written.
lbgen="${bindir%/*}/bin-bench/lbgen"
if [ -x "$bindir/lb-schedule" ] && [ -x "$lbgen" ]; then
	"$lbgen" roster --children 300 --seed 3 > "$tmp/r300.csv"
	"$lbgen" log --children 300 --seed 4 --roster-seed 3 > "$tmp/l300.csv"
	(ulimit -n 100 && timeout 60 "$bindir/lb-schedule" -q --as-of 2025-11-15 --log "$tmp/l300.csv" \
	    --split-by performer -d "$tmp/split" "$tmp/r300.csv") > /dev/null 2> "$tmp/err"; st=$?
	nf=$(ls "$tmp/split" 2>/dev/null | wc -l)
	if [ $st = 0 ] && [ "$nf" -gt 500 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: limits: lb-schedule --split-by performer, 100 open files: status $st, $nf files"
		head -3 "$tmp/err"; fi
fi
# Interrupted after its 1,050th file (more than the 1,024 temporaries the
# signal handler used to know), --split-by leaves no temporary behind.
if [ -x "$bindir/lb-schedule" ] && [ -x "$lbgen" ]; then
	"$lbgen" roster --children 700 --seed 3 > "$tmp/r700.csv"
	"$lbgen" log --children 700 --seed 4 --roster-seed 3 > "$tmp/l700.csv"
	mkdir "$tmp/sig"
	"$bindir/lb-schedule" -q --as-of 2025-11-15 --log "$tmp/l700.csv" \
	    --split-by performer -d "$tmp/sig" "$tmp/r700.csv" > /dev/null 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 1200 ] && kill -0 $pid 2>/dev/null &&
	      [ "$(ls -A "$tmp/sig" | wc -l)" -lt 1050 ]; do sleep 0.1; i=$((i + 1)); done
	made=$(ls -A "$tmp/sig" | wc -l)
	{ kill -TERM $pid; wait $pid; st=$?; } 2> /dev/null   # not the shell's "Terminated"
	left=$(ls -A "$tmp/sig" | wc -l)
	if [ $st = 143 ] && [ "$made" -ge 1050 ] && [ "$left" = 0 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: limits: lb-schedule --split-by, SIGTERM after $made temporaries: status $st, $left files left"; fi
fi
echo "limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
