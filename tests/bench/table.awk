# Turn the rows of tests/bench/run.sh (tab-separated: group size label bytes
# records runs wall cpu rss_kb status command) into the Markdown tables of
# results.md: one table per tool, then the targets of issue 8.  Groups named
# GROUP-plain ran on lbgen --plain data (as before issue 19); the targets read
# the realistic data.
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
	return "**missed** by " fmt(r, 0) "%"
}
function target(what, s, unit, measured, need, atleast, p) {
	printf "| %s | %s | %s | %s %s | %s |\n", what, s,
		(measured == "" || measured == "-") ? "—" : fmt(measured, p) " " unit,
		atleast ? "≥" : "≤", fmt(need, p) " " unit, verdict(measured, need, atleast)
}
END {
	title["import"] = "lb-import: raw school roster, GB18030, 2% faults → canonical roster"
	title["validate"] = "lb-validate: canonical roster → findings"
	title["merge"] = "lb-merge: 10 school files, 5% of children in two → one roster"
	title["schedule"] = "lb-schedule: roster + a year's activity log → owed windows of the term"
	title["report"] = "lb-report: roster + a year's activity log → November's report"
	title["query"] = "lb-query: roster + a year's activity log loaded → November's activities per school"
	for (i = 1; i <= ng; i++) {
		g = order[i]
		base = g; sub(/-plain$/, "", base)
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
					printf "| %s | %s | %s | %s | %s | %s | | | | | | |\n", lb[h], s, fmt(mb(B[k]), 1), R[k], N[k], S[k]
					continue
				}
				okl = kl in S && S[kl] == "ok" && lb[h] != "lb"
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
					lb[h] == "lb" ? "**lb-" base "**" : lb[h], s, fmt(mb(B[k]), 1), R[k], N[k],
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

	print "## Targets (issue 8)"
	print ""
	print "| target | children | measured | needed | verdict |"
	print "|---|---:|---:|---:|---|"
	for (i = 1; i <= ng; i++) {
		g = order[i]
		n = split(sizes[g], sz, " ")
		for (j = 1; j <= n; j++) {
			s = sz[j]
			kl = key(g, s, "lb"); kc = key(g, s, "csvcount"); km = key(g, s, "mlr")
			lw = (kl in S && S[kl] == "ok") ? W[kl] : "-"
			lmbs = lw == "-" ? "-" : mb(B[kl]) / lw
			cmbs = mb(B[kc]) / W[kc]
			rss = lw == "-" ? "-" : M[kl] * 1024 / 1e6
			if (g == "validate") {
				target("lb-validate MB/s ≥ 0.8 × csvcount", s, "MB/s", lmbs, 0.8 * cmbs, 1, 1)
				if (km in S && S[km] == "ok")
					target("lb-validate MB/s ≥ 10 × Miller regex filter", s, "MB/s", lmbs, 10 * mb(B[km]) / W[km], 1, 1)
				target("lb-validate peak memory", s, "MB", rss, 150, 0, 1)
			} else if (g == "import") {
				target("lb-import MB/s ≥ 0.5 × csvcount", s, "MB/s", lmbs, 0.5 * cmbs, 1, 1)
				target("lb-import peak memory", s, "MB", rss, 64, 0, 1)
			} else if (g == "merge") {
				target("lb-merge time ≤ 3 × csvcount", s, "s", lw, 3 * W[kc], 0, 2)
				target("lb-merge memory ≤ 1.5 × input", s, "MB", rss, 1.5 * mb(B[kl in B ? kl : kc]), 0, 1)
			} else if (g == "report") {
				target("lb-report time ≤ 1.3 × csvcount", s, "s", lw, 1.3 * W[kc], 0, 2)
				target("stretch: lb-report faster than DuckDB's 1.7 s", s, "s", lw, 1.7, 0, 2)
			} else if (g == "schedule") {
				target("lb-schedule time ≤ 1.5 × csvcount", s, "s", lw, 1.5 * W[kc], 0, 2)
			} else if (g == "query") {
				if (km in S && S[km] == "ok")
					target("lb-query load + GROUP BY ≥ 5 × faster than Miller", s, "s", lw, W[km] / 5, 0, 2)
				target("lb-query load + GROUP BY within 3 × DuckDB's 1.64 s", s, "s", lw, 3 * 1.64, 0, 2)
				kd = key(g, s, "lb-db")
				target("lb-query --db, one question", s, "s", (kd in S && S[kd] == "ok") ? W[kd] : "-", 0.3, 0, 2)
				target("lb-query memory ≤ 2 × input", s, "MB", rss, 2 * mb(B[kl in B ? kl : kc]), 0, 1)
			}
		}
		# flat memory: the largest size against the smallest
		if (n >= 2 && g != "report" && g != "schedule" && g != "query") {
			k1 = key(g, sz[1], "lb"); k2 = key(g, sz[n], "lb")
			if (k1 in S && k2 in S && S[k1] == "ok" && S[k2] == "ok")
				printf "| lb-%s peak memory flat in size (×%s children) | %s→%s | ×%s | ≤ ×1.2 | %s |\n",
					g, fmt(sz[n] / sz[1], 0), sz[1], sz[n], fmt(M[k2] / M[k1], 2),
					M[k2] / M[k1] <= 1.2 ? "**met**" : "**grows** (allowed only for per-child tables: see README)"
			else
				printf "| lb-%s peak memory flat in size | %s→%s | — | ≤ ×1.2 | not measured |\n", g, sz[1], sz[n]
		}
	}
	print ""
	print "Targets read \"met\" or \"missed by N%\" from the figures above; a missed"
	print "target's cause is in tests/bench/README.md (profiled, not guessed)."
}
