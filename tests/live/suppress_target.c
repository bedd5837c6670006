/* The process -U hides in the live tests (tests/live/suppress.bats and the
 * guests' checks): its name (comm) is sup_target, and for SECONDS it keeps
 * starting a thread and a child.  The child execs this program again
 * through /proc/self/exe, so its comm becomes "exe": it is suppressed only
 * as a descendant.  Each one opens a path of its own that nothing else
 * opens (the open fails), so a capture shows whether any of them got
 * through:
 *
 *   sup_target SECONDS     the parent: /nonexistent/sup_parent_marker
 *   (thread)               /nonexistent/sup_thread_marker
 *   (child after exec)     /nonexistent/sup_child_marker */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void touch(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd >= 0)
		close(fd);
	(void)getppid();
}

static void *thread_main(void *arg)
{
	(void)arg;
	touch("/nonexistent/sup_thread_marker");
	return NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		touch("/nonexistent/sup_child_marker");
		return 0;
	}
	double secs = argc > 1 ? atof(argv[1]) : 2.0, end = now() + secs;
	while (now() < end) {
		touch("/nonexistent/sup_parent_marker");
		pthread_t t;
		if (pthread_create(&t, NULL, thread_main, NULL) == 0)
			pthread_join(t, NULL);
		pid_t pid = fork();
		if (pid == 0) {
			char *args[] = { argv[0], "child", NULL };
			execv("/proc/self/exe", args);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		usleep(20000);
	}
	return 0;
}
