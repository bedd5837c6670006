/* Parameter rendering: one check per type and per buffer mode, against the
 * text sysdig prints for the same bytes. */
#include "check.h"
#include "replay_helper.h"

#define T0 1700000000000000000ull

static char *one_event(uint16_t type, unsigned n, const struct pval *pv, const struct render_opts *ro)
{
	static struct bytes f;
	f.len = 0;
	put_shb(&f, 1);
	put_process(&f, 10, 10, 1, "cat", "/home/alice", 0);
	put_event(&f, T0, 10, type, n, pv);
	return replay_text(&f, ro);
}

static void expect(uint16_t type, unsigned n, const struct pval *pv, const struct render_opts *ro,
		   const char *args)
{
	char *t = one_event(type, n, pv, ro);
	const char *dir = (type & 1) ? "<" : ">";
	const char *got = t ? strstr(t, dir) : NULL;
	got = got ? strchr(got + 2, ' ') : NULL; /* past the type name */
	if (!CHECK(got && strncmp(got + 1, args, strlen(args)) == 0 && got[1 + strlen(args)] == '\n'))
		fprintf(stderr, "    want args: [%s]\n    got line:  [%s]\n", args, t ? t : "");
	free(t);
}

static void numbers_flags_and_modes(void)
{
	expect(2, 3, (struct pval[]){ PV_STR("/etc/x"), PV_U32(0x1001), PV_U32(0644) }, NULL,
	       "name=/etc/x flags=4097(O_RDONLY|O_CLOEXEC) mode=0644 ");
	expect(2, 3, (struct pval[]){ PV_STR("/tmp/x"), PV_U32(0x106), PV_U32(0) }, NULL,
	       "name=/tmp/x flags=262(O_TRUNC|O_CREAT|O_WRONLY) mode=0 ");
	expect(2, 3, (struct pval[]){ PV_STR("/tmp/x"), PV_U32(3), PV_U32(0) }, NULL,
	       "name=/tmp/x flags=3(O_RDWR) mode=0 ");
	/* mmap: hex address, prot 0 is PROT_NONE, fd -1 reads as an errno. */
	expect(160, 6, (struct pval[]){ PV_U64(0x7f00), PV_U64(4096), PV_U32(0), PV_U32(10),
					PV_U64((uint64_t)-1), PV_U64(0) }, NULL,
	       "addr=7F00 length=4096 prot=0(PROT_NONE) flags=10(MAP_PRIVATE|MAP_ANONYMOUS) "
	       "fd=-1(EPERM) offset=0 ");
	/* chmod exit: PT_MODE in octal with names. */
	expect(315, 3, (struct pval[]){ PV_U64(0), PV_STR("/tmp/f"), PV_U32(04755) }, NULL,
	       "res=0 filename=/tmp/f mode=04755(S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|"
	       "S_IRUSR|S_ISUID) ");
}

static void errnos_signals_times_and_ids(void)
{
	expect(3, 5, (struct pval[]){ PV_U64((uint64_t)-2), PV_STR("nofile"), PV_U32(1), PV_U32(0),
				      PV_U32(0) }, NULL,
	       "fd=-2(ENOENT) name=nofile(/home/alice/nofile) flags=1(O_RDONLY) mode=0 dev=0 ");
	expect(129, 1, (struct pval[]){ PV_U64((uint64_t)-600) }, NULL, "res=-600 ");
	expect(128, 2, (struct pval[]){ PV_U64(10), PV_U8(15) }, NULL, "pid=10(cat) sig=15(SIGTERM) ");
	expect(134, 1, (struct pval[]){ PV_U64(1500000000) }, NULL, "interval=1500000000(1.5s) ");
	expect(198, 1, (struct pval[]){ PV_U32(UINT32_MAX) }, NULL, "uid=-1(<NONE>) ");
	expect(198, 1, (struct pval[]){ PV_U32(1000) }, NULL, "uid=1000(<NA>) ");
	/* openat with AT_FDCWD resolves against the cwd. */
	expect(306, 4, (struct pval[]){ PV_U64((uint64_t)-100), PV_STR("a/../b"), PV_U32(1), PV_U32(0) },
	       NULL, "dirfd=-100(AT_FDCWD) name=a/../b(/home/alice/b) flags=1(O_RDONLY) mode=0 ");
}

