/* Unit tests: libcore/writer.c — atomic output, canonical CSV and YAML. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader.h"
#include "writer.h"

/* Run fn on a memory stream and return what it wrote (static buffer). */
static char *
capture_cells(const char *const *cells, size_t n)
{
	static char *buf;
	static size_t len;
	FILE *fp;

	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc('|', fp);
		lb_csv_cell(fp, cells[i]);
	}
	fclose(fp);
	return buf;
}

static void
t_csv_quoting(void **state)
{
	const char *plain[] = {"abc", "", "张三", "a b", "x;y", "1\t2"};
	const char *quoted[] = {"a,b", "say \"hi\"", "line1\nline2", "cr\rhere", " lead", "trail "};
	(void)state;
	assert_string_equal(capture_cells(plain, 6), "abc||张三|a b|x;y|1\t2");
	assert_string_equal(capture_cells(quoted, 6),
	    "\"a,b\"|\"say \"\"hi\"\"\"|\"line1\nline2\"|\"cr\rhere\"|\" lead\"|\"trail \"");
}

/* lb_csv_quote into a buffer of exactly 2 * len + 2 bytes (ASan checks the
 * bound) gives what lb_csv_cell writes; a long cell goes past lb_csv_cell's
 * small stack buffer. */
static void
t_csv_quote(void **state)
{
	static const char *const cells[] = {"abc", "", "a,b", "say \"hi\"", " lead", "trail ",
	                                    "\"\"\"", "张三,李四"};
	char *longcell = malloc(1001);
	(void)state;
	memset(longcell, '"', 1000);
	longcell[1000] = '\0';
	for (size_t i = 0; i <= sizeof cells / sizeof *cells; i++) {
		const char *c = i < sizeof cells / sizeof *cells ? cells[i] : longcell;
		size_t len = strlen(c);
		char *o = malloc(2 * len + 2);
		char *e = lb_csv_quote(o, c, len);
		const char *one[1] = {c};
		char *want = capture_cells(one, 1);
		assert_int_equal((size_t)(e - o), strlen(want));
		assert_memory_equal(o, want, strlen(want));
		free(o);
	}
	free(longcell);
}

static char *
table(enum lb_format fmt, const char *const *cols, size_t ncols,
      const char *const *rows, size_t nrows)
{
	static char *buf;
	size_t len;
	FILE *fp;
	struct lb_tw *tw;

	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	tw = lb_tw_new(fp, fmt, cols, ncols);
	for (size_t r = 0; r < nrows; r++)
		assert_int_equal(lb_tw_row(tw, rows + r * ncols), 0);
	assert_int_equal(lb_tw_end(tw), 0);
	fclose(fp);
	return buf;
}

static const char *cols[] = {"child_id", "name", "notes", "备注2"};
static const char *rows[] = {
	"11010520150304002X", "王小明", "", "x",
	"110105201503040003", "李 四", "a,b \"c\"\n第二行", " 前后有空格 ",
};

static void
t_csv_table(void **state)
{
	(void)state;
	assert_string_equal(table(LB_FMT_CSV, cols, 4, rows, 2),
	    "child_id,name,notes,备注2\n"
	    "11010520150304002X,王小明,,x\n"
	    "110105201503040003,李 四,\"a,b \"\"c\"\"\n第二行\",\" 前后有空格 \"\n");
	/* no records: the header alone */
	assert_string_equal(table(LB_FMT_CSV, cols, 4, rows, 0),
	    "child_id,name,notes,备注2\n");
}

