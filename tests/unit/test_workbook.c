/* Unit tests: libcore/workbook.c (reading a sheet) and libcore/xlsxw.c
 * (writing one). The workbooks are packed here with libzip from XML text,
 * so each test shows the exact cells it reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "scratch.h"
#include "util.h"
#include "workbook.h"
#include "xlsxw.h"

static const char WB[] =
	"<workbook xmlns:r=\"r\"><workbookPr%s/><sheets>"
	"<sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\"Two\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char RELS[] =
	"<Relationships>"
	"<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"x/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"x/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";
static const char SST[] =
	"<sst><si><t>姓名</t></si><si><r><t>张</t></r><r><t>一</t></r><rPh><t>zhang</t></rPh></si></sst>";
static const char STYLES[] =
	"<styleSheet><numFmts><numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
	"<numFmt numFmtId=\"177\" formatCode=\"0.00&quot;d&quot;\"/></numFmts>"
	"<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"176\"/><xf numFmtId=\"177\"/></cellXfs></styleSheet>";

static void
add(zip_t *z, const char *name, const char *text)
{
	zip_source_t *s = zip_source_buffer(z, lb_xstrdup(text), strlen(text), 1);
	assert_non_null(s);
	assert_true(zip_file_add(z, name, s, ZIP_FL_OVERWRITE) >= 0);
}

/* A workbook whose first sheet is sheet1 (and second "Two"). */
static const char *
book(const char *name, const char *sheet1, int date1904)
{
	static char path[160];
	char wb[512];
	zip_t *z;
	int ze;
	snprintf(path, sizeof path, "%s/%s", scratch_dir, name);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	snprintf(wb, sizeof wb, WB, date1904 ? " date1904=\"1\"" : "");
	add(z, "xl/workbook.xml", wb);
	add(z, "xl/_rels/workbook.xml.rels", RELS);
	add(z, "xl/sharedStrings.xml", SST);
	add(z, "xl/styles.xml", STYLES);
	add(z, "xl/worksheets/sheet1.xml", sheet1);
	add(z, "xl/worksheets/sheet2.xml",
	    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>two</t></is></c></row></sheetData></worksheet>");
	assert_int_equal(zip_close(z), 0);
	return path;
}

static struct lb_sheet *
open_ok(const char *path, const char *sheet)
{
	struct lb_sheet *s = NULL;
	struct lb_err e;
	unsigned char head[8];
	FILE *fp = fopen(path, "rb");
	size_t n;
	assert_non_null(fp);
	n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	assert_int_equal(lb_wb_sniff(head, n), LB_WB_XLSX);
	lb_err_clear(&e);
	if (lb_sheet_open(&s, LB_WB_XLSX, path, NULL, head, n, sheet, "t.xlsx", &e) < 0)
		fail_msg("%s: %s", e.file, e.msg);
	return s;
}

/* The next row as "line: a|b|c". */
static const char *
row(struct lb_sheet *s)
{
	static char buf[1024];
	const char *const *c;
	size_t n;
	long line;
	struct lb_err e;
	int rc = lb_sheet_next(s, &line, &c, &n, &e);
	if (rc < 0)
		fail_msg("%s", e.msg);
	if (rc == 0)
		return "end";
	snprintf(buf, sizeof buf, "%ld:", line);
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "|" : " ", c[i]);
	return buf;
}

