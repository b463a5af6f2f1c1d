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

make -s -C "$top" uninstall DESTDIR="$d/root" PREFIX=/usr > "$d/log" 2>&1 || no "make uninstall failed"
left=$(find "$d/root" \( -type f -o -type l \) | head -5)
[ -z "$left" ] && ok || no "uninstall left: $left"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