static void
t_yaml_table(void **state)
{
	const char *c2[] = {"k", "v"};
	char longv[400];
	const char *r2[] = {"long", longv, "ctl", "tab\there\\ \xef\xbb\xbf"};
	char *want;
	(void)state;
	assert_string_equal(table(LB_FMT_YAML, cols, 4, rows, 2),
	    "- child_id: \"11010520150304002X\"\n"
	    "  name: \"王小明\"\n"
	    "  notes: \"\"\n"
	    "  备注2: \"x\"\n"
	    "- child_id: \"110105201503040003\"\n"
	    "  name: \"李 四\"\n"
	    "  notes: \"a,b \\\"c\\\"\\n第二行\"\n"
	    "  备注2: \" 前后有空格 \"\n");
	/* long values with spaces are never folded; controls and BOM escaped */
	for (size_t i = 0; i < sizeof longv - 1; i++)
		longv[i] = i % 7 == 6 ? ' ' : 'a';
	longv[sizeof longv - 1] = '\0';
	want = NULL;
	{
		size_t len;
		FILE *fp = open_memstream(&want, &len);
		fprintf(fp, "- k: \"long\"\n  v: \"%s\"\n- k: \"ctl\"\n  v: \"tab\\there\\\\ \\uFEFF\"\n", longv);
		fclose(fp);
	}
	assert_string_equal(table(LB_FMT_YAML, c2, 2, r2, 2), want);
	free(want);
	/* keys that are not plain-safe are quoted by libyaml, still stable */
	{
		const char *c3[] = {"#3", "a: b"};
		const char *r3[] = {"1", "2"};
		assert_string_equal(table(LB_FMT_YAML, c3, 2, r3, 1),
		    "- '#3': \"1\"\n  'a: b': \"2\"\n");
	}
}

/* Write rows as YAML, read them back with the reader, write CSV: the CSV
 * bytes equal those written directly. */
static char tmpdir[64];

static void
t_yaml_round_trip(void **state)
{
	const char *rc[] = {"child_id", "name", "gender", "notes", "家庭经济情况"};
	const char *rr[] = {
		"622901201503040017", "王小明", "男", "a,b \"c\"\n第二行\\x", " 困难 ",
		"622901201603050028", "李小红", "女", "tab\there 𠮷 \xc2\xa0", "",
	};
	char path[128], *csv1, *csv2 = NULL;
	struct lb_reader *r;
	struct lb_reader_opts o;
	struct lb_record rec;
	struct lb_err err;
	struct lb_tw *tw;
	FILE *fp;
	size_t len;
	(void)state;

	csv1 = strdup(table(LB_FMT_CSV, rc, 5, rr, 2));
	snprintf(path, sizeof path, "%s/rt.yaml", tmpdir);
	fp = fopen(path, "w");
	fputs(table(LB_FMT_YAML, rc, 5, rr, 2), fp);
	fclose(fp);
	memset(&o, 0, sizeof o);
	assert_int_equal(lb_reader_open(&r, path, &o, &err), 0);
	assert_int_equal(lb_reader_ncols(r), 5);
	fp = open_memstream(&csv2, &len);
	tw = lb_tw_new(fp, LB_FMT_CSV, rc, 5);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(lb_reader_next(r, &rec, &err), 1);
		assert_int_equal(rec.n, 5);
		assert_string_equal(rec.cells[3], rr[i * 5 + 3]);
		lb_tw_row(tw, (const char *const *)rec.cells);
	}
	assert_int_equal(lb_reader_next(r, &rec, &err), 0);
	lb_reader_close(r);
	assert_int_equal(lb_tw_end(tw), 0);
	fclose(fp);
	assert_string_equal(csv2, csv1);
	unlink(path);
	free(csv1);
	free(csv2);
}