static void
t_sniff(void **state)
{
	(void)state;
	assert_int_equal(lb_wb_sniff((const unsigned char *)"PK\3\4xx", 6), LB_WB_XLSX);
	assert_int_equal(lb_wb_sniff((const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), LB_WB_XLS);
	assert_int_equal(lb_wb_sniff((const unsigned char *)"a,b,c\n", 6), LB_WB_NONE);
	assert_int_equal(lb_wb_sniff((const unsigned char *)"PK", 2), LB_WB_NONE);
}

static void
t_cells(void **state)
{
	(void)state;
	struct lb_sheet *s = open_ok(book("cells.xlsx",
		"<worksheet><sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
		/* numbers as written; 10^15 and more in spreadsheet notation */
		"<row r=\"3\"><c r=\"A3\"><v>13812345678</v></c><c r=\"B3\"><v>3.5</v></c>"
		"<c r=\"C3\"><v>0.30000000000000004</v></c><c r=\"D3\"><v>999999999999999</v></c>"
		"<c r=\"E3\"><v>6.2292119900101101E+17</v></c><c r=\"F3\"><v>-2</v></c></row>"
		/* dates: a built-in format, a Chinese custom one, a number format with "d" in quotes */
		"<row r=\"4\"><c r=\"A4\" s=\"1\"><v>42067</v></c><c r=\"B4\" s=\"2\"><v>45908.75</v></c>"
		"<c r=\"C4\" s=\"3\"><v>2.5</v></c><c r=\"D4\" s=\"1\"><v>59</v></c><c r=\"E4\" s=\"1\"><v>60</v></c></row>"
		/* booleans, errors, formulas' results, inline strings, a bad index, no r= */
		"<row r=\"5\"><c t=\"b\"><v>1</v></c><c t=\"b\"><v>0</v></c><c t=\"e\"><v>#N/A</v></c>"
		"<c t=\"str\"><f>A1&amp;B1</f><v>x&lt;y</v></c><c t=\"inlineStr\"><is><t xml:space=\"preserve\"> a </t></is></c>"
		"<c t=\"s\"><v>99</v></c><c t=\"d\"><v>2024-09-01T00:00:00</v></c></row>"
		"</sheetData></worksheet>", 0), NULL);
	assert_string_equal(lb_sheet_name(s), "名单");
	assert_string_equal(row(s), "1: 姓名||张一");
	assert_string_equal(row(s), "3: 13812345678|3.5|0.3|999999999999999|6.22921199001011E+17|-2");
	assert_string_equal(row(s), "4: 2015-03-04|2025-09-08|2.5|1900-02-28|60");
	assert_string_equal(row(s), "5: TRUE|FALSE|#N/A|x<y| a ||2024-09-01");
	assert_string_equal(row(s), "end");
	lb_sheet_close(s);
}

static void
t_date1904_and_sheets(void **state)
{
	(void)state;
	const char *p = book("d1904.xlsx",
		"<worksheet><sheetData><row r=\"2\"><c r=\"A2\" s=\"1\"><v>0</v></c><c r=\"B2\" s=\"1\"><v>1</v></c></row>"
		"</sheetData></worksheet>", 1);
	struct lb_sheet *s = open_ok(p, NULL);
	assert_string_equal(row(s), "2: 1904-01-01|1904-01-02");
	lb_sheet_close(s);
	s = open_ok(p, "Two");
	assert_string_equal(row(s), "1: two");
	lb_sheet_close(s);
	s = open_ok(p, "2");
	assert_string_equal(row(s), "1: two");
	lb_sheet_close(s);
	{
		struct lb_sheet *t = NULL;
		struct lb_err e;
		lb_err_clear(&e);
		assert_int_equal(lb_sheet_open(&t, LB_WB_XLSX, p, NULL, NULL, 0, "3", "t.xlsx", &e), LB_EUSAGE);
		assert_null(t);
		assert_non_null(strstr(e.msg, "名单, Two"));
	}
}

/* The default is the first visible sheet (a template's hidden list first). */
static void
t_hidden_first(void **state)
{
	(void)state;
	static char path[160];
	zip_t *z;
	int ze;
	snprintf(path, sizeof path, "%s/hidden.xlsx", scratch_dir);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	add(z, "xl/workbook.xml", "<workbook xmlns:r=\"r\"><sheets>"
	    "<sheet name=\"lists\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
	    "<sheet name=\"roster\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>");
	add(z, "xl/_rels/workbook.xml.rels", RELS);
	add(z, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>男</t></is></c></row></sheetData></worksheet>");
	add(z, "xl/worksheets/sheet2.xml", "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>姓名</t></is></c></row></sheetData></worksheet>");
	assert_int_equal(zip_close(z), 0);
	struct lb_sheet *s = open_ok(path, NULL);
	assert_string_equal(lb_sheet_name(s), "roster");
	assert_string_equal(row(s), "1: 姓名");
	lb_sheet_close(s);
	s = open_ok(path, "1");
	assert_string_equal(row(s), "1: 男");
	lb_sheet_close(s);
}

static void
t_merges(void **state)
{
	(void)state;
	/* A2:A5 merged (rows 3 and 5 not written at all), B2:C2 across,
	 * D7:D8 below the last written row, A9 written but empty */
	struct lb_sheet *s = open_ok(book("merge.xlsx",
		"<worksheet><sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>年级</t></is></c></row>"
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>四年级</t></is></c>"
		"<c r=\"B2\" t=\"inlineStr\"><is><t>1班</t></is></c><c r=\"C2\"/></row>"
		"<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
		"<row r=\"7\"><c r=\"D7\"><v>9</v></c></row>"
		"<row r=\"8\"><c r=\"D8\" s=\"1\"/></row>"
		"</sheetData><mergeCells count=\"3\"><mergeCell ref=\"A2:A5\"/>"
		"<mergeCell  ref='B2:C2' /><mergeCell ref=\"D7:D8\"/></mergeCells></worksheet>", 0), NULL);
	assert_string_equal(row(s), "1: 年级");
	assert_string_equal(row(s), "2: 四年级|1班|1班");
	/* rows 3, 5 and 8 hold nothing of their own: blank, not records */
	assert_string_equal(row(s), "4: 四年级|x");
	assert_string_equal(row(s), "7: |||9");
	assert_string_equal(row(s), "end");
	lb_sheet_close(s);
}

static void
t_write_read_back(void **state)
{
	(void)state;
	static const char *const cols[] = {"child_id", "birth_date", "grade", "father_phone", "notes"};
	static const char *const r1[] = {"622901201503040017", "2015-03-04", "4", "13812345678", "=1+1"};
	static const char *const r2[] = {"62290120150304001X", "2015-02-30", "04", "0930-6212345", NULL};
	char path[160];
	FILE *fp;
	struct lb_xw *x = lb_xw_new(lb_xw_time_of_day(20000));
	assert_non_null(x);
	assert_int_equal(lb_xw_sheet(x, "a/b:c", cols, 5), 0);
	assert_int_equal(lb_xw_row(x, r1), 0);
	assert_int_equal(lb_xw_row(x, r2), 0);
	snprintf(path, sizeof path, "%s/w.xlsx", scratch_dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(lb_xw_end(x, fp), 0);
	assert_int_equal(fclose(fp), 0);
	struct lb_sheet *s = open_ok(path, "a_b_c");
	assert_string_equal(row(s), "1: child_id|birth_date|grade|father_phone|notes");
	/* ids and phones as text, a valid date as a date cell read back as the
	 * date, a number as a number, a formula-like text as text */
	assert_string_equal(row(s), "2: 622901201503040017|2015-03-04|4|13812345678|=1+1");
	assert_string_equal(row(s), "3: 62290120150304001X|2015-02-30|04|0930-6212345");
	assert_string_equal(row(s), "end");
	lb_sheet_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_sniff),
		cmocka_unit_test(t_cells),
		cmocka_unit_test(t_date1904_and_sheets),
		cmocka_unit_test(t_hidden_first),
		cmocka_unit_test(t_merges),
		cmocka_unit_test(t_write_read_back),
	};
	(void)scratch_file;
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
