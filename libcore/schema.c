/*
 * schema.c — the field tables, parsed from schemas/roster.yaml and
 * schemas/activity.yaml (compiled in, builtin.h) or from a --schema file.
 *
 * The YAML is read into a tree by the one loader of configuration files
 * (ytree.h: anchors, aliases, duplicate keys and deep nesting refused), then
 * checked key by key so an
 * error names the file, the 1-based line and the key. Header texts (id, zh,
 * aliases) go into a hash table keyed by their normalised form
 * (lb_header_norm); a header text naming two fields is an error.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "i18n.h"
#include "schema.h"
#include "util.h"
#include "value.h"
#include "ytree.h"

/* ---- text helpers -------------------------------------------------------- */

/* Append the normalised header key of text to out: see schema.h. */
void
lb_header_norm(const char *text, struct lb_buf *out)
{
	struct lb_buf fw = LB_BUF_INIT;
	const char *s = text;
	size_t len = strlen(text), i;
	size_t start = out->len;

	lb_trim(&s, &len);
	lb_fullwidth_fold(s, len, &fw);
	/* ASCII case fold, drop all white space (inner ones too) and NBSP. */
	for (i = 0; i < fw.len; i++) {
		unsigned char c = (unsigned char)fw.s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
			continue;
		if (c == 0xC2 && i + 1 < fw.len && (unsigned char)fw.s[i + 1] == 0xA0) {
			i++;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		lb_buf_addc(out, c);
	}
	lb_buf_fini(&fw);
	/* Drop trailing markers of a required column: '*' and "(必填)". */
	for (;;) {
		size_t n = out->len - start;
		static const char req[] = "(必填)";
		if (n > 0 && out->s[out->len - 1] == '*') {
			out->len--;
		} else if (n >= sizeof req - 1 &&
		           memcmp(out->s + out->len - (sizeof req - 1), req, sizeof req - 1) == 0) {
			out->len -= sizeof req - 1;
		} else {
			break;
		}
		out->s[out->len] = '\0';
	}
	if (!out->s)
		lb_buf_add(out, "", 0);
}

struct spriv {
	struct lb_smap headers;   /* normalised header text → field index (keys copied) */
	struct lb_smap ids;       /* exact field id → field index (keys copied) */
};

/* ---- building a schema --------------------------------------------------- */

static const char *const type_names[] = {
	"text", "idcard", "date", "enum", "set", "bool", "int", "phone", "digits", "class",
	"set of names"
};

static void
field_fini(struct lb_field *f)
{
	size_t i;
	free(f->id);
	free(f->zh);
	for (i = 0; i < f->nvalues; i++)
		free(f->values[i]);
	free(f->values);
	for (i = 0; i < f->nsyn; i++) {
		free(f->syn_from[i]);
		free(f->syn_to[i]);
	}
	free(f->syn_from);
	free(f->syn_to);
	for (i = 0; i < f->naliases; i++)
		free(f->aliases[i]);
	free(f->aliases);
	free(f->when);
	for (i = 0; i < f->ncls; i++) {
		free(f->cls_from[i]);
		free(f->cls_to[i]);
	}
	free(f->cls_from);
	free(f->cls_to);
	for (i = 0; i < f->nneed_summary; i++)
		free(f->need_summary[i]);
	free(f->need_summary);
}

void
lb_schema_free(struct lb_schema *s)
{
	struct spriv *p;
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		field_fini(&s->f[i]);
	free(s->f);
	free(s->map);
	free(s->name);
	p = s->priv;
	if (p) {
		lb_smap_fini(&p->headers);
		lb_smap_fini(&p->ids);
		free(p);
	}
	free(s);
}

struct ctx {
	const char *file;
	struct lb_err *err;
};

static int
bad(struct ctx *c, const struct lb_ynode *at, const char *key, const char *msg)
{
	lb_err_set(c->err, LB_ERULES, c->file, at ? at->line : 0, "%s", msg);
	if (c->err && key)
		snprintf(c->err->field, sizeof c->err->field, "%s", key);
	return LB_ERULES;
}

static int
want_bool(struct ctx *c, const struct lb_ynode *v, const char *key, int *out)
{
	if (v->type == LB_Y_SCALAR) {
		const char *s = v->s;
		if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "True") || !strcmp(s, "on")) {
			*out = 1;
			return 0;
		}
		if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "False") || !strcmp(s, "off")) {
			*out = 0;
			return 0;
		}
	}
	return bad(c, v, key, _("expected true or false"));
}

