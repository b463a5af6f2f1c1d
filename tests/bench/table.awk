# Turn the rows of tests/bench/run.sh (tab-separated: group size label bytes
# records runs wall cpu rss_kb status command) into the Markdown tables of
# results.md: one table per tool, then the targets of issue 19 (realistic
# data), then those of issue 8 (history).  Groups named GROUP-plain ran on
# lbgen --plain data (as before issue 19).  Variables from run.sh: duck_why
# (why DuckDB was not measured), nat_why (why the national rehearsal was not
# run), groups (" the groups asked for "), nat_n (its children), nat_limit
# (seconds after which a command of it was stopped: exit 124).
function mb(b) { return b / 1e6 }
function key(g, s, l) { return g SUBSEP s SUBSEP l }
function fmt(x, p) { return sprintf("%." p "f", x) }
function ratio(a, b) { return (a == "" || b == "" || a == "-" || b == "-" || b == 0) ? "" : fmt(a / b, 2) }
{
	g = $1; s = $2; l = $3
	if (!(g in seen)) { seen[g] = 1; order[++ng] = g }
	if (!((g, s) in seensize)) { seensize[g, s] = 1; sizes[g] = sizes[g] " " s }
	k = key(g, s, l)
	B[k] = $4; R[k] = $5; N[k] = $6; W[k] = $7; C[k] = $8; M[k] = $9; S[k] = $10; CMD[k] = $11
	labels[g, s] = labels[g, s] " " l
}
function verdict(measured, need, atleast,   r) {
	if (measured == "" || measured == "-") return "not measured"
	if (atleast ? measured >= need : measured <= need) return "**met**"
	r = atleast ? (need - measured) / need * 100 : (measured - need) / need * 100
	return "**missed** by " fmt(r, r < 10 ? 1 : 0) "%"   # 0.5%, not "0%"
}
function target(what, s, unit, measured, need, atleast, p) {
	if (need == "" || need == "-") {
		printf "| %s | %s | — | | not measured: no baseline |\n", what, s
		return
	}
	printf "| %s | %s | %s | %s %s | %s |\n", what, s,
		(measured == "" || measured == "-") ? "—" : fmt(measured, p) " " unit,
		atleast ? "≥" : "≤", fmt(need, p) " " unit, verdict(measured, need, atleast)
}
function ok(k) { return (k in S) && S[k] == "ok" }
# the figures of group g, size s: lw (lb's wall s), lmbs, cw (csvcount's
# wall s), cmbs, rss (lb's peak MB), inmb (the input MB); "-" when not measured
function figures(g, s,   kl, kc) {
	kl = key(g, s, "lb"); kc = key(g, s, "csvcount")
	lw = ok(kl) ? W[kl] : "-"
	lmbs = lw == "-" || lw == 0 ? "-" : mb(B[kl]) / lw
	cw = ok(kc) ? W[kc] : "-"
	cmbs = cw == "-" || cw == 0 ? "-" : mb(B[kc]) / cw
	rss = lw == "-" ? "-" : M[kl] * 1024 / 1e6
	inmb = (kl in B) ? mb(B[kl]) : (kc in B) ? mb(B[kc]) : "-"
}
# a rehearsal command stopped by timeout(1) at nat_limit seconds: its time
# target missed by at least that much (memory unknown)
function stopped(g, s, what, need, memwhat,   k) {
	k = key(g, s, "lb")
	if (k in S && S[k] == "oom") {
		notrow(what, s, "ran out of the " nat_mem " GB of address space it was given (BENCH_NATIONAL_MEM)")
		printf "| %s | %s | > %s MB | ≤ %s MB | **missed**: out of memory at the %s GB cap |\n",
			memwhat, s, nat_mem * 1024, memwhat ~ /report/ ? 4000 : 400, nat_mem
		return 1
	}
	if (!(k in S) || S[k] != "exit 124")
		return 0
	if (nat_limit + 0 > need)
		printf "| %s | %s | > %s s | ≤ %s s | **missed** by more than %s%% (stopped after %s s) |\n",
			what, s, nat_limit, fmt(need, 1), fmt((nat_limit - need) / need * 100, 0), nat_limit
	else
		notrow(what, s, "stopped after " nat_limit " s (BENCH_NATIONAL_LIMIT), under the target")
	notrow(memwhat, s, "stopped before the end")
	return 1
}
function times(x, f) { return x == "-" ? "-" : x * f }
function notrow(what, s, why) { printf "| %s | %s | — | | not measured: %s |\n", what, s, why }
# flat memory of group g: its largest size against its smallest
function flat(g, what, need,   n, sz, k1, k2) {
	n = split(sizes[g], sz, " ")
	if (n < 2) {
		printf "| %s | %s | — | ≤ ×%s | not measured: needs two sizes |\n", what, sz[1], need
		return
	}
	k1 = key(g, sz[1], "lb"); k2 = key(g, sz[n], "lb")
	if (ok(k1) && ok(k2))
		printf "| %s (×%s children) | %s→%s | ×%s | ≤ ×%s | %s |\n",
			what, fmt(sz[n] / sz[1], 0), sz[1], sz[n], fmt(M[k2] / M[k1], 2), need,
			M[k2] / M[k1] <= need ? "**met**" : "**missed** by " fmt((M[k2] / M[k1] - need) / need * 100, 0) "%"
	else
		printf "| %s | %s→%s | — | ≤ ×%s | not measured |\n", what, sz[1], sz[n], need
}
# The targets of issue 19, on the realistic data: each row of its table,
# met or missed by N%, or why it was not measured.
function issue19(   i, g, n, sz, j, s, kd, why, did) {
	print "## Targets (issue 19)"
	print ""
	print "Realistic data (lbgen's default); each ratio against the baselines of the same run."
	print ""
	print "| target | children | measured | needed | verdict |"
	print "|---|---:|---:|---:|---|"
	for (i = 1; i <= ng; i++) {
		g = order[i]
		n = split(sizes[g], sz, " ")
		for (j = 1; j <= n; j++) {
			s = sz[j]
			figures(g, s)
			if (g == "validate") {
				target("lb-validate MB/s ≥ 1.0 × csvcount", s, "MB/s", lmbs, cmbs, 1, 1)
				target("lb-validate peak memory", s, "MB", rss, 150, 0, 1)
			} else if (g == "import") {
				target("lb-import (GB18030 raw) MB/s ≥ 0.7 × csvcount", s, "MB/s", lmbs, times(cmbs, 0.7), 1, 1)
			} else if (g == "report") {
				kd = key(g, s, "duckdb")
				if (ok(kd))
					target("lb-report faster than DuckDB's month join and count", s, "s", lw, W[kd], 0, 2)
				else
					notrow("lb-report faster than DuckDB's month join and count", s,
						duck_why != "" ? duck_why : (kd in S) ? "DuckDB " S[kd] : "no DuckDB row")
			} else if (g == "schedule") {
				target("lb-schedule time ≤ 1.5 × csvcount of its inputs", s, "s", lw, times(cw, 1.5), 0, 2)
			} else if (g == "merge") {
				target("lb-merge time ≤ 3 × csvcount", s, "s", lw, times(cw, 3), 0, 2)
				target("lb-merge memory ≤ 1.0 × input", s, "MB", rss, inmb, 0, 1)
			} else if (g == "national-validate") {
				if (stopped(g, s, "national: lb-validate time", 45, "national: lb-validate peak memory")) continue
				target("national: lb-validate time", s, "s", lw, 45, 0, 1)
				target("national: lb-validate peak memory", s, "MB", rss, 400, 0, 1)
			} else if (g == "national-report") {
				if (stopped(g, s, "national: lb-report, one month, time", 90,
					"national: lb-report, one month, peak memory")) continue
				target("national: lb-report, one month, time", s, "s", lw, 90, 0, 1)
				target("national: lb-report, one month, peak memory", s, "MB", rss, 4000, 0, 1)
			}
		}
		if (g == "import")
			flat(g, "lb-import peak memory flat in size", 1.2)
	}
	if (!("national-validate" in seen) && !("national-report" in seen)) {
		why = index(groups, " national ") ? nat_why : "opt-in, run with BENCH_NATIONAL=1"
		if (why == "")
			why = "not run"
		notrow("national: lb-validate ≤ 45 s, ≤ 400 MB", nat_n, why)
		notrow("national: lb-report, one month, ≤ 90 s, ≤ 4000 MB", nat_n, why)
	}
	print ""
}
END {
	title["import"] = "lb-import: raw school roster, GB18030, 2% faults → canonical roster"
	title["validate"] = "lb-validate: canonical roster → findings"
	title["merge"] = "lb-merge: 10 school files, 5% of children in two → one roster"
	title["schedule"] = "lb-schedule: roster + a year's activity log → owed windows of the term"
	title["report"] = "lb-report: roster + a year's activity log → November's report"
	title["query"] = "lb-query: roster + a year's activity log loaded → November's activities per school"
	title["national-validate"] = "national rehearsal: lb-validate, a roster of every child"
	title["national-report"] = "national rehearsal: lb-report, the roster + November's log → November's report"
	for (i = 1; i <= ng; i++) {
		g = order[i]
		base = g; sub(/-plain$/, "", base)
		tname = base; sub(/^national-/, "", tname)
		if (g != base)
			print "## " title[base] " (lbgen --plain: the data before issue 19)"
		else
			print "## " title[g]
		print ""
		print "| run | children | MB | records | runs | median s | MB/s | records/s | peak MB | CPU s | lb ÷ this | lb ÷ this, CPU |"
		print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
		n = split(sizes[g], sz, " ")
		for (j = 1; j <= n; j++) {
			s = sz[j]
			m = split(labels[g, s], lb, " ")
			kl = key(g, s, "lb")
			for (h = 1; h <= m; h++) {
				k = key(g, s, lb[h])
				if (S[k] != "ok") {
					printf "| %s | %s | %s | %s | %s | %s | | | | | | |\n",
						lb[h] == "lb" ? "**lb-" tname "**" : lb[h], s, fmt(mb(B[k]), 1), R[k], N[k], S[k]
					continue
				}
				okl = kl in S && S[kl] == "ok" && lb[h] != "lb"
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
					lb[h] == "lb" ? "**lb-" tname "**" : lb[h], s, fmt(mb(B[k]), 1), R[k], N[k],
					fmt(W[k], 2), fmt(mb(B[k]) / W[k], 1), fmt(R[k] / W[k], 0),
					fmt(M[k] * 1024 / 1e6, 1), fmt(C[k], 2),
					okl ? ratio(W[kl], W[k]) : "", okl ? ratio(C[kl], C[k]) : ""
			}
		}
		print ""
		print "Commands (data in build/bench-cache/):"
		print ""
		for (j = 1; j <= n; j++) {
			s = sz[j]
			m = split(labels[g, s], lb, " ")
			for (h = 1; h <= m; h++)
				printf "    %s\n", CMD[key(g, s, lb[h])]
			break
		}
		print ""
	}

	issue19()

	print "## Targets of issue 8 (history)"
	print ""
	print "The targets issue 8 set, read from the same figures (the realistic data,"
	print "and the lbgen --plain data those targets were first measured on)."
	print ""
	print "| target | children | measured | needed | verdict |"
	print "|---|---:|---:|---:|---|"
	for (i = 1; i <= ng; i++) {
		g = order[i]
		base = g; sub(/-plain$/, "", base)
		pl = g != base ? ", plain" : ""
		n = split(sizes[g], sz, " ")
		for (j = 1; j <= n; j++) {
			s = sz[j]
			kl = key(g, s, "lb"); kc = key(g, s, "csvcount"); km = key(g, s, "mlr")
			figures(g, s)
			if (base == "validate") {
				target("lb-validate MB/s ≥ 0.8 × csvcount" pl, s, "MB/s", lmbs, times(cmbs, 0.8), 1, 1)
				if (km in S && S[km] == "ok")
					target("lb-validate MB/s ≥ 10 × Miller regex filter" pl, s, "MB/s", lmbs, 10 * mb(B[km]) / W[km], 1, 1)
				target("lb-validate peak memory" pl, s, "MB", rss, 150, 0, 1)
			} else if (base == "import") {
				target("lb-import MB/s ≥ 0.5 × csvcount" pl, s, "MB/s", lmbs, times(cmbs, 0.5), 1, 1)
				target("lb-import peak memory" pl, s, "MB", rss, 64, 0, 1)
			} else if (base == "merge") {
				target("lb-merge time ≤ 3 × csvcount" pl, s, "s", lw, times(cw, 3), 0, 2)
				target("lb-merge memory ≤ 1.5 × input" pl, s, "MB", rss, times(inmb, 1.5), 0, 1)
			} else if (base == "report") {
				target("lb-report time ≤ 1.3 × csvcount" pl, s, "s", lw, times(cw, 1.3), 0, 2)
				target("stretch: lb-report faster than DuckDB's 1.7 s" pl, s, "s", lw, 1.7, 0, 2)
			} else if (base == "schedule") {
				target("lb-schedule time ≤ 1.5 × csvcount" pl, s, "s", lw, times(cw, 1.5), 0, 2)
			} else if (base == "query") {
				if (km in S && S[km] == "ok")
					target("lb-query load + GROUP BY ≥ 5 × faster than Miller" pl, s, "s", lw, W[km] / 5, 0, 2)
				target("lb-query load + GROUP BY within 3 × DuckDB's 1.64 s" pl, s, "s", lw, 3 * 1.64, 0, 2)
				kd = key(g, s, "lb-db")
				target("lb-query --db, one question" pl, s, "s", (kd in S && S[kd] == "ok") ? W[kd] : "-", 0.3, 0, 2)
				target("lb-query memory ≤ 2 × input" pl, s, "MB", rss, times(inmb, 2), 0, 1)
			}
		}
		# flat memory: the largest size against the smallest
		if (n >= 2 && (base == "import" || base == "validate" || base == "merge")) {
			k1 = key(g, sz[1], "lb"); k2 = key(g, sz[n], "lb")
			if (k1 in S && k2 in S && S[k1] == "ok" && S[k2] == "ok")
				printf "| lb-%s peak memory flat in size%s (×%s children) | %s→%s | ×%s | ≤ ×1.2 | %s |\n",
					base, pl, fmt(sz[n] / sz[1], 0), sz[1], sz[n], fmt(M[k2] / M[k1], 2),
					M[k2] / M[k1] <= 1.2 ? "**met**" : "**grows** (allowed only for per-child tables: see README)"
			else
				printf "| lb-%s peak memory flat in size%s | %s→%s | — | ≤ ×1.2 | not measured |\n", base, pl, sz[1], sz[n]
		}
	}
	print ""
	print "Targets read \"met\" or \"missed by N%\" from the figures above; a missed"
	print "target's cause is in tests/bench/README.md (profiled, not guessed)."
}
