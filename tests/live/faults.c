/* live_faults: known page faults and writes to /dev/null, for the live
 * tests of --page-faults and -T (tests/live/faults.bats, and the qemu
 * guests' checks in tests/kmod/guest-checks.sh).
 *
 *   live_faults pages N    map N fresh anonymous pages, write a byte to
 *                          each (N write faults), then map one more page
 *                          and only read it (one read fault), and one
 *                          more that read(2) fills from /dev/zero (a
 *                          fault in kernel mode); prints
 *                          "tid TID start 0xSTART end 0xEND",
 *                          "read 0xADDR" (the read-only page) and
 *                          "kernel 0xADDR" (the page read(2) wrote)
 *   live_faults devnull FILE
 *                          write the same 3000 bytes to /dev/null with
 *                          write, pwrite64 and writev, then with write to
 *                          FILE (a regular file)
 *
 * Its name (live_faults, under 16 characters) is what the tests filter on
 * (proc.name=live_faults).  A short pause before the work lets a capture
 * that has just attached see all of it. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#define BUF_LEN 3000

static int pages(long n)
{
	long page = sysconf(_SC_PAGESIZE);
	if (n <= 0 || n > 4096) {
		fprintf(stderr, "live_faults: pages takes 1 to 4096\n");
		return 2;
	}
	volatile unsigned char *p = mmap(NULL, (size_t)(n * page), PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile unsigned char *r = mmap(NULL, (size_t)page, PROT_READ,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *k = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	if (p == MAP_FAILED || r == MAP_FAILED || k == MAP_FAILED || zero < 0) {
		perror("live_faults: mmap");
		return 1;
	}
	/* Each first touch of a page of a fresh private mapping faults: a
	 * write to a page not present. */
	for (long i = 0; i < n; i++)
		p[i * page + 8] = (unsigned char)i;
	/* A read of a page never written: a read fault on a page not present
	 * (the zero page is mapped in). */
	unsigned char sum = r[16];
	/* The kernel writes into a page not present: a supervisor fault. */
	if (read(zero, k + 32, 64) != 64) {
		perror("live_faults: read");
		return 1;
	}
	close(zero);
	printf("tid %d start %p end %p\nread %p\nkernel %p\nsum %u\n", gettid(), (void *)p,
	       (void *)(p + n * page), (void *)(r + 16), (void *)(k + 32), sum);
	return 0;
}

static int devnull(const char *path)
{
	static char buf[BUF_LEN];
	for (int i = 0; i < BUF_LEN; i++)
		buf[i] = (char)('a' + i % 26);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	int file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (null < 0 || file < 0) {
		perror("live_faults: open");
		return 1;
	}
	struct iovec iov[2] = { { buf, 1000 }, { buf + 1000, BUF_LEN - 1000 } };
	if (write(null, buf, BUF_LEN) != BUF_LEN || pwrite(null, buf, BUF_LEN, 0) != BUF_LEN ||
	    writev(null, iov, 2) != BUF_LEN || write(file, buf, BUF_LEN) != BUF_LEN) {
		perror("live_faults: write");
		return 1;
	}
	close(file);
	close(null);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: live_faults pages N | devnull FILE\n");
		return 2;
	}
	usleep(100 * 1000);
	if (strcmp(argv[1], "pages") == 0)
		return pages(strtol(argv[2], NULL, 10));
	if (strcmp(argv[1], "devnull") == 0)
		return devnull(argv[2]);
	fprintf(stderr, "live_faults: unknown mode '%s'\n", argv[1]);
	return 2;
}
