#!/bin/sh
# The calendars of the end-to-end cases, read back by another parser: runs
# every case of tests/e2e whose cmd writes -f ics (as tests/e2e/run.sh runs
# it), keeps what it wrote (standard output when it is a calendar, and every
# *.ics file it made) and gives them to tests/ics_check.py, which uses
# python3-icalendar. Skipped, with a message, when that module is missing.
# Usage: tests/ics-check.sh BINDIR
set -u
bin=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import icalendar' 2> /dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
	echo "SKIP: ics-check: no python3 with the icalendar module (Debian: python3-icalendar)"
	exit 0
fi
d=$(mktemp -d "${TMPDIR:-/tmp}/lb-ics.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
n=0
for cmd in $(grep -l -e '-f ics' "$top"/tests/e2e/*/*/cmd | LC_ALL=C sort); do
	n=$((n + 1))
	w="$d/$n"
	mkdir -p "$w"
	cp -R "${cmd%/cmd}"/. "$w"/
	( cd "$w" && PATH="$bin:$PATH" LC_ALL=C LANG=C LANGUAGE= TZ=UTC TOP="$top" \
		LB_LOCALEDIR="$bin/../locale" sh ./cmd > .stdout.ics 2> /dev/null < /dev/null )
	head -c 15 "$w/.stdout.ics" | grep -q '^BEGIN:VCALENDAR' || rm -f "$w/.stdout.ics"
done
"$py" "$top/tests/ics_check.py" "$d"
