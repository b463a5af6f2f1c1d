#!/bin/sh
# lb-monthly.sh — the report of the month just ended, for cron.
#
# Crontab line (06:00 on the 1st of each month):
#   0 6 1 * *  /usr/local/share/lb/examples/cron/lb-monthly.sh
#
# Writes REPORTS/YYYY-MM.html (the month reported, not the day it ran) and a
# Markdown copy REPORTS/YYYY-MM.md for e-mail, each atomically (lb-report -o:
# a failed run leaves no file created or changed). The exit status of
# lb-report is passed on, so cron mails the messages of a failed run.
# Settings come from the environment (e.g. set in the crontab):
#   LB_ROSTER   the roster              (default /data/roster.csv)
#   LB_LOG      the activity log        (default /data/activities.csv)
#   LB_REPORTS  the folder for reports  (default /reports)
#   LB_BY       grouping                (default school)
#   LB_RULES    a county rules file     (optional)
#   LB_MAILTO   mail the md copy here   (optional; needs mail(1))
set -u
roster=${LB_ROSTER:-/data/roster.csv}
log=${LB_LOG:-/data/activities.csv}
dir=${LB_REPORTS:-/reports}
by=${LB_BY:-school}

# The month just ended, computed once so that both files agree even when
# the job runs across midnight.
asof=$(date +%Y-%m-%d) || exit 2
y=$(date +%Y) m=$(date +%m)
m=${m#0}
if [ "$m" -eq 1 ]; then y=$((y - 1)) m=12; else m=$((m - 1)); fi
month=$(printf '%04d-%02d' "$y" "$m")

set -- --as-of "$asof" --month "$month" --by "$by" --log "$log" -q
if [ -n "${LB_RULES:-}" ]; then set -- "$@" --rules "$LB_RULES"; fi

mkdir -p "$dir" || exit 2
lb-report "$@" -f html -o "$dir/$month.html" "$roster"
status=$?
lb-report "$@" -f md -o "$dir/$month.md" "$roster"
s=$?
[ "$s" -gt "$status" ] && status=$s

if [ "$status" -eq 0 ] && [ -n "${LB_MAILTO:-}" ]; then
	mail -s "lb-report $month" "$LB_MAILTO" < "$dir/$month.md" || status=2
fi
exit "$status"
