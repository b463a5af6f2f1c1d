/*
 * runstat — run a command and print what it cost, for tests/bench/run.sh:
 *
 *   runstat [-i IN] [-o OUT] -- COMMAND [ARG]...
 *
 * Standard input and output of COMMAND are redirected to IN and OUT when given.
 * Prints one line to standard error:  "WALL_S CPU_S MAXRSS_KB STATUS"  where
 * WALL_S is the elapsed time (CLOCK_MONOTONIC), CPU_S user + system time,
 * MAXRSS_KB the peak resident set of the command (wait4's ru_maxrss) and
 * STATUS its exit status (128+N when killed by signal N).  runstat itself
 * exits 0 unless it could not run the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0644);
	if (f < 0) {
		fprintf(stderr, "runstat: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	dup2(f, fd);
	close(f);
}

int main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	int c;
	while ((c = getopt(argc, argv, "+i:o:")) != -1) {
		switch (c) {
		case 'i': in = optarg; break;
		case 'o': out = optarg; break;
		default:
			fprintf(stderr, "usage: runstat [-i IN] [-o OUT] -- COMMAND [ARG]...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: runstat [-i IN] [-o OUT] -- COMMAND [ARG]...\n");
		return 2;
	}
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 2;
	}
	if (pid == 0) {
		if (in)
			redirect(in, 0, O_RDONLY);
		if (out)
			redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "runstat: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("runstat: wait4");
			return 2;
		}
	}
	double wall = now() - t0;
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6
		+ (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	fprintf(stderr, "%.3f %.3f %ld %d\n", wall, cpu, ru.ru_maxrss, code);
	return 0;
}