static int
want_long(struct ctx *c, const struct lb_ynode *v, const char *key, long *out)
{
	char *end;
	long x;
	if (v->type == LB_Y_SCALAR && v->s[0]) {
		errno = 0;
		x = strtol(v->s, &end, 10);
		if (!*end && !errno) {
			*out = x;
			return 0;
		}
	}
	return bad(c, v, key, _("expected an integer"));
}

static int
want_text(struct ctx *c, const struct lb_ynode *v, const char *key, char **out)
{
	if (v->type != LB_Y_SCALAR || !v->s[0])
		return bad(c, v, key, _("expected a non-empty text"));
	free(*out);
	*out = lb_xstrdup(v->s);
	return 0;
}

/* A list of scalars into a NULL-free array of owned strings. */
static int
want_list(struct ctx *c, const struct lb_ynode *v, const char *key, char ***out, size_t *n)
{
	if (v->type != LB_Y_SEQ)
		return bad(c, v, key, _("expected a list"));
	*out = lb_xcalloc(v->n + 1, sizeof **out);
	*n = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (v->v[i]->type != LB_Y_SCALAR || !v->v[i]->s[0])
			return bad(c, v->v[i], key, _("expected a list of texts"));
		(*out)[(*n)++] = lb_xstrdup(v->v[i]->s);
	}
	return 0;
}

