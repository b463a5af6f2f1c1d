/* Unit tests: libcore/reader*.c. Fixture files are in tests/unit/data/
 * (made by make-fixtures.sh there); the others are written to /tmp. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <iconv.h>
#include <fcntl.h>
#include <unistd.h>

#include "reader.h"
#include "util.h"

#define DATA "tests/unit/data/"

static char tmppath[64];

/* Write len bytes to a fresh temporary file named *suffix; return its path. */
static const char *
tmpfile_with(const char *text, size_t len, const char *suffix)
{
	FILE *fp;
	snprintf(tmppath, sizeof tmppath, "/tmp/lb-reader-%ld%s", (long)getpid(), suffix);
	fp = fopen(tmppath, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return tmppath;
}

static struct lb_reader *
open_ok(const char *path, const struct lb_reader_opts *o)
{
	struct lb_reader *r = NULL;
	struct lb_err e;
	lb_err_clear(&e);
	if (lb_reader_open(&r, path, o, &e) != 0)
		fail_msg("%s:%ld: %s", e.file, e.line, e.msg);
	return r;
}

static struct lb_reader *
open_text(const char *text, const struct lb_reader_opts *o)
{
	return open_ok(tmpfile_with(text, strlen(text), ".csv"), o);
}

static int
open_fail(const char *path, const struct lb_reader_opts *o, struct lb_err *e)
{
	struct lb_reader *r = NULL;
	int rc;
	lb_err_clear(e);
	rc = lb_reader_open(&r, path, o, e);
	assert_true(rc < 0);
	assert_null(r);
	return rc;
}

static void
next_ok(struct lb_reader *r, struct lb_record *rec)
{
	struct lb_err e;
	int rc;
	lb_err_clear(&e);
	rc = lb_reader_next(r, rec, &e);
	if (rc != 1)
		fail_msg("next: %d %s:%ld: %s", rc, e.file, e.line, e.msg);
}

static void
next_end(struct lb_reader *r)
{
	struct lb_record rec;
	struct lb_err e;
	lb_err_clear(&e);
	assert_int_equal(lb_reader_next(r, &rec, &e), 0);
}

/* The number of notes with code. */
static size_t
notes(struct lb_reader *r, const char *code, long *line)
{
	struct lb_diags *d = lb_reader_notes(r);
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].code, code)) {
			if (line && n == 0)
				*line = d->v[i].line;
			n++;
		}
	return n;
}

static int
field_of(struct lb_reader *r, size_t col)
{
	return lb_reader_colfield(r, col);
}

/* ---- encodings ------------------------------------------------------------ */

static void
t_gb18030_title(void **state)
{
	struct lb_reader *r = open_ok(DATA "gb_title.csv", NULL);
	const struct lb_schema *s = lb_reader_schema(r);
	struct lb_record rec;
	long line = 0;
	(void)state;

	assert_string_equal(lb_reader_encoding(r), "GB18030");
	assert_int_equal(lb_reader_kind(r), LB_KIND_ROSTER);
	assert_int_equal(lb_reader_delim(r), ',');
	assert_int_equal(lb_reader_header_line(r), 2);
	assert_int_equal(notes(r, "title-row", &line), 1);
	assert_int_equal(line, 1);
	assert_int_equal(notes(r, "unknown-column", &line), 1);   /* 序号 */
	assert_int_equal(line, 2);
	assert_int_equal(lb_reader_ncols(r), 6);
	assert_string_equal(lb_reader_colname(r, 1), "姓名");
	assert_int_equal(field_of(r, 0), -1);
	assert_int_equal(field_of(r, 1), LB_FI(s, LB_R_NAME));
	assert_int_equal(field_of(r, 5), LB_FI(s, LB_R_GUARDIAN_PHONE));
	next_ok(r, &rec);
	assert_int_equal(rec.line, 3);
	assert_int_equal(rec.n, 6);
	assert_string_equal(rec.cells[1], "张三");
	assert_string_equal(rec.cells[5], "13800138000");
	next_ok(r, &rec);
	assert_int_equal(rec.line, 4);
	assert_string_equal(rec.cells[1], "王東淺");
	assert_string_equal(rec.cells[4], "2016-04-05");
	next_end(r);
	lb_reader_close(r);
}

static void
t_gb18030_pipe(void **state)
{
	/* 東 is B5 7C in GB18030: parsing before decoding would split it. */
	struct lb_reader *r = open_ok(DATA "gb_pipe.csv", NULL);
	struct lb_record rec;
	(void)state;
	assert_string_equal(lb_reader_encoding(r), "GB18030");
	assert_int_equal(lb_reader_delim(r), '|');
	assert_int_equal(lb_reader_header_line(r), 1);
	next_ok(r, &rec);
	assert_int_equal(rec.n, 4);
	assert_string_equal(rec.cells[0], "王東");
	assert_string_equal(rec.cells[3], "王淺");
	next_end(r);
	lb_reader_close(r);
}

