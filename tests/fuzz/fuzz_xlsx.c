/* Fuzz target: the .xlsx reader (workbook.c through reader.c). An input that
 * is itself a zip archive (PK) is read as the workbook; any other input is
 * cut at "\n--\n" into the sheet XML, the shared strings and the styles,
 * which are packed with a fixed workbook.xml and relationships into a
 * workbook, so the mutations reach the XML handlers, not only the zip
 * checksums. Every record is read and normalised to the end. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "reader.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char WB[] =
	"<workbook xmlns:r=\"r\"><workbookPr date1904=\"0\"/><sheets>"
	"<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] =
	"<Relationships>"
	"<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"/xl/styles.xml\"/>"
	"</Relationships>";

static void
read_all(const char *path, const char *sheet)
{
	struct lb_reader_opts o = {0};
	struct lb_reader *r = NULL;
	struct lb_record rec;
	struct lb_err err;
	struct lb_strv extras = LB_STRV_INIT;
	struct lb_diags changes = {0};

	o.keep_raw = 1;
	o.sheet = sheet;
	if (lb_reader_open(&r, path, &o, &err) == 0) {
		struct lb_norm *nm = lb_norm_new(r, &extras);
		const char **cells;
		while (lb_reader_next(r, &rec, &err) > 0) {
			lb_norm_record(nm, &rec, 1, &cells, &changes);
			lb_diags_clear(&changes);
			lb_diags_clear(lb_reader_notes(r));
		}
		lb_norm_free(nm);
	}
	lb_reader_close(r);
	lb_strv_fini(&extras);
	lb_diags_fini(&changes);
}

static int
add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(z, p, n, 0);
	if (!s)
		return -1;
	if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	const char *parts[3] = {"", "", ""};
	size_t lens[3] = {0, 0, 0}, np = 0, start = 0;
	zip_t *z;
	int ze;

	if (!path[0])
		snprintf(path, sizeof path, "/tmp/lb-fuzz-xlsx.%ld.xlsx", (long)getpid());
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		FILE *fp = fopen(path, "wb");
		if (!fp)
			return 0;
		fwrite(data, 1, size, fp);
		fclose(fp);
		read_all(path, NULL);
		read_all(path, "2");
		unlink(path);
		return 0;
	}
	for (size_t i = 0; i + 4 <= size && np < 2; i++)
		if (!memcmp(data + i, "\n--\n", 4)) {
			parts[np] = (const char *)data + start;
			lens[np++] = i - start;
			start = i + 4;
			i += 3;
		}
	parts[np] = (const char *)data + start;
	lens[np] = size - start;
	unlink(path);
	if (!(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze)))
		return 0;
	if (add(z, "xl/workbook.xml", WB, sizeof WB - 1) < 0 ||
	    add(z, "xl/_rels/workbook.xml.rels", RELS, sizeof RELS - 1) < 0 ||
	    add(z, "xl/worksheets/sheet1.xml", parts[0], lens[0]) < 0 ||
	    (lens[1] && add(z, "xl/sharedStrings.xml", parts[1], lens[1]) < 0) ||
	    (lens[2] && add(z, "xl/styles.xml", parts[2], lens[2]) < 0) || zip_close(z) < 0) {
		zip_discard(z);
		unlink(path);
		return 0;
	}
	read_all(path, NULL);
	unlink(path);
	return 0;
}
