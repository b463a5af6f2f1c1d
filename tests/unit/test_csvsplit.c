/* Unit tests: libcore/csvsplit.c, the reader's own unquoting of quoted
 * records, against libcsv (the reader with lb_csv_reference set, which
 * sends every record with a quoted field through libcsv as before): the
 * same records, cells, line numbers, raw bytes and errors, on directed and
 * random inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsplit.h"
#include "reader.h"
#include "util.h"
#include "scratch.h"

/* Everything a read of path gives, as text: the open's result, each
 * record (line, cells, raw bytes), the error that ends it. */
static void
read_all(const char *path, int delim, int reference, struct lb_buf *out)
{
	struct lb_reader_opts o = {0};
	struct lb_reader *r = NULL;
	struct lb_record rec;
	struct lb_err e;
	int rc;

	lb_csv_reference = reference;
	o.keep_raw = 1;
	o.delim = delim;
	lb_buf_clear(out);
	lb_err_clear(&e);
	rc = lb_reader_open(&r, path, &o, &e);
	lb_buf_printf(out, "open %d %ld %s\n", rc, e.line, e.msg);
	if (rc == 0) {
		size_t hl;
		const char *h = lb_reader_header_raw(r, &hl);
		lb_buf_printf(out, "header %ld %zu ", lb_reader_header_line(r), lb_reader_ncols(r));
		lb_buf_add(out, h, hl);
		while ((rc = lb_reader_next(r, &rec, &e)) == 1) {
			lb_buf_printf(out, "\x1e%ld %zu", rec.line, rec.n);
			for (size_t i = 0; i < rec.n; i++) {
				lb_buf_addc(out, 0x1f);
				lb_buf_adds(out, rec.cells[i]);
			}
			lb_buf_addc(out, 0x1d);
			lb_buf_add(out, rec.raw, rec.rawlen);
		}
		lb_buf_printf(out, "\nend %d %ld %s\n", rc, rc < 0 ? e.line : 0L, rc < 0 ? e.msg : "");
	}
	lb_reader_close(r);
	lb_csv_reference = 0;
}

static unsigned long nrecords;

static void
same_as_libcsv(const char *path, int delim)
{
	struct lb_buf a = LB_BUF_INIT, b = LB_BUF_INIT;
	read_all(path, delim, 1, &a);
	read_all(path, delim, 0, &b);
	if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0) {
		size_t k = 0;
		while (k < a.len && k < b.len && a.s[k] == b.s[k])
			k++;
		fail_msg("%s: differs at byte %zu:\nlibcsv: %.200s\nlb:     %.200s", path, k,
		         a.s + (k > 40 ? k - 40 : 0), b.s + (k > 40 ? k - 40 : 0));
	}
	for (size_t k = 0; k < a.len; k++)
		nrecords += a.s[k] == 0x1e;
	lb_buf_fini(&a);
	lb_buf_fini(&b);
}

static const char HEAD[] = "姓名,身份证号,性别,备注,家庭住址\r\n";

static void
t_directed(void **state)
{
	static const char *const bodies[] = {
		"\"张,三\",1,男,\"他说\"\"你好\"\"\",x\r\n",
		"李四,2,女,\"第一行\r\n第二行\n第三行\r\",\"a\"\"\"\r\n",
		"\"\",\"\"\"\",\"\"\"\"\"\",\"a\"b\",\"a\"\"b\"\n",
		"\"ab\"cd,ef\"\n,x,\"y\"\n",               /* a quote followed by text */
		"a\"b,\"c\"\"\",d\"\"e,\"\"\"f\"\r\n",
		"\"a\",b,c\"\r\"d,e\r\"x\"\r\n",
		"\"unclosed,1,2\n3,4\n",
		"x,\"y\"\r\n\"last\",\"no line end\"",
		"x,\"y\"\r\n\"last\",\"no line end\"\"\"",
		"\"a\nb\",2\r\n\r\n\n\"c\",3\n",
		"\"\r\n\",\"\r\",\"\n\",\"\n\r\"\n",
		"  \"spaces\"  ,\" x \" ,y\n",
	};
	char name[32];
	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		struct lb_buf t = LB_BUF_INIT;
		lb_buf_adds(&t, HEAD);
		lb_buf_adds(&t, bodies[i]);
		snprintf(name, sizeof name, "d%zu.csv", i);
		same_as_libcsv(scratch_file(name, t.s), 0);
		lb_buf_fini(&t);
	}
}

/* The limits: a quoted record with too many cells, with a cell too large,
 * and with both (the large cell wins, as in libcsv). */
