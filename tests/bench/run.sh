#!/bin/sh
# make bench: speed and memory of the lb tools against three baselines on the
# same files (cat, a bare libcsv parse, Miller).  See tests/bench/README.md.
#
# Usage: tests/bench/run.sh BUILDDIR      (make bench calls it)
# Settings (environment):
#   BENCH_SIZES     children per data set            (default "100000 1000000")
#   BENCH_RUNS      runs of each lb tool and of cat/csvcount; the median is shown (3)
#   BENCH_MLR_RUNS  runs of each Miller command: it is by far the slowest (1)
#   BENCH_LOG_MAX   largest size that also gets a year's activity log, used by
#                   lb-schedule and lb-report (100000: the log of 10^6 children is 5 GB)
#   BENCH_SEED      seed of the generated data (1)
#   BENCH_OUT       where the table is written (tests/bench/results.md)
#   BENCH_GROUPS    which groups to run (default: import validate merge schedule report query)
#   BENCH_PLAIN     groups also run on lbgen --plain data, the data of the benchmarks
#                   before issue 19, so the history stays comparable
#                   (default: import validate; "" for none)
set -eu
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
bin=$B/bin
bb=$B/bin-bench
cache=$B/bench-cache
SIZES=${BENCH_SIZES:-100000 1000000}
RUNS=${BENCH_RUNS:-3}
MLR_RUNS=${BENCH_MLR_RUNS:-1}
LOG_MAX=${BENCH_LOG_MAX:-100000}
SEED=${BENCH_SEED:-1}
OUT=${BENCH_OUT:-$top/tests/bench/results.md}
GROUPS=${BENCH_GROUPS:-import validate merge schedule report query}
PLAIN=${BENCH_PLAIN-import validate}
# want GROUP: run GROUP on this data set (style: real, or plain for BENCH_PLAIN)
want() {
	case " $GROUPS " in *" $1 "*) ;; *) return 1 ;; esac
	[ "$style" = real ] && return 0
	case " $PLAIN " in *" $1 "*) return 0 ;; esac
	return 1
}
for t in lbgen csvcount runstat; do
	[ -x "$bb/$t" ] || { echo "bench: $bb/$t missing (run: make bench)" >&2; exit 2; }
done
have_mlr=1
command -v mlr >/dev/null 2>&1 || { have_mlr=0; echo "bench: mlr not found: the Miller baselines are skipped" >&2; }

mkdir -p "$cache"
tmp=$cache/tmp.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
rows=$tmp/rows.tsv		# group size label bytes records runs wall cpu rss status command
: > "$rows"
genkey=$(cat "$top/tests/bench/lbgen.c" | cksum | cut -d' ' -f1)

# ---- data -----------------------------------------------------------------

# gen N STYLE: make the data sets of N children once, in $cache/nN-sSEED (the
# realistic data, lbgen's default) or $cache/nN-sSEED-plain (lbgen --plain).
gen() {
	d=$cache/n$1-s$SEED
	g_opt=
	if [ "$2" = plain ]; then
		d=$d-plain g_opt=--plain
	fi
	if [ -f "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$genkey $LOG_MAX" ]; then
		return 0
	fi
	rm -rf "$d"
	mkdir -p "$d.new"
	echo "bench: generating $1 children ($2) in $d" >&2
	"$bb/lbgen" roster --children "$1" --seed "$SEED" $g_opt > "$d.new/roster.csv"
	"$bb/lbgen" roster --children "$1" --seed "$SEED" $g_opt --raw --gb18030 --faults 0.02 > "$d.new/raw-gb18030.csv"
	"$bb/lbgen" roster --children "$1" --seed "$SEED" $g_opt --files 10 --overlap 0.05 --out-dir "$d.new/parts"
	if [ "$1" -le "$LOG_MAX" ] && [ "$2" = real ]; then
		# one log for both styles: they name the same children
		"$bb/lbgen" log --children "$1" --seed $((SEED + 1)) --roster-seed "$SEED" > "$d.new/log.csv"
	fi
	echo "$genkey $LOG_MAX" > "$d.new/stamp"
	mv "$d.new" "$d"
}

# records FILE... [-HEADER_ROWS_PER_FILE]: data records in the files.
records() {
	r_skip=$1; shift
	set -- $("$bb/csvcount" "$@") $#
	echo $(($1 - r_skip * $4))
}

bytes() {
	cat "$@" | wc -c | tr -d ' '
}

# ---- measuring ----------------------------------------------------------

