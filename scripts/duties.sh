#!/bin/sh
# Put the table of the plans' duties (scripts/duties.awk on schemas/duties.yaml)
# into man/lb-rules.5 between its "BEGIN duties" and "END duties" comment
# lines; with --check, change nothing and fail when the page is not current.
# Usage: scripts/duties.sh [--check]   (from the top of the source tree)
set -eu
check=0
[ "${1:-}" = --check ] && check=1
page=man/lb-rules.5
tmp=$(mktemp "${TMPDIR:-/tmp}/lb-duties.XXXXXX")
trap 'rm -f "$tmp" "$tmp.gen"' EXIT INT TERM
awk -f scripts/duties.awk schemas/duties.yaml > "$tmp.gen"
awk -v gen="$tmp.gen" '
	/^\.\\" BEGIN duties/ { print; while ((getline l < gen) > 0) print l; skip = 1; found++; next }
	/^\.\\" END duties/ { skip = 0 }
	!skip { print }
	END { if (found != 1) { print "duties.sh: no BEGIN duties line in the page" > "/dev/stderr"; exit 1 } }
' "$page" > "$tmp"
if [ $check = 1 ]; then
	if ! cmp -s "$tmp" "$page"; then
		echo "duties: $page is not current with schemas/duties.yaml; run make duties" >&2
		diff -u "$page" "$tmp" | head -20 >&2
		exit 1
	fi
else
	cmp -s "$tmp" "$page" || cat "$tmp" > "$page"
fi
