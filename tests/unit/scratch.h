/*
 * scratch.h — a scratch folder for unit tests that need files: include it
 * after <cmocka.h>, pass scratch_setup/scratch_teardown to
 * cmocka_run_group_tests, and write inputs with scratch_file(name, text)
 * (the last eight paths stay valid).
 */
#ifndef LB_TEST_SCRATCH_H
#define LB_TEST_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char scratch_dir[64];

static int
scratch_setup(void **state)
{
	(void)state;
	strcpy(scratch_dir, "/tmp/lb-test.XXXXXX");
	return mkdtemp(scratch_dir) ? 0 : -1;
}

static int
scratch_teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *
scratch_file(const char *name, const char *text)
{
	static char path[8][128];
	static int k;
	char *p = path[k++ % 8];
	FILE *fp;

	snprintf(p, sizeof path[0], "%s/%s", scratch_dir, name);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return p;
}

#endif
