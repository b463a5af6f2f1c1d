#!/bin/sh
# Install into a temporary DESTDIR, run the installed tools from there (in an
# empty folder, with no data files from the source tree), then uninstall and
# check that nothing install put there is left.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
d=$(mktemp -d "${TMPDIR:-/tmp}/lb-install.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: install: $1"; }

make -s -C "$top" install B="${B:-build}" DESTDIR="$d/root" PREFIX=/usr > "$d/log" 2>&1 || { cat "$d/log"; no "make install failed"; }
# (DESTDIR: the tools look for their catalogue under /usr, not here)
bin="$d/root/usr/bin"
mkdir -p "$d/work"
cd "$d/work" || exit 2
export LB_LOCALEDIR="$d/root/usr/share/locale"

[ -x "$bin/lb" ] && ok || no "lb not installed"
"$bin/lb" --version | grep -q '^lb (lb) ' && ok || no "lb --version"
for t in "$top"/cmd/lb-*.c; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .c)
	[ -x "$bin/$n" ] && ok || no "$n not installed"
	"$bin/$n" --help > /dev/null && ok || no "$n --help"
	"$bin/lb" ${n#lb-} --help > /dev/null && ok || no "lb ${n#lb-} --help"
	[ -f "$d/root/usr/share/man/man1/$n.1" ] && ok || no "man page of $n"
done
[ -f "$d/root/usr/share/man/man7/lb.7" ] && ok || no "lb.7"
[ -f "$d/root/usr/share/bash-completion/completions/lb" ] && ok || { no "bash completion"; find "$d/root"; }
for po in "$top"/po/*.po; do
	[ -f "$po" ] || continue
	l=$(basename "$po" .po)
	[ -f "$LB_LOCALEDIR/$l/LC_MESSAGES/lb.mo" ] && ok || no "catalogue $l"
done
# The schema and the rules are compiled in: the installed lb-import must
# read a raw roster with nothing but the binary.
if [ -x "$bin/lb-import" ]; then
	printf '姓名,身份证号,性别,出生日期\n张三,11010519491231002X,男,1949-12-31\n' > in.csv
	"$bin/lb-import" -q in.csv > out.csv && grep -q '^11010519491231002X,张三,男,1949-12-31' out.csv && ok ||
		no "installed lb-import could not import a roster"
fi

[ -x "$bin/lb-monthly" ] && ok || no "lb-monthly not installed"
"$bin/lb-monthly" --help | grep -q '^Usage: lb-monthly' && ok || no "lb-monthly --help"
[ -f "$d/root/usr/share/man/man1/lb-monthly.1" ] && ok || no "man page of lb-monthly"
[ -f "$d/root/usr/etc/lb/monthly.conf" ] && ok || no "lb-monthly's settings file"

make -s -C "$top" uninstall B="${B:-build}" DESTDIR="$d/root" PREFIX=/usr > "$d/log" 2>&1 || no "make uninstall failed"
left=$(find "$d/root" \( -type f -o -type l \) | head -5)
[ -z "$left" ] && ok || no "uninstall left: $left"

# As the README says: `make`, then `make install PREFIX=DIR` (no DESTDIR). The
# folders compiled in follow PREFIX (LB-PATHS), so the installed tools find
# their catalogue with nothing set but the locale, and lb-monthly, run by cron
# with no PATH and no LANG, finds the tools and writes the report in Chinese.
# (A build folder of its own: the build tree is left as it was.)
p="$d/prefix"
{ make -s -C "$top" B="$d/build" && make -s -C "$top" B="$d/build" install PREFIX="$p"; } > "$d/log" 2>&1 ||
	{ cat "$d/log"; no "make; make install PREFIX=DIR failed"; }
unset LB_LOCALEDIR
for t in "$top"/cmd/lb-*.c; do
	n=$(basename "$t" .c)
	env -i LANG=zh_CN.UTF-8 "$p/bin/$n" --help 2> "$d/err" | head -1 | grep -q "^用法：$n" && [ ! -s "$d/err" ] && ok ||
		{ no "installed $n --help is not Chinese under LANG=zh_CN.UTF-8"; cat "$d/err"; }
done
env -i "$p/bin/lb-import" --lang zh --help | head -1 | grep -q '^用法' && ok || no "installed lb-import --lang zh --help is not Chinese"
# the county's files, made with the installed tools
for f in "$top"/examples/school-*.csv; do "$p/bin/lb-import" -q "$f" -o "school-${f##*/}" 2> /dev/null; done
"$p/bin/lb-merge" -q school-*.csv -o roster.csv 2> /dev/null
"$p/bin/lb-import" -q "$top/examples/activity-2025-autumn.csv" -o activities.csv 2> /dev/null
printf 'LB_INPUT=%s\nLB_OUTPUT=%s/reports\n' "$PWD" "$PWD" >> "$p/etc/lb/monthly.conf"
env -i "$p/bin/lb-monthly" --as-of 2025-11-15 > "$d/out" 2> "$d/err"
s=$?
[ "$s" -eq 0 ] && [ ! -s "$d/err" ] && ok || { no "env -i lb-monthly: exit $s"; cat "$d/err"; }
grep -q '^# 留守儿童关爱工作月报 2025-10' reports/2025-10.md 2> /dev/null && ok || no "lb-monthly's reports/2025-10.md is missing or not Chinese"
grep -q '<html lang="zh' reports/2025-10.html 2> /dev/null && ok || no "lb-monthly's reports/2025-10.html is missing or not Chinese"
# a stale log (a year later): the report is written, cron hears of it, no mail
env -i LB_MAILTO=nobody@invalid "$p/bin/lb-monthly" --as-of 2026-11-02 > "$d/out" 2> "$d/err"
s=$?
[ "$s" -eq 1 ] && [ -s reports/2026-10.md ] && grep -q '^lb-report: 2026-10: warning: 关爱活动记录中本期没有任何记录' "$d/err" &&
	grep -q '^lb-monthly: 2026-10：未发送邮件' "$d/err" && [ "$(wc -l < "$d/err")" -eq 2 ] && ok ||
	{ no "lb-monthly on a stale log: exit $s"; cat "$d/err"; }
"$p/bin/lb-monthly" -c "$d/missing.conf" 2> "$d/err"; s=$?
[ "$s" -eq 2 ] && grep -q 'missing.conf' "$d/err" && ok || no "lb-monthly -c MISSING: exit $s"
sh "$top/tests/cron.sh" "$p" "$PWD" && ok || no "lb-monthly under cron"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
