#!/bin/sh
# The plans' duties (schemas/duties.yaml) against the built-in profiles
# (schemas/rules/): every rule named exists, every rule of every profile is
# named, every limit named is set, the duties are numbered 1..N with a rule or
# a reason each, and lb-rules(5) shows the current table; given the built
# bash completion, it offers every profile.
# Usage: tests/duties.sh [BUILD/lb.bash]   (from the top of the source tree)
set -u
fail=0
d=schemas/duties.yaml
no() { echo "FAIL: duties: $*"; fail=$((fail + 1)); }

# numbering and one of rule/not_encoded per entry
awk '
	function end() { if (n != "" && !has) { print "FAIL: duties: duty " n " has neither rule nor not_encoded"; bad++ } }
	/^- n: / { end(); n = $3; has = 0; if (n != want + 1) { print "FAIL: duties: duty " n " follows " want; bad++ } want = n; next }
	/^  (rule|not_encoded): / { has = 1 }
	END { end(); exit bad > 0 }
' "$d" || fail=$((fail + 1))

named=$(sed -n 's/^  rule: //p' "$d" | tr ' ' '\n' | sort)
for id in $named; do
	p=${id%%/*} r=${id#*/}
	grep -qx "  - id: $r" "schemas/rules/$p.yaml" 2>/dev/null || no "$id is named but there is no such rule"
done
for f in schemas/rules/*.yaml; do
	p=$(basename "$f" .yaml)
	for r in $(sed -n 's/^  - id: //p' "$f"); do
		printf '%s\n' "$named" | grep -qx "$p/$r" || no "$p/$r is a rule of no duty in $d"
	done
done
for l in $(sed -n 's/^  limit: //p' "$d"); do
	p=${l%%/*}
	grep -q "^mentor_limit: " "schemas/rules/$p.yaml" 2>/dev/null || no "$l is named but $p sets no mentor_limit"
done
sh scripts/duties.sh --check || fail=$((fail + 1))
if [ -n "${1:-}" ]; then
	offered=$(sed -n 's/^_lb_profiles="\(.*\)"$/\1/p' "$1")
	for f in schemas/rules/*.yaml; do
		p=$(basename "$f" .yaml)
		case " $offered " in *" $p "*) ;; *) no "bash completion ($1) does not offer profile $p" ;; esac
	done
fi
if [ $fail = 0 ]; then echo "duties: $(grep -c '^- n: ' "$d") duties, all rules accounted for"; else exit 1; fi
