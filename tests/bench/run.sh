#!/bin/sh
# make bench: speed and memory of the lb tools against baselines on the same
# files (cat, a bare libcsv parse, Miller, sqlite3, DuckDB).  See
# tests/bench/README.md.
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
#   BENCH_DUCKDB    0: no DuckDB row in the report group (default 1: installed
#                   with npm into BUILDDIR/bench-duckdb when npm is there)
#   BENCH_NATIONAL  1: also the national rehearsal (the group "national", never
#                   in the default BENCH_GROUPS): a roster of BENCH_NATIONAL_N
#                   children (10000000, ~4.9 GB) and November 2025's log of them
#                   (~5.1 GB), lb-validate and lb-report once each
#   BENCH_NATIONAL_N children of the rehearsal (smaller for a smoke run)
#   BENCH_NATIONAL_MEM   GB of address space a rehearsal command may take (may be a fraction)
#                   (prlimit --as; default 12): a run that would need more
#                   fails "out of memory" instead of taking the machine
#   BENCH_NATIONAL_LIMIT seconds after which a rehearsal command is stopped
#                   (timeout(1); 1800) and its target read as missed
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
DUCKDB=${BENCH_DUCKDB:-1}
NATIONAL_N=${BENCH_NATIONAL_N:-10000000}
NATIONAL_LIMIT=${BENCH_NATIONAL_LIMIT:-1800}
NATIONAL_MEM=${BENCH_NATIONAL_MEM:-12}
[ "${BENCH_NATIONAL:-0}" = 1 ] && GROUPS="$GROUPS national"
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

# DuckDB, the report group's baseline: the npm package @duckdb/node-api in
# $duck (the build tree, never committed), run by node on
# tests/bench/duckdb-month.mjs.  duck_why says why it is not measured.
duck=$B/bench-duckdb
duck_why= duck_ver=
duckdb_setup() {
	if [ "$DUCKDB" = 0 ]; then
		duck_why="BENCH_DUCKDB=0"; return 1
	fi
	command -v node >/dev/null 2>&1 || { duck_why="node not found"; return 1; }
	command -v npm >/dev/null 2>&1 || { duck_why="npm not found"; return 1; }
	if [ ! -f "$duck/node_modules/@duckdb/node-api/package.json" ]; then
		echo "bench: installing @duckdb/node-api with npm into $duck" >&2
		mkdir -p "$duck"
		[ -f "$duck/package.json" ] || echo '{"private": true}' > "$duck/package.json"
		d_to=; command -v timeout >/dev/null 2>&1 && d_to="timeout 600"
		if ! (cd "$duck" && $d_to npm install --no-audit --no-fund --loglevel=error \
				@duckdb/node-api) > "$duck/npm.log" 2>&1; then
			duck_why="npm install @duckdb/node-api failed: $(grep -v '^ *$' "$duck/npm.log" |
				grep -m 1 -i 'err' | cut -c 1-120 | tr '|' '/')"
			[ "$duck_why" = "npm install @duckdb/node-api failed: " ] &&
				duck_why="npm install @duckdb/node-api failed (see $duck/npm.log)"
			return 1
		fi
	fi
	duck_ver=$(cd "$duck" && node -p 'require("@duckdb/node-api/package.json").version' 2>/dev/null) ||
		{ duck_why="@duckdb/node-api in $duck does not load in node"; return 1; }
}
have_duck=0
case " $GROUPS " in
*" report "*)
	if duckdb_setup; then
		have_duck=1
	else
		echo "bench: DuckDB not measured: $duck_why" >&2
	fi ;;
*)	duck_why="the report group was not run" ;;
esac

mkdir -p "$cache"
tmp=$cache/tmp.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
rows=$tmp/rows.tsv		# group size label bytes records runs wall cpu rss status command
: > "$rows"
notes=$tmp/notes.md		# lines for results.md after the tables
: > "$notes"
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
	# %.0f: mawk's %d stops at 2^31 (a national roster is 4.9 GB)
	for b_f; do wc -c < "$b_f"; done | awk '{s += $1} END {printf "%.0f\n", s}'
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
			grep -q "out of memory" "$tmp/err" && status=oom
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

