/* query.c — lb-query's engine on SQLite (see query.h). */
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
#include "value.h"
#include "writer.h"

#define WINDOWS_TABLE \
	"CREATE TABLE windows(child_id TEXT, name TEXT, school TEXT, grade INTEGER, " \
	"class TEXT, rule TEXT, title TEXT, window_start TEXT, window_end TEXT, " \
	"required INTEGER, done INTEGER, status TEXT, performer TEXT)"
#define FINDINGS_TABLE \
	"CREATE TABLE findings(file TEXT, line INTEGER, field TEXT, level TEXT, " \
	"code TEXT, message TEXT, value TEXT)"

/* The computed roster columns, after the schema's fields. */
enum { C_AGE, C_BAND, C_GAGE, C_ACTIVE, NCOMPUTED };
static const char *const computed[NCOMPUTED] = {"age", "age_band", "guardian_age", "active"};
static const char *const computed_zh[NCOMPUTED] = {"年龄", "年龄段", "监护人年龄", "在册"};
static const char *const computed_type[NCOMPUTED] = {"INTEGER", "TEXT", "INTEGER", "TEXT"};

/* A loaded table: its SQL column names in order (schema fields, computed
 * columns for a roster, then extras) and the file extras seen so far. */
struct qtab {
	char *name;
	enum lb_kind kind;
	const struct lb_schema *s;
	struct lb_strv cols;       /* SQL names */
	struct lb_strv extras;     /* lb_norm's extra column names */
	size_t nextcols;           /* extras that have a column */
};

struct lb_query {
	sqlite3 *db;
	int asof, reveal, reused, committed;
	char *dbpath;              /* --db: the final name */
	char *tmppath;             /* --db being written */
	struct qtab *tabs;
	size_t ntabs, captabs;
	struct lb_strv sources;
	const char *deny;          /* why the authorizer refused */
	int timeout;               /* seconds a statement may run; 0: no limit */
	double deadline;           /* of the running statement (CLOCK_MONOTONIC) */
	char *plan;                /* the question, when known before the load */
	char stale[PATH_MAX];
};

static int
sqlerr(struct lb_query *q, struct lb_err *err, const char *what)
{
	return lb_err_set(err, LB_EIO, q->dbpath ? q->dbpath : "", 0, "%s: %s", what,
	                  sqlite3_errmsg(q->db));
}