static void
t_bom(void **state)
{
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	const struct lb_schema *s;
	struct lb_record rec;
	size_t hl;
	(void)state;

	o.keep_raw = 1;
	r = open_ok(DATA "bom.csv", &o);
	s = lb_reader_schema(r);
	assert_string_equal(lb_reader_encoding(r), "UTF-8 (BOM)");
	assert_string_equal(lb_reader_colname(r, 0), "学生姓名");   /* no BOM bytes */
	assert_int_equal(field_of(r, 0), LB_FI(s, LB_R_NAME));
	assert_int_equal(field_of(r, 1), LB_FI(s, LB_R_CHILD_ID));
	assert_int_equal(field_of(r, 2), LB_FI(s, LB_R_GENDER));
	assert_int_equal(field_of(r, 3), LB_FI(s, LB_R_ADDRESS));
	assert_int_equal(field_of(r, 4), LB_FI(s, LB_R_GUARDIAN_NAME));
	assert_int_equal(field_of(r, 5), LB_FI(s, LB_R_MENTOR));
	assert_int_equal(notes(r, "unknown-column", NULL), 0);
	assert_string_equal(lb_reader_header_raw(r, &hl),
	                    "学生姓名,公民身份号码,性别（必填）,家庭住址,委托监护人,结对教师\r\n");
	next_ok(r, &rec);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.cells[3], "某某村1组,3号");
	assert_int_equal(rec.rawlen, strlen("赵六,110105201503040012,男,\"某某村1组,3号\",赵大,钱老师\r\n"));
	assert_memory_equal(rec.raw, "赵六,110105201503040012,男,\"某某村1组,3号\",赵大,钱老师\r\n", rec.rawlen);
	next_end(r);
	lb_reader_close(r);
}

static void
t_utf16_binary_empty(void **state)
{
	struct lb_err e;
	static const char bin[] = "PK\003\004\024\000\000\000\010\000abc";
	static const char nul[] = "姓名,身份证号,性别\n张三,\0\0\0,男\n";
	(void)state;

	assert_int_equal(open_fail(DATA "utf16.txt", NULL, &e), LB_EENCODING);
	assert_non_null(strstr(e.msg, "CSV UTF-8"));
	assert_int_equal(open_fail(tmpfile_with(bin, sizeof bin - 1, ".csv"), NULL, &e), LB_ENOTABLE);
	assert_int_equal(open_fail(tmpfile_with(nul, sizeof nul - 1, ".csv"), NULL, &e), LB_ENOTABLE);
	assert_non_null(strstr(e.msg, "binary data"));
	assert_int_equal(open_fail(tmpfile_with("", 0, ".csv"), NULL, &e), LB_ENOTABLE);
	assert_non_null(strstr(e.msg, "empty"));
	assert_int_equal(open_fail(tmpfile_with("\n\r\n\n", 4, ".csv"), NULL, &e), LB_ENOTABLE);
	assert_int_equal(open_fail("/nonexistent/x.csv", NULL, &e), LB_EIO);
}

static void
t_no_header(void **state)
{
	struct lb_err e;
	struct lb_buf b = LB_BUF_INIT;
	(void)state;
	for (int i = 0; i < 40; i++)
		lb_buf_printf(&b, "a%d,b,c\n", i);
	assert_int_equal(open_fail(tmpfile_with(b.s, b.len, ".csv"), NULL, &e), LB_ENOTABLE);
	assert_non_null(strstr(e.msg, "no header row"));
	/* A header on row 31 is too late. */
	lb_buf_clear(&b);
	for (int i = 0; i < 30; i++)
		lb_buf_printf(&b, "title %d\n", i);
	lb_buf_adds(&b, "姓名,身份证号,性别\n");
	assert_int_equal(open_fail(tmpfile_with(b.s, b.len, ".csv"), NULL, &e), LB_ENOTABLE);
	lb_buf_fini(&b);
	/* Two known columns out of five are not a header. */
	assert_int_equal(open_fail(tmpfile_with("姓名,身份证号,x,y,z\n", 24, ".csv"), NULL, &e),
	                 LB_ENOTABLE);
}

/* Build a file > 64 KiB; bad is placed on line badline. */
static void
big_file(struct lb_buf *b, const char *bad, long badline, int split_char)
{
	long line = 1;
	lb_buf_adds(b, "姓名,身份证号,性别\n");
	line++;
	while (b->len < 70000 || line <= badline) {
		if (line == badline)
			lb_buf_adds(b, bad);
		else if (split_char && b->len < 65536 && b->len + 40 > 65536) {
			/* put a 3-byte character across the 64 KiB boundary */
			while (b->len < 65535)
				lb_buf_addc(b, 'x');
			lb_buf_adds(b, "王,1,男\n");
		} else
			lb_buf_printf(b, "张三%ld,110105201503040012,男\n", line);
		line++;
	}
}

