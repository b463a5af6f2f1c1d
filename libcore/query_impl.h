/* query_impl.h — private to lb-query's engine: query.c (the database, SQL
 * helpers, commit), query_load.c, query_simple.c and query_run.c. Not
 * installed, not part of the library's contract: query.h is. */
#ifndef LB_QUERY_IMPL_H
#define LB_QUERY_IMPL_H

#include <limits.h>
#include <stddef.h>
#include <sqlite3.h>

#include "query.h"
#include "schema.h"
#include "util.h"

#define WINDOWS_TABLE \
	"CREATE TABLE windows(child_id TEXT, name TEXT, school TEXT, grade INTEGER, " \
	"class TEXT, rule TEXT, title TEXT, window_start TEXT, window_end TEXT, " \
	"required INTEGER, done INTEGER, status TEXT, performer TEXT)"
#define FINDINGS_TABLE \
	"CREATE TABLE findings(file TEXT, line INTEGER, field TEXT, level TEXT, " \
	"code TEXT, message TEXT, value TEXT)"

/* The computed roster columns, after the schema's fields. */
enum { C_AGE, C_BAND, C_GAGE, C_ACTIVE, NCOMPUTED };

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

extern const char *const lb_q_computed[NCOMPUTED];      /* SQL names */
extern const char *const lb_q_computed_zh[NCOMPUTED];   /* Chinese names */
extern const char *const lb_q_computed_type[NCOMPUTED]; /* SQL types */

/* SQL helpers (query.c) */
int lb_q_sqlerr(struct lb_query *q, struct lb_err *err, const char *what);
int lb_q_exec(struct lb_query *q, const char *sql, struct lb_err *err);
void lb_q_quote_id(struct lb_buf *b, const char *s);
/* loading (query_load.c) */
int lb_q_has_col(const struct qtab *t, const char *name);
int lb_q_insert_row(struct lb_query *q, const struct qtab *t, sqlite3_stmt *st,
                    const char *const *v, size_t nx, struct lb_err *err);

#endif
