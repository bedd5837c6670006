/* empty_loader OBJECT: load a BPF object file, attach all its programs, say
 * "ready" on stdout, then hold them until a SIGINT or SIGTERM arrives.
 * bench/overhead.sh uses it for its empty-program floor. */
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define MAX_LINKS 8

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: empty_loader OBJECT.bpf.o\n", stderr);
		return 2;
	}
	libbpf_set_print(NULL);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "empty_loader: cannot open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	struct bpf_link *links[MAX_LINKS];
	int nlinks = 0, status = 1;
	if (bpf_object__load(obj) != 0) {
		fprintf(stderr, "empty_loader: cannot load %s: %s\n", argv[1], strerror(errno));
		goto out;
	}
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) {
		if (nlinks == MAX_LINKS) {
			fputs("empty_loader: too many programs\n", stderr);
			goto out;
		}
		links[nlinks] = bpf_program__attach(prog);
		if (!links[nlinks]) {
			fprintf(stderr, "empty_loader: cannot attach %s: %s\n",
				bpf_program__name(prog), strerror(errno));
			goto out;
		}
		nlinks++;
	}
	/* Held until a signal: overhead.sh starts tracers with stdin from
	 * /dev/null, so waiting for the end of stdin would detach at once.
	 * The signals stay blocked except inside sigsuspend, so one that
	 * arrives before it is not lost. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	puts("ready");
	fflush(stdout);
	while (!stop)
		sigsuspend(&old);
	status = 0;
out:
	while (nlinks > 0)
		bpf_link__destroy(links[--nlinks]);
	bpf_object__close(obj);
	return status;
}