static void
t_late_invalid(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	struct lb_reader *r;
	struct lb_record rec;
	struct lb_err e;
	long n = 0, lastline = 0;
	int rc;
	(void)state;

	/* valid UTF-8 with a character cut at the 64 KiB boundary: fine */
	big_file(&b, "", 0, 1);
	r = open_ok(tmpfile_with(b.s, b.len, ".csv"), NULL);
	assert_string_equal(lb_reader_encoding(r), "UTF-8");
	lb_err_clear(&e);
	while ((rc = lb_reader_next(r, &rec, &e)) == 1) {
		if (rec.cells[0][0] == 'x')
			assert_string_equal(rec.cells[0] + strlen(rec.cells[0]) - 3, "王");
		n++;
		lastline = rec.line;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(lastline, n + 1);
	lb_reader_close(r);

	/* an invalid byte on line 3000, past the first 64 KiB */
	lb_buf_clear(&b);
	big_file(&b, "\xff\xfe,1,2\n", 3000, 0);
	assert_true(b.len > 70000);
	r = open_ok(tmpfile_with(b.s, b.len, ".csv"), NULL);
	assert_string_equal(lb_reader_encoding(r), "UTF-8");
	while ((rc = lb_reader_next(r, &rec, &e)) == 1)
		lastline = rec.line;
	assert_int_equal(rc, LB_EENCODING);
	assert_int_equal(e.line, 3000);
	assert_int_equal(lastline, 2999);
	assert_non_null(strstr(e.msg, "UTF-8"));
	lb_reader_close(r);
	lb_buf_fini(&b);
}

static void
t_late_invalid_gb(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	struct lb_reader *r;
	struct lb_record rec;
	struct lb_err e;
	int rc;
	long lastline = 0;
	(void)state;

	/* GB18030 (张 = D5 C5): the first chunk decides; 0xFF on line 5000 */
	lb_buf_adds(&b, "\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5,\xd0\xd4\xb1\xf0\n");
	for (long line = 2; line < 6000; line++)
		lb_buf_adds(&b, line == 5000 ? "\xd5\xff,1,2\n" : "\xd5\xc5,110105201503040012,1\n");
	r = open_ok(tmpfile_with(b.s, b.len, ".csv"), NULL);
	assert_string_equal(lb_reader_encoding(r), "GB18030");
	assert_string_equal(lb_reader_colname(r, 0), "姓名");
	lb_err_clear(&e);
	while ((rc = lb_reader_next(r, &rec, &e)) == 1) {
		assert_string_equal(rec.cells[0], "张");
		lastline = rec.line;
	}
	assert_int_equal(rc, LB_EENCODING);
	assert_int_equal(e.line, 5000);
	assert_int_equal(lastline, 4999);
	lb_reader_close(r);

	/* --encoding utf-8 forces: the first line is already bad */
	{
		struct lb_reader_opts o = {0};
		o.encoding = "utf-8";
		assert_int_equal(open_fail(tmpfile_with(b.s, b.len, ".csv"), &o, &e), LB_EENCODING);
		assert_int_equal(e.line, 1);
		o.encoding = "latin1";
		assert_int_equal(open_fail(tmppath, &o, &e), LB_EUSAGE);
	}
	lb_buf_fini(&b);
}

static void
t_gb18030_fourbyte(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	struct lb_reader *r;
	struct lb_record rec;
	struct lb_err e;
	long n = 0;
	int rc;
	(void)state;

	/* four-byte codes (U+20000 = 95 32 82 36, U+3400 = 81 39 EE 39) go to
	 * iconv one at a time; two-byte ones (张 D5 C5, € A2 E3) come from the
	 * table; some of them straddle the 64 KiB chunks; a cut code at the end */
	lb_buf_adds(&b, "\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5,\xd0\xd4\xb1\xf0\n");
	for (long line = 2; line < 8000; line++)
		lb_buf_adds(&b, line % 3 ? "\xd5\xc5\x95\x32\x82\x36,110105201503040012,\xa2\xe3\n"
		                         : "\x81\x39\xee\x39\xd5\xc5,110105201503040012,1\n");
	lb_buf_adds(&b, "\xd5\xc5,1,\x95\x32");
	r = open_ok(tmpfile_with(b.s, b.len, ".csv"), NULL);
	assert_string_equal(lb_reader_encoding(r), "GB18030");
	lb_err_clear(&e);
	while ((rc = lb_reader_next(r, &rec, &e)) == 1) {
		n++;
		if (rec.line % 3) {
			assert_string_equal(rec.cells[0], "张\xf0\xa0\x80\x80");
			assert_string_equal(rec.cells[2], "€");
		} else {
			assert_string_equal(rec.cells[0], "\xe3\x90\x80张");
		}
	}
	assert_int_equal(rc, LB_EENCODING);
	assert_int_equal(e.line, 8000);
	assert_int_equal(n, 7998);
	lb_reader_close(r);
	lb_buf_fini(&b);
}

/* ---- delimiters, quotes, line ends ---------------------------------------- */

static void
t_delimiters(void **state)
{
	static const char *const texts[] = {
		"姓名;身份证号;性别;备注\n张三;110105201503040012;男;a,b\n",
		"姓名\t身份证号\t性别\t备注\n张三\t110105201503040012\t男\ta,b\n",
		"姓名|身份证号|性别|备注\n张三|110105201503040012|男|a,b\n",
		"姓名,身份证号,性别,备注\n张三,110105201503040012,男,\"a,b\"\n",
	};
	static const int want[] = {';', '\t', '|', ','};
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct lb_reader *r = open_text(texts[i], NULL);
		struct lb_record rec;
		assert_int_equal(lb_reader_delim(r), want[i]);
		assert_int_equal(lb_reader_ncols(r), 4);
		next_ok(r, &rec);
		assert_int_equal(rec.n, 4);
		assert_string_equal(rec.cells[0], "张三");
		assert_string_equal(rec.cells[3], "a,b");
		next_end(r);
		lb_reader_close(r);
	}
	{	/* -d forces */
		struct lb_reader_opts o = {0};
		struct lb_reader *r;
		struct lb_record rec;
		o.delim = ';';
		r = open_text("姓名;身份证号;性别\n张三;1;男,y\n", &o);
		next_ok(r, &rec);
		assert_string_equal(rec.cells[2], "男,y");
		lb_reader_close(r);
	}
}