static void addresses(void)
{
	uint8_t in4[7] = { 2, 93, 184, 216, 34, 80, 0 };
	expect(22, 2, (struct pval[]){ PV_U64(9), PV_BUF(in4, 7) }, NULL, "fd=9 addr=93.184.216.34:80 ");
	expect(22, 2, (struct pval[]){ PV_U64(9), PV_BUF("", 0) }, NULL, "fd=9 addr=NULL ");
	uint8_t un[10] = { 1, '/', 'r', 'u', 'n', '/', 'x', 0 };
	expect(22, 2, (struct pval[]){ PV_U64(9), PV_BUF(un, 8) }, NULL, "fd=9 addr=/run/x ");
	uint8_t v6[37] = { 10 };
	v6[16] = 1; /* ::1 */
	v6[17] = 0xe9; v6[18] = 0x14; /* 5353 */
	v6[19] = 0xfe; v6[20] = 0x80; v6[34] = 1;
	v6[35] = 53;
	expect(30, 3, (struct pval[]){ PV_U64(5), PV_U32(3), PV_BUF(v6, 37) }, NULL,
	       "fd=5(<6>) size=3 tuple=::1:5353->fe80::1:53 ");
	uint8_t mapped[37] = { 10 };
	mapped[11] = 0xff; mapped[12] = 0xff; mapped[13] = 127; mapped[16] = 1;
	mapped[17] = 1;
	mapped[29] = 0xff; mapped[30] = 0xff; mapped[31] = 10; mapped[34] = 2;
	mapped[35] = 80;
	expect(30, 3, (struct pval[]){ PV_U64(5), PV_U32(3), PV_BUF(mapped, 37) }, NULL,
	       "fd=5(<6>) size=3 tuple=127.0.0.1:1->10.0.0.2:80 ");
	uint8_t ut[30] = { 1, 1, 0, 0xff, 0xff, 0, 0, 0, 0, 2, 0, 0xff, 0xff };
	memcpy(ut + 17, "/run/x.sock", 12);
	expect(23, 2, (struct pval[]){ PV_U64(0), PV_BUF(ut, 29) }, NULL,
	       "res=0 tuple=ffff0001->ffff0002 /run/x.sock ");
	uint8_t fds[22] = { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3 };
	fds[20] = 4;
	expect(80, 2, (struct pval[]){ PV_BUF(fds, 22), PV_U64(1000) }, NULL, "fds=0:?1 3:?4 timeout=1000 ");
}

static void buffers_in_every_mode(void)
{
	static const char data[] = "\x00\x01" "ab\ncd";
	struct pval pv[] = { PV_U64(7), PV_BUF(data, 7) };
	expect(7, 2, pv, NULL, "res=7 data=..ab.cd ");
	struct render_opts ascii = { .buf = BUF_ASCII };
	expect(7, 2, pv, &ascii, "res=7 data=\nab\ncd ");
	struct render_opts hex = { .buf = BUF_HEX };
	expect(7, 2, pv, &hex, "res=7 data=\n\t0x0000: 0001 6162 0a63 64\n ");
	struct render_opts hexascii = { .buf = BUF_HEXASCII };
	expect(7, 2, pv, &hexascii,
	       "res=7 data=\n\t0x0000: 0001 6162 0a63 64                      ..ab.cd\n ");
	struct render_opts b64 = { .buf = BUF_BASE64 };
	expect(7, 2, pv, &b64, "res=7 data=AAFhYgpjZA== ");
}

/* Dots are decided eight bytes at a time: every byte value, at every
 * position of a word, against the byte-by-byte rule. */
