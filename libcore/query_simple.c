/* query_simple.c — lb-query's simple questions as SQL (see query.h):
 * fields and values named in either language, the nearest name suggested. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "check.h"
#include "date.h"
#include "i18n.h"
#include "mask.h"
#include "query.h"
#include "query_impl.h"
#include "value.h"
#include "writer.h"

/* ---- the simple questions ------------------------------------------------------ */

/* The columns of roster (from the database, so a reused --db works). */
static void
roster_cols(struct lb_query *q, struct lb_strv *out)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(q->db, "SELECT name FROM pragma_table_info('roster')", -1, &s, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW)
		lb_strv_push(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* Code points of s into out (at most n); returns the count. */
static size_t
cps(const char *s, uint32_t *out, size_t n)
{
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && k < n) {
		uint32_t c = *p++;
		int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		for (; more && (*p & 0xC0) == 0x80; more--)
			c = (c << 6) | (*p++ & 0x3F);
		out[k++] = c;
	}
	return k;
}

static size_t
distance(const char *a, const char *b)
{
	uint32_t x[LB_EDIT_MAXCP], y[LB_EDIT_MAXCP];
	size_t n = cps(a, x, LB_EDIT_MAXCP), m = cps(b, y, LB_EDIT_MAXCP);
	return lb_edit_distance(x, n, y, m);
}

/* The roster column a user's field name (id, Chinese label or alias)
 * stands for, or NULL with err naming the nearest. */
static const char *
resolve(const struct lb_strv *cols, const char *name, const char *what, struct lb_err *err)
{
	const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
	for (size_t i = 0; i < cols->n; i++)
		if (!strcasecmp(cols->v[i], name))
			return cols->v[i];
	int fi = lb_schema_match_header(s, name);
	for (size_t i = 0; fi >= 0 && i < cols->n; i++)
		if (!strcmp(cols->v[i], s->f[fi].id))
			return cols->v[i];
	for (size_t i = 0; i < NCOMPUTED; i++)
		if (!strcmp(lb_q_computed_zh[i], name))
			return lb_q_computed[i];
	const char *best = NULL;
	size_t bd = (size_t)-1;
	for (size_t i = 0; i < cols->n; i++) {
		size_t d = distance(name, cols->v[i]);
		if (d < bd) {
			bd = d;
			best = cols->v[i];
		}
		fi = lb_schema_field(s, cols->v[i]);
		const char *zh = fi >= 0 ? s->f[fi].zh : NULL;
		for (size_t k = 0; !zh && k < NCOMPUTED; k++)
			if (!strcmp(cols->v[i], lb_q_computed[k]))
				zh = lb_q_computed_zh[k];
		if (zh && (d = distance(name, zh)) < bd) {
			bd = d;
			best = zh;
		}
	}
	if (best)
		lb_err_set(err, LB_EUSAGE, "", 0, _("%s: no field '%s' (nearest: %s)"), what, name, best);
	else
		lb_err_set(err, LB_EUSAGE, "", 0, _("%s: no field '%s'"), what, name);
	return NULL;
}