static void
t_quotes(void **state)
{
	const char *text =
		"姓名,身份证号,性别,备注\r\n"
		"\"张,三\",1,男,\"他说\"\"你好\"\"\"\r\n"
		"李四,2,女,\"第一行\r\n第二行\n第三行\"\r\n"
		"王五,3,男,\"  spaces kept \"\r\n"
		" 赵六 ,4,男,\r\n";
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	struct lb_record rec;
	(void)state;

	o.keep_raw = 1;
	r = open_text(text, &o);
	next_ok(r, &rec);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.cells[0], "张,三");
	assert_string_equal(rec.cells[3], "他说\"你好\"");
	next_ok(r, &rec);
	assert_int_equal(rec.line, 3);
	assert_string_equal(rec.cells[3], "第一行\r\n第二行\n第三行");
	assert_int_equal(rec.rawlen, strlen("李四,2,女,\"第一行\r\n第二行\n第三行\"\r\n"));
	next_ok(r, &rec);
	assert_int_equal(rec.line, 6);          /* lines 3, 4, 5 held the note */
	assert_string_equal(rec.cells[3], "  spaces kept ");
	next_ok(r, &rec);
	assert_int_equal(rec.line, 7);
	assert_string_equal(rec.cells[0], " 赵六 ");
	assert_int_equal(rec.n, 4);
	assert_string_equal(rec.cells[3], "");
	next_end(r);
	lb_reader_close(r);
}

static void
t_line_ends(void **state)
{
	static const char *const texts[] = {
		"title\n\n姓名,身份证号,性别\n张三,1,男\n\n李四,2,女\n",
		"title\r\n\r\n姓名,身份证号,性别\r\n张三,1,男\r\n\r\n李四,2,女\r\n",
		"title\r\r姓名,身份证号,性别\r张三,1,男\r\r李四,2,女\r",
		"title\n\n姓名,身份证号,性别\n张三,1,男\n\n李四,2,女",   /* no final newline */
		"title\r\n\n姓名,身份证号,性别\r\n张三,1,男\r\r\n李四,2,女",
	};
	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct lb_reader_opts o = {0};
		struct lb_reader *r;
		struct lb_record rec;
		o.keep_raw = 1;
		r = open_text(texts[i], &o);
		assert_int_equal(lb_reader_header_line(r), 3);
		next_ok(r, &rec);
		assert_int_equal(rec.line, 4);
		assert_int_equal(rec.n, 3);
		assert_string_equal(rec.cells[2], "男");
		assert_true(rec.raw[rec.rawlen - 1] == '\n' || rec.raw[rec.rawlen - 1] == '\r');
		next_ok(r, &rec);
		assert_int_equal(rec.line, 6);
		assert_string_equal(rec.cells[0], "李四");
		assert_string_equal(rec.cells[2], "女");
		next_end(r);
		lb_reader_close(r);
	}
}

static void
t_unterminated_quote(void **state)
{
	struct lb_reader *r = open_text("姓名,身份证号,性别\n张三,1,男\n李四,2,\"女\n\n王五,3,男\n", NULL);
	struct lb_record rec;
	struct lb_err e;
	(void)state;
	next_ok(r, &rec);
	lb_err_clear(&e);
	assert_int_equal(lb_reader_next(r, &rec, &e), LB_EPARSE);
	assert_int_equal(e.line, 3);
	lb_reader_close(r);
}

static void
t_limits(void **state)
{
	struct lb_buf b = LB_BUF_INIT;
	struct lb_reader *r;
	struct lb_record rec;
	struct lb_err e;
	(void)state;
	lb_buf_adds(&b, "姓名,身份证号,性别\n张三,1,男\n");
	for (int i = 0; i <= LB_MAX_COLS; i++)
		lb_buf_adds(&b, "x,");
	lb_buf_adds(&b, "\n");
	r = open_ok(tmpfile_with(b.s, b.len, ".csv"), NULL);
	next_ok(r, &rec);
	lb_err_clear(&e);
	assert_int_equal(lb_reader_next(r, &rec, &e), LB_ELIMIT);
	assert_int_equal(e.line, 3);
	lb_reader_close(r);
	lb_buf_fini(&b);
}

/* ---- header shapes -------------------------------------------------------- */

