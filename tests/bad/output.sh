#!/bin/sh
# Nothing lost (DESIGN.md section 3): for every tool that writes a product,
#  - `-o` into a folder that does not exist: exit 2, a message, nothing created;
#  - a write that fails half-way (the file size limit, `ulimit -f`, with
#    SIGXFSZ ignored so write() fails with EFBIG as on a full disk): exit 2,
#    the old file untouched, no temporary file left;
#  - the rename that fails (the target is a non-empty folder): exit 2, the
#    folder untouched, no temporary file left;
#  - `-o` naming an input: refused with exit 2, the input untouched;
#  - standard output on /dev/full: exit 2 and a "write error" message;
#  - standard output a pipe whose reader has gone: never exit 0. The tools
#    keep SIGPIPE's default action, so they die of it (141); a tool run with
#    SIGPIPE ignored gets EPIPE and exits 2. Both are accepted.
# These work as root too (no reliance on read-only folders).
# Usage: tests/bad/output.sh BINDIR
set -u
bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-out.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export PATH="$bindir:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="$bindir/../locale"
wrap=${LB_WRAP:-}
cd "$scratch" || exit 2
awk -v n=300 -v notes=0 -f "$here/roster.awk" > in.csv
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: output: $*"; sed 's/^/    stderr: /' .err | head -5; }
# No temporary left in the current folder: only the files we made.
clean() { [ "$(ls -A | grep -v -x -e in.csv -e old.csv -e old.ref -e .err -e .st -e dir -e nodir)" = "" ]; }

# TOOL|-o if it has one|ARGS (the input in.csv and -o FILE are added after)
while IFS='|' read -r tool hasout args; do
	case $tool in ''|'#'*) continue ;; esac
	[ -x "$bindir/$tool" ] || { echo "output: $tool not built, skipped"; continue; }
	run() { timeout -k 5 120 $wrap $tool $args "$@" 2> .err; }
	if [ "$hasout" = -o ]; then

	# -o into a folder that does not exist
	run -o nodir/x.csv in.csv > /dev/null; st=$?
	if [ $st = 2 ] && [ -s .err ] && [ ! -e nodir ] && clean; then ok; else bad "$tool -o nodir/x.csv: status $st"; fi

	# a write that fails half-way: old file untouched, no temporary left
	printf 'the old file\n' > old.csv; cp old.csv old.ref
	( trap '' XFSZ; ulimit -f 8; run -o old.csv in.csv > /dev/null ); st=$?
	if [ $st = 2 ] && grep -q . .err && cmp -s old.csv old.ref && clean; then ok
	else bad "$tool -o old.csv with the write failing: status $st, old file $(cmp -s old.csv old.ref && echo kept || echo CHANGED), files: $(ls -A | tr '\n' ' ')"; fi
	rm -f old.csv old.ref

	# the rename fails: -o names a non-empty folder
	mkdir -p dir; : > dir/keep
	run -o dir in.csv > /dev/null; st=$?
	if [ $st = 2 ] && [ -s .err ] && [ -f dir/keep ] && clean; then ok; else bad "$tool -o DIR: status $st, files: $(ls -A | tr '\n' ' ')"; fi
	rm -rf dir

	# -o naming an input
	cp in.csv old.ref
	run -o in.csv in.csv > /dev/null; st=$?
	if [ $st = 2 ] && [ -s .err ] && cmp -s in.csv old.ref; then ok; else bad "$tool -o INPUT: status $st"; cp old.ref in.csv; fi
	rm -f old.ref
	fi

	# standard output on a full disk
	run in.csv > /dev/full; st=$?
	if [ $st = 2 ] && grep -q 'write error: No space left on device' .err &&
	   [ "$(grep -c 'write error' .err)" = 1 ]; then ok
	else bad "$tool > /dev/full: status $st, not one write error with its reason: $(grep 'write error' .err | tr '\n' '|')"; fi

	# standard output a pipe nobody reads any more
	{ sleep 0.3; run in.csv; echo $? > .st; } | true
	st=$(cat .st)
	if [ "$st" = 141 ] || [ "$st" = 2 ]; then ok; else bad "$tool | (closed): status $st"; fi
	rm -f .st
done <<'CASES'
lb-import|-o|-q
lb-validate||-q --pass --as-of 2025-11-15
lb-schedule|-o|-q --as-of 2025-11-15 --month 2025-11
lb-report|-o|-q --as-of 2025-12-01 -f csv
lb-merge|-o|-q
CASES
# -o (or --changes) naming an input that is not data: the --rules, --schema
# or --log file. (lb-schedule -o once overwrote its --rules file, lb-import
# -o its --schema file.)
cp "$top/tests/bad/files/rules-unknown-kind.yaml" rules.yaml
sed -i 's/跳舞/谈心/' rules.yaml
cp "$top/schemas/roster.yaml" schema.yaml
cp "$top/tests/e2e/schedule/data/log.csv" log.csv
for c in 'lb-schedule -q --as-of 2025-11-15 --rules rules.yaml -o rules.yaml in.csv' \
         'lb-schedule -q --as-of 2025-11-15 --log log.csv -o log.csv in.csv' \
         'lb-report -q --as-of 2025-12-01 --rules rules.yaml -o rules.yaml in.csv' \
         'lb-report -q --as-of 2025-12-01 --log log.csv -o log.csv in.csv' \
         'lb-import -q --schema schema.yaml -o schema.yaml in.csv' \
         'lb-import -q --schema schema.yaml --changes schema.yaml in.csv' \
         'lb-merge -q --conflicts in.csv in.csv'; do
	set -- $c
	[ -x "$bindir/$1" ] || continue
	cp rules.yaml r.ref; cp schema.yaml s.ref; cp log.csv l.ref; cp in.csv i.ref
	timeout -k 5 120 $wrap $c > /dev/null 2> .err; st=$?
	if [ $st = 2 ] && [ -s .err ] && cmp -s rules.yaml r.ref && cmp -s schema.yaml s.ref &&
	   cmp -s log.csv l.ref && cmp -s in.csv i.ref; then ok; else
		bad "$c: status $st (an input overwritten?)"
		cp r.ref rules.yaml; cp s.ref schema.yaml; cp l.ref log.csv; cp i.ref in.csv
	fi
done
echo "output: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
