/* Syscall recipes: how a live driver fills the parameters of a syscall's
 * event, as data.  capture/recipes/gen_recipes.py reads capture/recipes/recipes.tsv (one
 * line per x86-64 syscall that has an event of its own), checks it against
 * the event table, and writes syscope_recipes.h with the tables declared
 * here.  The eBPF program (bpf/syscope.bpf.c) and the kernel module
 * (kmod/) walk the same tables, so both write identical records.
 *
 * This header includes nothing: the includer provides __u8, __u16, __u32
 * and __u64 (vmlinux.h in BPF, <linux/types.h> elsewhere).
 *
 * For one syscall number nr:
 *   recipe_index[nr]   0: a generic syscall (GENERIC_X with ID =
 *                      recipe_ppm_sc[nr], nativeID = nr); otherwise
 *                      1 + an index into recipe_syscalls.
 *   recipe_syscalls[i] the exit and enter event ids and where their
 *                      parameter recipes start in recipe_params.
 *   recipe_params[j]   one parameter: its kind (enum recipe_kind) and
 *                      operands, in the event table's order (the exit
 *                      event gets every parameter, old and new).
 * Flag parameters whose PPM encoding differs from Linux name a
 * translation in recipe_xlats (pairs in recipe_xlat_pairs).
 *
 * A parameter's bytes follow from its type in the event table: `width` is
 * the value size for numbers (1, 2, 4 or 8), 0 for variable-size values
 * (strings, buffers, addresses). */
#ifndef SYSCOPE_RECIPE_H
#define SYSCOPE_RECIPE_H

/* Operand value meaning "none" (e.g. no length argument). */
#define RECIPE_NONE 0xff
/* Operand value meaning "the return value" where an argument could stand. */
#define RECIPE_RET 0xfe

enum recipe_kind {
	/* Numbers.  The value is taken, translated if `xlat` is set, and
	 * written in `width` bytes. */
	RK_RET = 1,     /* the return value */
	RK_ARG,         /* argument `a`, shifted right by `b`; if `c` is not
			 * RECIPE_NONE only its low `c` bits are kept; RF_SIGNED32
			 * sign-extends the low 32 bits (int arguments) */
	RK_ZERO,        /* a zero of `width` bytes (a value the driver does not
			 * know how to obtain; see recipes.tsv) */
	RK_UMEM,        /* 1, 2, 4 or 8 bytes (RF_SRC1/2/4, none: 8) at user
			 * pointer argument `a` + byte offset `b`; RF_SIGNED32
			 * sign-extends a 4-byte source; unreadable: 0, or -1
			 * with RF_NEG1 */
	RK_TIMESPEC,    /* struct timespec at user pointer `a`, as ns (RELTIME) */
	RK_FD_DEV,      /* device of the file behind fd `a` (or RECIPE_RET) */
	RK_FD_INO,      /* inode number of the file behind fd `a` (or RECIPE_RET) */
	RK_PIPE_INO,    /* inode of the fd stored in the int array at user pointer `a` */
	RK_OPEN_MODE,   /* argument `a` if open flags (argument `b`, or the
			 * open_how struct at `b` when RF_HOW) create a file, else 0 */
	RK_BACKLOG,     /* listening socket fd `a`: `b` = 0 queue percent,
			 * 1 queue length, 2 queue max */
	RK_TASK,        /* a property of the current task: `a` = enum recipe_task */
	RK_SOCKPAIR,    /* socket of the fd at int array `a`[0]: `b` = 0 its
			 * kernel address, 1 its peer's */
	RK_BPF_RES,     /* bpf(2) result as a DYN value: FD for a new map or
			 * program (command argument `a`), ERRNO otherwise */
	RK_DYN_U64,     /* DYN value: index 0, then argument `a` as u64 */

	/* Variable-size values. */
	RK_EMPTY,       /* zero bytes */
	RK_USTR,        /* NUL-terminated user string at argument `a` */
	RK_UBUF,        /* user buffer at argument `a`; length = return value
			 * when > 0, else argument `c` if set (writes), else
			 * nothing; or argument `b` when `b` is not RECIPE_RET.
			 * Cut at the snaplen. */
	RK_IOV,         /* iovec array at argument `a`, `b` entries: the bytes,
			 * cut at the return value and the snaplen */
	RK_IOVLEN,      /* iovec array at argument `a`, `b` entries: total length
			 * (a number, `width` bytes) */
	RK_MSG_DATA,    /* msghdr at argument `a`: its iovecs' bytes, cut at the
			 * return value (RF_MMSG: at mmsghdr.msg_len) and snaplen */
	RK_MSG_LEN,     /* msghdr at argument `a`: total iovec length (number) */
	RK_MSG_CONTROL, /* msghdr at argument `a`: the control buffer (after
			 * the call: msg_controllen bytes), cut at snaplen */
	RK_SOCKADDR,    /* user sockaddr at argument `a`, its length in argument
			 * `b` (RF_LENPTR: at user pointer `b`), as a scap SOCKADDR */
	RK_TUPLE,       /* socket tuple of fd `a` (or RECIPE_RET); RF_IN puts the
			 * peer first.  A datagram peer not in the socket comes from
			 * the user sockaddr at `b` with length `c` (RF_LENPTR: at
			 * user pointer `c`); RF_MSG: from the msghdr at `b` */
	RK_FDLIST,      /* pollfd array at argument `a`, `b` entries: scap FDLIST
			 * with revents (RF_IN: the requested events) */
	RK_SOCKOPT,     /* setsockopt/getsockopt value at argument `a`, length
			 * argument `b` (RF_LENPTR: at user pointer `b`), as a DYN */
};