static int
parse_field(struct ctx *c, const struct lb_ynode *m, struct lb_field *f)
{
	const struct lb_ynode *typ = NULL, *req = NULL, *vals = NULL, *syn = NULL, *cls = NULL,
	                      *need = NULL;
	int rc, have_min = 0, have_max = 0;

	if (m->type != LB_Y_MAP)
		return bad(c, m, "fields", _("each field must be a mapping"));
	f->type = LB_T_TEXT;
	for (size_t i = 0; i < m->n; i++) {
		const char *k = m->k[i]->s;
		const struct lb_ynode *v = m->v[i];
		if (!strcmp(k, "id"))
			rc = want_text(c, v, k, &f->id);
		else if (!strcmp(k, "zh"))
			rc = want_text(c, v, k, &f->zh);
		else if (!strcmp(k, "type"))
			typ = v, rc = 0;
		else if (!strcmp(k, "required"))
			req = v, rc = 0;
		else if (!strcmp(k, "strict"))
			rc = want_bool(c, v, k, &f->strict);
		else if (!strcmp(k, "aliases"))
			rc = want_list(c, v, k, &f->aliases, &f->naliases);
		else if (!strcmp(k, "values"))
			vals = v, rc = want_list(c, v, k, &f->values, &f->nvalues);
		else if (!strcmp(k, "synonyms"))
			syn = v, rc = 0;
		else if (!strcmp(k, "min"))
			have_min = 1, rc = want_long(c, v, k, &f->min);
		else if (!strcmp(k, "max"))
			have_max = 1, rc = want_long(c, v, k, &f->max);
		else if (!strcmp(k, "when"))
			rc = want_text(c, v, k, &f->when);
		else if (!strcmp(k, "merge")) {
			if (v->type != LB_Y_SCALAR || (strcmp(v->s, "join") && strcmp(v->s, "choose")))
				return bad(c, v, k, _("expected join or choose"));
			f->join = !strcmp(v->s, "join");
			rc = 0;
		}
		else if (!strcmp(k, "free_text"))
			rc = want_bool(c, v, k, &f->free_text);
		else if (!strcmp(k, "classes"))
			cls = v, rc = 0;
		else if (!strcmp(k, "needs_summary"))
			need = v, rc = want_list(c, v, k, &f->need_summary, &f->nneed_summary);
		else if (!strcmp(k, "lens")) {
			size_t j;
			if (v->type != LB_Y_SEQ || v->n == 0 || v->n > 3)
				return bad(c, v, k, _("expected a list of one to three lengths"));
			for (j = 0; j < v->n; j++) {
				long x;
				if ((rc = want_long(c, v->v[j], k, &x)) < 0)
					return rc;
				if (x < 1 || x > 64)
					return bad(c, v->v[j], k, _("a length must be between 1 and 64"));
				f->lens[j] = (int)x;
			}
			rc = 0;
		} else
			return bad(c, m->k[i], k, _("unknown key"));
		if (rc < 0)
			return rc;
	}
	if (!f->id)
		return bad(c, m, "id", _("a field needs an id"));
	for (const char *p = f->id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return bad(c, m, "id", _("a field id is lower-case letters, digits and '_'"));
	if (!f->zh)
		return bad(c, m, "zh", _("a field needs a Chinese label (zh)"));
	if (typ) {
		size_t t;
		if (typ->type != LB_Y_SCALAR)
			return bad(c, typ, "type", _("expected a type name"));
		for (t = 0; t < sizeof type_names / sizeof *type_names; t++)
			if (!strcmp(typ->s, type_names[t]))
				break;
		if (t == sizeof type_names / sizeof *type_names)
			return bad(c, typ, "type", _("unknown type (text, idcard, date, enum, set, bool, int, phone, digits, class or set of names)"));
		f->type = (enum lb_type)t;
	}
	if (req) {
		if (req->type != LB_Y_SCALAR)
			return bad(c, req, "required", _("expected no, yes, key or when"));
		if (!strcmp(req->s, "no") || !strcmp(req->s, "false"))
			f->required = LB_REQ_NO;
		else if (!strcmp(req->s, "yes") || !strcmp(req->s, "true"))
			f->required = LB_REQ_YES;
		else if (!strcmp(req->s, "key"))
			f->required = LB_REQ_KEY;
		else if (!strcmp(req->s, "when"))
			f->required = LB_REQ_WHEN;
		else
			return bad(c, req, "required", _("expected no, yes, key or when"));
	}
	if ((f->type == LB_T_ENUM || f->type == LB_T_SET) && f->nvalues == 0)
		return bad(c, vals ? vals : m, "values", _("an enum or set field needs values"));
	if (vals && f->type != LB_T_ENUM && f->type != LB_T_SET)
		return bad(c, vals, "values", _("values are only for enum and set fields"));
	for (size_t i = 0; i < f->nvalues; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(f->values[i], f->values[j]))
				return bad(c, vals->v[i], "values", _("a value is listed twice"));
	if (f->type == LB_T_INT) {
		if (!have_min)
			f->min = 0;
		if (!have_max)
			f->max = LONG_MAX;
		if (f->min > f->max)
			return bad(c, m, "max", _("max is less than min"));
	}
	if (f->type == LB_T_DIGITS && f->lens[0] == 0)
		return bad(c, m, "lens", _("a digits field needs lens"));
	if (f->join && (f->type != LB_T_TEXT || f->strict || f->required == LB_REQ_KEY))
		return bad(c, m, "merge", _("merge: join is only for free text that is not strict"));
	if (f->required == LB_REQ_WHEN && !f->when)
		return bad(c, req, "when", _("a field required 'when' needs a when: condition"));
	if (f->free_text && f->type != LB_T_ENUM)
		return bad(c, m, "free_text", _("free_text is only for enum fields"));
	if (cls) {
		if (!f->free_text)
			return bad(c, cls, "classes", _("classes are only for free_text fields"));
		if (cls->type != LB_Y_MAP)
			return bad(c, cls, "classes", _("expected a mapping of text: value"));
		f->cls_from = lb_xcalloc(cls->n + 1, sizeof *f->cls_from);
		f->cls_to = lb_xcalloc(cls->n + 1, sizeof *f->cls_to);
		for (size_t i = 0; i < cls->n; i++) {
			const struct lb_ynode *to = cls->v[i];
			if (to->type != LB_Y_SCALAR || !cls->k[i]->s[0] ||
			    lb_schema_value_index(f, to->s) < 0)
				return bad(c, cls->k[i], "classes", _("a class must be one of the field's values"));
			f->cls_from[f->ncls] = lb_xstrdup(cls->k[i]->s);
			f->cls_to[f->ncls] = lb_xstrdup(to->s);
			f->ncls++;
		}
	}
	for (size_t i = 0; i < f->nneed_summary; i++)
		if (lb_schema_value_index(f, f->need_summary[i]) < 0)
			return bad(c, need->v[i], "needs_summary", _("needs_summary must list values of the field"));
	if (syn) {
		if (syn->type != LB_Y_MAP)
			return bad(c, syn, "synonyms", _("expected a mapping of value: canonical value"));
		f->syn_from = lb_xcalloc(syn->n + 1, sizeof *f->syn_from);
		f->syn_to = lb_xcalloc(syn->n + 1, sizeof *f->syn_to);
		for (size_t i = 0; i < syn->n; i++) {
			const struct lb_ynode *to = syn->v[i];
			if (to->type != LB_Y_SCALAR || !to->s[0] || !syn->k[i]->s[0])
				return bad(c, syn->k[i], "synonyms", _("expected a mapping of value: canonical value"));
			if (f->type == LB_T_ENUM || f->type == LB_T_SET) {
				if (lb_schema_value_index(f, to->s) < 0)
					return bad(c, to, "synonyms", _("a synonym must stand for one of the field's values"));
			} else if (f->type == LB_T_INT) {
				long x;
				if ((rc = want_long(c, to, "synonyms", &x)) < 0)
					return rc;
				if (x < f->min || x > f->max)
					return bad(c, to, "synonyms", _("a synonym's number is outside min..max"));
			}
			f->syn_from[f->nsyn] = lb_xstrdup(syn->k[i]->s);
			f->syn_to[f->nsyn] = lb_xstrdup(to->s);
			f->nsyn++;
		}
	}
	return 0;
}

/* Register one header text of field fi; error when it names another field. */
static int
add_header(struct ctx *c, struct lb_schema *s, const struct lb_ynode *at, const char *key,
           const char *text, int fi)
{
	struct spriv *p = s->priv;
	struct lb_buf b = LB_BUF_INIT;
	long *h;
	int rc = 0;

	lb_header_norm(text, &b);
	if (b.len == 0) {
		lb_buf_fini(&b);
		return bad(c, at, key, _("a header text is empty"));
	}
	h = lb_smap_find(&p->headers, b.s);
	if (!h) {
		lb_smap_put(&p->headers, b.s, fi);
	} else if (*h != fi) {
		char msg[512];
		snprintf(msg, sizeof msg, _("header text '%s' names both %s and %s"),
		         text, s->f[*h].id, s->f[fi].id);
		rc = bad(c, at, key, msg);
	}
	lb_buf_fini(&b);
	return rc;
}

static int
build(struct ctx *c, const struct lb_ynode *root, const char *name, struct lb_schema **out)
{
	const struct lb_ynode *fields = NULL, *kind = NULL;
	struct lb_schema *s;
	struct spriv *p;
	int rc;

	*out = NULL;
	if (!root || root->type != LB_Y_MAP)
		return bad(c, root, NULL, _("a schema is a mapping with kind: and fields:"));
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->k[i]->s;
		if (!strcmp(k, "kind"))
			kind = root->v[i];
		else if (!strcmp(k, "fields"))
			fields = root->v[i];
		else
			return bad(c, root->k[i], k, _("unknown key"));
	}
	if (!kind)
		return bad(c, root, "kind", _("missing kind: (roster or activity)"));
	if (!fields)
		return bad(c, root, "fields", _("missing fields:"));
	if (fields->type != LB_Y_SEQ || fields->n == 0)
		return bad(c, fields, "fields", _("expected a list of fields"));
	s = lb_xcalloc(1, sizeof *s);
	p = lb_xcalloc(1, sizeof *p);
	p->headers.copy = p->ids.copy = 1;
	s->priv = p;
	if (kind->type == LB_Y_SCALAR && !strcmp(kind->s, "roster"))
		s->kind = LB_KIND_ROSTER;
	else if (kind->type == LB_Y_SCALAR && !strcmp(kind->s, "activity"))
		s->kind = LB_KIND_ACTIVITY;
	else {
		rc = bad(c, kind, "kind", _("kind must be roster or activity"));
		goto fail;
	}
	s->name = lb_xstrdup(kind->s);
	s->f = lb_xcalloc(fields->n, sizeof *s->f);
	for (size_t i = 0; i < fields->n; i++) {
		const struct lb_ynode *m = fields->v[i];
		struct lb_field *f = &s->f[s->n++];
		if ((rc = parse_field(c, m, f)) < 0)
			goto fail;
		if (lb_smap_find(&p->ids, f->id)) {
			rc = bad(c, m, "id", _("a field id is used twice"));
			goto fail;
		}
		lb_smap_put(&p->ids, f->id, (long)i);
	}
	/* Header texts: ids first, then labels, then aliases. */
	for (size_t i = 0; i < s->n; i++) {
		const struct lb_ynode *m = fields->v[i];
		if ((rc = add_header(c, s, m, "id", s->f[i].id, (int)i)) < 0 ||
		    (rc = add_header(c, s, m, "zh", s->f[i].zh, (int)i)) < 0)
			goto fail;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct lb_ynode *m = fields->v[i], *al = m;
		for (size_t j = 0; j < m->n; j++)
			if (!strcmp(m->k[j]->s, "aliases"))
				al = m->v[j];
		for (size_t j = 0; j < s->f[i].naliases; j++)
			if ((rc = add_header(c, s, al->type == LB_Y_SEQ ? al->v[j] : m, "aliases",
			                     s->f[i].aliases[j], (int)i)) < 0)
				goto fail;
	}
	*out = s;
	return 0;
fail:
	lb_schema_free(s);
	return rc;
}

