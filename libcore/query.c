/* query.c — lb-query's engine on SQLite (see query.h): the database
 * opened and closed (a --db being written is removed on a signal), SQL
 * helpers, the load committed, and what a reused --db holds. Loading the
 * tables is query_load.c, the simple questions query_simple.c, running a
 * statement and writing its rows query_run.c (query_impl.h). */
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

/* The computed roster columns, after the schema's fields. */
const char *const lb_q_computed[NCOMPUTED] = {"age", "age_band", "guardian_age", "active"};
const char *const lb_q_computed_zh[NCOMPUTED] = {"年龄", "年龄段", "监护人年龄", "在册"};
const char *const lb_q_computed_type[NCOMPUTED] = {"INTEGER", "TEXT", "INTEGER", "TEXT"};

int
lb_q_sqlerr(struct lb_query *q, struct lb_err *err, const char *what)
{
	return lb_err_set(err, LB_EIO, q->dbpath ? q->dbpath : "", 0, "%s: %s", what,
	                  sqlite3_errmsg(q->db));
}

int
lb_q_exec(struct lb_query *q, const char *sql, struct lb_err *err)
{
	if (sqlite3_exec(q->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return lb_q_sqlerr(q, err, sql);
	return 0;
}

void
lb_q_quote_id(struct lb_buf *b, const char *s)
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
	int rc = lb_q_exec(q, lb_buf_str(&b), err);
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
			int hd = lb_q_has_col(t, "date"), hs = lb_q_has_col(t, "school"), hc = lb_q_has_col(t, "child_id");
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
				lb_q_quote_id(&sql, lb_buf_str(&n));
				lb_buf_adds(&sql, " ON ");
				lb_q_quote_id(&sql, t->name);
				lb_buf_printf(&sql, "(%s)", idx[k][1]);
				rc = lb_q_exec(q, lb_buf_str(&sql), err);
				lb_buf_fini(&sql);
				lb_buf_fini(&n);
			}
		}
		if (rc == 0 && lb_query_has_table(q, "windows"))
			rc = lb_q_exec(q, "CREATE INDEX windows_child_id ON windows(child_id);"
			             "CREATE INDEX windows_school ON windows(school);"
			             /* "which rule is overdue, and whose": a range of this index */
			             "CREATE INDEX windows_rule ON windows(rule, status, performer)", err);
		/* the planner's statistics: which index, which order of a join */
		if (rc == 0)
			rc = lb_q_exec(q, "PRAGMA analysis_limit=1000; ANALYZE", err);
	}
	if (rc == 0)
		rc = lb_q_exec(q, "COMMIT", err);
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