static void
t_group_labels(void **state)
{
	const char *text =
		"留守儿童信息登记表\n"
		"序号,姓名,身份证号,父亲,,,母亲,,,监护人,,\n"
		",,,姓名,电话,务工地,姓名,电话,务工地,姓名,电话,关系\n"
		"1,张三,110105201503040012,张大,13800138000,广东,李二,13900139000,浙江,张爷,13700137000,爷爷\n"
		"序号,姓名,身份证号,父亲,,,母亲,,,监护人,,\n"
		",,,姓名,电话,务工地,姓名,电话,务工地,姓名,电话,关系\n";
	struct lb_reader *r = open_text(text, NULL);
	const struct lb_schema *s = lb_reader_schema(r);
	struct lb_record rec;
	long line = 0;
	(void)state;

	assert_int_equal(lb_reader_header_line(r), 3);
	assert_int_equal(notes(r, "group-labels", &line), 1);
	assert_int_equal(line, 2);
	assert_int_equal(notes(r, "title-row", &line), 1);
	assert_int_equal(line, 1);
	assert_int_equal(lb_reader_ncols(r), 12);
	assert_string_equal(lb_reader_colname(r, 3), "父亲姓名");
	assert_int_equal(field_of(r, 1), LB_FI(s, LB_R_NAME));
	assert_int_equal(field_of(r, 2), LB_FI(s, LB_R_CHILD_ID));
	assert_int_equal(field_of(r, 3), LB_FI(s, LB_R_FATHER_NAME));
	assert_int_equal(field_of(r, 4), LB_FI(s, LB_R_FATHER_PHONE));
	assert_int_equal(field_of(r, 5), LB_FI(s, LB_R_FATHER_WORK_PLACE));
	assert_int_equal(field_of(r, 6), LB_FI(s, LB_R_MOTHER_NAME));
	assert_int_equal(field_of(r, 8), LB_FI(s, LB_R_MOTHER_WORK_PLACE));
	assert_int_equal(field_of(r, 9), LB_FI(s, LB_R_GUARDIAN_NAME));
	assert_int_equal(field_of(r, 10), LB_FI(s, LB_R_GUARDIAN_PHONE));
	assert_int_equal(field_of(r, 11), LB_FI(s, LB_R_GUARDIAN_RELATION));
	next_ok(r, &rec);
	assert_int_equal(rec.line, 4);
	assert_string_equal(rec.cells[11], "爷爷");
	next_end(r);
	assert_int_equal(notes(r, "repeated-header", &line), 2);
	assert_int_equal(line, 5);
	lb_reader_close(r);
}

static void
t_repeated_header_footer(void **state)
{
	const char *text =
		"姓名,身份证号,性别,备注\n"
		"张三,1,男,\n"
		",,,\n"
		"姓名,身份证号,性别,备注\n"
		"李四,2,女,\n"
		"填表人：王老师,,审核人：李校长,\n"
		"合计：2人,,,\n";
	struct lb_reader *r = open_text(text, NULL);
	struct lb_record rec;
	long line = 0;
	(void)state;

	next_ok(r, &rec);
	assert_int_equal(rec.line, 2);
	next_ok(r, &rec);
	assert_int_equal(rec.line, 5);
	assert_string_equal(rec.cells[0], "李四");
	next_end(r);
	assert_int_equal(notes(r, "repeated-header", &line), 1);
	assert_int_equal(line, 4);
	assert_int_equal(notes(r, "footer", &line), 2);
	assert_int_equal(line, 6);
	lb_reader_close(r);
}

static void
t_dup_and_map(void **state)
{
	const char *text = "姓名,学生姓名,身份证号,性别,学号\n张三,张三丰,1,男,7\n";
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	struct lb_record rec;
	struct lb_err e;
	const char *maps[2];
	(void)state;

	assert_int_equal(open_fail(tmpfile_with(text, strlen(text), ".csv"), NULL, &e), LB_EHEADER);
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.msg, "'姓名' and '学生姓名' both map to field name"));
	assert_non_null(strstr(e.msg, "--map"));

	maps[0] = "学生姓名=notes";
	o.maps = maps;
	o.nmaps = 1;
	r = open_ok(tmppath, &o);
	assert_int_equal(field_of(r, 1), LB_FI(lb_reader_schema(r), LB_R_NOTES));
	next_ok(r, &rec);
	lb_reader_close(r);

	maps[0] = "学生姓名=";          /* keep as an extra column */
	r = open_ok(tmppath, &o);
	assert_int_equal(field_of(r, 1), -1);
	assert_int_equal(field_of(r, 0), LB_FI(lb_reader_schema(r), LB_R_NAME));
	lb_reader_close(r);

	maps[0] = "学生姓名=nickname";
	assert_int_equal(open_fail(tmppath, &o, &e), LB_EHEADER);
	assert_non_null(strstr(e.msg, "nickname"));

	maps[0] = "学生姓名";
	assert_int_equal(open_fail(tmppath, &o, &e), LB_EUSAGE);

	/* a map makes an unknown header a field, and counts towards the header */
	maps[0] = "学生名字=name";
	maps[1] = "IDNO=child_id";
	o.nmaps = 2;
	r = open_text("学生名字,idno,性别\n张三,1,男\n", &o);
	assert_int_equal(field_of(r, 0), LB_FI(lb_reader_schema(r), LB_R_NAME));
	assert_int_equal(field_of(r, 1), LB_FI(lb_reader_schema(r), LB_R_CHILD_ID));
	lb_reader_close(r);
}

