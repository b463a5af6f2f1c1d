/*
 * query.h — lb-query's engine: rosters, activity logs, the schedule and the
 * findings loaded into an SQLite database, and one read-only statement run
 * over them with every output cell masked (lb-query(1) is the contract).
 *
 * The database is a private temporary one (kept in memory while it fits in
 * the page cache, opts.memory bytes, then spilled to a temporary file), or
 * the --db file: written when it does not exist (atomically: a temporary
 * name renamed by lb_query_commit, unlinked by SIGINT, SIGTERM or SIGHUP
 * before that), reused read-only when it does.
 *
 *     lb_query_open(&q, &o, &reused, &err);
 *     if (!reused) {
 *             lb_query_load_table(q, "roster", &roster, &err);
 *             lb_query_load_file(q, "activity", "log.csv", NULL, sched, &err);
 *             lb_query_load_windows(q, sched, &err);          (optional)
 *             lb_query_load_findings(q, "roster.csv", ...);   (optional)
 *             lb_query_commit(q, &err);
 *     }
 *     lb_query_run(q, sql, &params, &out, fp, &err);
 *     lb_query_close(q);
 *
 * Tables: columns named by field id (then a file's extra columns by header
 * text), INTEGER where the schema says int, dates ISO text, an empty value
 * NULL. A roster also has age, age_band, guardian_age and active (as of
 * opts.asof). Statements run by lb_query_run are checked: one statement,
 * read-only, no ATTACH/DETACH, no PRAGMA but the schema-reading ones, no
 * load_extension; extension loading is off.
 */
#ifndef LB_QUERY_H
#define LB_QUERY_H

#include <stdio.h>
#include "err.h"
#include "reader.h"
#include "sched.h"
#include "table.h"
#include "util.h"

struct lb_query_opts {
	const char *db;          /* NULL: a private temporary database */
	long long memory;        /* page cache bytes before spilling (0: 1 GiB) */
	int asof;                /* "today" for the computed columns */
	int reveal;              /* findings' values and output cells unmasked */
	int timeout;             /* seconds lb_query_run's statement may run (0: no limit) */
};

struct lb_query;

/* Open the database. With o->db naming an existing file, *reused is 1 and
 * it is opened read-only (nothing may be loaded). Errors: LB_EIO. */
int lb_query_open(struct lb_query **qp, const struct lb_query_opts *o, int *reused,
                  struct lb_err *err);
void lb_query_close(struct lb_query *q);   /* NULL fine; removes an uncommitted --db */

/* A table from a roster or activity log held in memory (name: "roster"). */
int lb_query_load_table(struct lb_query *q, const char *name, const struct lb_table *t,
                        struct lb_err *err);
/* Stream a file (any form the reader reads; ro may be NULL) into table name,
 * which is created on first use (its kind from the first file) and gains
 * the extra columns of later files. Activity records are also counted into
 * sched when it is not NULL (the schedule's one pass over the log). */
int lb_query_load_file(struct lb_query *q, const char *name, const char *path,
                       const struct lb_reader_opts *ro, struct lb_sched *sched,
                       struct lb_err *err);
/* The question, when it is known before the load (a private database, not
 * --db): an activity log then loads only the columns the statement reads
 * (none when it does not name the table). windows/findings: create those
 * (empty) tables now, so that a statement naming them prepares. */
int lb_query_plan(struct lb_query *q, const char *sql, int windows, int findings,
                  struct lb_err *err);
/* The table windows: the rows lb-schedule writes (after lb_sched_finish). */
int lb_query_load_windows(struct lb_query *q, struct lb_sched *s, struct lb_err *err);
/* lb-validate's findings about one file (read with ro, which may be NULL)
 * into the table findings (file, line, field, level, code, message,
 * value). An activity log is checked against roster when it is not NULL. */
int lb_query_load_findings(struct lb_query *q, const char *path, const struct lb_reader_opts *ro,
                           const struct lb_table *roster, struct lb_err *err);
/* Indexes (child_id, school, date), the sources' names, commit; a --db file
 * is renamed into place. */
int lb_query_commit(struct lb_query *q, struct lb_err *err);

/* A reused --db: the first source file changed after the database was
 * written (or NULL), and the as-of date it was loaded with (or LB_NODATE). */
const char *lb_query_stale(struct lb_query *q);
int lb_query_loaded_asof(struct lb_query *q);
/* 1 when table name exists. */
int lb_query_has_table(struct lb_query *q, const char *name);

/*
 * The simple questions as SQL over roster: where[] ("FIELD OP VALUE"; OP one
 * of = != < <= > >= ~, ~ contains; an empty VALUE with = or != is "not
 * filled" / "filled"), count_by / fields / sort (comma-separated field ids or
 * Chinese labels; a '-' before a sort field sorts it descending). The
 * statement goes into sql, its parameters into params. A field that is not a
 * column of roster: LB_EUSAGE, naming the nearest in the message.
 */
int lb_query_simple(struct lb_query *q, const char *const *where, size_t nwhere,
                    const char *count_by, const char *fields, const char *sort,
                    struct lb_buf *sql, struct lb_strv *params, struct lb_err *err);

enum lb_qfmt { LB_QF_CSV = 0, LB_QF_MD, LB_QF_YAML, LB_QF_XLSX };

/* LB_QF_XLSX: the table as one sheet of an .xlsx workbook (xlsxw.h), built
 * in a temporary file and copied to fp at the end: every cell masked as in
 * the other formats; identity and phone numbers, and every column the
 * schemas do not type, are text cells; dates in date columns date cells. */
struct lb_query_out {
	enum lb_qfmt fmt;
	int header_zh;           /* column names that are field ids in Chinese */
	int total;               /* add a total row: the last column summed */
	long long created;       /* XLSX: the workbook's created time (0: a fixed epoch) */
};

/* Prepare, check and run one statement (params bound as text to ?1, ?2 …),
 * writing the result table to fp. Returns the number of rows; LB_EUSAGE for
 * an SQL error, a refused statement or one that ran past opts.timeout
 * (err->msg: SQLite's message or the timeout, then the statement, on one
 * line); LB_EOUTPUT when a write failed. */
long lb_query_run(struct lb_query *q, const char *sql, const struct lb_strv *params,
                  const struct lb_query_out *o, FILE *fp, struct lb_err *err);

#endif
