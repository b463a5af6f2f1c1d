#!/bin/sh
# lb-query against hostile SQL, and its masking. privacy/roster.csv and
# privacy/log.csv plant identity and phone numbers (see privacy.sh). Without
# --reveal no planted number may appear whole (spaces, dashes and + removed)
# in any output or message, whatever the statement selects: SELECT *, substr,
# ||, lower, group_concat, a number in the statement of an error. Statements
# that would write, attach a file, load an extension, change a setting or run
# twice are refused: exit 2, one line on standard error, nothing written on
# standard output, no input file changed and no file created.
# Usage: tests/bad/query.sh BINDIR
set -u
bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ -x "$bindir/lb-query" ] || { echo "query: lb-query not built, skipped"; exit 0; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-query.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export PATH="$bindir:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="$top/build/locale"
wrap=${LB_WRAP:-}
cp "$here"/privacy/* "$scratch"/
cd "$scratch" || exit 2
planted='13812345679 622901201503040017 622901201002140029 622901196005010110 13812345678 13911112222 13744443333 1367777888 6212345 13955556666 13800001111'
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: query: $*"; }
leaks() {
	for n in $planted; do
		cat "$@" | tr -d ' +-' | grep -q -F -e "$n" && printf '%s ' "$n"
	done
}
sums() { cksum roster.csv log.csv; ls; }
before=$(sums)
A='--as-of 2025-11-15 --lang en'
Q="lb-query -q $A --log log.csv roster.csv"

# masking: every statement here succeeds and shows no planted number
for sql in \
	"SELECT * FROM roster" \
	"SELECT * FROM activity" \
	"SELECT substr(child_id, 1, 17), substr(child_id, 2), child_id || '', lower(guardian_phone) FROM roster" \
	"SELECT upper(child_id), trim(' ' || guardian_id || ' '), printf('%s-%s', father_phone, mother_phone) FROM roster" \
	"SELECT group_concat(child_id, ' '), group_concat(guardian_phone, ''), group_concat(notes, ' ') FROM roster" \
	"SELECT child_id, birth_date, guardian_id FROM roster WHERE child_id = '622901201503040017'" \
	"SELECT * FROM roster r JOIN activity a USING (child_id)" \
	"SELECT * FROM windows" \
	"SELECT * FROM findings" \
	"WITH x AS (SELECT child_id AS c FROM roster) SELECT c, c || c FROM x" \
	"VALUES ('622901201503040017'), ('+86 138-1234-5678')" \
	"SELECT '622901201503040017' IS NOT NULL, 13812345678 + 0" \
	"SELECT child_id AS \"622901201002140029\" FROM roster"; do
	for f in csv md yaml; do
		$wrap $Q -f $f "$sql" > .out 2> .err; st=$?
		l=$(leaks .out .err)
		if [ $st -ne 0 ]; then bad "$sql (-f $f): exit $st: $(head -1 .err)"
		elif [ -n "$l" ]; then bad "$sql (-f $f): unmasked: $l"
		else ok; fi
	done
done
# the birth date is not shown beside the masked identity number
$wrap $Q "SELECT child_id, birth_date, name FROM roster" > .out 2> .err
if grep -q '2015-03-04' .out; then bad "a birth date beside its masked identity number"; else ok; fi
# the simple flags mask too
$wrap $Q --fields child_id,guardian_phone,guardian_id,notes > .out 2> .err
l=$(leaks .out .err); if [ -z "$l" ]; then ok; else bad "--fields: unmasked: $l"; fi
# --reveal shows them (so the checks above can fail)
$wrap $Q --reveal "SELECT child_id FROM roster" > .out 2> .err
case $(leaks .out) in *622901201503040017*) ok ;; *) bad "--reveal: the numbers are not shown" ;; esac
# WHERE sees the real values
n=$($wrap $Q "SELECT count(*) FROM roster WHERE child_id = '622901201503040017'" | tail -1)
if [ "$n" = 1 ]; then ok; else bad "WHERE on the real child_id: $n"; fi

# refused: exit 2, one line, nothing on standard output
for sql in \
	"ATTACH DATABASE 'x.db' AS x" \
	"ATTACH 'roster.csv' AS r" \
	"DETACH main" \
	"SELECT load_extension('/tmp/x.so')" \
	"SELECT fts3_tokenizer('simple')" \
	"PRAGMA writable_schema = 1" \
	"PRAGMA journal_mode = WAL" \
	"INSERT INTO roster(child_id) VALUES ('1')" \
	"UPDATE roster SET name = 'x'" \
	"DELETE FROM roster" \
	"DROP TABLE roster" \
	"UPDATE sqlite_master SET sql = 'x'" \
	"SELECT * FROM pragma_journal_mode('off')" \
	"CREATE TABLE t(a)" \
	"CREATE TEMP TABLE t(a)" \
	"VACUUM INTO 'copy.db'" \
	"BEGIN TRANSACTION" \
	"SELECT 1; DELETE FROM roster" \
	"SELECT 1; SELECT 2" \
	"SELECT * FROM roster WHERE child_id = '622901201503040017' AND nope = 1" \
	"SELECT * FROM nowhere" \
	"SELECT (" ; do
	$wrap $Q "$sql" > .out 2> .err; st=$?
	n=$(wc -l < .err)
	l=$(leaks .out .err)
	if [ $st -ne 2 ]; then bad "$sql: exit $st, not 2"
	elif [ "$n" -ne 1 ]; then bad "$sql: $n lines on standard error"
	elif [ -s .out ]; then bad "$sql: output written"
	elif [ -n "$l" ]; then bad "$sql: unmasked in the message: $l"
	else ok; fi
done
# -e too, and a file named like a statement is not read as one
$wrap $Q -e "DELETE FROM roster" > .out 2> .err; [ $? -eq 2 ] && ok || bad "-e DELETE: not refused"
# -o naming an input, --attach with a reserved name, --db naming an input
$wrap $Q -o roster.csv "SELECT 1" > .out 2> .err; [ $? -eq 2 ] && ok || bad "-o roster.csv: not refused"
$wrap lb-query -q $A --attach roster=log.csv roster.csv "SELECT 1" > .out 2> .err; [ $? -eq 2 ] && ok || bad "--attach roster=: not refused"
$wrap lb-query -q $A --db roster.csv roster.csv "SELECT 1" > .out 2> .err; [ $? -eq 2 ] && ok || bad "--db roster.csv: not refused"
# -o: an SQL error leaves the file as it was
echo keep > answer.csv
$wrap $Q -o answer.csv "SELECT nope FROM roster" > .out 2> .err; st=$?
if [ $st -eq 2 ] && [ "$(cat answer.csv)" = keep ]; then ok; else bad "-o on an SQL error: exit $st, file $(head -c 40 answer.csv)"; fi
rm -f answer.csv
# a --db file is reused read-only: a statement cannot change it
$wrap $Q --db q.db "SELECT 1" > /dev/null 2>&1
c1=$(cksum < q.db)
$wrap lb-query -q --db q.db "DELETE FROM roster" > .out 2> .err; st=$?
c2=$(cksum < q.db)
if [ $st -eq 2 ] && [ "$c1" = "$c2" ]; then ok; else bad "--db: DELETE changed the file or was not refused"; fi
rm -f q.db
# a --db file being written is removed when the run is interrupted: the log
# is a FIFO nobody writes to, so the load waits in it with q.db.XXXXXX made
for sig in INT TERM HUP; do
	rm -f log.fifo; mkfifo log.fifo
	# (a shell's background job ignores SIGINT: python3 sets it back)
	python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
		$wrap lb-query -q $A --db q.db --log log.fifo roster.csv "SELECT 1" > .out 2> .err &
	pid=$!
	i=0
	while [ $i -lt 100 ] && ! ls q.db.* > /dev/null 2>&1; do sleep 0.05; i=$((i + 1)); done
	kill -$sig $pid
	( sleep 10; kill -KILL $pid 2>/dev/null ) & guard=$!
	{ wait $pid; } 2> /dev/null; st=$?     # (not the shell's "Terminated")
	kill $guard 2>/dev/null
	left=$(ls q.db* 2>/dev/null)
	if [ $i -ge 100 ]; then bad "SIG$sig: no temporary database seen"
	elif [ -n "$left" ]; then bad "SIG$sig: left behind: $left"
	elif [ $st -le 128 ]; then bad "SIG$sig: exit $st, not killed by the signal"
	else ok; fi
	rm -f log.fifo q.db*
done
# a runaway statement is stopped by --timeout: exit 2, one line
$wrap $Q --timeout 1 "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c" > .out 2> .err; st=$?
if [ $st -eq 2 ] && [ "$(wc -l < .err)" -eq 1 ] && grep -q -- '--timeout' .err && [ ! -s .out ]; then ok
else bad "--timeout 1: exit $st: $(head -1 .err)"; fi
$wrap $Q --timeout soon "SELECT 1" > .out 2> .err; [ $? -eq 2 ] && ok || bad "--timeout soon: not refused"
# no input changed, no file left behind
rm -f .out .err
after=$(sums)
if [ "$before" = "$after" ]; then ok; else bad "inputs changed or files created: $after"; fi
echo "query: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
