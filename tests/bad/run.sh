#!/bin/sh
# Broken and hostile input: every line of tests/bad/cases runs one tool on one
# file of tests/bad/files/ (or one generated here, gen-*), under a timeout, and
# checks its exit status and the first line of its message. Then the scripts
# tests/bad/*.sh (atomic output, limits, personal data) run.
# Usage: tests/bad/run.sh BINDIR
# Environment: LB_WRAP, a command put before every tool (valgrind, with
# --error-exitcode=99): the generated gen-* cases and the other scripts are
# skipped then. LB_SAN non-empty:
# the tools are built with sanitizers (memory bounds are not measured).
#
# A line of cases:   FILE STATUS TOOL [ARG]... :: FIRST LINE
#   FILE    a name in files/, or gen-*.csv made below
#   TOOL ARGs   the command; {} stands for FILE (else FILE comes last);
#           $ROSTER is a clean roster, $LOG a clean activity log
#   FIRST LINE  the first line the tool writes to standard error, exactly;
#           "out: TEXT" compares the first line of standard output instead;
#           a trailing "..." compares only what comes before it.
# A tool that is not built yet (not in BINDIR) is listed as skipped.
set -u
mkdir -p "$1"; bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-bad.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export PATH="$bindir:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="${bindir%/*}/locale"
wrap=${LB_WRAP:-}
limit=30
[ -n "$wrap" ] && limit=300

cp "$here"/files/* "$scratch"/
cp "$top/tests/e2e/validate/clean/roster.csv" "$scratch/clean-roster.csv"
cp "$top/tests/e2e/schedule/data/log.csv" "$scratch/clean-log.csv"
cd "$scratch" || exit 2
ROSTER=clean-roster.csv LOG=clean-log.csv

# Generated, never committed: a record with a 10 MB field (over the 8 MiB
# record limit), one with a 2 MiB field (over the 1 MiB cell limit), a line of a
# million commas (over 4096 cells) (both after a valid header and record).
if [ -z "$wrap" ]; then
	{ sed -n 1,2p clean-roster.csv; printf '622901201002140028,'
	  head -c 10485760 /dev/zero | tr '\0' x
	  sed -n 3p clean-roster.csv | cut -d, -f3-; } > gen-field-10mb.csv
	{ sed -n 1,2p clean-roster.csv; head -c 1000000 /dev/zero | tr '\0' ,; echo; } > gen-million-commas.csv
	# 1001 rules, one over the cap of lb-rules(5)
	{ printf 'rules:\n'; i=0; while [ $i -le 1000 ]; do
		printf '  - {id: r%d, title: t, kinds: [谈心], every: month}\n' $i; i=$((i + 1)); done; } > gen-rules-many.yaml
	# a NUL byte after the first 64 KiB, on line 403: it cut 张\0一 to 张
	{ sed -n 1,2p clean-roster.csv; i=0; while [ $i -lt 400 ]; do sed -n 3p clean-roster.csv; i=$((i + 1)); done
	  printf '62290120080505003X,张\000一,男,2008-05-05\n'; } > gen-nul-late.csv
	{ sed -n 1,2p clean-roster.csv; printf '622901201002140028,'
	  head -c 2097152 /dev/zero | tr '\0' x
	  sed -n 3p clean-roster.csv | cut -d, -f3-; } > gen-field-2mb.csv
fi

pass=0 fail=0 skip=0
set -f
while IFS= read -r line; do
	case $line in ''|'#'*) continue ;; esac
	lhs=${line%% :: *}; want=${line#* :: }
	set -- $lhs
	file=$1 status=$2; shift 2
	tool=$1
	if [ ! -x "$bindir/$tool" ]; then skip=$((skip + 1)); continue; fi
	if [ ! -f "$file" ]; then skip=$((skip + 1)); continue; fi   # gen-* under LB_WRAP
	args= used=0
	for a in "$@"; do
		case $a in
		'{}') a=$file; used=1 ;;
		'$ROSTER') a=$ROSTER ;;
		'$LOG') a=$LOG ;;
		esac
		args="$args $a"
	done
	[ $used = 1 ] || args="$args $file"
	timeout -k 5 $limit $wrap $args > .out 2> .err < /dev/null
	got=$?
	stream=.err w=$want
	case $w in 'out: '*) stream=.out w=${w#out: } ;; esac
	first=$(head -n 1 "$stream")
	ok=1 why=
	if [ $got = 99 ] && [ -n "$wrap" ]; then ok=0; why="valgrind found errors (exit status 99)"; first=$(grep -m1 '==[0-9]*==' .err)
	elif [ $got -ge 124 ]; then ok=0; why="crashed or hung (exit status $got)"
	elif [ "$got" != "$status" ]; then ok=0; why="exit status $got, expected $status"
	else
		case $w in
		*...) p=${w%...}
			case $first in "$p"*) ;; *) ok=0; why="first line differs" ;; esac ;;
		*) [ "$first" = "$w" ] || { ok=0; why="first line differs"; } ;;
		esac
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "FAIL: bad:$args: $why"
		echo "    expected: $w"
		echo "    got:      $first"
	fi
done < "$here/cases"
set +f
echo "bad: $pass passed, $fail failed, $skip skipped (tool not built or case not run here)"

# The other checks of hostile use, each a script that prints its own tally
# (not under valgrind: make check runs them under the sanitizers).
[ -n "$wrap" ] && { [ "$fail" -eq 0 ]; exit; }
for s in "$here"/*.sh; do
	[ "$s" = "$here/run.sh" ] && continue
	sh "$s" "$bindir" || fail=$((fail + 1))
done
[ "$fail" -eq 0 ]