/* A comma-separated list of fields, each quoted, into sql. */
static int
field_list(const struct lb_strv *cols, const char *list, const char *what, int sort,
           int count, struct lb_buf *sql, struct lb_err *err)
{
	char *dup = lb_xstrdup(list), *save = NULL;
	int n = 0;
	for (char *tok = strtok_r(dup, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const char *t = tok;
		size_t len = strlen(t);
		lb_trim(&t, &len);
		char *f = lb_xstrndup(t, len);
		int desc = sort && *f == '-';
		const char *name = desc ? f + 1 : f;
		const char *col = count && !strcmp(name, "count") ? "count" : resolve(cols, name, what, err);
		if (!col) {
			free(f);
			free(dup);
			return LB_EUSAGE;
		}
		if (n++)
			lb_buf_adds(sql, ", ");
		lb_q_quote_id(sql, col);
		if (desc)
			lb_buf_adds(sql, " DESC");
		free(f);
	}
	free(dup);
	if (!n)
		return lb_err_set(err, LB_EUSAGE, "", 0, _("%s: no field given"), what);
	return 0;
}

static int
where_clause(const struct lb_strv *cols, const char *w, struct lb_buf *sql,
             struct lb_strv *params, struct lb_err *err)
{
	static const char *const ops[] = {"!=", "<=", ">=", "=", "<", ">", "~"};
	size_t at = strcspn(w, "=!<>~");
	if (!w[at])
		return lb_err_set(err, LB_EUSAGE, "", 0,
		                  _("--where: '%s' is not FIELD OP VALUE (OP: = != < <= > >= ~)"), w);
	const char *op = NULL;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (!strncmp(w + at, ops[i], strlen(ops[i]))) {
			op = ops[i];
			break;
		}
	if (!op)
		return lb_err_set(err, LB_EUSAGE, "", 0,
		                  _("--where: '%s' is not FIELD OP VALUE (OP: = != < <= > >= ~)"), w);
	const char *fs = w;
	size_t flen = at;
	lb_trim(&fs, &flen);
	char *field = lb_xstrndup(fs, flen);
	const char *vs = w + at + strlen(op);
	size_t vlen = strlen(vs);
	lb_trim(&vs, &vlen);
	char *value = lb_xstrndup(vs, vlen);
	const char *col = resolve(cols, field, "--where", err);
	int rc = 0;
	if (!col) {
		rc = LB_EUSAGE;
	} else if (!*value) {
		if (strcmp(op, "=") && strcmp(op, "!="))
			rc = lb_err_set(err, LB_EUSAGE, "", 0, _("--where: '%s': an empty value goes with = or != only"), w);
		lb_q_quote_id(sql, col);
		lb_buf_adds(sql, *op == '=' ? " IS NULL OR " : " IS NOT NULL AND ");
		lb_q_quote_id(sql, col);
		lb_buf_adds(sql, *op == '=' ? " = ''" : " <> ''");
	} else {
		/* a comparison with a schema field compares the value as lb-import
		 * writes it (2015/3/4 is 2015-03-04, (2)班 is 2, 是否 synonyms) */
		const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
		int fi = lb_schema_field(s, col);
		struct lb_buf norm = LB_BUF_INIT;
		if (fi >= 0 && *op != '~' && s->f[fi].type != LB_T_TEXT &&
		    lb_value_normalize(&s->f[fi], value, &norm, NULL) != LB_V_BAD) {
			free(value);
			value = lb_buf_steal(&norm);
		}
		lb_buf_fini(&norm);
		lb_strv_push(params, value);
		if (*op == '~') {
			lb_buf_adds(sql, "instr(");
			lb_q_quote_id(sql, col);
			lb_buf_printf(sql, ", ?%zu) > 0", params->n);
		} else {
			lb_q_quote_id(sql, col);
			lb_buf_printf(sql, " %s ?%zu", op, params->n);
		}
	}
	free(field);
	free(value);
	return rc;
}

int
lb_query_simple(struct lb_query *q, const char *const *where, size_t nwhere,
                const char *count_by, const char *fields, const char *sort,
                struct lb_buf *sql, struct lb_strv *params, struct lb_err *err)
{
	struct lb_strv cols = LB_STRV_INIT;
	struct lb_buf w = LB_BUF_INIT;
	int rc = 0;
	roster_cols(q, &cols);
	if (!cols.n) {
		lb_strv_fini(&cols);
		return lb_err_set(err, LB_EUSAGE, "", 0, "%s", _("no roster loaded"));
	}
	for (size_t i = 0; i < nwhere && rc == 0; i++) {
		lb_buf_adds(&w, i ? " AND (" : " WHERE (");
		rc = where_clause(&cols, where[i], &w, params, err);
		lb_buf_adds(&w, ")");
	}
	lb_buf_clear(sql);
	if (rc == 0 && count_by) {
		struct lb_buf g = LB_BUF_INIT;
		rc = field_list(&cols, count_by, "--count-by", 0, 0, &g, err);
		lb_buf_printf(sql, "SELECT %s, count(*) AS count FROM roster%s GROUP BY %s ORDER BY ",
		              lb_buf_str(&g), lb_buf_str(&w), lb_buf_str(&g));
		if (rc == 0 && sort)
			rc = field_list(&cols, sort, "--sort", 1, 1, sql, err);
		else {
			/* the groups in order; age bands by age (6-13 before 16+: the
			 * band names are those lb_q_insert_row gives) */
			struct lb_buf ord = LB_BUF_INIT;
			lb_buf_set(&ord, lb_buf_str(&g));
			const char *at = strstr(lb_buf_str(&ord), "\"age_band\"");
			if (at) {
				size_t pre = (size_t)(at - lb_buf_str(&ord));
				struct lb_buf b = LB_BUF_INIT;
				lb_buf_add(&b, lb_buf_str(&ord), pre);
				lb_buf_adds(&b, "CASE \"age_band\" WHEN '0-5' THEN 0 WHEN '6-13' THEN 1 "
				                "WHEN '14-15' THEN 2 WHEN '16+' THEN 3 END");
				lb_buf_adds(&b, lb_buf_str(&ord) + pre + strlen("\"age_band\""));
				lb_buf_fini(&ord);
				ord = b;
			}
			lb_buf_adds(sql, lb_buf_str(&ord));
			lb_buf_fini(&ord);
		}
		lb_buf_fini(&g);
	} else if (rc == 0) {
		lb_buf_adds(sql, "SELECT ");
		if (fields)
			rc = field_list(&cols, fields, "--fields", 0, 0, sql, err);
		else
			lb_buf_adds(sql, "*");
		lb_buf_printf(sql, " FROM roster%s", lb_buf_str(&w));
		if (rc == 0 && sort) {
			lb_buf_adds(sql, " ORDER BY ");
			rc = field_list(&cols, sort, "--sort", 1, 0, sql, err);
			lb_buf_adds(sql, ", rowid");
		} else if (rc == 0)
			lb_buf_adds(sql, " ORDER BY rowid");
	}
	lb_buf_fini(&w);
	lb_strv_fini(&cols);
	return rc;
}