/* Fill s->map from the ids of the built-in schema of its kind. */
static int
make_map(struct ctx *c, struct lb_schema *s, const struct lb_schema *ref)
{
	size_t n = s->kind == LB_KIND_ROSTER ? LB_R_NFIELDS : LB_A_NFIELDS;
	size_t all = (size_t)LB_R_NFIELDS > (size_t)LB_A_NFIELDS ? (size_t)LB_R_NFIELDS : (size_t)LB_A_NFIELDS;

	/* map[] is as long as the longer enum, -1 past this kind's fields, so
	 * that LB_FI(activity, LB_R_X) is -1 and not a read past the end. */
	s->map = lb_xcalloc(all, sizeof *s->map);
	for (size_t i = n; i < all; i++)
		s->map[i] = -1;
	for (size_t i = 0; i < n; i++) {
		int fi = ref ? lb_schema_field(s, ref->f[i].id) : (int)i;
		if (!ref && (i >= s->n))
			fi = -1;
		if (fi < 0)
			return bad(c, NULL, "fields",
			           ref ? _("the schema lacks a built-in field") : _("the built-in schema lacks a field"));
		s->map[i] = fi;
	}
	return 0;
}

static int
parse(struct lb_schema **sp, const char *name, const char *text, size_t len,
      struct lb_err *err, int is_builtin)
{
	struct ctx c = {name, err};
	struct lb_ynode *root = NULL;
	struct lb_schema *s = NULL;
	int rc;

