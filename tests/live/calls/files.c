/* Cases: files and paths (calls.h explains the cases). */
#include "calls.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void case_openat(void)
{
	char path[CALLS_PATH];
	path_of(path, "openat");
	struct stat st;
	/* PPM flags: O_TRUNC 0x100 | O_CREAT 0x4 | O_RDWR 0x3. */
	long fd = must(syscall(SYS_openat, AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0640),
		       "openat");
	if (syscall(SYS_fstat, fd, &st) != 0)
		die("fstat");
	/* The fstat above is a call too. */
	expect("openat", "openat",
	       "fd=%ld(<f>%s)\tdirfd=-100(AT_FDCWD)\tname=%s\tflags=263(O_TRUNC|O_CREAT|O_RDWR)"
	       "\tmode=0640\tdev=%lX\tino=%lu\t@fd=%s",
	       fd, path, path, scap_dev(st.st_dev), (unsigned long)st.st_ino, path);
	note_call("fstat", "res=0");
	must(syscall(SYS_close, fd), "close");
	note_call("close", "res=0");
}

const struct call_case file_cases[] = {
	{"openat", case_openat},
	{0},
};