static void
t_limits(void **state)
{
	struct lb_buf t = LB_BUF_INIT;
	(void)state;
	for (int v = 0; v < 4; v++) {
		lb_buf_clear(&t);
		lb_buf_adds(&t, HEAD);
		lb_buf_adds(&t, "a,\"b\",c\n");
		if (v & 1)
			for (int k = 0; k < LB_MAX_COLS + 10; k++)
				lb_buf_adds(&t, k % 7 ? "x," : "\"y\",");
		else
			lb_buf_adds(&t, "\"q\",");
		if (v & 2) {
			lb_buf_addc(&t, '"');
			for (size_t k = 0; k < LB_MAX_FIELD / 2 + 10; k++)
				lb_buf_adds(&t, k % 1000 ? "a" : "\"\"");
			for (size_t k = 0; k < LB_MAX_FIELD / 2; k++)
				lb_buf_adds(&t, "b");
			lb_buf_addc(&t, '"');
		} else {
			lb_buf_adds(&t, "z");
		}
		lb_buf_adds(&t, ",\"tail\"\nnext,\"row\"\n");
		same_as_libcsv(scratch_file("limits.csv", t.s), 0);
	}
	/* exactly at the limit after unquoting: allowed in both */
	lb_buf_clear(&t);
	lb_buf_adds(&t, HEAD);
	lb_buf_adds(&t, "\"");
	for (size_t k = 0; k < LB_MAX_FIELD - 1; k++)
		lb_buf_addc(&t, 'a');
	lb_buf_adds(&t, "\"\"\",b\n");
	same_as_libcsv(scratch_file("limit.csv", t.s), 0);
	lb_buf_fini(&t);
}

/* ---- random ---- */

static uint64_t rs = 0x9e3779b97f4a7c15ull;

static unsigned
rn(unsigned n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (unsigned)((rs >> 32) % n);
}

static void
random_cell(struct lb_buf *t, char delim, int soup)
{
	static const char *const plain[] = {"a", "张三", "1", " ", "近视", "x\"y", "", "马",
		"2015-03-04", "\xe3\x80\x80", ";", "|", "\t"};
	static const char *const inq[] = {"a", "中", ",", ";", "\t", "|", "\"\"", "\r\n", "\n",
		"\r", " ", "患有高血压", "\"\"\"\""};
	static const char *const junk[] = {",", "\"", "\"\"", "\r", "\n", "\r\n", "a", "中文",
		" ", ";", "\t", "|", "\"a\"", "\",\""};
	unsigned k = rn(soup ? 8 : 3);
	if (soup) {
		for (unsigned j = rn(6); j > 0; j--)
			lb_buf_adds(t, junk[rn(sizeof junk / sizeof *junk)]);
		return;
	}
	if (k == 0) {            /* quoted */
		lb_buf_addc(t, '"');
		for (unsigned j = rn(8); j > 0; j--)
			lb_buf_adds(t, inq[rn(sizeof inq / sizeof *inq)]);
		if (rn(20) == 0) {       /* a quote followed by text: stays inside */
			lb_buf_adds(t, "\"x");
			lb_buf_adds(t, inq[rn(sizeof inq / sizeof *inq)]);
		}
		lb_buf_addc(t, '"');
	} else {
		for (unsigned j = rn(4); j > 0; j--) {
			const char *p = plain[rn(sizeof plain / sizeof *plain)];
			if (*p == delim)
				p = "b";
			if (t->len > 0 && t->s[t->len - 1] == delim && *p == '"')
				p = "c";
			lb_buf_adds(t, p);
		}
	}
}

static void
random_file(struct lb_buf *t, char delim, unsigned records)
{
	static const char *const ends[] = {"\n", "\r\n", "\r\n", "\r"};
	const char *end = ends[rn(4)];
	lb_buf_clear(t);
	if (rn(3) == 0) {
		lb_buf_adds(t, "2025年秋季学期留守儿童信息表");
		lb_buf_adds(t, end);
	}
	for (const char *h = "姓名,身份证号,性别,备注,家庭住址"; *h; h++)
		lb_buf_addc(t, *h == ',' ? delim : *h);
	lb_buf_adds(t, end);
	for (unsigned i = 0; i < records; i++) {
		int soup = rn(10) == 0;
		unsigned cells = 1 + rn(7);
		if (rn(30) == 0) {       /* a blank line */
			lb_buf_adds(t, end);
			continue;
		}
		for (unsigned c = 0; c < cells; c++) {
			if (c)
				lb_buf_addc(t, delim);
			random_cell(t, delim, soup);
		}
		if (i + 1 < records || rn(2))
			lb_buf_adds(t, rn(10) ? end : ends[rn(4)]);
	}
}

static void
t_random(void **state)
{
	static const char delims[] = {',', ',', ',', ';', '\t', '|'};
	struct lb_buf t = LB_BUF_INIT;
	(void)state;
	for (int round = 0; round < 400; round++) {
		char d = delims[rn(sizeof delims)];
		random_file(&t, d, 1 + rn(120));
		same_as_libcsv(scratch_file("random.csv", t.s), rn(4) ? d : 0);   /* or sniffed */
	}
	/* larger than the reader's 64 KiB chunks and its batches */
	for (int round = 0; round < 6; round++) {
		random_file(&t, ',', 6000);
		same_as_libcsv(scratch_file("big.csv", t.s), 0);
	}
	lb_buf_fini(&t);
	if (nrecords < 20000)
		fail_msg("only %lu records compared", nrecords);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_directed),
		cmocka_unit_test(t_limits),
		cmocka_unit_test(t_random),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