	*sp = NULL;
	if ((rc = lb_yaml_load(name, text, len, &root, err)) < 0)
		return rc;
	rc = build(&c, root, name, &s);
	lb_ynode_free(root);
	if (rc < 0)
		return rc;
	{
		const struct lb_schema *ref = is_builtin ? NULL : lb_schema_builtin(s->kind);
		/* While the built-ins themselves are being parsed ref is NULL and
		 * the enum order is the file order (scripts/fields.awk). */
		if ((rc = make_map(&c, s, ref)) < 0) {
			if (ref && err) {
				size_t n = s->kind == LB_KIND_ROSTER ? LB_R_NFIELDS : LB_A_NFIELDS;
				for (size_t i = 0; i < n; i++)
					if (lb_schema_field(s, ref->f[i].id) < 0) {
						snprintf(err->msg, sizeof err->msg,
						         _("field '%s' of the built-in %s schema is missing (a replacement must keep every id)"),
						         ref->f[i].id, s->name);
						break;
					}
			}
			lb_schema_free(s);
			return rc;
		}
	}
	*sp = s;
	return 0;
}

int
lb_schema_parse(struct lb_schema **sp, const char *name, const char *text, size_t len,
                struct lb_err *err)
{
	return parse(sp, name, text, len, err, 0);
}

