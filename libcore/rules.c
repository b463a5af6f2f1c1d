/*
 * rules.c — the rules model: loading profiles and rules files (YAML, with
 * libyaml), the calendar, and lookups. The schedule is in sched.c, the
 * window arithmetic in window.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "date.h"
#include "i18n.h"
#include "roster.h"
#include "rules.h"
#include "schema.h"
#include "util.h"
#include "ytree.h"

/* ---- building the model -------------------------------------------------- */

struct ld {
	const char *file;
	struct lb_err *err;
};

static int
bad(struct ld *l, const struct lb_ynode *n, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int
bad(struct ld *l, const struct lb_ynode *n, const char *key, const char *fmt, ...)
{
	char msg[sizeof l->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lb_err_set(l->err, LB_ERULES, l->file, n ? n->line : 0, "%s", msg);
	snprintf(l->err->field, sizeof l->err->field, "%s", key ? key : "");
	return LB_ERULES;
}

static int
want(struct ld *l, const struct lb_ynode *n, enum lb_ytype t, const char *key)
{
	static const char *const names[] = {N_("a text"), N_("a list"), N_("a mapping")};
	if (n->type != t)
		return bad(l, n, key, _("must be %s"), _(names[t]));
	return 0;
}

static int
str(struct ld *l, const struct lb_ynode *n, const char *key, char **out)
{
	int rc = want(l, n, LB_Y_SCALAR, key);
	if (rc < 0)
		return rc;
	free(*out);
	*out = lb_xstrdup(n->s);
	return 0;
}

static int
date(struct ld *l, const struct lb_ynode *n, const char *key, int *out)
{
	int rc = want(l, n, LB_Y_SCALAR, key);
	if (rc < 0)
		return rc;
	*out = lb_date_parse_iso(n->s);
	if (*out == LB_NODATE)
		return bad(l, n, key, _("'%s' is not a date (YYYY-MM-DD)"), n->s);
	return 0;
}

/* A list of enum values of the activity field fid. */
static int
vlist(struct ld *l, const struct lb_ynode *n, const char *key, int fid, char ***out, size_t *nout)
{
	int rc = want(l, n, LB_Y_SEQ, key);
	if (rc < 0)
		return rc;
	const struct lb_schema *as = lb_schema_builtin(LB_KIND_ACTIVITY);
	const struct lb_field *f = &as->f[LB_FI(as, fid)];
	*out = lb_xcalloc(n->n + 1, sizeof **out);
	*nout = 0;
	for (size_t i = 0; i < n->n; i++) {
		const struct lb_ynode *e = n->v[i];
		if ((rc = want(l, e, LB_Y_SCALAR, key)) < 0)
			return rc;
		const char *v = e->s;
		if (lb_schema_value_index(f, v) < 0) {
			const char *syn = lb_schema_synonym(f, v);
			if (!syn)
				return bad(l, e, key, _("unknown %s '%s'"),
				           fid == LB_A_KIND ? _("kind") : _("role"), v);
			v = syn;
		}
		for (size_t j = 0; j < *nout; j++)
			if (!strcmp((*out)[j], v))
				return bad(l, e, key, _("'%s' is given twice"), v);
		(*out)[(*nout)++] = lb_xstrdup(v);
	}
	if (*nout == 0 && fid == LB_A_KIND)
		return bad(l, n, key, "%s", _("must name at least one kind"));
	return 0;
}

static int
parse_enum(struct ld *l, const struct lb_ynode *n, const char *key,
           const char *const *names, int *out)
{
	int rc = want(l, n, LB_Y_SCALAR, key);
	if (rc < 0)
		return rc;
	for (int i = 0; names[i]; i++)
		if (!strcmp(n->s, names[i])) {
			*out = i;
			return 0;
		}
	struct lb_buf b = LB_BUF_INIT;
	for (int i = 0; names[i]; i++) {
		if (i)
			lb_buf_adds(&b, ", ");
		lb_buf_adds(&b, names[i]);
	}
	rc = bad(l, n, key, _("'%s' is not one of %s"), n->s, lb_buf_str(&b));
	lb_buf_fini(&b);
	return rc;
}

static const char *const every_names[] = {"week", "2weeks", "month", "2months", "semester", "year", NULL};
static const char *const during_names[] = {"term", "always", NULL};
static const char *const scope_names[] = {"child", "class", "school", NULL};

const char *lb_scope_name(enum lb_scope s) { return scope_names[s]; }

static void
rule_fini(struct lb_rule *r)
{
	free(r->id);
	free(r->title);
	free(r->source);
	for (size_t i = 0; i < r->nkinds; i++)
		free(r->kinds[i]);
	free(r->kinds);
	for (size_t i = 0; i < r->nroles; i++)
		free(r->roles[i]);
	free(r->roles);
	for (size_t i = 0; i < r->napplies; i++) {
		free(r->applies[i].field);
		free(r->applies[i].value);
	}
	free(r->applies);
}

static void
free_rules(struct lb_rule *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rule_fini(&v[i]);
	free(v);
}

static void
free_terms(struct lb_term *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static int
applies(struct ld *l, const struct lb_ynode *n, struct lb_rule *r)
{
	int rc = want(l, n, LB_Y_MAP, "applies");
	if (rc < 0)
		return rc;
	const struct lb_schema *rs = lb_schema_builtin(LB_KIND_ROSTER);
	r->applies = lb_xcalloc(n->n + 1, sizeof *r->applies);
	for (size_t i = 0; i < n->n; i++) {
		const char *fid = n->k[i]->s;
		int fi = lb_schema_field(rs, fid);
		if (fi < 0)
			return bad(l, n->k[i], "applies", _("unknown roster field '%s'"), fid);
		if ((rc = want(l, n->v[i], LB_Y_SCALAR, fid)) < 0)
			return rc;
		const struct lb_field *f = &rs->f[fi];
		const char *val = n->v[i]->s;
		/* Enum, set and bool fields: a value (for a set, one member) or a
		 * synonym of one, compared in canonical form; other fields: the
		 * text as given. */
		if (!*val)
			return bad(l, n->v[i], fid, _("empty value for %s"), fid);
		if (f->type == LB_T_ENUM || f->type == LB_T_SET || f->type == LB_T_BOOL) {
			const char *syn = lb_schema_synonym(f, val);
			if (syn)
				val = syn;
			int isbool = f->type == LB_T_BOOL && (!strcmp(val, "是") || !strcmp(val, "否"));
			if (!isbool && lb_schema_value_index(f, val) < 0)
				return bad(l, n->v[i], fid, _("'%s' is not a value of %s"), n->v[i]->s, fid);
		}
		r->applies[r->napplies].field = lb_xstrdup(fid);
		r->applies[r->napplies].value = lb_xstrdup(val);
		r->napplies++;
	}
	return 0;
}

static int
rule(struct ld *l, const struct lb_ynode *n, struct lb_rule *r)
{
	int rc = want(l, n, LB_Y_MAP, "rules");
	if (rc < 0)
		return rc;
	r->line = n->line;
	r->times = 1;
	r->scope = LB_SCOPE_CHILD;
	r->during = LB_DURING_TERM;
	int have_every = 0;
	const struct lb_ynode *every_node = n, *during_node = NULL;
	for (size_t i = 0; i < n->n && rc == 0; i++) {
		const char *k = n->k[i]->s;
		const struct lb_ynode *v = n->v[i];
		int e;
		if (!strcmp(k, "id"))
			rc = str(l, v, k, &r->id);
		else if (!strcmp(k, "title"))
			rc = str(l, v, k, &r->title);
		else if (!strcmp(k, "source"))
			rc = str(l, v, k, &r->source);
		else if (!strcmp(k, "scope")) {
			if ((rc = parse_enum(l, v, k, scope_names, &e)) == 0)
				r->scope = (enum lb_scope)e;
		} else if (!strcmp(k, "kinds"))
			rc = vlist(l, v, k, LB_A_KIND, &r->kinds, &r->nkinds);
		else if (!strcmp(k, "roles"))
			rc = vlist(l, v, k, LB_A_ROLE, &r->roles, &r->nroles);
		else if (!strcmp(k, "times")) {
			char *end;
			if (v->type != LB_Y_SCALAR)
				rc = bad(l, v, k, "%s", _("must be a whole number from 1 to 1000"));
			else {
				errno = 0;
				long t = strtol(v->s, &end, 10);
				if (!v->plain || end == v->s || *end || errno || t < 1 || t > 1000)
					rc = bad(l, v, k, _("'%s' is not a whole number from 1 to 1000"), v->s);
				else
					r->times = (int)t;
			}
		} else if (!strcmp(k, "every")) {
			if ((rc = parse_enum(l, v, k, every_names, &e)) == 0) {
				r->every = (enum lb_every)e;
				have_every = 1;
				every_node = v;
			}
		} else if (!strcmp(k, "during")) {
			if ((rc = parse_enum(l, v, k, during_names, &e)) == 0) {
				r->during = (enum lb_during)e;
				during_node = v;
			}
		} else if (!strcmp(k, "applies"))
			rc = applies(l, v, r);
		else if (!strcmp(k, "collective")) {
			if (v->type != LB_Y_SCALAR || !v->plain ||
			    (strcmp(v->s, "true") && strcmp(v->s, "false")))
				rc = bad(l, v, k, "%s", _("must be true or false"));
			else
				r->collective = !strcmp(v->s, "true");
		} else
			rc = bad(l, n->k[i], k, _("unknown key '%s' in a rule"), k);
	}
	if (rc < 0)
		return rc;
	if (!r->id || !*r->id)
		return bad(l, n, "id", "%s", _("a rule needs an id"));
	for (const char *p = r->id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return bad(l, n, "id", _("rule id '%s' may hold only a-z, 0-9, - and _"), r->id);
	if (!r->title || !*r->title)
		return bad(l, n, "title", _("rule '%s' needs a title"), r->id);
	if (!r->nkinds)
		return bad(l, n, "kinds", _("rule '%s' needs kinds"), r->id);
	if (!have_every)
		return bad(l, n, "every", _("rule '%s' needs every"), r->id);
	if (r->every == LB_EVERY_SEMESTER && r->during != LB_DURING_TERM)
		return bad(l, during_node ? during_node : every_node, "during", "%s",
		           _("every: semester needs during: term"));
	if (r->every == LB_EVERY_YEAR && r->during != LB_DURING_ALWAYS)
		return bad(l, during_node ? during_node : every_node, "during", "%s",
		           _("every: year needs during: always"));
	if (!r->source)
		r->source = lb_xstrdup("");
	return 0;
}

static int
cmp_term(const void *a, const void *b)
{
	const struct lb_term *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

static int
calendar(struct ld *l, const struct lb_ynode *n, struct lb_term **tp, size_t *np)
{
	int rc = want(l, n, LB_Y_MAP, "calendar");
	if (rc < 0)
		return rc;
	const struct lb_ynode *terms = NULL;
	for (size_t i = 0; i < n->n; i++) {
		if (!strcmp(n->k[i]->s, "terms"))
			terms = n->v[i];
		else
			return bad(l, n->k[i], n->k[i]->s, _("unknown key '%s' in calendar"), n->k[i]->s);
	}
	if (!terms)
		return bad(l, n, "terms", "%s", _("calendar needs terms"));
	if ((rc = want(l, terms, LB_Y_SEQ, "terms")) < 0)
		return rc;
	struct lb_term *t = lb_xcalloc(terms->n + 1, sizeof *t);
	size_t nt = 0;
	long *lines = lb_xcalloc(terms->n + 1, sizeof *lines);
	for (size_t i = 0; i < terms->n && rc == 0; i++) {
		const struct lb_ynode *e = terms->v[i];
		if ((rc = want(l, e, LB_Y_MAP, "terms")) < 0)
			break;
		struct lb_term *x = &t[nt++];
		x->start = x->end = LB_NODATE;
		lines[nt - 1] = e->line;
		for (size_t j = 0; j < e->n && rc == 0; j++) {
			const char *k = e->k[j]->s;
			if (!strcmp(k, "name"))
				rc = str(l, e->v[j], k, &x->name);
			else if (!strcmp(k, "start"))
				rc = date(l, e->v[j], k, &x->start);
			else if (!strcmp(k, "end"))
				rc = date(l, e->v[j], k, &x->end);
			else
				rc = bad(l, e->k[j], k, _("unknown key '%s' in a term"), k);
		}
		if (rc < 0)
			break;
		if (!x->name || !*x->name)
			rc = bad(l, e, "name", "%s", _("a term needs a name"));
		else if (x->start == LB_NODATE)
			rc = bad(l, e, "start", _("term '%s' needs a start"), x->name);
		else if (x->end == LB_NODATE)
			rc = bad(l, e, "end", _("term '%s' needs an end"), x->name);
		else if (x->end < x->start)
			rc = bad(l, e, "end", _("term '%s' ends before it starts"), x->name);
	}
	if (rc == 0) {
		/* sort, keeping lines with their terms for the overlap message */
		for (size_t i = 0; i < nt; i++)
			for (size_t j = i + 1; j < nt; j++)
				if (t[j].start < t[i].start) {
					struct lb_term tt = t[i]; t[i] = t[j]; t[j] = tt;
					long ll = lines[i]; lines[i] = lines[j]; lines[j] = ll;
				}
		for (size_t i = 1; i < nt && rc == 0; i++)
			if (t[i].start <= t[i - 1].end) {
				struct lb_ynode fake = {.line = lines[i]};
				rc = bad(l, &fake, "start", _("term '%s' overlaps term '%s'"),
				         t[i].name, t[i - 1].name);
			}
	}
	free(lines);
	if (rc < 0) {
		free_terms(t, nt);
		return rc;
	}
	(void)cmp_term;
	*tp = t;
	*np = nt;
	return 0;
}

/* mentor_limit: a whole number from 1 to 100000 */
static int
limit(struct ld *l, const struct lb_ynode *v, const char *k, int *out)
{
	char *end;
	long n;

	if (v->type != LB_Y_SCALAR)
		return bad(l, v, k, "%s", _("must be a whole number from 1 to 100000"));
	errno = 0;
	n = strtol(v->s, &end, 10);
	if (!v->plain || end == v->s || *end || errno || n < 1 || n > 100000)
		return bad(l, v, k, _("'%s' is not a whole number from 1 to 100000"), v->s);
	*out = (int)n;
	return 0;
}

/*
 * Read a rules document into rs. Only the parts present are replaced:
 * profile, title, mentor_limit, calendar, rules.
 */
static int
load_into(struct lb_rules *rs, const char *name, const char *text, size_t len,
          struct lb_err *err)
{
	struct lb_ynode *root = NULL;
	int rc = lb_yaml_load(name, text, len, &root, err);
	if (rc < 0)
		return rc;
	lb_strv_push(&rs->files, name);
	struct ld l = {rs->files.v[rs->files.n - 1], err};
	if (!root) {
		return lb_err_set(err, LB_ERULES, name, 0, "%s", _("empty rules file"));
	}
	if ((rc = want(&l, root, LB_Y_MAP, "")) < 0)
		goto out;
	struct lb_term *terms = NULL;
	size_t nterms = 0;
	int have_cal = 0;
	struct lb_rule *rules = NULL;
	size_t nrules = 0;
	int have_rules = 0;
	char *profile = NULL, *title = NULL;
	int mentor_limit = 0;
	for (size_t i = 0; i < root->n && rc == 0; i++) {
		const char *k = root->k[i]->s;
		const struct lb_ynode *v = root->v[i];
		if (!strcmp(k, "profile"))
			rc = str(&l, v, k, &profile);
		else if (!strcmp(k, "title"))
			rc = str(&l, v, k, &title);
		else if (!strcmp(k, "calendar")) {
			rc = calendar(&l, v, &terms, &nterms);
			have_cal = rc == 0;
		} else if (!strcmp(k, "rules")) {
			if ((rc = want(&l, v, LB_Y_SEQ, k)) < 0)
				break;
			have_rules = 1;
			rules = lb_xcalloc(v->n + 1, sizeof *rules);
			for (size_t j = 0; j < v->n && rc == 0; j++) {
				rules[nrules].file = l.file;
				rc = rule(&l, v->v[j], &rules[nrules]);
				nrules++;
				for (size_t q = 0; rc == 0 && q + 1 < nrules; q++)
					if (!strcmp(rules[q].id, rules[nrules - 1].id))
						rc = bad(&l, v->v[j], "id", _("rule id '%s' is used twice (first on line %ld)"),
						         rules[q].id, rules[q].line);
			}
		} else if (!strcmp(k, "mentor_limit"))
			rc = limit(&l, v, k, &mentor_limit);
		else
			rc = bad(&l, root->k[i], k, _("unknown key '%s'"), k);
	}
	if (rc < 0) {
		free_terms(terms, nterms);
		free_rules(rules, nrules);
		free(profile);
		free(title);
		goto out;
	}
	if (profile) {
		free(rs->profile);
		rs->profile = profile;
	}
	if (title) {
		free(rs->title);
		rs->title = title;
	}
	if (mentor_limit)
		rs->mentor_limit = mentor_limit;
	if (have_cal) {
		free_terms(rs->terms, rs->nterms);
		rs->terms = terms;
		rs->nterms = nterms;
	}
	if (have_rules) {
		free_rules(rs->rules, rs->nrules);
		rs->rules = rules;
		rs->nrules = nrules;
	}
out:
	lb_ynode_free(root);
	return rc;
}

int
lb_rules_parse(struct lb_rules **rp, const char *name, const char *text, size_t len,
               struct lb_err *err)
{
	struct lb_rules *rs = lb_xcalloc(1, sizeof *rs);
	*rp = NULL;
	int rc = load_into(rs, name, text, len, err);
	if (rc < 0) {
		lb_rules_free(rs);
		return rc;
	}
	if (!rs->profile)
		rs->profile = lb_xstrdup("");
	if (!rs->title)
		rs->title = lb_xstrdup("");
	if (!rs->mentor_limit)
		rs->mentor_limit = LB_MENTOR_LIMIT_DEFAULT;
	*rp = rs;
	return 0;
}

static int
read_file(const char *path, struct lb_buf *b, struct lb_err *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return lb_err_sys(err, path, _("cannot open"));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		lb_buf_add(b, chunk, n);
		if (b->len > (64u << 20)) {
			fclose(fp);
			return lb_err_set(err, LB_ELIMIT, path, 0, "%s", _("rules file larger than 64 MiB"));
		}
	}
	int bad_read = ferror(fp);
	fclose(fp);
	if (bad_read) {
		errno = EIO;
		return lb_err_sys(err, path, _("read error"));
	}
	return 0;
}

int
lb_rules_overlay(struct lb_rules *rs, const char *path, struct lb_err *err)
{
	struct lb_buf b = LB_BUF_INIT;
	int rc = read_file(path, &b, err);
	if (rc == 0)
		rc = load_into(rs, path, b.s ? b.s : "", b.len, err);
	lb_buf_fini(&b);
	return rc;
}

/* Add the rules of a built-in file after those of rs (ids stay unique). */
static int
append_rules(struct lb_rules *rs, const struct lb_builtin_file *bf, struct lb_err *err)
{
	struct lb_rules *add;
	int rc = lb_rules_parse(&add, bf->name, bf->text, bf->len, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < add->nrules; i++)
		if (lb_rules_find(rs, add->rules[i].id)) {
			rc = lb_err_set(err, LB_ERULES, bf->name, add->rules[i].line,
			                _("rule id '%s' is used twice"), add->rules[i].id);
			lb_rules_free(add);
			return rc;
		}
	rs->rules = lb_xrealloc(rs->rules, (rs->nrules + add->nrules + 1) * sizeof *rs->rules);
	lb_strv_push(&rs->files, bf->name);   /* rule->file must live as long as rs */
	for (size_t i = 0; i < add->nrules; i++) {
		rs->rules[rs->nrules + i] = add->rules[i];
		rs->rules[rs->nrules + i].file = rs->files.v[rs->files.n - 1];
	}
	rs->nrules += add->nrules;
	add->nrules = 0;
	lb_rules_free(add);
	return 0;
}

int
lb_rules_open(struct lb_rules **rp, const char *profile, const char *path,
              struct lb_err *err)
{
	*rp = NULL;
	if (!profile)
		profile = "linxia";
	char name[256];
	snprintf(name, sizeof name, "rules/%s.yaml", profile);
	const struct lb_builtin_file *bf = strchr(profile, '/') ? NULL : lb_builtin_find(name);
	if (!bf) {
		struct lb_buf b = LB_BUF_INIT;
		for (const char *const *p = lb_rules_profiles(); *p; p++) {
			if (b.len)
				lb_buf_adds(&b, ", ");
			lb_buf_adds(&b, *p);
		}
		lb_err_set(err, LB_EUSAGE, "", 0, _("unknown profile '%s' (built-in: %s)"), profile,
		           lb_buf_str(&b));
		lb_buf_fini(&b);
		return LB_EUSAGE;
	}
	/* A built-in profile is its own file, on the built-in calendar when
	 * it has none, with the statutory rules after its own (one home for
	 * each: schemas/calendar.yaml, schemas/statutory.yaml). */
	struct lb_rules *rs;
	int rc = lb_rules_parse(&rs, bf->name, bf->text, bf->len, err);
	if (rc < 0)
		return rc;
	const struct lb_builtin_file *cal = lb_builtin_find("calendar.yaml");
	const struct lb_builtin_file *law = lb_builtin_find("statutory.yaml");
	if (rc == 0 && cal && rs->nterms == 0)
		rc = load_into(rs, cal->name, cal->text, cal->len, err);
	if (rc == 0 && law)
		rc = append_rules(rs, law, err);
	/* every built-in rule states whose records count (lb-rules(5), Roles) */
	for (size_t i = 0; rc == 0 && i < rs->nrules; i++)
		if (!rs->rules[i].nroles)
			rc = lb_err_set(err, LB_ERULES, rs->rules[i].file, rs->rules[i].line,
			                _("built-in rule '%s' states no roles"), rs->rules[i].id);
	if (rc < 0) {
		lb_rules_free(rs);
		return rc;
	}
	if (path && (rc = lb_rules_overlay(rs, path, err)) < 0) {
		lb_rules_free(rs);
		return rc;
	}
	*rp = rs;
	return 0;
}

void
lb_rules_free(struct lb_rules *rs)
{
	if (!rs)
		return;
	free(rs->profile);
	free(rs->title);
	free_terms(rs->terms, rs->nterms);
	free_rules(rs->rules, rs->nrules);
	lb_strv_fini(&rs->files);
	free(rs);
}

const char *const *
lb_rules_profiles(void)
{
	static const char *names[64];
	static char store[64][64];
	if (names[0])
		return names;
	size_t n = 0;
	for (size_t i = 0; i < lb_builtin_nfiles && n < 63; i++) {
		const char *f = lb_builtin_files[i].name;
		size_t len = strlen(f);
		if (strncmp(f, "rules/", 6) || len < 11 || strcmp(f + len - 5, ".yaml"))
			continue;
		snprintf(store[n], sizeof store[n], "%.*s", (int)(len - 11), f + 6);
		names[n] = store[n];
		n++;
	}
	qsort(names, n, sizeof *names, lb_strcmp_p);
	names[n] = NULL;
	return names;
}

const struct lb_rule *
lb_rules_find(const struct lb_rules *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

const struct lb_term *
lb_rules_term_at(const struct lb_rules *rs, int day)
{
	for (size_t i = 0; i < rs->nterms; i++)
		if (rs->terms[i].start <= day && day <= rs->terms[i].end)
			return &rs->terms[i];
	return NULL;
}

const struct lb_term *
lb_rules_term_next(const struct lb_rules *rs, int day)
{
	for (size_t i = 0; i < rs->nterms; i++)
		if (rs->terms[i].start > day)
			return &rs->terms[i];
	return NULL;
}