static int
exec(struct lb_query *q, const char *sql, struct lb_err *err)
{
	if (sqlite3_exec(q->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sqlerr(q, err, sql);
	return 0;
}

static void
quote_id(struct lb_buf *b, const char *s)
{
	lb_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			lb_buf_addc(b, '"');
		lb_buf_addc(b, *s);
	}
	lb_buf_addc(b, '"');
}

/* The --db file being written holds every identity number unmasked: it and
 * its -journal are on writer.c's list of temporaries that SIGINT, SIGTERM and
 * SIGHUP remove (lb_tmp_track), as -o's are. One database at a time. */
static char tmp_journal[PATH_MAX + 16];

int
lb_query_open(struct lb_query **qp, const struct lb_query_opts *o, int *reused,
              struct lb_err *err)
{
	struct lb_query *q = lb_xcalloc(1, sizeof *q);
	struct stat st;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	const char *path = "";      /* a private temporary database */

	*qp = NULL;
	*reused = 0;
	q->asof = o->asof;
	q->reveal = o->reveal;
	q->timeout = o->timeout;
	if (o->db) {
		q->dbpath = lb_xstrdup(o->db);
		if (stat(o->db, &st) == 0) {
			if (!S_ISREG(st.st_mode)) {
				lb_err_set(err, LB_EIO, o->db, 0, "%s", _("not a regular file"));
				free(q->dbpath);
				free(q);
				return LB_EIO;
			}
			q->reused = *reused = 1;
			flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
			path = o->db;
		} else {
			q->tmppath = lb_xasprintf("%s.XXXXXX", o->db);
			int fd = mkstemp(q->tmppath);
			if (fd < 0) {
				lb_err_sys(err, o->db, "cannot create");
				free(q->tmppath);
				free(q->dbpath);
				free(q);
				return LB_EIO;
			}
			close(fd);
			/* 0600 (mkstemp), unmasked data: removed on SIGINT,
			 * SIGTERM and SIGHUP as -o's temporary is */
			lb_tmp_track(q->tmppath);
			snprintf(tmp_journal, sizeof tmp_journal, "%s-journal", q->tmppath);
			lb_tmp_track(tmp_journal);
			path = q->tmppath;
		}
	}
	/* one connection in one thread: no allocation statistics, no locks
	 * (before the library initialises; later calls are harmless no-ops) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(path, &q->db, flags, NULL) != SQLITE_OK) {
		int rc = lb_err_set(err, LB_EIO, o->db ? o->db : "", 0, "%s",
		                    q->db ? sqlite3_errmsg(q->db) : "out of memory");
		lb_query_close(q);
		return rc;
	}
	sqlite3_db_config(q->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_db_config(q->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(q->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_limit(q->db, SQLITE_LIMIT_ATTACHED, 0);
	long long mem = o->memory > 0 ? o->memory : 1LL << 30;
	/* the limit is the page cache: a temporary database ("") or the --db
	 * file keeps its pages in memory up to it and then writes them out */
	struct lb_buf b = LB_BUF_INIT;
	lb_buf_printf(&b, "PRAGMA cache_size=-%lld; PRAGMA temp_store=FILE;", mem / 1024);
	if (q->reused)   /* the file's pages read in place, not copied in */
		lb_buf_printf(&b, "PRAGMA mmap_size=%lld;", mem);
	else
		lb_buf_adds(&b, "PRAGMA page_size=8192; PRAGMA journal_mode=OFF; "
		                "PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; BEGIN;"
		                "CREATE TABLE lb_meta(key TEXT PRIMARY KEY, value TEXT);"
		                "CREATE TABLE lb_sources(path TEXT);");
	int rc = exec(q, lb_buf_str(&b), err);
	lb_buf_fini(&b);
	if (rc < 0) {
		lb_query_close(q);
		return rc;
	}
	if (!q->reused) {
		char d[11];
		sqlite3_stmt *s;
		sqlite3_prepare_v2(q->db, "INSERT INTO lb_meta VALUES('as_of', ?)", -1, &s, NULL);
		sqlite3_bind_text(s, 1, q->asof == LB_NODATE ? "" : lb_date_format(q->asof, d), -1,
		                  SQLITE_TRANSIENT);
		sqlite3_step(s);
		sqlite3_finalize(s);
	}
	*qp = q;
	return 0;
}

void
lb_query_close(struct lb_query *q)
{
	if (!q)
		return;
	sqlite3_close(q->db);
	if (q->tmppath && !q->committed)
		unlink(q->tmppath);
	if (q->tmppath) {
		lb_tmp_untrack(q->tmppath);
		lb_tmp_untrack(tmp_journal);
	}
	for (size_t i = 0; i < q->ntabs; i++) {
		free(q->tabs[i].name);
		lb_strv_fini(&q->tabs[i].cols);
		lb_strv_fini(&q->tabs[i].extras);
	}
	free(q->tabs);
	lb_strv_fini(&q->sources);
	free(q->tmppath);
	free(q->dbpath);
	free(q->plan);
	free(q);
}

/* ---- loading ---------------------------------------------------------------- */

static int
has_col(const struct qtab *t, const char *name)
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
		for (int k = 2; has_col(t, lb_buf_str(&name)); k++) {
			lb_buf_clear(&name);
			lb_buf_printf(&name, "%s_%d", *x ? x : "extra", k);
		}
		lb_strv_push_owned(&t->cols, lb_buf_steal(&name));
		if (exists) {
			struct lb_buf sql = LB_BUF_INIT;
			lb_buf_adds(&sql, "ALTER TABLE ");
			quote_id(&sql, t->name);
			lb_buf_adds(&sql, " ADD COLUMN ");
			quote_id(&sql, t->cols.v[t->cols.n - 1]);
			lb_buf_adds(&sql, " TEXT");
			int rc = exec(q, lb_buf_str(&sql), err);
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
	quote_id(&sql, name);
	lb_buf_adds(&sql, "(");
	for (size_t i = 0; i < s->n; i++) {
		lb_strv_push(&t->cols, s->f[i].id);
		if (i)
			lb_buf_adds(&sql, ", ");
		quote_id(&sql, s->f[i].id);
		lb_buf_adds(&sql, s->f[i].type == LB_T_INT ? " INTEGER" : " TEXT");
	}
	if (s->kind == LB_KIND_ROSTER)
		for (size_t i = 0; i < NCOMPUTED; i++) {
			lb_strv_push(&t->cols, computed[i]);
			lb_buf_printf(&sql, ", %s %s", computed[i], computed_type[i]);
		}
	lb_buf_adds(&sql, ")");
	int rc = exec(q, lb_buf_str(&sql), err);
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
	quote_id(&sql, t->name);
	for (size_t i = 0; i < t->cols.n; i++) {
		if (use && !use[i])
			continue;
		lb_buf_adds(&sql, n++ ? "," : "(");
		quote_id(&sql, t->cols.v[i]);
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
	return rc == SQLITE_OK ? 0 : sqlerr(q, err, "insert");
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
static int
insert_row(struct lb_query *q, const struct qtab *t, sqlite3_stmt *st,
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
	return rc == SQLITE_DONE ? 0 : sqlerr(q, err, "insert");
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
		rc = insert_row(q, t, st, (const char *const *)tb->rows[i].v, tb->extras.n, err);
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
	return rc == SQLITE_DONE ? 0 : sqlerr(q, err, "insert");
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
			             : insert_row(p->q, p->t, p->st, v, p->t->extras.n, &p->err);
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
		rc = exec(q, WINDOWS_TABLE, err);
	if (rc == 0 && findings && !lb_query_has_table(q, "findings"))
		rc = exec(q, FINDINGS_TABLE, err);
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
				rc = insert_row(q, t, p.st, v, t->extras.n, err);
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
	if (threaded) {
		if (rc >= 0 && p.b[w].nrows)
			pipe_push(&p, &w);
		pthread_mutex_lock(&p.mu);
		p.done = 1;
		pthread_cond_broadcast(&p.cv);
		pthread_mutex_unlock(&p.mu);
		pthread_join(th, NULL);
		if (p.rc < 0) {
			rc = p.rc;
			*err = p.err;
		}
	}
	for (size_t i = 0; i < QB_N; i++) {
		lb_buf_fini(&p.b[i].data);
		free(p.b[i].off);
	}
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	sqlite3_finalize(p.st);
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
	int rc = lb_query_has_table(q, "windows") ? 0 : exec(q, WINDOWS_TABLE, err);
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
			rc = sqlerr(q, err, "insert");
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
			rc = sqlerr(q, err, "insert");
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
	    (rc = exec(q, FINDINGS_TABLE, err)) < 0)
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
		return sqlerr(q, err, "insert");
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

int
lb_query_commit(struct lb_query *q, struct lb_err *err)
{
	int rc = 0;
	sqlite3_stmt *st;
	if (q->reused)
		return 0;
	if (sqlite3_prepare_v2(q->db, "INSERT INTO lb_sources VALUES(?)", -1, &st, NULL) == SQLITE_OK) {
		for (size_t i = 0; i < q->sources.n; i++) {
			sqlite3_bind_text(st, 1, q->sources.v[i], -1, SQLITE_STATIC);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
	}
	if (q->tmppath) {
		/* the indexes the next questions use, built after the load; each
		 * covers the usual join: a log's rows of a month with their
		 * child (date, child_id), a child's rows in date order
		 * (child_id, date), a child's school (child_id, school) */
		for (size_t i = 0; i < q->ntabs && rc == 0; i++) {
			const struct qtab *t = &q->tabs[i];
			int hd = has_col(t, "date"), hs = has_col(t, "school"), hc = has_col(t, "child_id");
			const char *idx[3][2] = {
				{"child_id", !hc ? NULL : hd ? "child_id, date" : hs ? "child_id, school" : "child_id"},
				{"school", !hs ? NULL : hc ? "school, child_id" : "school"},
				{"date", !hd ? NULL : hc ? "date, child_id" : "date"},
			};
			for (size_t k = 0; k < 3 && rc == 0; k++) {
				if (!idx[k][1])
					continue;
				struct lb_buf sql = LB_BUF_INIT;
				lb_buf_adds(&sql, "CREATE INDEX ");
				struct lb_buf n = LB_BUF_INIT;
				lb_buf_printf(&n, "%s_%s", t->name, idx[k][0]);
				quote_id(&sql, lb_buf_str(&n));
				lb_buf_adds(&sql, " ON ");
				quote_id(&sql, t->name);
				lb_buf_printf(&sql, "(%s)", idx[k][1]);
				rc = exec(q, lb_buf_str(&sql), err);
				lb_buf_fini(&sql);
				lb_buf_fini(&n);
			}
		}
		if (rc == 0 && lb_query_has_table(q, "windows"))
			rc = exec(q, "CREATE INDEX windows_child_id ON windows(child_id);"
			             "CREATE INDEX windows_school ON windows(school);"
			             /* "which rule is overdue, and whose": a range of this index */
			             "CREATE INDEX windows_rule ON windows(rule, status, performer)", err);
		/* the planner's statistics: which index, which order of a join */
		if (rc == 0)
			rc = exec(q, "PRAGMA analysis_limit=1000; ANALYZE", err);
	}
	if (rc == 0)
		rc = exec(q, "COMMIT", err);
	if (rc == 0 && q->tmppath) {
		if (rename(q->tmppath, q->dbpath) != 0)
			return lb_err_sys(err, q->dbpath, "cannot rename");
		q->committed = 1;
		lb_tmp_untrack(q->tmppath);
		lb_tmp_untrack(tmp_journal);
	}
	return rc;
}

const char *
lb_query_stale(struct lb_query *q)
{
	struct stat dbst, st;
	sqlite3_stmt *s;
	const char *found = NULL;
	if (!q->reused || stat(q->dbpath, &dbst) != 0)
		return NULL;
	if (sqlite3_prepare_v2(q->db, "SELECT path FROM lb_sources", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	while (!found && sqlite3_step(s) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(s, 0);
		if (p && stat(p, &st) == 0 &&
		    (st.st_mtim.tv_sec > dbst.st_mtim.tv_sec ||
		     (st.st_mtim.tv_sec == dbst.st_mtim.tv_sec && st.st_mtim.tv_nsec > dbst.st_mtim.tv_nsec))) {
			snprintf(q->stale, sizeof q->stale, "%s", p);
			found = q->stale;
		}
	}
	sqlite3_finalize(s);
	return found;
}

int
lb_query_loaded_asof(struct lb_query *q)
{
	sqlite3_stmt *s;
	int d = LB_NODATE;
	if (sqlite3_prepare_v2(q->db, "SELECT value FROM lb_meta WHERE key='as_of'", -1, &s, NULL) != SQLITE_OK)
		return LB_NODATE;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		d = lb_date_parse_iso((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return d;
}

int
lb_query_has_table(struct lb_query *q, const char *name)
{
	sqlite3_stmt *s;
	int yes = 0;
	if (sqlite3_prepare_v2(q->db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1 "
	                              "COLLATE NOCASE", -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

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
	uint32_t x[64], y[64];
	size_t n = cps(a, x, 64), m = cps(b, y, 64), row[65];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cur = row[j];
			size_t best = prev + (x[i - 1] != y[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[m];
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
		if (!strcmp(computed_zh[i], name))
			return computed[i];
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
			if (!strcmp(cols->v[i], computed[k]))
				zh = computed_zh[k];
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
		quote_id(sql, col);
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
		quote_id(sql, col);
		lb_buf_adds(sql, *op == '=' ? " IS NULL OR " : " IS NOT NULL AND ");
		quote_id(sql, col);
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
			quote_id(sql, col);
			lb_buf_printf(sql, ", ?%zu) > 0", params->n);
		} else {
			quote_id(sql, col);
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
			 * band names are those insert_row gives) */
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

static int
isdigit_c(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- running a statement ---------------------------------------------------- */

static int
authorize(void *ud, int action, const char *a, const char *b, const char *db, const char *trig)
{
	static const char *const pragmas[] = {
		"table_info", "table_xinfo", "table_list", "index_list", "index_info",
		"index_xinfo", "foreign_key_list", "function_list", "collation_list"
	};
	struct lb_query *q = ud;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		if (b && (!strcasecmp(b, "load_extension") || !strcasecmp(b, "fts3_tokenizer") ||
		          !strcasecmp(b, "readfile") || !strcasecmp(b, "writefile") ||
		          !strcasecmp(b, "edit"))) {
			q->deny = N_("this function is not allowed in lb-query");
			return SQLITE_DENY;
		}
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		for (size_t i = 0; a && i < sizeof pragmas / sizeof pragmas[0]; i++)
			if (!strcasecmp(a, pragmas[i]))
				return SQLITE_OK;
		q->deny = N_("PRAGMA is not allowed in lb-query");
		return SQLITE_DENY;
	case SQLITE_UPDATE:
		/* the pragma table-valued functions (pragma_table_info) ask
		 * this of sqlite_master while they are prepared; a statement
		 * that writes is refused as not read-only, and defensive mode
		 * keeps sqlite_master from writes */
		if (a && !strcmp(a, "sqlite_master"))
			return SQLITE_OK;
		q->deny = N_("only reading statements (SELECT, WITH, VALUES) are allowed");
		return SQLITE_DENY;
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		q->deny = N_("ATTACH and DETACH are not allowed in lb-query: use --attach NAME=FILE");
		return SQLITE_DENY;
	default:
		q->deny = N_("only reading statements (SELECT, WITH, VALUES) are allowed");
		return SQLITE_DENY;
	}
}

/* "message: statement" on one line (white space folded, numbers masked). */
static int
stmt_error(struct lb_query *q, const char *msg, const char *sql, struct lb_err *err)
{
	struct lb_buf flat = LB_BUF_INIT, m = LB_BUF_INIT;
	int space = 0;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == ' ') {
			space = flat.len > 0;
			continue;
		}
		if (space)
			lb_buf_addc(&flat, ' ');
		space = 0;
		lb_buf_addc(&flat, *p);
	}
	lb_mask_text(lb_buf_str(&flat), q->reveal, &m);
	int rc = lb_err_set(err, LB_EUSAGE, "", 0, "%s: %s", msg, lb_buf_str(&m));
	lb_buf_fini(&flat);
	lb_buf_fini(&m);
	return rc;
}

/* Only white space and comments after the statement? */
static int
only_one(sqlite3 *db, const char *tail)
{
	while (tail && *tail) {
		sqlite3_stmt *s = NULL;
		const char *next = NULL;
		if (sqlite3_prepare_v2(db, tail, -1, &s, &next) != SQLITE_OK)
			return 0;   /* more text that is not even a statement */
		if (s) {
			sqlite3_finalize(s);
			return 0;
		}
		if (next == tail)
			break;
		tail = next;
	}
	return 1;
}

static const char *
header_name(const char *col, int zh)
{
	if (!zh)
		return col;
	const struct lb_schema *s = lb_schema_builtin(LB_KIND_ROSTER);
	int fi = lb_schema_field(s, col);
	if (fi >= 0)
		return s->f[fi].zh;
	s = lb_schema_builtin(LB_KIND_ACTIVITY);
	if ((fi = lb_schema_field(s, col)) >= 0)
		return s->f[fi].zh;
	for (size_t i = 0; i < NCOMPUTED; i++)
		if (!strcmp(col, computed[i]))
			return computed_zh[i];
	if (!strcmp(col, "count"))
		return "人数";
	return col;
}

/* A Markdown table cell: | escaped, line breaks as spaces. */
static void
md_cell(FILE *fp, const char *s)
{
	fputs("| ", fp);
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
	fputc(' ', fp);
}

/* A mask must not be undone by the same output: the birth dates inside the
 * identity numbers of a row (its raw cells) are cut to year and month
 * wherever the row's masked cells show them (2009-05-01 → 2009-05,
 * 20090501 → 200905). */
static void
hide_births(const char *const *raw, size_t n, struct lb_buf *masked)
{
	char births[8][9];
	size_t nb = 0;
	for (size_t i = 0; i < n; i++)
		for (const char *p = raw[i]; p && *p && nb < 8; p++) {
			if (!isdigit_c(*p) || (p > raw[i] && isdigit_c(p[-1])))
				continue;
			size_t run = strspn(p, "0123456789");
			if ((run == 18 || (run == 17 && (p[17] == 'X' || p[17] == 'x'))) &&
			    !isdigit_c(p[18])) {
				memcpy(births[nb], p + 6, 8);
				births[nb++][8] = '\0';
			}
			p += run - 1;
		}
	for (size_t b = 0; b < nb; b++) {
		char iso[11];
		snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", births[b], births[b] + 4, births[b] + 6);
		for (size_t i = 0; i < n; i++) {
			char *c = masked[i].s;
			for (char *f; c && (f = strstr(c, iso)); c = f + 7)
				memmove(f + 7, f + 10, strlen(f + 10) + 1);
			c = masked[i].s;
			for (char *f; c && (f = strstr(c, births[b])); c = f + 6)
				if ((f == masked[i].s || !isdigit_c(f[-1])) && !isdigit_c(f[8]))
					memmove(f + 6, f + 8, strlen(f + 8) + 1);
			if (masked[i].s)
				masked[i].len = strlen(masked[i].s);
		}
	}
}

struct sink {
	enum lb_qfmt fmt;
	FILE *fp;
	struct lb_tw *tw;        /* csv, yaml, xlsx */
	size_t n;
	long long created;       /* xlsx */
	int header_zh;           /* xlsx: the sheet's name */
};

static void
sink_header(struct sink *k, const char *const *names, size_t n)
{
	k->n = n;
	if (k->fmt == LB_QF_MD) {
		for (size_t i = 0; i < n; i++)
			md_cell(k->fp, names[i]);
		fputs("|\n", k->fp);
		for (size_t i = 0; i < n; i++)
			fputs("|---", k->fp);
		fputs("|\n", k->fp);
	} else if (k->fmt == LB_QF_XLSX) {
		struct lb_tw_opts to = {0};
		to.created = k->created;
		to.sheet = k->header_zh ? "查询结果" : "query";
		k->tw = lb_tw_new_opt(k->fp, LB_FMT_XLSX, names, n, &to);
	} else {
		k->tw = lb_tw_new(k->fp, k->fmt == LB_QF_YAML ? LB_FMT_YAML : LB_FMT_CSV, names, n);
	}
}

static int
sink_row(struct sink *k, const char *const *cells)
{
	if (k->fmt != LB_QF_MD)
		return lb_tw_row(k->tw, cells);
	for (size_t i = 0; i < k->n; i++)
		md_cell(k->fp, cells[i]);
	fputs("|\n", k->fp);
	return ferror(k->fp) ? LB_EOUTPUT : 0;
}

static int
sink_end(struct sink *k)
{
	if (k->tw)
		return lb_tw_end(k->tw);
	return ferror(k->fp) ? LB_EOUTPUT : 0;
}

static double
now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Every few thousand steps of the statement: past the deadline, interrupt. */
static int
progress(void *ud)
{
	struct lb_query *q = ud;
	return now_mono() > q->deadline;
}

/* An error of a running statement: the timeout in words, else SQLite's. */
static int
run_error(struct lb_query *q, const char *sql, struct lb_err *err)
{
	if (sqlite3_errcode(q->db) == SQLITE_INTERRUPT && q->timeout > 0) {
		struct lb_buf m = LB_BUF_INIT;
		lb_buf_printf(&m, dngettext("lb", "the statement ran longer than %d second (--timeout)",
		                            "the statement ran longer than %d seconds (--timeout)",
		                            (unsigned long)q->timeout), q->timeout);
		int rc = stmt_error(q, lb_buf_str(&m), sql, err);
		lb_buf_fini(&m);
		return rc;
	}
	return stmt_error(q, sqlite3_errmsg(q->db), sql, err);
}

long
lb_query_run(struct lb_query *q, const char *sql, const struct lb_strv *params,
             const struct lb_query_out *o, FILE *fp, struct lb_err *err)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;

	q->deny = NULL;
	sqlite3_set_authorizer(q->db, authorize, q);
	int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, &tail);
	if (rc == SQLITE_OK && st && !only_one(q->db, tail)) {
		sqlite3_finalize(st);
		sqlite3_set_authorizer(q->db, NULL, NULL);
		return stmt_error(q, _("only one statement is allowed"), sql, err);
	}
	sqlite3_set_authorizer(q->db, NULL, NULL);
	if (rc != SQLITE_OK) {
		const char *m = q->deny ? _(q->deny) : sqlite3_errmsg(q->db);
		return stmt_error(q, m, sql, err);
	}
	if (!st)
		return stmt_error(q, _("no statement"), sql, err);
	if (!sqlite3_stmt_readonly(st)) {
		sqlite3_finalize(st);
		return stmt_error(q, _("only reading statements (SELECT, WITH, VALUES) are allowed"), sql, err);
	}
	for (size_t i = 0; params && i < params->n; i++)
		sqlite3_bind_text(st, (int)i + 1, params->v[i], -1, SQLITE_STATIC);
	if (q->timeout > 0) {
		q->deadline = now_mono() + q->timeout;
		sqlite3_progress_handler(q->db, 10000, progress, q);
	}

	size_t n = (size_t)sqlite3_column_count(st);
	const char **names = lb_xcalloc(n ? n : 1, sizeof *names);
	const char **cells = lb_xcalloc(n ? n : 1, sizeof *cells);
	const char **raw = lb_xcalloc(n ? n : 1, sizeof *raw);
	struct lb_buf *masked = lb_xcalloc(n ? n : 1, sizeof *masked);
	struct lb_buf *hnames = lb_xcalloc(n ? n : 1, sizeof *hnames);
	/* a birth date column shows its month only (2010-02-**), as every
	 * masked output does: its day narrows the masked identity number */
	const struct lb_schema *rsch = lb_schema_builtin(LB_KIND_ROSTER);
	int bfi = lb_schema_field(rsch, "birth_date");
	const struct lb_field *bf = bfi >= 0 ? &rsch->f[bfi] : NULL;
	char *isbirth = lb_xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		const char *c = sqlite3_column_name(st, (int)i);
		isbirth[i] = c && bf && (!strcmp(c, "birth_date") || !strcmp(c, bf->zh));
	}
	for (size_t i = 0; i < n; i++) {
		/* a column's name is its expression's text when it has no alias:
		 * masked like a cell (a number typed in the statement) */
		const char *c = sqlite3_column_name(st, (int)i);
		lb_mask_text(header_name(c ? c : "", o->header_zh), q->reveal, &hnames[i]);
		names[i] = lb_buf_str(&hnames[i]);
	}
	/* the first step before the header: an error found at once (most
	 * are) leaves the output empty */
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		run_error(q, sql, err);
		sqlite3_finalize(st);
		free(masked);
		free(names);
		free(cells);
		free(raw);
		free(isbirth);
		for (size_t i = 0; i < n; i++)
			lb_buf_fini(&hnames[i]);
		free(hnames);
		return LB_EUSAGE;
	}
	struct sink k = {o->fmt, fp, NULL, 0, o->created, o->header_zh};
	sink_header(&k, names, n);
	long rows = 0;
	long long total = 0;
	int werr = 0;
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		for (size_t i = 0; i < n; i++) {
			const char *v = (const char *)sqlite3_column_text(st, (int)i);
			lb_buf_clear(&masked[i]);
			if (isbirth[i])
				lb_mask_value(bf, v ? v : "", q->reveal, &masked[i]);
			else
				lb_mask_text(v ? v : "", q->reveal, &masked[i]);
			raw[i] = v;
		}
		if (!q->reveal)
			hide_births(raw, n, masked);
		for (size_t i = 0; i < n; i++)
			cells[i] = lb_buf_str(&masked[i]);
		if (o->total && n)
			total += sqlite3_column_int64(st, (int)n - 1);
		if (sink_row(&k, cells) < 0)
			werr = 1;
		rows++;
	}
	if (rc != SQLITE_DONE) {
		run_error(q, sql, err);
		rows = LB_EUSAGE;
	} else if (o->total && n) {
		char num[32];
		for (size_t i = 0; i < n; i++)
			cells[i] = "";
		cells[0] = o->header_zh ? "合计" : "total";
		snprintf(num, sizeof num, "%lld", total);
		cells[n - 1] = num;
		if (sink_row(&k, cells) < 0)
			werr = 1;
	}
	if (sink_end(&k) < 0)
		werr = 1;
	if (werr && rows >= 0)
		rows = lb_err_set(err, LB_EOUTPUT, "", 0, "%s", _("write error"));
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++) {
		lb_buf_fini(&masked[i]);
		lb_buf_fini(&hnames[i]);
	}
	free(masked);
	free(hnames);
	free(names);
	free(cells);
	free(raw);
	free(isbirth);
	return rows;
}