int
lb_schema_load(struct lb_schema **sp, const char *path, struct lb_err *err)
{
	struct lb_buf b = LB_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp;
	int rc;

	*sp = NULL;
	if (!(fp = fopen(path, "rb")))
		return lb_err_sys(err, path, _("cannot open"));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		lb_buf_add(&b, chunk, n);
	if (ferror(fp)) {
		rc = lb_err_sys(err, path, _("cannot read"));
		fclose(fp);
		lb_buf_fini(&b);
		return rc;
	}
	fclose(fp);
	rc = lb_schema_parse(sp, path, lb_buf_str(&b), b.len, err);
	lb_buf_fini(&b);
	return rc;
}

/* ---- the built-ins ------------------------------------------------------- */

static struct lb_schema *builtin[3];
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void
builtin_init(void)
{
	static const char *const files[3] = {NULL, "roster.yaml", "activity.yaml"};
	struct lb_err e;

	for (int k = LB_KIND_ROSTER; k <= LB_KIND_ACTIVITY; k++) {
		const struct lb_builtin_file *bf = lb_builtin_find(files[k]);
		lb_err_clear(&e);
		if (bf)
			parse(&builtin[k], files[k], bf->text, bf->len, &e, 1);
	}
}

const struct lb_schema *
lb_schema_builtin(enum lb_kind kind)
{
	if (kind != LB_KIND_ROSTER && kind != LB_KIND_ACTIVITY)
		return NULL;
	pthread_once(&builtin_once, builtin_init);
	return builtin[kind];
}

/* ---- lookups ------------------------------------------------------------- */

int
lb_schema_match_header(const struct lb_schema *s, const char *text)
{
	const struct spriv *p = s->priv;
	struct lb_buf b = LB_BUF_INIT;
	long fi;
	if (!text[0])
		return -1;
	lb_header_norm(text, &b);
	fi = lb_smap_get(&p->headers, b.s, -1);
	lb_buf_fini(&b);
	return (int)fi;
}

int
lb_schema_field(const struct lb_schema *s, const char *id)
{
	const struct spriv *p = s->priv;
	return (int)lb_smap_get(&p->ids, id, -1);
}

const char *
lb_schema_synonym(const struct lb_field *f, const char *value)
{
	const char *s = value;
	size_t len = strlen(value);

	lb_trim(&s, &len);
	for (size_t i = 0; i < f->nsyn; i++)
		if (len && f->syn_from[i][0] == s[0] && strncmp(f->syn_from[i], s, len) == 0 &&
		    f->syn_from[i][len] == '\0')
			return f->syn_to[i];
		else if (!len && !f->syn_from[i][0])
			return f->syn_to[i];
	return NULL;
}

int
lb_schema_value_index(const struct lb_field *f, const char *value)
{
	for (size_t i = 0; i < f->nvalues; i++)
		if (f->values[i][0] == value[0] && strcmp(f->values[i], value) == 0)
			return (int)i;
	return -1;
}

const char *
lb_schema_class(const struct lb_field *f, const char *value)
{
	const char *best = NULL;
	size_t bestlen = 0;
	int i;
	if (!value || !*value)
		return NULL;
	if ((i = lb_schema_value_index(f, value)) >= 0)
		return f->values[i];
	for (size_t k = 0; k < f->ncls; k++) {
		size_t len = strlen(f->cls_from[k]);
		if (len > bestlen && strstr(value, f->cls_from[k])) {
			best = f->cls_to[k];
			bestlen = len;
		}
	}
	return best;
}

int
lb_schema_needs_summary(const struct lb_field *kind, const char *value)
{
	for (size_t i = 0; i < kind->nneed_summary; i++)
		if (!strcmp(kind->need_summary[i], value))
			return 1;
	return 0;
}

const char *
lb_schema_word(const struct lb_schema *s)
{
	/* TRANSLATORS: the kind of file, as in "not a field of the roster" */
	if (strcmp(s->name, "roster") == 0)
		return _("roster");
	/* TRANSLATORS: the kind of file, as in "not a field of the activity" (log) */
	if (strcmp(s->name, "activity") == 0)
		return _("activity");
	return s->name;
}