static void dots_for_every_byte_at_every_position(void)
{
	for (unsigned pos = 0; pos < 19; pos++) {
		for (unsigned c = 0; c < 256; c += 1 + (c > 0x21 && c < 0x7d) * 7) {
			char data[20], want[64];
			memset(data, 'x', sizeof data);
			data[pos] = (char)c;
			memset(want, 0, sizeof want);
			memcpy(want, "res=20 data=", 12);
			for (unsigned i = 0; i < 20; i++)
				want[12 + i] = (unsigned char)data[i] >= 0x20 && (unsigned char)data[i] < 0x7f
						       ? data[i] : '.';
			want[32] = ' ';
			struct pval pv[] = { PV_U64(20), PV_BUF(data, 20) };
			expect(7, 2, pv, NULL, want);
		}
	}
}

static void long_values_are_cut_unless_verbose(void)
{
	char big[101];
	for (int i = 0; i < 100; i++)
		big[i] = (char)('A' + i % 26);
	big[100] = 0;
	struct pval pv[] = { PV_U64(100), PV_BUF(big, 100) };
	char want[200];
	snprintf(want, sizeof want, "res=100 data=%.77s... ", big);
	expect(7, 2, pv, NULL, want);
	struct render_opts verbose = { .verbose = true };
	snprintf(want, sizeof want, "res=100 data=%s ", big);
	expect(7, 2, pv, &verbose, want);
	/* Exactly 80 characters stay whole. */
	struct pval pv80[] = { PV_U64(80), PV_BUF(big, 80) };
	snprintf(want, sizeof want, "res=80 data=%.80s ", big);
	expect(7, 2, pv80, NULL, want);
}

static void generic_events_show_the_syscall_name(void)
{
	char *t = one_event(0, 2, (struct pval[]){ PV_U16(16), PV_U16(39) }, NULL);
	CHECK_STREQ(t, "1 22:13:20.000000000 0 cat (10) > getpid \n");
	free(t);
	t = one_event(1, 1, (struct pval[]){ PV_U16(0) }, NULL);
	CHECK_STREQ(t, "1 22:13:20.000000000 0 cat (10) < <unknown> \n");
	free(t);
}

/* Paths are never cut, whatever their length (sysdig 0.29.3 cuts strings
 * and buffers at 80 characters, not FSPATH/FSRELPATH values). */
static void paths_are_never_cut(void)
{
	char path[200] = "/tmp/";
	memset(path + 5, 'a', 150);
	path[155] = 0;
	char want[600];
	snprintf(want, sizeof want, "name=%s flags=1(O_RDONLY) mode=0 ", path);
	expect(2, 3, (struct pval[]){ PV_STR(path), PV_U32(1), PV_U32(0) }, NULL, want);
	/* relative: both the argument and its resolved form, whole */
	snprintf(want, sizeof want,
		 "dirfd=-100(AT_FDCWD) name=%s(/home/alice/%s) flags=1(O_RDONLY) mode=0 ",
		 path + 5, path + 5);
	expect(306, 4, (struct pval[]){ PV_U64((uint64_t)-100), PV_STR(path + 5), PV_U32(1),
					PV_U32(0) }, NULL, want);
}

/* 64-bit unsigned decimals print as signed ones, as in sysdig 0.29.3. */
static void unsigned_64_bit_decimals_print_signed(void)
{
	expect(86, 3, (struct pval[]){ PV_U64(3), PV_U64((uint64_t)-60), PV_U8(1) }, NULL,
	       "fd=3 offset=-60 whence=1(SEEK_CUR) ");
	expect(86, 3, (struct pval[]){ PV_U64(3), PV_U64(4096), PV_U8(0) }, NULL,
	       "fd=3 offset=4096 whence=0(SEEK_SET) ");
}

int main(void)
{
	paths_are_never_cut();
	unsigned_64_bit_decimals_print_signed();
	numbers_flags_and_modes();
	errnos_signals_times_and_ids();
	addresses();
	buffers_in_every_mode();
	dots_for_every_byte_at_every_position();
	long_values_are_cut_unless_verbose();
	generic_events_show_the_syscall_name();
	return check_summary();
}