static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int
mkscratch(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/lb-test-writer.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
rmscratch(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
t_out_commit(void **state)
{
	char path[128], buf[64];
	struct lb_out *o;
	struct lb_err err;
	FILE *fp;
	(void)state;

	snprintf(path, sizeof path, "%s/out.csv", tmpdir);
	/* an old file is replaced only at commit */
	fp = fopen(path, "w");
	fputs("old\n", fp);
	fclose(fp);
	assert_int_equal(lb_out_open(&o, path, &err), 0);
	assert_string_equal(lb_out_name(o), path);
	fputs("new\n", lb_out_fp(o));
	assert_int_equal(count_entries(tmpdir), 2);     /* target + temporary */
	fp = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "old\n");
	assert_int_equal(lb_out_commit(o, &err), 0);
	assert_int_equal(count_entries(tmpdir), 1);
	fp = fopen(path, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "new\n");

	/* abort leaves the old file and no temporary */
	assert_int_equal(lb_out_open(&o, path, &err), 0);
	fputs("discarded\n", lb_out_fp(o));
	lb_out_abort(o);
	assert_int_equal(count_entries(tmpdir), 1);
	lb_out_abort(NULL);

	/* a folder that does not exist: an error, nothing created */
	snprintf(path, sizeof path, "%s/no/such/out.csv", tmpdir);
	assert_int_equal(lb_out_open(&o, path, &err), LB_EIO);
	assert_null(o);
}

/* -o naming a FIFO, a device, a directory or a link to one is refused
 * (lstat): a link planted in a reports folder once made a report overwrite
 * a block device. A link to a regular file replaces that file and stays a
 * link; "/dev/stdout" is standard output. */
static void
t_out_not_regular(void **state)
{
	char path[128], link[160], real[160], buf[64];
	struct lb_out *o;
	struct lb_err err;
	struct stat st;
	int before = count_entries(tmpdir);
	FILE *fp;
	(void)state;

	snprintf(path, sizeof path, "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_true(lb_out_open(&o, path, &err) < 0);
	assert_null(o);
	assert_non_null(strstr(err.msg, "not a regular file"));
	snprintf(link, sizeof link, "%s/to-null", tmpdir);
	assert_int_equal(symlink("/dev/null", link), 0);
	assert_true(lb_out_open(&o, link, &err) < 0);
	assert_true(lb_out_open_data(&o, tmpdir, &err) < 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	unlink(link);
	snprintf(link, sizeof link, "%s/dangling", tmpdir);
	assert_int_equal(symlink("nothing-here", link), 0);
	assert_true(lb_out_open(&o, link, &err) < 0);
	unlink(link);
	unlink(path);
	assert_int_equal(count_entries(tmpdir), before);

	/* a link to a regular file: the file replaced, its mode kept */
	snprintf(real, sizeof real, "%s/real.csv", tmpdir);
	snprintf(link, sizeof link, "%s/link.csv", tmpdir);
	fp = fopen(real, "w");
	fputs("old\n", fp);
	fclose(fp);
	assert_int_equal(chmod(real, 0640), 0);
	assert_int_equal(symlink("real.csv", link), 0);
	assert_int_equal(lb_out_open(&o, link, &err), 0);
	fputs("new\n", lb_out_fp(o));
	assert_int_equal(lb_out_commit(o, &err), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(real, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	fp = fopen(real, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "new\n");
	unlink(link);
	unlink(real);

	/* a new data file is 0600, a new report follows the umask */
	mode_t um = umask(022);
	assert_int_equal(lb_out_open_data(&o, real, &err), 0);
	assert_int_equal(lb_out_commit(o, &err), 0);
	assert_int_equal(stat(real, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	unlink(real);
	assert_int_equal(lb_out_open(&o, real, &err), 0);
	assert_int_equal(lb_out_commit(o, &err), 0);
	assert_int_equal(stat(real, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	unlink(real);
	umask(um);

	assert_int_equal(lb_out_open(&o, "/dev/stdout", &err), 0);
	assert_string_equal(lb_out_name(o), "<stdout>");
	lb_out_abort(o);
	assert_int_equal(count_entries(tmpdir), before);
}

/* A file-size limit of 1000 bytes makes writes fail like a full disk
 * (SIGXFSZ ignored: write fails with EFBIG). Returns the limit to restore. */
static struct rlimit
limit_fsize(void)
{
	struct rlimit old, lim;
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 1000;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	return old;
}

static void
t_out_write_fails(void **state)
{
	char path[128];
	struct lb_out *o;
	struct lb_err err;
	struct rlimit old;
	int before = count_entries(tmpdir);
	(void)state;

	snprintf(path, sizeof path, "%s/big.csv", tmpdir);
	old = limit_fsize();
	assert_int_equal(lb_out_open(&o, path, &err), 0);
	for (int i = 0; i < 1000; i++)
		fputs("0123456789\n", lb_out_fp(o));
	assert_int_equal(lb_out_commit(o, &err), LB_EOUTPUT);
	setrlimit(RLIMIT_FSIZE, &old);
	assert_int_equal(count_entries(tmpdir), before);
	assert_int_equal(access(path, F_OK), -1);
	assert_string_equal(err.file, path);
}

/* A table writer opened on an lb_out keeps the reason of the first failed
 * write in that lb_out: the commit says "File too large" even when errno
 * was changed since (here by a failed open). */
static void
t_tw_open_reason(void **state)
{
	char path[128];
	static const char *const tcols[] = {"a", "b"};
	const char *row[] = {"0123456789", "abcdefghij"};
	struct lb_out *o;
	struct lb_tw *tw;
	struct lb_err err;
	struct rlimit old;
	int rc = 0;
	(void)state;

	snprintf(path, sizeof path, "%s/tw.csv", tmpdir);
	old = limit_fsize();
	assert_int_equal(lb_out_open(&o, path, &err), 0);
	tw = lb_tw_open(o, LB_FMT_CSV, tcols, 2);
	for (int i = 0; i < 100000 && rc == 0; i++)
		rc = lb_tw_row(tw, row);
	assert_int_equal(rc, LB_EOUTPUT);
	assert_null(fopen("/nonexistent/x", "r"));   /* errno is now ENOENT */
	assert_int_equal(lb_tw_end(tw), LB_EOUTPUT);
	assert_int_equal(lb_out_commit(o, &err), LB_EOUTPUT);
	setrlimit(RLIMIT_FSIZE, &old);
	assert_non_null(strstr(err.msg, strerror(EFBIG)));
	assert_int_equal(access(path, F_OK), -1);
}

static void
t_same_file(void **state)
{
	char a[128], b[128], l[128];
	char *inputs[3];
	FILE *fp;
	(void)state;

	snprintf(a, sizeof a, "%s/a.csv", tmpdir);
	snprintf(b, sizeof b, "%s/b.csv", tmpdir);
	snprintf(l, sizeof l, "%s/link.csv", tmpdir);
	fp = fopen(a, "w"); fclose(fp);
	fp = fopen(b, "w"); fclose(fp);
	assert_int_equal(symlink(a, l), 0);
	inputs[0] = "-";
	inputs[1] = b;
	inputs[2] = l;
	assert_int_equal(lb_same_file(a, inputs, 3), 1);   /* via the link */
	assert_int_equal(lb_same_file(b, inputs, 3), 1);
	assert_int_equal(lb_same_file(b, inputs, 1), 0);
	assert_int_equal(lb_same_file("-", inputs, 3), 0);
	snprintf(l, sizeof l, "%s/new.csv", tmpdir);
	assert_int_equal(lb_same_file(l, inputs, 3), 0);  /* does not exist yet */
	unlink(a);
	unlink(b);
	snprintf(l, sizeof l, "%s/link.csv", tmpdir);
	unlink(l);
}

/* The row writer checks and copies cells 16 bytes at a time: at every
 * length up to 40 and with a character that forces quoting (or a multibyte
 * one) at every position, a row must equal the cells written one by one
 * with lb_csv_cell. Cells are allocated at exactly their size, so ASan sees
 * any read past the end. */
static void
t_csv_row_blocks(void **state)
{
	static const char *const specials[] = {",", "\"", "\n", "\r", " ", "x", "中"};
	(void)state;
	for (size_t len = 0; len <= 40; len++) {
		for (size_t sp = 0; sp < sizeof specials / sizeof *specials; sp++) {
			for (size_t pos = 0; pos < (len ? len : 1); pos++) {
				size_t sl = strlen(specials[sp]);
				size_t n = len ? len - 1 + sl : 0;
				char *cell = malloc(n + 1), *row = NULL, *ref = NULL;
				size_t rowlen = 0, reflen = 0;
				if (len) {
					memset(cell, 'a', len - 1);
					memmove(cell + pos + sl, cell + pos, len - 1 - pos);
					memcpy(cell + pos, specials[sp], sl);
				}
				cell[n] = '\0';
				const char *hdr[] = {"a", "b"};
				const char *cells[] = {cell, "z"};
				FILE *fp = open_memstream(&row, &rowlen);
				struct lb_tw *tw = lb_tw_new(fp, LB_FMT_CSV, hdr, 2);
				lb_tw_row(tw, cells);
				lb_tw_end(tw);
				fclose(fp);
				fp = open_memstream(&ref, &reflen);
				fputs("a,b\n", fp);
				lb_csv_cell(fp, cell);
				fputs(",z\n", fp);
				fclose(fp);
				assert_string_equal(row, ref);
				free(row);
				free(ref);
				free(cell);
			}
		}
	}
}

/* Rows a caller builds with lb_tw_csv_cell and writes with lb_tw_csv_raw
 * (lb-schedule) must be the bytes lb_tw_row writes for the same cells, in
 * a person's CSV, in Excel's and in the canonical one: formula leads,
 * quotes, spaces at either end, line ends, empty cells. */
static void
t_csv_cells_raw(void **state)
{
	static const char *const v[] = {
		"", "a", "=1+2", "+86 138", "-3", "@x", "\tx", "\rx", "=a,b", "-x ", " =x",
		"say \"hi\"", "=\"q\"", "a\nb", "中文,逗号", "x ", "'", "=",
	};
	const size_t n = sizeof v / sizeof *v;
	const char *hdr[] = {"a", "b"};
	(void)state;
	for (int mode = 0; mode < 3; mode++) {       /* canonical, person, excel */
		char *want = NULL, *got = NULL;
		size_t wl = 0, gl = 0;
		struct lb_tw_opts o = {0};
		o.excel = mode == 2;
		FILE *fp = open_memstream(&want, &wl);
		struct lb_tw *tw = lb_tw_new_opt(fp, LB_FMT_CSV, hdr, 2, &o);
		if (mode == 1)
			lb_tw_person(tw);
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++) {
				const char *cells[] = {v[i], v[j]};
				assert_int_equal(lb_tw_row(tw, cells), 0);
			}
		assert_int_equal(lb_tw_end(tw), 0);
		fclose(fp);
		fp = open_memstream(&got, &gl);
		tw = lb_tw_new_opt(fp, LB_FMT_CSV, hdr, 2, &o);
		if (mode == 1)
			lb_tw_person(tw);
		assert_true(lb_tw_is_csv(tw));
		char buf[256];
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++) {
				char *e = lb_tw_csv_cell(tw, buf, v[i], strlen(v[i]));
				*e++ = ',';
				e = lb_tw_csv_cell(tw, e, v[j], strlen(v[j]));
				e = stpcpy(e, lb_tw_csv_eol(tw));
				assert_int_equal(lb_tw_csv_raw(tw, buf, (size_t)(e - buf)), 0);
			}
		assert_int_equal(lb_tw_end(tw), 0);
		fclose(fp);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_csv_quoting),
		cmocka_unit_test(t_csv_quote),
		cmocka_unit_test(t_csv_table),
		cmocka_unit_test(t_yaml_table),
		cmocka_unit_test(t_yaml_round_trip),
		cmocka_unit_test(t_out_commit),
		cmocka_unit_test(t_out_write_fails),
		cmocka_unit_test(t_out_not_regular),
		cmocka_unit_test(t_tw_open_reason),
		cmocka_unit_test(t_same_file),
		cmocka_unit_test(t_csv_row_blocks),
		cmocka_unit_test(t_csv_cells_raw),
	};
	return cmocka_run_group_tests(tests, mkscratch, rmscratch);
}
