/*
 * csvcount — the floor of the parser lb uses: libcsv reading a file in 64 KiB
 * chunks and counting fields and records, nothing else.  Options as lb sets
 * them (libcore/README.md, the reader): CSV_APPEND_NULL | CSV_REPALL_NL and a space function that
 * treats no character as space.
 *
 *   csvcount FILE...     prints "RECORDS FIELDS BYTES" for all files together
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

struct counts { unsigned long long fields, records, mark; };

static void on_field(void *s, size_t n, void *data)
{
	(void)s;
	(void)n;
	((struct counts *)data)->fields++;
}

/* Under CSV_REPALL_NL every line end calls this: a record is a row with
 * at least one field, so blank lines are not counted. */
static void on_record(int c, void *data)
{
	struct counts *k = data;
	(void)c;
	if (k->fields != k->mark) {
		k->records++;
		k->mark = k->fields;
	}
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct counts k = {0, 0, 0};
	unsigned long long bytes = 0;
	int st = 0;

	for (int i = 1; i < argc; i++) {
		struct csv_parser p;
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "rb") : stdin;
		if (!f) {
			fprintf(stderr, "csvcount: %s: %s\n", argv[i], strerror(errno));
			st = 2;
			continue;
		}
		if (csv_init(&p, CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
			fprintf(stderr, "csvcount: out of memory\n");
			return 2;
		}
		csv_set_space_func(&p, no_space);
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
			bytes += n;
			if (csv_parse(&p, buf, n, on_field, on_record, &k) != n) {
				fprintf(stderr, "csvcount: %s: %s\n", argv[i],
					csv_strerror(csv_error(&p)));
				st = 2;
				break;
			}
		}
		if (ferror(f)) {
			fprintf(stderr, "csvcount: %s: read error\n", argv[i]);
			st = 2;
		}
		csv_fini(&p, on_field, on_record, &k);
		csv_free(&p);
		if (f != stdin)
			fclose(f);
	}
	printf("%llu %llu %llu\n", k.records, k.fields, bytes);
	return st;
}
