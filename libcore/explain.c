/*
 * explain.c — lb-schedule --explain: one child's windows and activities and
 * why each counted (explain.h).
 */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "explain.h"
#include "i18n.h"
#include "mask.h"
#include "util.h"


int
lb_explain_write(FILE *fp, const struct lb_sched *s, const char *child_id, int reveal)
{
	struct lb_buf id = LB_BUF_INIT;
	char d1[11], d2[11];
	const struct lb_explain *x;
	size_t nx = lb_sched_explain(s, &x), xi = 0;
	struct lb_buf mb = LB_BUF_INIT, mb2 = LB_BUF_INIT;
	if (reveal)
		lb_buf_set(&id, child_id);
	else
		lb_mask_id(child_id, &id);
	int header = 0;
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		struct lb_wkey k;
		lb_sched_key(s, w, &k);
		if (w->rule->scope != LB_SCOPE_CHILD || strcmp(k.child_id, child_id))
			continue;
		if (!header) {
			fprintf(fp, "%s %s %s %s %s\n", lb_buf_str(&id), lb_mask_shown(&mb, k.name, reveal),
			        lb_mask_shown(&mb2, k.school, reveal), k.grade, k.klass);
			header = 1;
		}
		fprintf(fp, "\n%s %s..%s %s %d/%d\n", w->rule->id, lb_date_format(w->start, d1),
		        lb_date_format(w->end, d2), lb_wstatus_word(w->status), w->done,
		        w->rule->times);
		fprintf(fp, "  %s\n", w->rule->title);
		fprintf(fp, "  %s: %s\n", _("source"), *w->rule->source ? w->rule->source : "-");
		struct lb_buf b = LB_BUF_INIT;
		for (size_t j = 0; j < w->rule->nkinds; j++)
			lb_buf_printf(&b, "%s%s", j ? "," : "", w->rule->kinds[j]);
		if (w->rule->nroles) {
			lb_buf_adds(&b, _(" by "));
			for (size_t j = 0; j < w->rule->nroles; j++)
				lb_buf_printf(&b, "%s%s", j ? "," : "", w->rule->roles[j]);
		}
		fprintf(fp, "  %s: %s\n", _("counts"), lb_buf_str(&b));
		lb_buf_fini(&b);
		int any = 0;
		for (; xi < nx && x[xi].window == w; xi++) {
			any = 1;
			fprintf(fp, "  %s %s %s %s %s (%s:%ld)%s%s\n",
			        x[xi].counted ? "+" : "-", lb_date_format(x[xi].date, d1),
			        x[xi].kind, *x[xi].role ? x[xi].role : "-",
			        *x[xi].performer ? lb_mask_shown(&mb, x[xi].performer, reveal) : "-", x[xi].file, x[xi].line,
			        x[xi].counted ? "" : ": ", x[xi].counted ? "" : _(x[xi].why));
		}
		if (!any)
			fprintf(fp, "  %s\n", _("no activity of this child in the window"));
	}
	/* a child not on the roster: nothing here; the tool says so and
	 * fails (a mistyped id must not look like a child with nothing owed) */
	if (!header && lb_sched_explain_found(s))
		fprintf(fp, "%s: %s\n", lb_buf_str(&id), _("no owed window in the period"));
	/* every rule the child owes nothing of, and why */
	long row = lb_sched_row(s, child_id);
	if (row >= 0) {
		const struct lb_rules *rs = lb_sched_rules(s);
		struct lb_buf why = LB_BUF_INIT;
		int first = 1;
		for (size_t r = 0; r < rs->nrules; r++) {
			if (!lb_sched_why_none(s, &rs->rules[r], (size_t)row, &why))
				continue;
			if (first)
				fprintf(fp, "\n%s\n", _("rules owed nothing of in the period:"));
			first = 0;
			fprintf(fp, "  %s: %s\n", rs->rules[r].id, lb_buf_str(&why));
		}
		lb_buf_fini(&why);
	}
	for (; xi < nx; xi++)
		if (!x[xi].window) {
			if (xi == 0 || x[xi - 1].window)
				fprintf(fp, "\n%s\n", _("activities in no window of the period:"));
			fprintf(fp, "  - %s %s %s %s (%s:%ld): %s\n", lb_date_format(x[xi].date, d1),
			        x[xi].kind, *x[xi].role ? x[xi].role : "-",
			        *x[xi].performer ? lb_mask_shown(&mb, x[xi].performer, reveal) : "-", x[xi].file, x[xi].line,
			        _(x[xi].why));
		}
	lb_buf_fini(&id);
	lb_buf_fini(&mb);
	lb_buf_fini(&mb2);
	return ferror(fp) ? LB_EOUTPUT : 0;
}

size_t
lb_explain_count(const struct lb_sched *s, const char *child_id, size_t counts[4])
{
	size_t listed = 0;
	for (size_t i = 0; i < lb_sched_count(s); i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		struct lb_wkey k;
		lb_sched_key(s, w, &k);
		if (w->rule->scope == LB_SCOPE_CHILD && !strcmp(k.child_id, child_id)) {
			counts[w->status]++;
			listed++;
		}
	}
	return listed;
}
