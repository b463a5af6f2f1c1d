#!/bin/sh
# lb-monthly run by cron itself: a line in /etc/cron.d that fires at the next
# minute (once: it makes a folder first), with cron's bare environment (no
# LANG; PATH=/usr/bin:/bin), must write the report in Chinese. Needs root and
# cron(8) (Debian package cron); skipped, and said so, otherwise. Starts cron
# when none runs and stops the one it started; bounded to 75 seconds.
# Usage: tests/cron.sh PREFIX WORKDIR  (lb installed in PREFIX, its settings
# in PREFIX/etc/lb/monthly.conf pointing at the files in WORKDIR)
set -u
p=$1 w=$2
cron=$(command -v cron || { [ -x /usr/sbin/cron ] && echo /usr/sbin/cron; })
if [ "$(id -u)" -ne 0 ] || [ -z "$cron" ] || [ ! -d /etc/cron.d ]; then
	echo "SKIP: cron: needs root and cron(8) (apt-get install cron)"
	exit 0
fi
job=/etc/cron.d/lb-test-$$
started=
cleanup() {
	rm -f "$job"
	[ -z "$started" ] || { kill "$started" 2> /dev/null; wait "$started" 2> /dev/null; }
}
trap cleanup EXIT
trap 'exit 2' INT TERM

rm -rf "$w/reports" "$w/fired"
# cron.d lines name the user; no MAILTO: the job's output goes to files
printf 'MAILTO=""\n* * * * * root mkdir %s/fired 2>/dev/null && { %s/bin/lb-monthly --as-of 2025-11-15; echo $? > %s/fired/status; } > %s/fired/out 2> %s/fired/err\n' \
	"$w" "$p" "$w" "$w" "$w" > "$job"
chmod 644 "$job"
if ! pgrep -x cron > /dev/null 2>&1; then
	"$cron" -f > /dev/null 2>&1 &
	started=$!
fi
i=0
while [ ! -f "$w/fired/status" ] && [ $i -lt 75 ]; do sleep 1; i=$((i + 1)); done
sleep 1   # the status is written last; let the shell finish
if [ ! -f "$w/fired/status" ]; then
	echo "FAIL: cron: the crontab line did not fire within 75 seconds"
	exit 1
fi
s=$(cat "$w/fired/status")
if [ "$s" = 0 ] && grep -q '^# 留守儿童关爱工作月报 2025-10' "$w/reports/2025-10.md" 2> /dev/null; then
	echo "cron: lb-monthly ran from a crontab line after ${i}s and wrote the report in Chinese"
	exit 0
fi
echo "FAIL: cron: lb-monthly under cron exited $s"
cat "$w/fired/err"
exit 1