static void
t_header_row_forced(void **state)
{
	const char *text = "姓名,身份证号,性别\n说明,x,y\n姓名,身份证号,性别,班级\n张三,1,男,3\n";
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	struct lb_record rec;
	struct lb_err e;
	(void)state;
	o.header_row = 3;
	r = open_ok(tmpfile_with(text, strlen(text), ".csv"), &o);
	assert_int_equal(lb_reader_header_line(r), 3);
	assert_int_equal(lb_reader_ncols(r), 4);
	assert_int_equal(notes(r, "title-row", NULL), 2);
	next_ok(r, &rec);
	assert_int_equal(rec.line, 4);
	next_end(r);
	lb_reader_close(r);
	o.header_row = 9;
	assert_int_equal(open_fail(tmppath, &o, &e), LB_EUSAGE);
}

static void
t_kind(void **state)
{
	const char *act = "日期,身份证号,姓名,活动类型,执行人,内容\n2025-09-03,1,张三,谈心,王老师,聊学习\n";
	const char *ros = "姓名,身份证号,学校,年级,班级\n张三,1,一小,3,2\n";
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	const struct lb_schema *s;
	struct lb_err e;
	(void)state;

	r = open_text(act, NULL);
	s = lb_reader_schema(r);
	assert_int_equal(lb_reader_kind(r), LB_KIND_ACTIVITY);
	assert_string_equal(s->name, "activity");
	assert_int_equal(field_of(r, 0), LB_FI(s, LB_A_DATE));
	assert_int_equal(field_of(r, 2), -1);               /* 姓名: extra in a log */
	assert_int_equal(field_of(r, 5), LB_FI(s, LB_A_SUMMARY));
	lb_reader_close(r);

	r = open_text(ros, NULL);
	assert_int_equal(lb_reader_kind(r), LB_KIND_ROSTER);
	lb_reader_close(r);

	/* 身份证号, 学校, 年级, 班级 are in both: a tie goes to the roster */
	r = open_text("身份证号,学校,年级,班级\n1,一小,3,2\n", NULL);
	assert_int_equal(lb_reader_kind(r), LB_KIND_ROSTER);
	lb_reader_close(r);
	o.kind = LB_KIND_ACTIVITY;
	r = open_text("身份证号,学校,年级,班级\n1,一小,3,2\n", &o);
	assert_int_equal(lb_reader_kind(r), LB_KIND_ACTIVITY);
	lb_reader_close(r);
	o.kind = LB_KIND_ROSTER;
	assert_int_equal(open_fail(tmpfile_with(act, strlen(act), ".csv"), &o, &e), LB_ENOTABLE);
}

/* ---- YAML ----------------------------------------------------------------- */

static void
t_yaml(void **state)
{
	const char *text =
		"# a roster\n"
		"- child_id: \"110105201503040012\"\n"
		"  姓名: 张三\n"
		"  gender: 男\n"
		"  座右铭: 画画\n"
		"\n"
		"- child_id: '110105201604050023'\n"
		"  gender: 女\n"
		"  姓名: |-\n"
		"    李\n"
		"    四\n"
		"  notes: ~\n";
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	const struct lb_schema *s;
	struct lb_record rec;
	size_t hl;
	(void)state;

	o.keep_raw = 1;
	r = open_ok(tmpfile_with(text, strlen(text), ".yaml"), &o);
	s = lb_reader_schema(r);
	assert_int_equal(lb_reader_format(r), LB_FMT_YAML);
	assert_int_equal(lb_reader_kind(r), LB_KIND_ROSTER);
	assert_int_equal(lb_reader_header_line(r), 0);
	assert_int_equal(lb_reader_ncols(r), 5);
	assert_string_equal(lb_reader_colname(r, 1), "姓名");
	assert_int_equal(field_of(r, 1), LB_FI(s, LB_R_NAME));
	assert_int_equal(field_of(r, 3), -1);
	assert_int_equal(field_of(r, 4), LB_FI(s, LB_R_NOTES));
	assert_int_equal(notes(r, "unknown-column", NULL), 1);
	assert_string_equal(lb_reader_header_raw(r, &hl), "# a roster\n");
	next_ok(r, &rec);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.n, 5);
	assert_string_equal(rec.cells[0], "110105201503040012");
	assert_string_equal(rec.cells[3], "画画");
	assert_string_equal(rec.cells[4], "");
	assert_int_equal(rec.rawlen, (size_t)(strstr(text, "- child_id: '") - strstr(text, "- child_id")));
	next_ok(r, &rec);
	assert_int_equal(rec.line, 7);
	assert_string_equal(rec.cells[1], "李\n四");
	assert_string_equal(rec.cells[2], "女");
	assert_string_equal(rec.cells[3], "");
	assert_string_equal(rec.cells[4], "");
	next_end(r);
	lb_reader_close(r);

	/* content decides when the name does not */
	{
		const char *t2 = "---\n- 日期: 2025-09-03\n  活动类型: 谈心\n  身份证号: '1'\n";
		r = open_ok(tmpfile_with(t2, strlen(t2), ".txt"), NULL);
	}
	assert_int_equal(lb_reader_format(r), LB_FMT_YAML);
	assert_int_equal(lb_reader_kind(r), LB_KIND_ACTIVITY);
	next_ok(r, &rec);
	assert_int_equal(rec.line, 2);
	lb_reader_close(r);
}