/* recipe_param.flags.  One byte holds them, so some bits mean different
 * things for different kinds: RF_SIGNED32/RF_TRACER, RF_IN/RF_NEG1, and
 * RF_MSG/RF_MMSG/RF_HOW.
 * The kinds never overlap (each flag's kinds are in capture/recipes/gen_recipes.py's
 * RF_KINDS, which checks this and every recipe's flags); a driver tests
 * these bits only within the case of their kind. */
#define RF_SIGNED32 0x01 /* RK_ARG/RK_UMEM: sign-extend a 32-bit source */
#define RF_TRACER 0x01   /* RK_UBUF/RK_IOV: a write's data, its fd in argument 0;
			  * with tracers capture (-T) a write to /dev/null keeps
			  * up to RECIPE_TRACER_SNAPLEN bytes whatever the snaplen */
#define RF_SRC1 0x02     /* RK_UMEM source width 1 (none of SRC1/2/4: 8) */
#define RF_SRC2 0x04
#define RF_SRC4 0x08
#define RF_IN 0x10       /* RK_TUPLE: incoming (peer first); RK_FDLIST: events */
#define RF_NEG1 0x10     /* RK_UMEM: a value that cannot be read is -1 (signed
			  * sources: fds, rlimits), else it is 0 */
#define RF_LENPTR 0x20   /* length operand is a user pointer to the length */
#define RF_MSG 0x40      /* RK_TUPLE: peer address from a msghdr */
#define RF_MMSG 0x40     /* RK_MSG_DATA: cut at mmsghdr.msg_len */
#define RF_HOW 0x40      /* RK_OPEN_MODE: flags in an open_how struct */
#define RF_VAR 0x80      /* variable-size value (set for every kind >= RK_EMPTY
			  * and for RK_TASK selectors that are strings) */

/* Bytes of a write to /dev/null kept with tracers capture (RF_TRACER):
 * programs write their tracer markers there, and sysdig keeps 4096. */
#define RECIPE_TRACER_SNAPLEN 4096

/* RK_TASK selectors. */
enum recipe_task {
	RT_EXE = 1,      /* argv[0] */
	RT_ARGS,         /* argv[1..], NUL-separated */
	RT_ENV,          /* environment, NUL-separated */
	RT_CWD,          /* working directory */
	RT_COMM,         /* task comm */
	RT_CGROUPS,      /* cgroup list (NUL-separated subsys=path) */
	RT_EXEPATH,      /* path of the executable file */
	RT_TID, RT_PID, RT_PTID, RT_VTID, RT_VPID, RT_PGID,
	RT_FDLIMIT, RT_PGFT_MAJ, RT_PGFT_MIN,
	RT_VM_SIZE, RT_VM_RSS, RT_VM_SWAP,
	RT_TTY, RT_LOGINUID, RT_EUID, RT_EGID,
	RT_EXE_FLAGS,    /* execve_flags (EXE_WRITABLE) */
	RT_CAP_INH, RT_CAP_PERM, RT_CAP_EFF,
	RT_EXE_INO, RT_EXE_CTIME, RT_EXE_MTIME,
	RT_CLONE_FLAGS_FORK,  /* fork: 0 */
	RT_PIDNS_INIT_TS,     /* start time of the pid namespace's init */
	RT_MAX
};

struct recipe_param {
	__u8 kind;   /* enum recipe_kind */
	__u8 a, b, c;
	__u8 width;  /* value bytes for numbers; 0 for variable-size values */
	__u8 flags;  /* RF_* */
	__u8 xlat;   /* index into recipe_xlats + 1; 0 = none */
	__u8 type;   /* the parameter's enum ptype (RPT_* in the generated header) */
};

struct recipe_syscall {
	__u16 exit_event;   /* odd event id */
	__u16 enter_event;  /* exit_event - 1 */
	__u16 ppm_sc;       /* PPM_SC code (for tests and listings) */
	__u16 exit_first;   /* index of the first exit parameter in recipe_params */
	__u16 enter_first;
	__u8 exit_count;    /* the exit event's parameters, old and new */
	__u8 enter_count;   /* the enter event's (old) parameters */
	__u8 flags;         /* RS_* */
	__u8 pad;
};

/* recipe_syscall.flags */
#define RS_PAIR 0x01 /* without --enter-events, emit the enter event too, just
		      * before the exit: sysdig 0.29.3 takes these calls' state
		      * (the fd closed, duplicated or typed, ids set) from it */

/* Linux → PPM translation of a flag or enum argument. */
#define XLAT_BITS 1 /* each pair: any of `from`'s bits set → OR `to` */
#define XLAT_ENUM 2 /* the pair whose `from` equals the value gives `to`, else dflt */

struct recipe_xlat {
	__u16 first;      /* first pair in recipe_xlat_pairs */
	__u8 count;
	__u8 mode;        /* XLAT_* */
	__u32 dflt;       /* XLAT_ENUM: result for an unlisted value */
	__u16 sub_first;  /* XLAT_BITS: an enum over (value & sub_mask), ORed in */
	__u8 sub_count;   /* 0: none */
	__u8 sub_mask;
};

struct recipe_xlat_pair {
	__u32 from; /* Linux value */
	__u32 to;   /* PPM value */
};

#endif
