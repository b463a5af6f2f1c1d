#!/bin/sh
# Terminal and log injection (lb(7), Personal data): ESC sequences in a
# header, in values and in a file name, and a newline inside a quoted value
# that would forge a whole "FILE:LINE: ... error" line. No message of any
# tool may hold a control character raw (they are quoted, \033 and \n, as
# git and GNU ls quote names) or a forged line; the Markdown report escapes
# them, and a <script> typed into a name, too.
# Usage: tests/bad/inject.sh BINDIR
set -u
bindir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lb-inject.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export PATH="$bindir:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC LB_LOCALEDIR="$top/build/locale"
wrap=${LB_WRAP:-}
cd "$scratch" || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: inject: $*"; }
esc=$(printf '\033')
name=$(printf 'r\033[2Jx.csv')
{
	printf 'child_id,name,gender,birth_date,address,left_behind_type,father_work_place,mother_work_place,guardian_name,guardian_relation,guardian_phone,archived_on,status,head_teacher,no\033[31mte\n'
	printf '622901201503040017,"<script>alert(1)</script>\033]0;owned\007",男,2015-03-04,红园村1号,父母均外出务工,广州,深圳,张大爷,祖父母,"\033[31m138","2024-09-01",在册,李老师,x\n'
	printf '622901201002140028,李二,"女\nforged.csv:9: child_id: error: forged [idcard-check]",2010-02-14,红园村1号,父母均外出务工,广州,深圳,张大爷,祖父母,13812345678,2024-09-01,在册,"王\033[1m老师",y\n'
} > "$name"
cp "$name" other.csv
sed -i 's/李二/李三/' other.csv
cp "$top/tests/e2e/schedule/data/log.csv" log.csv
# clean FILE...: no ESC or other C0 control but TAB and newline, no forged line
clean() { ! grep -q -e "$esc" -e "$(printf '\007')" "$@" && ! grep -q '^forged' "$@"; }
check() { # check 'CMD' [FILE...]: stderr (and FILEs) clean
	cmd=$1; shift
	tool=${cmd%% *}
	[ -x "$bindir/$tool" ] || return
	timeout -k 5 60 $wrap $cmd "$name" > .out 2> .err; st=$?
	if [ $st -ge 124 ]; then bad "$cmd: status $st"; return; fi
	if clean .err "$@"; then ok; else bad "$cmd: a control character or a forged line: $(grep -e "$esc" -e '^forged' .err "$@" | head -1 | od -c | head -2 | tr -s ' ' | tr '\n' ' ')"; fi
}
check "lb-validate --as-of 2025-11-15"
check "lb-validate --as-of 2025-11-15 -q --pass"
check "lb-import"
check "lb-import -q --changes ch.csv"
check "lb-report --as-of 2025-12-01 --log log.csv" .out
check "lb-report --as-of 2025-12-01 --log log.csv --by head_teacher" .out
check "lb-schedule --as-of 2025-11-15 --month 2025-11"
check "lb-merge other.csv"
check "lb-merge --strict other.csv"
check "lb-validate --as-of 2025-11-15 nowhere.csv"
# the line form of lb-validate goes to standard output
check "lb-validate -q --as-of 2025-11-15" .out
# the Markdown report: no <script> element
if [ -x "$bindir/lb-report" ]; then
	$wrap lb-report -q --as-of 2025-12-01 --log log.csv -f md "$name" > .out 2> .err
	if grep -q '<script' .out; then bad "lb-report -f md: <script> raw"; else ok; fi
fi
echo "inject: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