# measure LABEL RUNS OKCODES OUTFILE COMMAND...: run it RUNS times, add a row.
measure() {
	label=$1 m_runs=$2 m_ok=$3 m_out=$4
	shift 4
	walls= cpus= rss=0 status=ok
	m_i=0
	while [ $m_i -lt "$m_runs" ]; do
		m_i=$((m_i + 1))
		"$bb/runstat" -o "$m_out" -- "$@" 2> "$tmp/err" || true
		eval "$(tail -n 1 "$tmp/err" | awk 'NF == 4 {printf "w=%s c=%s r=%s code=%s", $1, $2, $3, $4; ok = 1}
			END {if (!ok) print "w=0 c=0 r=0 code=runstat"}')"
		case " $m_ok " in
		*" $code "*) ;;
		*)	status="exit $code"
			echo "bench: $label failed (exit $code): $*" >&2
			head -n 5 "$tmp/err" | sed 's/^/    /' >&2
			break ;;
		esac
		walls="$walls $w" cpus="$cpus $c"
		[ "$r" -gt "$rss" ] && rss=$r
		rm -f "$tmp/out"
	done
	if [ "$status" = ok ]; then
		wall=$(median $walls) cpu=$(median $cpus)
	else
		wall=- cpu=-
	fi
	cmd=$(echo "$*" | sed "s|$cache/||g; s|$tmp/||g; s|$top/||g; s|	| |g")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$size" "$label" \
		"$gbytes" "$grecords" "$m_i" "$wall" "$cpu" "$rss" "$status" "$cmd" >> "$rows"
	line "$group" "$size" "$label" "$gbytes" "$grecords" "$wall" "$cpu" "$rss" "$status"
}

median() {
	printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

line() {
	awk -v g="$1" -v s="$2" -v l="$3" -v b="$4" -v r="$5" -v w="$6" -v c="$7" -v m="$8" -v st="$9" 'BEGIN {
		if (w == "-") { printf "  %-9s %8s  %-9s %s\n", g, s, l, st; exit }
		printf "  %-9s %8s  %-9s %8.2f s %8.1f MB/s %10.0f rec/s %8.1f MB peak %8.2f s cpu\n",
			g, s, l, w, b / 1e6 / w, r / w, m / 1024, c
	}' >&2
}

# group NAME SIZE BYTES RECORDS: start a group of rows.
group() {
	group=$1 size=$2 gbytes=$3 grecords=$4
	[ "$style" = plain ] && group=$group-plain
	echo "$group, $size children: $(awk -v b="$gbytes" 'BEGIN {printf "%.1f MB", b / 1e6}'), $grecords records" >&2
}

tool() {
	[ -x "$bin/lb-$1" ]
}

out=$tmp/out
styles=real
for g in $PLAIN; do
	case " $GROUPS " in *" $g "*) styles="real plain" ;; esac