static void
t_yaml_bad(void **state)
{
	struct lb_err e;
	const char *alias = "- name: &x 张三\n  child_id: '1'\n  gender: 男\n- name: *x\n";
	const char *dup = "- name: 张三\n  child_id: '1'\n  name: 李四\n";
	const char *nest = "- name: 张三\n  child_id: [1, 2]\n";
	const char *map = "name: 张三\n";
	(void)state;
	assert_int_equal(open_fail(tmpfile_with(alias, strlen(alias), ".yaml"), NULL, &e), LB_EPARSE);
	assert_int_equal(e.line, 1);
	assert_int_equal(open_fail(tmpfile_with(dup, strlen(dup), ".yaml"), NULL, &e), LB_EPARSE);
	assert_int_equal(e.line, 3);
	assert_int_equal(open_fail(tmpfile_with(nest, strlen(nest), ".yaml"), NULL, &e), LB_EPARSE);
	assert_int_equal(e.line, 2);
	assert_int_equal(open_fail(tmpfile_with(map, strlen(map), ".yaml"), NULL, &e), LB_ENOTABLE);
	assert_int_equal(open_fail(tmpfile_with("- [\n", 4, ".yaml"), NULL, &e), LB_EPARSE);
}

/* ---- memory --------------------------------------------------------------- */

