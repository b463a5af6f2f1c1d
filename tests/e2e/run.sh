#!/bin/sh
# End-to-end tests: every folder below tests/e2e/ that holds a file `cmd` is a
# case. The runner copies the folder to a scratch place, runs `cmd` there with
# sh (the tools first on PATH, LC_ALL=C, TZ=UTC, no terminal), and compares
#   standard output  with expected.out    (must exist)
#   standard error   with expected.err    (when that file exists)
#   exit status      with expected.status (default 0)
# A case that also holds expected.zh.out or expected.zh.err is run a second
# time under LANG=LC_ALL=zh_CN.UTF-8 and compared with
#   standard output  with expected.zh.out    (default: expected.out)
#   standard error   with expected.zh.err    (when that file exists)
#   exit status      with expected.zh.status (default: as in C)
# When this system has no zh_CN.UTF-8 locale (make check generates it when run
# as root), those second runs are skipped with a SKIP line, not failed.
# Usage: tests/e2e/run.sh BINDIR [CASE_DIR...]
# LB_WRAP, when set, is a command put before every tool (e.g. valgrind).
set -u
mkdir -p "$1"; bindir=$(cd "$1" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-e2e.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

# With LB_WRAP, put wrapper scripts first on PATH.
path="$bindir"
if [ -n "${LB_WRAP:-}" ]; then
	mkdir -p "$scratch/.wrap"
	for t in "$bindir"/*; do
		n=${t##*/}
		# the tool found on PATH by its bare name, so that its argv[0] (in
		# getopt's messages) is the same as without the wrapper
		printf '#!/bin/sh\nPATH="%s:$PATH" exec %s %s "$@"\n' "$bindir" "$LB_WRAP" "$n" > "$scratch/.wrap/$n"
		chmod +x "$scratch/.wrap/$n"
	done
	path="$scratch/.wrap"
fi

if [ $# -eq 0 ]; then
	set -- $(find "$here" -name cmd -type f | sed 's,/cmd$,,' | LC_ALL=C sort)
fi
# The Chinese locale, under whichever name this system lists it.
zh=
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then zh=zh_CN.UTF-8; fi

# run CASE_DIR WORK_DIR LOCALE: run cmd in a fresh copy; sets $status.
run() {
	rm -rf "$2"; mkdir -p "$2"
	cp -R "$1"/. "$2"/
	# A case that gives the tool a terminal with script(1) runs unwrapped:
	# under valgrind (and load) the terminal's bytes came out garbled. So
	# does one that takes TMPDIR away: valgrind itself needs it.
	p=$path
	if [ -n "${LB_WRAP:-}" ] && grep -q 'script \|TMPDIR=/nonexistent' "$1/cmd"; then p=$bindir; fi
	( cd "$2" && PATH="$p:$PATH" LC_ALL=$3 LANG=$3 LANGUAGE= TZ=UTC TOP="$top" \
		LB_LOCALEDIR="${bindir%/*}/locale" timeout 120 sh ./cmd > "$2/.out" 2> "$2/.err" < /dev/null )
	status=$?
}

# check NAME CASE_DIR WORK_DIR OUT ERR STATUS: compare one run with its
# expected files (ERR may name a file that does not exist: not compared).
check() {
	ok=1
	if [ "$status" != "$6" ]; then ok=0; why="exit status $status, expected $6"; fi
	# make check's valgrind pass uses --error-exitcode=99, a status no tool gives
	if [ "$status" = 99 ] && [ -n "${LB_WRAP:-}" ]; then ok=0; why="valgrind found errors (exit status 99; its report is on standard error below)"; fi
	if [ $ok = 1 ] && ! cmp -s "$4" "$3/.out"; then ok=0; why="standard output differs"; fi
	if [ $ok = 1 ] && [ -f "$5" ] && ! cmp -s "$5" "$3/.err"; then ok=0; why="standard error differs"; fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1: $why"
		echo "--- cmd:"; sed 's/^/    /' "$2/cmd"
		if [ -f "$4" ]; then diff -u "$4" "$3/.out" | head -40; fi
		if [ -f "$5" ]; then diff -u "$5" "$3/.err" | head -20; else head -20 "$3/.err"; fi
	fi
}

pass=0 fail=0 skip=0
for c in "$@"; do
	c=$(cd "$c" && pwd)
	name=${c#"$here"/}
	w="$scratch/${name}"
	want_status=0
	[ -f "$c/expected.status" ] && want_status=$(cat "$c/expected.status")
	run "$c" "$w" C
	check "$name" "$c" "$w" "$c/expected.out" "$c/expected.err" "$want_status"

	# The same case in Chinese.
	[ -f "$c/expected.zh.out" ] || [ -f "$c/expected.zh.err" ] || continue
	if [ -z "$zh" ]; then
		skip=$((skip + 1))
		echo "SKIP: $name [zh_CN.UTF-8]: locale not installed (make check as root generates it)"
		continue
	fi
	zout="$c/expected.zh.out"; [ -f "$zout" ] || zout="$c/expected.out"
	[ -f "$c/expected.zh.status" ] && want_status=$(cat "$c/expected.zh.status")
	run "$c" "$w.zh" "$zh"
	check "$name [zh_CN.UTF-8]" "$c" "$w.zh" "$zout" "$c/expected.zh.err" "$want_status"
done
if [ "$skip" -gt 0 ]; then
	echo "e2e: $pass passed, $fail failed, $skip skipped (no zh_CN.UTF-8 locale)"
else
	echo "e2e: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