done
for n in $SIZES; do
for style in $styles; do
	gen "$n" "$style"
	d=$cache/n$n-s$SEED
	[ "$style" = plain ] && d=$d-plain
	roster=$d/roster.csv raw=$d/raw-gb18030.csv log=$cache/n$n-s$SEED/log.csv
	parts=$(ls "$d"/parts/*.csv)

	if want import; then
		# import: a raw school roster in GB18030 → canonical roster
		group import "$n" "$(bytes "$raw")" "$n"
		measure cat "$RUNS" 0 /dev/null cat "$raw"
		measure csvcount "$RUNS" 0 /dev/null "$bb/csvcount" "$raw"
		[ $have_mlr = 1 ] && measure mlr "$MLR_RUNS" 0 "$out" mlr --icsv --ocsv cat "$raw"
		tool import && measure lb "$RUNS" 0 "$out" "$bin/lb-import" -q "$raw"
	fi

	if want validate; then
		# validate: a canonical roster → findings
		group validate "$n" "$(bytes "$roster")" "$(records 1 "$roster")"
		measure cat "$RUNS" 0 /dev/null cat "$roster"
		measure csvcount "$RUNS" 0 /dev/null "$bb/csvcount" "$roster"
		[ $have_mlr = 1 ] && measure mlr "$MLR_RUNS" 0 /dev/null mlr --icsv --ocsv filter \
			'!($child_id =~ "^[0-9]{17}[0-9X]$" && $guardian_phone =~ "^1[3-9][0-9]{9}$")' "$roster"
		tool validate && measure lb "$RUNS" "0 1" /dev/null "$bin/lb-validate" -q --as-of 2025-11-15 "$roster"
	fi

	if want merge; then
		# merge: 10 school files, 5% of the children in two of them → one roster
		group merge "$n" "$(bytes $parts)" "$(records 1 $parts)"
		measure cat "$RUNS" 0 /dev/null cat $parts
		measure csvcount "$RUNS" 0 /dev/null "$bb/csvcount" $parts
		[ $have_mlr = 1 ] && measure mlr "$MLR_RUNS" 0 "$out" mlr --icsv --ocsv sort -f child_id $parts
		tool merge && measure lb "$RUNS" 0 /dev/null "$bin/lb-merge" -q -o "$out" $parts
	fi

	[ -f "$log" ] || continue
	in2=$(($(records 1 "$roster") + $(records 1 "$log")))

	if want schedule; then
		# schedule: roster + the year's log → the owed windows of the autumn term
		group schedule "$n" "$(bytes "$roster" "$log")" "$in2"
		measure cat "$RUNS" 0 /dev/null cat "$roster" "$log"
		measure csvcount "$RUNS" 0 /dev/null "$bb/csvcount" "$roster" "$log"
		tool schedule && measure lb "$RUNS" 0 /dev/null "$bin/lb-schedule" -q --as-of 2025-11-15 --log "$log" "$roster"
	fi

	if want report; then
		# report: roster + the year's log → November's compliance report
		group report "$n" "$(bytes "$roster" "$log")" "$in2"
		measure cat "$RUNS" 0 /dev/null cat "$roster" "$log"
		measure csvcount "$RUNS" 0 /dev/null "$bb/csvcount" "$roster" "$log"
		[ $have_mlr = 1 ] && measure mlr "$MLR_RUNS" 0 /dev/null mlr --icsv --ocsv \
			filter '$date =~ "^2025-11-"' then join -j child_id -f "$roster" then count -g school "$log"
		tool report && measure lb "$RUNS" 0 /dev/null "$bin/lb-report" -q --as-of 2025-12-01 --log "$log" "$roster"
	fi

	if want query; then
		# query: roster + the year's log loaded, then November's activities per
		# school (the join and count of lb-report's Miller line); with --db the
		# load is done once and the question alone is timed
		group query "$n" "$(bytes "$roster" "$log")" "$in2"
		measure cat "$RUNS" 0 /dev/null cat "$roster" "$log"
		measure csvcount "$RUNS" 0 /dev/null "$bb/csvcount" "$roster" "$log"
		[ $have_mlr = 1 ] && measure mlr "$MLR_RUNS" 0 /dev/null mlr --icsv --ocsv \
			filter '$date =~ "^2025-11-"' then join -j child_id -f "$roster" then count -g school "$log"
		qsql="SELECT r.school, count(*) FROM activity a JOIN roster r USING (child_id) WHERE a.date BETWEEN '2025-11-01' AND '2025-11-30' GROUP BY r.school"
		if command -v sqlite3 >/dev/null 2>&1; then
			measure sqlite3 1 0 /dev/null sqlite3 -batch -csv :memory: ".import $roster roster" \
				".import $log activity" "$qsql"
		fi
		if tool query; then
			measure lb "$RUNS" 0 /dev/null "$bin/lb-query" -q --as-of 2025-11-15 --log "$log" "$roster" "$qsql"
			rm -f "$tmp/q.db"
			measure lb-db-load 1 0 /dev/null "$bin/lb-query" -q --as-of 2025-11-15 --db "$tmp/q.db" \
				--log "$log" "$roster" "SELECT count(*) FROM roster"
			measure lb-db "$RUNS" 0 /dev/null "$bin/lb-query" -q --db "$tmp/q.db" "$qsql"
			measure lb-db-where "$RUNS" 0 /dev/null "$bin/lb-query" -q --db "$tmp/q.db" \
				--where 'guardian_age>=70' --count-by school
			rm -f "$tmp/q.db"
		fi
	fi
done
done

# ---- the table ----------------------------------------------------------

machine() {
	cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
	echo "| machine | $(nproc) cores, ${cpu:-unknown CPU}, $mem |"
	echo "| kernel | $(uname -sr) |"
	echo "| compiler | $(${CC:-cc} --version 2>/dev/null | head -n 1) |"
	echo "| libcsv | $(dpkg-query -W -f '${Version}' libcsv3 2>/dev/null || echo unknown) |"
	echo "| Miller | $(mlr --version 2>/dev/null || echo absent) |"
	echo "| lb | $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown), tools: $(ls "$bin" 2>/dev/null | tr '\n' ' ') |"
	echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
	echo "| settings | BENCH_SIZES=\"$SIZES\" BENCH_RUNS=$RUNS BENCH_MLR_RUNS=$MLR_RUNS BENCH_SEED=$SEED BENCH_PLAIN=\"$PLAIN\" |"
}

{
	echo "# lb benchmark results"
	echo
	echo "Written by \`make bench\` (tests/bench/run.sh); see README.md beside it for what"
	echo "each column means. Median wall time of the runs; peak memory is the largest"
	echo "resident set of any run; \`lb ÷ this\` is the lb tool's time over this baseline's"
	echo "(below 1: lb is faster), by wall time and by CPU time."
	echo
	echo "| | |"
	echo "|---|---|"
	machine
	echo
	awk -F '\t' -f "$top/tests/bench/table.awk" "$rows"
} > "$tmp/results.md"
cp "$tmp/results.md" "$OUT"
echo >&2
cat "$OUT"