static long
maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Reading a 50 MB file streams: the peak memory must not grow with it. */
static void
t_streams(void **state)
{
	char path[64];
	FILE *fp;
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	struct lb_record rec;
	struct lb_err e;
	long before, n = 0;
	int rc;
	(void)state;

	snprintf(path, sizeof path, "/tmp/lb-reader-big-%ld.csv", (long)getpid());
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("姓名,身份证号,性别,现住址,备注\n", fp);
	for (long i = 0; ftell(fp) < 50L * 1000 * 1000; i++)
		fprintf(fp, "张三%ld,110105201503040012,男,某某县某某乡某某村%ld组,\"备注, 有逗号\"\n", i, i);
	assert_int_equal(fclose(fp), 0);

	before = maxrss_kb();
	o.keep_raw = 1;
	r = open_ok(path, &o);
	lb_err_clear(&e);
	while ((rc = lb_reader_next(r, &rec, &e)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_true(n > 500000);
	assert_true(lb_reader_bytes(r) >= 50000000ULL);
	lb_reader_close(r);
	unlink(path);
	if (maxrss_kb() - before > 16 * 1024)
		fail_msg("peak memory grew by %ld KiB reading a 50 MB file", maxrss_kb() - before);
}

/* ---- the decoded copy (lb-import reads each file once) ------------------- */

/* Everything a pass sees, as text: encoding, delimiter, header line,
 * columns, each record's line and cells, and the notes with their lines. */
static void
pass_text(struct lb_reader *r, struct lb_buf *t)
{
	struct lb_record rec;
	struct lb_err e;
	struct lb_diags *d;
	int rc;

	lb_buf_printf(t, "%s|%c|%ld|%zu\n", lb_reader_encoding(r), lb_reader_delim(r),
	              lb_reader_header_line(r), lb_reader_ncols(r));
	for (size_t i = 0; i < lb_reader_ncols(r); i++)
		lb_buf_printf(t, "[%s=%d]", lb_reader_colname(r, i), lb_reader_colfield(r, i));
	lb_err_clear(&e);
	do {
		rc = lb_reader_next(r, &rec, &e);
		d = lb_reader_notes(r);
		for (size_t i = 0; i < d->n; i++)
			lb_buf_printf(t, "note %s %ld\n", d->v[i].code, d->v[i].line);
		lb_diags_clear(d);
		if (rc == 1) {
			lb_buf_printf(t, "%ld:", rec.line);
			for (size_t i = 0; i < rec.n; i++)
				lb_buf_printf(t, "<%s>", rec.cells[i]);
			lb_buf_addc(t, '\n');
		}
	} while (rc == 1);
	lb_buf_printf(t, "end %d %ld %s\n", rc, rc < 0 ? e.line : 0L, rc < 0 ? e.msg : "");
}

/* Read file with a spill, then its copy as lb-import's second pass does;
 * both passes must see the same. Returns lb_reader_spilled. */
static int
spill_twice(const char *path, const char *want_enc)
{
	struct lb_reader_opts o = {0};
	struct lb_buf a = LB_BUF_INIT, b = LB_BUF_INIT;
	struct lb_reader *r;
	char copy[32], enc[32];
	int fd, spilled, delim;
	FILE *fp = tmpfile();

	assert_non_null(fp);
	fd = fileno(fp);
	o.spill = 1;
	o.spill_fd = fd;
	r = open_ok(path, &o);
	assert_string_equal(lb_reader_encoding(r), want_enc);
	pass_text(r, &a);
	spilled = lb_reader_spilled(r);
	snprintf(enc, sizeof enc, "%s", lb_reader_encoding(r));
	delim = lb_reader_delim(r);
	lb_reader_close(r);
	if (spilled) {
		memset(&o, 0, sizeof o);
		o.name = path;
		o.copy_encoding = enc;
		o.format = LB_FMT_CSV;
		o.delim = delim;
		snprintf(copy, sizeof copy, "/dev/fd/%d", fd);
		r = open_ok(copy, &o);
		assert_string_equal(lb_reader_name(r), path);
		pass_text(r, &b);
		lb_reader_close(r);
		assert_string_equal(lb_buf_str(&a), lb_buf_str(&b));
	}
	fclose(fp);
	lb_buf_fini(&a);
	lb_buf_fini(&b);
	return spilled;
}

static void
t_spill(void **state)
{
	struct lb_buf u = LB_BUF_INIT, g = LB_BUF_INIT;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	struct lb_reader_opts o = {0};
	struct lb_reader *r;
	char *ip, *op;
	size_t il, ol;
	(void)state;

	/* a title row, CRLF, a blank line, a cell with line breaks in quotes,
	 * a repeated header, a surplus cell, U+FEFF (a GB18030 BOM, EF BB BF
	 * once decoded: no BOM in the copy) in a cell, 200 KB (chunks),
	 * records that straddle them, a four-byte code; then an invalid byte */
	lb_buf_adds(&u, "\xef\xbb\xbf" "某县留守儿童花名册\r\n姓名;身份证号;性别;备注\r\n");
	for (int i = 0; i < 3000; i++) {
		lb_buf_printf(&u, "张三%d;110105201503040012;男;\"第一行; \xf0\xa0\x80\x80\r\n第二行\"\r\n", i);
		if (i % 700 == 0)
			lb_buf_adds(&u, "\r\n姓名;身份证号;性别;备注\r\n王五;1;女;多余;\xef\xbb\xbf\r\n");
	}
	assert_true(cd != (iconv_t)-1);
	lb_buf_reserve(&g, u.len * 2 + 16);
	ip = u.s; il = u.len; op = g.s; ol = u.len * 2;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	g.len = (size_t)(op - g.s);
	iconv_close(cd);
	assert_int_equal(spill_twice(tmpfile_with(g.s, g.len, ".csv"), "GB18030"), 1);
	/* UTF-8 with a BOM: the copy has none, and is named as the file */
	assert_int_equal(spill_twice(tmpfile_with(u.s + 3, u.len - 3, ".csv"), "UTF-8"), 1);
	assert_int_equal(spill_twice(tmpfile_with(u.s, u.len, ".csv"), "UTF-8 (BOM)"), 1);
	/* not read to its end: an invalid byte on the last line; no copy */
	lb_buf_adds(&g, "\xff\xff;1;2;3\n");
	assert_int_equal(spill_twice(tmpfile_with(g.s, g.len, ".csv"), "GB18030"), 0);
	/* YAML is not copied */
	const char *yaml = "- name: 张三\n  sex: 男\n";
	assert_int_equal(spill_twice(tmpfile_with(yaml, strlen(yaml), ".yaml"),
	                             "UTF-8"), 0);
	/* a copy that cannot be written (a descriptor open for reading) is
	 * no copy; the file is read as ever */
	o.spill = 1;
	o.spill_fd = open("/dev/null", O_RDONLY);
	r = open_ok(tmpfile_with(u.s, u.len, ".csv"), &o);
	while (lb_reader_next(r, &(struct lb_record){0}, &(struct lb_err){0}) == 1)
		;
	assert_int_equal(lb_reader_spilled(r), 0);
	lb_reader_close(r);
	close(o.spill_fd);
	lb_buf_fini(&u);
	lb_buf_fini(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_gb18030_title),
		cmocka_unit_test(t_gb18030_pipe),
		cmocka_unit_test(t_bom),
		cmocka_unit_test(t_utf16_binary_empty),
		cmocka_unit_test(t_no_header),
		cmocka_unit_test(t_late_invalid),
		cmocka_unit_test(t_late_invalid_gb),
		cmocka_unit_test(t_gb18030_fourbyte),
		cmocka_unit_test(t_spill),
		cmocka_unit_test(t_delimiters),
		cmocka_unit_test(t_quotes),
		cmocka_unit_test(t_line_ends),
		cmocka_unit_test(t_unterminated_quote),
		cmocka_unit_test(t_limits),
		cmocka_unit_test(t_group_labels),
		cmocka_unit_test(t_repeated_header_footer),
		cmocka_unit_test(t_dup_and_map),
		cmocka_unit_test(t_header_row_forced),
		cmocka_unit_test(t_kind),
		cmocka_unit_test(t_yaml),
		cmocka_unit_test(t_yaml_bad),
		cmocka_unit_test(t_streams),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(tmppath);
	return rc;
}
