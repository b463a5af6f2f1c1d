/*
 * census.c — the survey's count of left-behind children per school
 * (census.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "census.h"
#include "i18n.h"
#include "util.h"

#define LINE_MAX_BYTES 65536

/* Split one CSV line (no line end) into cells; quotes as RFC 4180. Returns
 * the number of cells, or -1 for a quote left open. cells[i] are owned. */
static long
split(const char *s, struct lb_strv *cells)
{
	struct lb_buf b = LB_BUF_INIT;
	size_t i = 0, n = strlen(s);
	for (;;) {
		lb_buf_clear(&b);
		lb_buf_set(&b, "");
		if (i < n && s[i] == '"') {
			for (i++;; i++) {
				if (i >= n) {
					lb_buf_fini(&b);
					return -1;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"')
						lb_buf_addc(&b, '"'), i++;
					else {
						i++;
						break;
					}
				} else
					lb_buf_addc(&b, s[i]);
			}
			while (i < n && s[i] != ',')
				i++;
		} else
			while (i < n && s[i] != ',')
				lb_buf_addc(&b, s[i++]);
		/* trim white space at the ends */
		const char *p = lb_buf_str(&b);
		size_t len = strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		while (len && (*p == ' ' || *p == '\t'))
			p++, len--;
		char *cell = lb_xstrndup(p, len);
		lb_strv_push(cells, cell);
		free(cell);
		if (i >= n)
			break;
		i++;    /* the comma */
	}
	lb_buf_fini(&b);
	return (long)cells->n;
}

static int
is_col(const char *h, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(h, *names))
			return 1;
	return 0;
}

int
lb_census_load(struct lb_census **out, const char *path, struct lb_err *err)
{
	static const char *const school_names[] = {"school", "学校", "学校名称", NULL};
	static const char *const count_names[] = {"count", "人数", "留守儿童数", "留守儿童人数", NULL};
	*out = NULL;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return lb_err_sys(err, path, "open");
	struct lb_census *c = lb_xcalloc(1, sizeof *c);
	char *line = NULL;
	size_t cap = 0, vcap = 0;
	ssize_t len;
	long lineno = 0, cs = -1, cc = -1;
	int rc = 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (len > LINE_MAX_BYTES) {
			rc = lb_err_set(err, LB_EPARSE, path, lineno, "%s", _("a line longer than 64 KiB"));
			break;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		char *s = line;
		if (lineno == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
			s += 3;
		if (!*s)
			continue;
		struct lb_strv cells = LB_STRV_INIT;
		if (split(s, &cells) < 0) {
			lb_strv_fini(&cells);
			rc = lb_err_set(err, LB_EPARSE, path, lineno, "%s", _("a quote is left open"));
			break;
		}
		if (cs < 0) {
			for (size_t i = 0; i < cells.n; i++) {
				if (cs < 0 && is_col(cells.v[i], school_names))
					cs = (long)i;
				else if (cc < 0 && is_col(cells.v[i], count_names))
					cc = (long)i;
			}
			lb_strv_fini(&cells);
			if (cs < 0 || cc < 0) {
				rc = lb_err_set(err, LB_EPARSE, path, lineno, "%s",
				                _("the header must name the columns school and count"));
				break;
			}
			continue;
		}
		const char *school = (size_t)cs < cells.n ? cells.v[cs] : "";
		const char *num = (size_t)cc < cells.n ? cells.v[cc] : "";
		char *end;
		errno = 0;
		long k = strtol(num, &end, 10);
		if (!*school) {
			rc = lb_err_set(err, LB_EPARSE, path, lineno, "%s", _("a row without a school"));
		} else if (!*num || *end || errno || k < 0 || k > 10000000) {
			rc = lb_err_set(err, LB_EPARSE, path, lineno,
			                _("'%s' is not a whole number from 0 to 10000000"), num);
		} else if (lb_census_count(c, school) >= 0) {
			rc = lb_err_set(err, LB_EPARSE, path, lineno, _("school '%s' is named twice"),
			                school);
		} else {
			c->v = lb_xgrow(c->v, &vcap, c->n + 1, sizeof *c->v);
			c->v[c->n].school = lb_xstrdup(school);
			c->v[c->n++].count = k;
			c->total += k;
		}
		lb_strv_fini(&cells);
		if (rc < 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = lb_err_sys(err, path, "read");
	if (rc == 0 && cs < 0)
		rc = lb_err_set(err, LB_EPARSE, path, 0, "%s",
		                _("the header must name the columns school and count"));
	free(line);
	fclose(fp);
	if (rc < 0) {
		lb_census_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

long
lb_census_count(const struct lb_census *c, const char *school)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].school, school))
			return c->v[i].count;
	return -1;
}

void
lb_census_free(struct lb_census *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].school);
	free(c->v);
	free(c);
}