# month_check N: DuckDB's November counts per school against Miller's (the
# same question), into the notes of results.md
month_check() {
	if [ ! -s "$tmp/month-duckdb.csv" ]; then
		echo "* DuckDB's counts, $1 children: none (it failed)" >> "$notes"
		return 0
	fi
	c_sum=$(awk -F, 'NR > 1 {s += $NF; n++} END {printf "%d schools, %d activities", n, s}' "$tmp/month-duckdb.csv")
	if [ ! -s "$tmp/month-mlr.csv" ]; then
		echo "* DuckDB's November counts, $1 children: $c_sum (not compared: no Miller output)" >> "$notes"
	else
		sort "$tmp/month-mlr.csv" > "$tmp/month-mlr.sorted"
		sort "$tmp/month-duckdb.csv" > "$tmp/month-duckdb.sorted"
		if cmp -s "$tmp/month-duckdb.sorted" "$tmp/month-mlr.sorted"; then
			echo "* DuckDB's November counts per school equal Miller's, $1 children: $c_sum" >> "$notes"
			echo "bench: DuckDB's counts per school equal Miller's ($c_sum)" >&2
		else
			echo "* DuckDB's November counts per school **differ from Miller's**, $1 children: $c_sum" >> "$notes"
			echo "bench: DuckDB's counts per school differ from Miller's:" >&2
			diff "$tmp/month-duckdb.sorted" "$tmp/month-mlr.sorted" | head -n 10 >&2 || true
		fi
	fi
}

out=$tmp/out
styles=real
for g in $PLAIN; do
	case " $GROUPS " in *" $g "*) styles="real plain" ;; esac
done
for n in $SIZES; do
for style in $styles; do
	any=0
	for g in import validate merge schedule report query; do
		want $g && any=1
	done
	[ $any = 1 ] || continue
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
		rm -f "$tmp/month-mlr.csv" "$tmp/month-duckdb.csv"
		[ $have_mlr = 1 ] && measure mlr "$MLR_RUNS" 0 "$tmp/month-mlr.csv" mlr --icsv --ocsv \
			filter '$date =~ "^2025-11-"' then join -j child_id -f "$roster" then count -g school "$log"
		if [ $have_duck = 1 ]; then
			measure duckdb "$RUNS" 0 "$tmp/month-duckdb.csv" node "$top/tests/bench/duckdb-month.mjs" \
				"$duck" "$roster" "$log" "$(nproc)"
			month_check "$n"
		fi
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

# ---- the national rehearsal (BENCH_NATIONAL=1) ----------------------------

# gen_national N: a roster of N children and November 2025's activity log of
# them, once, in $cache/national-nN-sSEED (about 1 KB a child: 10 GB at
# 10^7); nat_why says why not
nat_why=
gen_national() {
	d=$cache/national-n$1-s$SEED
	if [ -f "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$genkey" ]; then
		return 0
	fi
	rm -rf "$d" "$d.new"
	# the month's log must be the year's rows of the month, byte for byte
	"$bb/lbgen" log --children 1000 --seed $((SEED + 1)) --roster-seed "$SEED" |
		awk -F, 'NR == 1 || ($1 >= "2025-11-01" && $1 <= "2025-11-30")' > "$tmp/year-nov.csv"
	"$bb/lbgen" log --children 1000 --seed $((SEED + 1)) --roster-seed "$SEED" \
		--from 2025-11-01 --to 2025-11-30 > "$tmp/month.csv"
	if ! cmp -s "$tmp/year-nov.csv" "$tmp/month.csv"; then
		nat_why="lbgen log --from/--to is not the year's log filtered by date"
		return 1
	fi
	# roster ~490 bytes a child, the month's log ~510: 1.1 KB a child with room
	need_kb=$(($1 * 11 / 10 + 1024))
	avail_kb=$(df -Pk "$cache" | awk 'NR == 2 {print $4}')
	if [ "$avail_kb" -lt "$need_kb" ]; then
		nat_why="needs $((need_kb / 1048576 + 1)) GB free in $cache, $((avail_kb / 1048576)) GB are"
		return 1
	fi
	mkdir -p "$d.new"
	echo "bench: generating the national rehearsal, $1 children, in $d" >&2
	if ! "$bb/lbgen" roster --children "$1" --seed "$SEED" > "$d.new/roster.csv" ||
	   ! "$bb/lbgen" log --children "$1" --seed $((SEED + 1)) --roster-seed "$SEED" \
		--from 2025-11-01 --to 2025-11-30 > "$d.new/month-log.csv"; then
		rm -rf "$d.new"
		nat_why="lbgen failed"
		return 1
	fi
	echo "$genkey" > "$d.new/stamp"
	mv "$d.new" "$d"
}

