#!/bin/sh
# End-to-end tests: every folder below tests/e2e/ that holds a file `cmd` is a
# case. The runner copies the folder to a scratch place, runs `cmd` there with
# sh (the tools first on PATH, LC_ALL=C, TZ=UTC, no terminal), and compares
#   standard output  with expected.out    (must exist)
#   standard error   with expected.err    (when that file exists)
#   exit status      with expected.status (default 0)
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
		printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$LB_WRAP" "$t" > "$scratch/.wrap/$n"
		chmod +x "$scratch/.wrap/$n"
	done
	path="$scratch/.wrap"
fi

if [ $# -eq 0 ]; then
	set -- $(find "$here" -name cmd -type f | sed 's,/cmd$,,' | LC_ALL=C sort)
fi
pass=0 fail=0
for c in "$@"; do
	c=$(cd "$c" && pwd)
	name=${c#"$here"/}
	w="$scratch/${name}"
	rm -rf "$w"; mkdir -p "$w"
	cp -R "$c"/. "$w"/
	want_status=0
	[ -f "$c/expected.status" ] && want_status=$(cat "$c/expected.status")
	( cd "$w" && PATH="$path:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC TOP="$top" \
		LB_LOCALEDIR="$top/build/locale" timeout 120 sh ./cmd > "$w/.out" 2> "$w/.err" < /dev/null )
	status=$?
	ok=1
	if [ "$status" != "$want_status" ]; then ok=0; why="exit status $status, expected $want_status"; fi
	# make check's valgrind pass uses --error-exitcode=99, a status no tool gives
	if [ "$status" = 99 ] && [ -n "${LB_WRAP:-}" ]; then ok=0; why="valgrind found errors (exit status 99; its report is on standard error below)"; fi
	if [ $ok = 1 ] && ! cmp -s "$c/expected.out" "$w/.out"; then ok=0; why="standard output differs"; fi
	if [ $ok = 1 ] && [ -f "$c/expected.err" ] && ! cmp -s "$c/expected.err" "$w/.err"; then ok=0; why="standard error differs"; fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name: $why"
		echo "--- cmd:"; sed 's/^/    /' "$c/cmd"
		if [ -f "$c/expected.out" ]; then diff -u "$c/expected.out" "$w/.out" | head -40; fi
		if [ -f "$c/expected.err" ]; then diff -u "$c/expected.err" "$w/.err" | head -20; else head -20 "$w/.err"; fi
	fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
