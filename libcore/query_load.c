/* query_load.c — lb-query's tables loaded (see query.h): rosters and logs
 * (read in one thread, inserted in another), only the columns a question
 * names when it is known before the load, the schedule's windows and the
 * findings. */
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

/* ---- loading ---------------------------------------------------------------- */

int
lb_q_has_col(const struct qtab *t, const char *name)
{
	for (size_t i = 0; i < t->cols.n; i++)
		if (!strcasecmp(t->cols.v[i], name))
			return 1;
	return 0;
}

/* Columns for the extras not yet in the table (ALTER TABLE once it exists). */
static int
add_extras(struct lb_query *q, struct qtab *t, int exists, struct lb_err *err)
{
	for (; t->nextcols < t->extras.n; t->nextcols++) {
		const char *x = t->extras.v[t->nextcols];
		struct lb_buf name = LB_BUF_INIT;
		lb_buf_set(&name, *x ? x : "extra");
		for (int k = 2; lb_q_has_col(t, lb_buf_str(&name)); k++) {
			lb_buf_clear(&name);
			lb_buf_printf(&name, "%s_%d", *x ? x : "extra", k);
		}
		lb_strv_push_owned(&t->cols, lb_buf_steal(&name));
		if (exists) {
			struct lb_buf sql = LB_BUF_INIT;
			lb_buf_adds(&sql, "ALTER TABLE ");
			lb_q_quote_id(&sql, t->name);
			lb_buf_adds(&sql, " ADD COLUMN ");
			lb_q_quote_id(&sql, t->cols.v[t->cols.n - 1]);
			lb_buf_adds(&sql, " TEXT");
			int rc = lb_q_exec(q, lb_buf_str(&sql), err);
			lb_buf_fini(&sql);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

static struct qtab *
find_tab(struct lb_query *q, const char *name)
{
	for (size_t i = 0; i < q->ntabs; i++)
		if (!strcasecmp(q->tabs[i].name, name))
			return &q->tabs[i];
	return NULL;
}

/* Create table name for a file of kind s->kind. */
static struct qtab *
new_tab(struct lb_query *q, const char *name, const struct lb_schema *s, struct lb_err *err)
{
	q->tabs = lb_xgrow(q->tabs, &q->captabs, q->ntabs + 1, sizeof *q->tabs);
	struct qtab *t = &q->tabs[q->ntabs++];
	memset(t, 0, sizeof *t);
	t->name = lb_xstrdup(name);
	t->kind = s->kind;
	t->s = s;
	struct lb_buf sql = LB_BUF_INIT;
	lb_buf_adds(&sql, "CREATE TABLE ");
	lb_q_quote_id(&sql, name);
	lb_buf_adds(&sql, "(");
	for (size_t i = 0; i < s->n; i++) {
		lb_strv_push(&t->cols, s->f[i].id);
		if (i)
			lb_buf_adds(&sql, ", ");
		lb_q_quote_id(&sql, s->f[i].id);
		lb_buf_adds(&sql, s->f[i].type == LB_T_INT ? " INTEGER" : " TEXT");
	}
	if (s->kind == LB_KIND_ROSTER)
		for (size_t i = 0; i < NCOMPUTED; i++) {
			lb_strv_push(&t->cols, lb_q_computed[i]);
			lb_buf_printf(&sql, ", %s %s", lb_q_computed[i], lb_q_computed_type[i]);
		}
	lb_buf_adds(&sql, ")");
	int rc = lb_q_exec(q, lb_buf_str(&sql), err);
	lb_buf_fini(&sql);
	return rc < 0 ? NULL : t;
}

/* The INSERT of t's columns, or of those use[] marks (use NULL: all). */
static int
prepare_insert(struct lb_query *q, const struct qtab *t, const unsigned char *use,
               sqlite3_stmt **st, struct lb_err *err)
{
	struct lb_buf sql = LB_BUF_INIT;
	size_t n = 0;
	lb_buf_adds(&sql, "INSERT INTO ");
	lb_q_quote_id(&sql, t->name);
	for (size_t i = 0; i < t->cols.n; i++) {
		if (use && !use[i])
			continue;
		lb_buf_adds(&sql, n++ ? "," : "(");
		lb_q_quote_id(&sql, t->cols.v[i]);
	}
	if (!n)
		lb_buf_adds(&sql, " DEFAULT VALUES");
	else {
		lb_buf_adds(&sql, ") VALUES(");
		for (size_t i = 0; i < n; i++)
			lb_buf_adds(&sql, i ? ",?" : "?");
		lb_buf_adds(&sql, ")");
	}
	int rc = sqlite3_prepare_v2(q->db, lb_buf_str(&sql), -1, st, NULL);
	lb_buf_fini(&sql);
	return rc == SQLITE_OK ? 0 : lb_q_sqlerr(q, err, "insert");
}

static void
bind_value(sqlite3_stmt *st, int k, const char *v, int integer)
{
	if (!v || !*v) {
		sqlite3_bind_null(st, k);
		return;
	}
	if (integer) {
		char *end;
		errno = 0;
		long long n = strtoll(v, &end, 10);
		if (!*end && !errno && end != v) {
			sqlite3_bind_int64(st, k, n);
			return;
		}
	}
	sqlite3_bind_text(st, k, v, -1, SQLITE_STATIC);
}

/* Birth date of an identity number (LB_NODATE when it is not one). */
static int
id_birth(const char *id)
{
	struct lb_idinfo info;
	if (!*id || lb_idcard_check(id, LB_NODATE, &info) != LB_ID_OK)
		return LB_NODATE;
	return info.birth;
}

/* v: s->n schema values then nx extras. */
int
lb_q_insert_row(struct lb_query *q, const struct qtab *t, sqlite3_stmt *st,
                const char *const *v, size_t nx, struct lb_err *err)
{
	const struct lb_schema *s = t->s;
	int k = 1;
	for (size_t i = 0; i < s->n; i++)
		bind_value(st, k++, v[i], s->f[i].type == LB_T_INT);
	if (t->kind == LB_KIND_ROSTER) {
		int birth = lb_date_parse_iso(v[LB_FI(s, LB_R_BIRTH_DATE)]);
		if (birth == LB_NODATE)
			birth = id_birth(v[LB_FI(s, LB_R_CHILD_ID)]);
		int gbirth = id_birth(v[LB_FI(s, LB_R_GUARDIAN_ID)]);
		const char *status = v[LB_FI(s, LB_R_STATUS)];
		if (birth != LB_NODATE && q->asof != LB_NODATE && birth <= q->asof) {
			int age = lb_age_on(birth, q->asof);
			sqlite3_bind_int(st, k++, age);
			sqlite3_bind_text(st, k++, age <= 5 ? "0-5" : age <= 13 ? "6-13" : age <= 15 ? "14-15" : "16+",
			                  -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_null(st, k++);
			sqlite3_bind_null(st, k++);
		}
		if (gbirth != LB_NODATE && q->asof != LB_NODATE && gbirth <= q->asof)
			sqlite3_bind_int(st, k++, lb_age_on(gbirth, q->asof));
		else
			sqlite3_bind_null(st, k++);
		sqlite3_bind_text(st, k++, !*status || !strcmp(status, "在册") ? "是" : "否", -1,
		                  SQLITE_STATIC);
	}
	for (size_t i = 0; i < t->extras.n; i++)
		bind_value(st, k++, i < nx ? v[s->n + i] : "", 0);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : lb_q_sqlerr(q, err, "insert");
}

static void
add_source(struct lb_query *q, const char *path)
{
	char buf[PATH_MAX];
	if (!path || !strcmp(path, "-"))
		return;
	lb_strv_push(&q->sources, realpath(path, buf) ? buf : path);
}

int
lb_query_load_table(struct lb_query *q, const char *name, const struct lb_table *tb,
                    struct lb_err *err)
{
	struct qtab *t = find_tab(q, name);
	if (!t && !(t = new_tab(q, name, tb->schema, err)))
		return LB_EIO;
	for (size_t i = 0; i < tb->extras.n; i++)
		if (i >= t->extras.n)
			lb_strv_push(&t->extras, tb->extras.v[i]);
	if (add_extras(q, t, 1, err) < 0)
		return LB_EIO;
	sqlite3_stmt *st;
	if (prepare_insert(q, t, NULL, &st, err) < 0)
		return LB_EIO;
	int rc = 0;
	for (size_t i = 0; i < tb->n && rc == 0; i++)
		rc = lb_q_insert_row(q, t, st, (const char *const *)tb->rows[i].v, tb->extras.n, err);
	sqlite3_finalize(st);
	for (size_t i = 0; i < tb->files.n; i++)
		add_source(q, tb->files.v[i]);
	return rc;
}

/*
 * Loading a file is a pipeline: the reader's own thread parses ahead, the
 * calling thread normalises (and counts activities into the schedule), and an
 * inserting thread binds and steps the INSERT, batch by batch — SQLite's
 * third of the work no longer waits for the other two. The connection is
 * used by the inserting thread alone while it runs.
 */
#define QB_ROWS 2048
#define QB_N 3

struct qbatch {
	struct lb_buf data;     /* the values, each NUL-terminated */
	size_t *off;            /* nrows * nv offsets into data */
	size_t cap, nrows;
};

struct qpipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct qbatch b[QB_N];
	int full[QB_N];
	int done, rc;
	struct lb_err err;
	struct lb_query *q;
	const struct qtab *t;
	sqlite3_stmt *st;
	size_t nv;              /* values per row in a batch */
	const size_t *pick;     /* pruned: the row's values are v[pick[0..nv)] */
	const unsigned char *isint;  /* pruned: INTEGER columns among them */
};

/* A pruned row: the picked values bound in order. */
static int
insert_picked(struct lb_query *q, sqlite3_stmt *st, const char *const *v, size_t n,
              const unsigned char *isint, struct lb_err *err)
{
	for (size_t k = 0; k < n; k++)
		bind_value(st, (int)k + 1, v[k], isint[k]);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : lb_q_sqlerr(q, err, "insert");
}

static void *
inserter(void *arg)
{
	struct qpipe *p = arg;
	const char **v = lb_xcalloc(p->nv ? p->nv : 1, sizeof *v);
	for (size_t i = 0;; i = (i + 1) % QB_N) {
		pthread_mutex_lock(&p->mu);
		while (!p->full[i] && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		int stop = !p->full[i];
		int failed = p->rc < 0;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			break;
		struct qbatch *b = &p->b[i];
		int rc = 0;
		for (size_t r = 0; r < b->nrows && !failed && rc == 0; r++) {
			for (size_t k = 0; k < p->nv; k++)
				v[k] = b->data.s + b->off[r * p->nv + k];
			rc = p->pick ? insert_picked(p->q, p->st, v, p->nv, p->isint, &p->err)
			             : lb_q_insert_row(p->q, p->t, p->st, v, p->t->extras.n, &p->err);
		}
		pthread_mutex_lock(&p->mu);
		if (rc < 0 && p->rc == 0)
			p->rc = rc;
		p->full[i] = 0;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	free(v);
	return NULL;
}

/* Hand batch w to the inserter; wait until batch w + 1 is free. Returns
 * the inserter's result so far. */
static int
pipe_push(struct qpipe *p, size_t *w)
{
	pthread_mutex_lock(&p->mu);
	p->full[*w] = 1;
	pthread_cond_broadcast(&p->cv);
	*w = (*w + 1) % QB_N;
	while (p->full[*w])
		pthread_cond_wait(&p->cv, &p->mu);
	int rc = p->rc;
	pthread_mutex_unlock(&p->mu);
	p->b[*w].nrows = 0;
	lb_buf_clear(&p->b[*w].data);
	return rc;
}

/* The columns of t the planned question reads, into use[t->cols.n]: 1 when
 * the plan is known and prepares (the tables it names exist by then), and
 * *rows 1 when it reads t at all (count(*) reads no column); else 0 (load
 * every column). */
struct plan_ctx {
	const struct qtab *t;
	unsigned char *use;
	int rows;
};

static int
plan_auth(void *ud, int action, const char *a, const char *b, const char *db, const char *trig)
{
	struct plan_ctx *c = ud;
	if (action == SQLITE_READ && a && !strcasecmp(a, c->t->name) && (!db || !strcmp(db, "main"))) {
		c->rows = 1;
		for (size_t i = 0; b && i < c->t->cols.n; i++)
			if (!strcasecmp(b, c->t->cols.v[i]))
				c->use[i] = 1;
	}
	return SQLITE_OK;
}

/* word (ASCII case-insensitive) in text, not inside a longer identifier */
static int
has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	if (!n)
		return 0;
	for (const char *p = text; *p; p++)
		if (!strncasecmp(p, word, n) &&
		    (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		    !(isalnum((unsigned char)p[n]) || p[n] == '_'))
			return 1;
	return 0;
}

/* The columns a join's USING (a, b) names. */
static void
using_columns(const char *sql, const struct qtab *t, unsigned char *use)
{
	for (const char *p = sql; *p; p++) {
		if (strncasecmp(p, "using", 5) || (p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
			continue;
		const char *c = p + 5;
		while (isspace((unsigned char)*c))
			c++;
		if (*c != '(')
			continue;
		while (*c && *c != ')') {
			c++;
			while (isspace((unsigned char)*c) || *c == ',')
				c++;
			const char *w = c;
			char quote = (*c == '"' || *c == '`' || *c == '[') ? *c : 0;
			if (quote) {
				w = ++c;
				while (*c && *c != (quote == '[' ? ']' : quote))
					c++;
			} else
				while (*c && !isspace((unsigned char)*c) && *c != ',' && *c != ')')
					c++;
			for (size_t i = 0; i < t->cols.n; i++)
				if (strlen(t->cols.v[i]) == (size_t)(c - w) && !strncasecmp(t->cols.v[i], w, (size_t)(c - w)))
					use[i] = 1;
			if (quote && *c)
				c++;
			while (isspace((unsigned char)*c))
				c++;
			if (*c != ',')
				break;
		}
	}
}

static int
plan_columns(struct lb_query *q, const struct qtab *t, unsigned char *use, int *rows)
{
	struct plan_ctx c = {t, use, 0};
	sqlite3_stmt *st = NULL;
	/* the authorizer is not told of the columns of a join's USING nor of
	 * a NATURAL join: those named in the text are read too, and a
	 * NATURAL join loads everything */
	if (!q->plan || q->tmppath || has_word(q->plan, "natural"))
		return 0;
	memset(use, 0, t->cols.n);
	sqlite3_set_authorizer(q->db, plan_auth, &c);
	int rc = sqlite3_prepare_v2(q->db, q->plan, -1, &st, NULL);
	sqlite3_set_authorizer(q->db, NULL, NULL);
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return 0;
	using_columns(q->plan, t, use);
	*rows = c.rows || has_word(q->plan, t->name);
	return 1;
}

int
lb_query_plan(struct lb_query *q, const char *sql, int windows, int findings, struct lb_err *err)
{
	free(q->plan);
	q->plan = lb_xstrdup(sql);
	int rc = 0;
	if (windows && !lb_query_has_table(q, "windows"))
		rc = lb_q_exec(q, WINDOWS_TABLE, err);
	if (rc == 0 && findings && !lb_query_has_table(q, "findings"))
		rc = lb_q_exec(q, FINDINGS_TABLE, err);
	return rc;
}

/* The load's end: the last batch (batch w) pushed and the inserter
 * thread th (NULL: none ran) joined when reading went well (rc >= 0), its
 * error taken over; the pipe freed. The load's result. */
static int
pipe_end(struct qpipe *p, pthread_t *th, size_t w, int rc, struct lb_err *err)
{
	if (th) {
		if (rc >= 0 && p->b[w].nrows)
			pipe_push(p, &w);
		pthread_mutex_lock(&p->mu);
		p->done = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(*th, NULL);
		if (p->rc < 0) {
			rc = p->rc;
			*err = p->err;
		}
	}
	for (size_t i = 0; i < QB_N; i++) {
		lb_buf_fini(&p->b[i].data);
		free(p->b[i].off);
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	sqlite3_finalize(p->st);
	return rc;
}

int
lb_query_load_file(struct lb_query *q, const char *name, const char *path,
                   const struct lb_reader_opts *ro, struct lb_sched *sched,
                   struct lb_err *err)
{
	struct lb_reader_opts o;
	struct lb_reader *r;
	struct lb_record rec;
	struct qtab *t = find_tab(q, name);
	int rc;

	if (ro)
		o = *ro;
	else
		memset(&o, 0, sizeof o);
	if (t)
		o.kind = t->kind;
	if ((rc = lb_reader_open(&r, path, &o, err)) < 0)
		return rc;
	const struct lb_schema *s = lb_reader_schema(r);
	if (!t && !(t = new_tab(q, name, s, err))) {
		lb_reader_close(r);
		return LB_EIO;
	}
	struct lb_norm *nm = lb_norm_new(r, &t->extras);
	lb_norm_report_fixes(nm, 0);
	struct qpipe p;
	memset(&p, 0, sizeof p);
	if (add_extras(q, t, 1, err) < 0) {
		lb_norm_free(nm);
		lb_reader_close(r);
		return LB_EIO;
	}
	/* an activity log (the big table) loads only the columns the question
	 * reads, or no row at all when it does not read the table */
	unsigned char *use = lb_xcalloc(t->cols.n + 1, 1);
	size_t *pick = lb_xcalloc(t->cols.n + 1, sizeof *pick);
	unsigned char *isint = lb_xcalloc(t->cols.n + 1, 1);
	int rows = 1, pruned = t->kind == LB_KIND_ACTIVITY && plan_columns(q, t, use, &rows);
	size_t npick = 0;
	if (pruned)
		for (size_t i = 0; i < t->cols.n; i++)
			if (use[i]) {
				isint[npick] = i < s->n && s->f[i].type == LB_T_INT;
				pick[npick++] = i;
			}
	if ((rows || !pruned) && prepare_insert(q, t, pruned ? use : NULL, &p.st, err) < 0) {
		free(use);
		free(pick);
		free(isint);
		lb_norm_free(nm);
		lb_reader_close(r);
		return LB_EIO;
	}
	p.q = q;
	p.t = t;
	p.nv = pruned ? npick : s->n + t->extras.n;
	p.pick = pruned ? pick : NULL;
	p.isint = isint;
	lb_err_clear(&p.err);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	for (size_t i = 0; i < QB_N; i++) {
		p.b[i].cap = QB_ROWS;
		p.b[i].off = lb_xcalloc(QB_ROWS * (p.nv ? p.nv : 1), sizeof *p.b[i].off);
	}
	pthread_t th;
	int insert = rows || !pruned;
	int threaded = insert && pthread_create(&th, NULL, inserter, &p) == 0;
	const char *file = lb_reader_name(r);
	const char **pv = lb_xcalloc(npick + 1, sizeof *pv);
	size_t w = 0;
	while ((rc = lb_reader_next(r, &rec, err)) > 0) {
		const char **v;
		lb_norm_record(nm, &rec, 1, &v, NULL);
		if (sched && t->kind == LB_KIND_ACTIVITY)
			lb_sched_activity(sched, s, v, file, rec.line);
		lb_diags_clear(lb_reader_notes(r));
		if (!insert)
			continue;
		if (!threaded) {
			if (pruned) {
				for (size_t k = 0; k < npick; k++)
					pv[k] = v[pick[k]];
				rc = insert_picked(q, p.st, pv, npick, isint, err);
			} else
				rc = lb_q_insert_row(q, t, p.st, v, t->extras.n, err);
			if (rc < 0)
				break;
			continue;
		}
		struct qbatch *b = &p.b[w];
		size_t *off = b->off + b->nrows * p.nv;
		for (size_t k = 0; k < p.nv; k++) {
			const char *x = v[pruned ? pick[k] : k];
			off[k] = b->data.len;
			lb_buf_add(&b->data, x, strlen(x) + 1);
		}
		if (++b->nrows == QB_ROWS && pipe_push(&p, &w) < 0)
			break;     /* the inserter failed: its error is reported below */
	}
	rc = pipe_end(&p, threaded ? &th : NULL, w, rc, err);
	free(pv);
	free(use);
	free(pick);
	free(isint);
	lb_norm_free(nm);
	lb_reader_close(r);
	if (rc == 0)
		add_source(q, path);
	return rc;
}

int
lb_query_load_windows(struct lb_query *q, struct lb_sched *s, struct lb_err *err)
{
	static const char *const wcols[] = {
		"child_id", "name", "school", "grade", "class", "rule", "title", "window_start",
		"window_end", "required", "done", "status", "performer"
	};
	enum { NW = sizeof wcols / sizeof wcols[0] };
	int rc = lb_query_has_table(q, "windows") ? 0 : lb_q_exec(q, WINDOWS_TABLE, err);
	if (rc < 0)
		return rc;
	/* a million windows for a county's term: only the columns the
	 * question reads are filled (and none when it reads no window) */
	struct qtab t;
	memset(&t, 0, sizeof t);
	t.name = (char *)"windows";
	t.cols.v = (char **)wcols;
	t.cols.n = NW;
	unsigned char use[NW];
	int rows = 1;
	if (!plan_columns(q, &t, use, &rows))
		memset(use, 1, sizeof use);
	else if (!rows)
		return 0;
	sqlite3_stmt *st;
	if (prepare_insert(q, &t, use, &st, err) < 0)
		return LB_EIO;
	int keyed = use[0] || use[1] || use[2] || use[3] || use[4];
	struct lb_wkey k = {"", "", "", "", ""};
	for (size_t i = 0; i < lb_sched_count(s) && rc == 0; i++) {
		const struct lb_window *w = lb_sched_get(s, i);
		char d1[11], d2[11];
		const char *v[NW];
		if (keyed)
			lb_sched_key(s, w, &k);
		v[0] = k.child_id;
		v[1] = k.name;
		v[2] = k.school;
		v[3] = k.grade;
		v[4] = k.klass;
		v[5] = w->rule->id;
		v[6] = w->rule->title;
		v[7] = use[7] ? lb_date_format(w->start, d1) : NULL;
		v[8] = use[8] ? lb_date_format(w->end, d2) : NULL;
		v[11] = lb_wstatus_name(w->status);
		v[12] = use[12] ? lb_sched_performers(s, w) : NULL;
		int b = 1;
		for (int c = 0; c < NW; c++) {
			if (!use[c])
				continue;
			if (c == 9)
				sqlite3_bind_int(st, b++, w->rule->times);
			else if (c == 10)
				sqlite3_bind_int(st, b++, w->done);
			else
				bind_value(st, b++, v[c], c == 3);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lb_q_sqlerr(q, err, "insert");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Findings as lb-validate -f csv gives them (values masked unless reveal). */
static int
insert_findings(struct lb_query *q, sqlite3_stmt *st, const struct lb_schema *s,
                struct lb_diags *d, struct lb_err *err)
{
	int rc = 0;
	struct lb_buf msg = LB_BUF_INIT, value = LB_BUF_INIT;
	for (size_t i = 0; i < d->n && rc == 0; i++) {
		const struct lb_diag *g = &d->v[i];
		int fi = lb_schema_field(s, g->field);
		lb_buf_clear(&msg);
		lb_buf_clear(&value);
		lb_mask_text(g->msg, q->reveal, &msg);
		if (fi >= 0)
			lb_mask_value(&s->f[fi], g->value, q->reveal, &value);
		else
			lb_mask_text(g->value, q->reveal, &value);
		bind_value(st, 1, g->file, 0);
		if (g->line > 0)
			sqlite3_bind_int64(st, 2, g->line);
		else
			sqlite3_bind_null(st, 2);
		bind_value(st, 3, g->field, 0);
		bind_value(st, 4, lb_level_word(g->level), 0);
		bind_value(st, 5, g->code, 0);
		bind_value(st, 6, lb_buf_str(&msg), 0);
		bind_value(st, 7, lb_buf_str(&value), 0);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = lb_q_sqlerr(q, err, "insert");
		sqlite3_reset(st);
	}
	lb_buf_fini(&msg);
	lb_buf_fini(&value);
	lb_diags_clear(d);
	return rc;
}

int
lb_query_load_findings(struct lb_query *q, const char *path, const struct lb_reader_opts *ro,
                       const struct lb_table *roster, struct lb_err *err)
{
	int rc;
	if (!lb_query_has_table(q, "findings") &&
	    (rc = lb_q_exec(q, FINDINGS_TABLE, err)) < 0)
		return rc;
	struct lb_reader *r;
	struct lb_reader_opts o;
	if (ro)
		o = *ro;
	else
		memset(&o, 0, sizeof o);
	if ((rc = lb_reader_open(&r, path, &o, err)) < 0)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(q->db, "INSERT INTO findings VALUES(?,?,?,?,?,?,?)", -1, &st,
	                       NULL) != SQLITE_OK) {
		lb_reader_close(r);
		return lb_q_sqlerr(q, err, "insert");
	}
	const struct lb_schema *s = lb_reader_schema(r);
	const char *name = lb_reader_name(r);
	struct lb_check_opts co = {.asof = q->asof, .reveal = q->reveal};
	struct lb_check *ck = lb_check_new(s, name, &co);
	struct lb_diags d = {0};
	struct lb_strv extras = LB_STRV_INIT;
	struct lb_record rec;
	if (roster && s->kind == LB_KIND_ACTIVITY)
		for (size_t i = 0; i < roster->n; i++) {
			const char *id = lb_row_get(roster, &roster->rows[i], LB_R_CHILD_ID);
			if (*id)
				lb_check_roster_add(ck, id, lb_date_parse_iso(
				        lb_row_get(roster, &roster->rows[i], LB_R_ARCHIVED_ON)));
		}
	size_t ncols = lb_reader_ncols(r);
	const char **names = lb_xcalloc(ncols ? ncols : 1, sizeof *names);
	int *fields = lb_xcalloc(ncols ? ncols : 1, sizeof *fields);
	for (size_t i = 0; i < ncols; i++) {
		names[i] = lb_reader_colname(r, i);
		fields[i] = lb_reader_colfield(r, i);
	}
	lb_check_header(ck, lb_reader_header_line(r), ncols, names, fields, &d);
	free(names);
	free(fields);
	struct lb_norm *nm = lb_norm_new(r, &extras);
	rc = insert_findings(q, st, s, &d, err);
	int rrc;
	while (rc == 0 && (rrc = lb_reader_next(r, &rec, err)) > 0) {
		const char **v;
		lb_norm_record(nm, &rec, 0, &v, NULL);
		lb_check_cells(ck, rec.line, rec.n, &d);
		lb_check_record(ck, rec.line, v, &d);
		struct lb_diags *notes = lb_reader_notes(r);
		for (size_t i = 0; i < notes->n; i++)
			if (notes->v[i].level >= LB_WARNING)
				lb_diags_add(&d, name, notes->v[i].line, notes->v[i].field,
				             notes->v[i].level, notes->v[i].code, notes->v[i].value,
				             "%s", notes->v[i].msg);
		lb_diags_clear(notes);
		rc = insert_findings(q, st, s, &d, err);
	}
	if (rc == 0 && rrc < 0)
		rc = rrc;
	if (rc == 0) {
		lb_check_finish(ck, &d);
		rc = insert_findings(q, st, s, &d, err);
	}
	sqlite3_finalize(st);
	lb_diags_fini(&d);
	lb_norm_free(nm);
	lb_strv_fini(&extras);
	lb_check_free(ck);
	lb_reader_close(r);
	return rc;
}