style=real
if want national; then
	nn=$NATIONAL_N
	if gen_national "$nn"; then
		d=$cache/national-n$nn-s$SEED
		roster=$d/roster.csv mlog=$d/month-log.csv
		# the roster has one record a child; the log no line break in a cell
		nlog=$(($(wc -l < "$mlog") - 1))
		# a command that runs past the limit is stopped (exit 124)
		lim=; command -v timeout >/dev/null 2>&1 && lim="timeout $NATIONAL_LIMIT"
		# and one that would take more than the machine has fails instead
		command -v prlimit >/dev/null 2>&1 && lim="$lim prlimit --as=$(awk -v g="$NATIONAL_MEM" 'BEGIN {printf "%.0f", g * 1073741824}')"
		group national-validate "$nn" "$(bytes "$roster")" "$nn"
		measure csvcount 1 0 /dev/null "$bb/csvcount" "$roster"
		tool validate && measure lb 1 "0 1" /dev/null $lim "$bin/lb-validate" -q --as-of 2025-11-15 "$roster"
		group national-report "$nn" "$(bytes "$roster" "$mlog")" $((nn + nlog))
		measure csvcount 1 0 /dev/null "$bb/csvcount" "$roster" "$mlog"
		tool report && measure lb 1 0 /dev/null $lim "$bin/lb-report" -q --as-of 2025-12-01 --log "$mlog" "$roster"
	else
		echo "bench: national rehearsal not run: $nat_why" >&2
	fi
fi

# ---- the table ----------------------------------------------------------

machine() {
	cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
	echo "| machine | $(nproc) cores, ${cpu:-unknown CPU}, $mem |"
	echo "| kernel | $(uname -sr) |"
	echo "| compiler | $(${CC:-cc} --version 2>/dev/null | head -n 1) |"
	echo "| libcsv | $(dpkg-query -W -f '${Version}' libcsv3 2>/dev/null || echo unknown) |"
	echo "| Miller | $(mlr --version 2>/dev/null || echo absent) |"
	if [ $have_duck = 1 ]; then
		echo "| DuckDB | @duckdb/node-api $duck_ver on node $(node --version), $(nproc) threads, every column read as VARCHAR |"
	else
		echo "| DuckDB | not measured: $duck_why |"
	fi
	echo "| lb | $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown), tools: $(ls "$bin" 2>/dev/null | tr '\n' ' ') |"
	echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
	echo "| settings | BENCH_SIZES=\"$SIZES\" BENCH_RUNS=$RUNS BENCH_MLR_RUNS=$MLR_RUNS BENCH_SEED=$SEED BENCH_PLAIN=\"$PLAIN\" BENCH_GROUPS=\"$GROUPS\"$(
		case " $GROUPS " in *" national "*) echo " BENCH_NATIONAL_N=$NATIONAL_N" ;; esac) |"
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
	awk -F '\t' -v duck_why="$duck_why" -v nat_why="$nat_why" -v groups=" $GROUPS " \
		-v nat_n="$NATIONAL_N" -v nat_limit="$NATIONAL_LIMIT" -v nat_mem="$NATIONAL_MEM" \
		-f "$top/tests/bench/table.awk" "$rows"
	if [ -s "$notes" ]; then
		echo
		echo "Checks:"
		echo
		cat "$notes"
	fi
} > "$tmp/results.md"
cp "$tmp/results.md" "$OUT"
echo >&2
cat "$OUT"
