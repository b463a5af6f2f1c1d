/* Fuzz target: the table reader (encoding detection, delimiter sniffing,
 * header detection, libcsv, YAML data), record by record to the end, and
 * the canonical mapping and normalisation of each record. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "reader.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(const char *path, enum lb_format fmt, const char *enc)
{
	struct lb_reader_opts o = {0};
	struct lb_reader *r = NULL;
	struct lb_record rec;
	struct lb_err err;
	struct lb_strv extras = LB_STRV_INIT;
	struct lb_diags changes = {0};

	o.format = fmt;
	o.encoding = enc;
	o.keep_raw = 1;
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	FILE *fp;

	if (!path[0])
		snprintf(path, sizeof path, "/tmp/lb-fuzz-reader.%ld", (long)getpid());
	fp = fopen(path, "wb");
	if (!fp)
		return 0;
	fwrite(data, 1, size, fp);
	fclose(fp);
	read_all(path, LB_FMT_AUTO, NULL);
	read_all(path, LB_FMT_CSV, "gb18030");
	read_all(path, LB_FMT_YAML, NULL);
	unlink(path);
	return 0;
}
