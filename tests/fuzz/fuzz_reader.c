/* libFuzzer target for the trace-file reader.
 *
 * The input is taken as a whole trace file (plain, gzip or zstd: the reader
 * picks by magic bytes).  Every metadata record handed to the sink and every
 * event returned is touched byte by byte, so that a pointer or length that
 * reaches outside the input is caught by AddressSanitizer at the place where
 * it was produced, not much later in some consumer.  Structural promises of
 * the reader (parameter views lie inside their record, the error text is a
 * string) are checked and abort on violation, which libFuzzer reports as a
 * crash with the input that caused it.
 *
 * Build and run: tests/fuzz/run.sh SECONDS (see README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "proc_info.h"
#include "scap_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes read from the records end up here, so the reads are not optimised
 * away. */
static volatile uint8_t fuzz_acc;

static void require(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_reader: broken promise: %s\n", what);
		abort();
	}
}

static void touch(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t acc = 0;

	if (n)
		require(b != NULL, "non-empty range with a NULL pointer");
	for (size_t i = 0; i < n; i++)
		acc ^= b[i];
	fuzz_acc ^= acc;
}

static void touch_str(struct str_ref s)
{
	touch(s.ptr, s.len);
}

static void on_machine(void *ctx, const struct machine_info *mi)
{
	(void)ctx;
	require(memchr(mi->hostname, '\0', sizeof mi->hostname) != NULL,
		"machine hostname is not NUL-terminated");
}

static void on_thread(void *ctx, const struct proc_info *pi)
{
	(void)ctx;
	touch_str(pi->comm);
	touch_str(pi->exe);
	touch_str(pi->exepath);
	touch_str(pi->args);
	touch_str(pi->cwd);
	touch_str(pi->env);
	touch_str(pi->cgroups);
	touch_str(pi->root);
}

static void on_fd(void *ctx, int64_t tid, const struct fd_info *fi)
{
	(void)ctx;
	(void)tid;
	touch_str(fi->name);
}

static void on_user(void *ctx, const struct user_info *ui)
{
	(void)ctx;
	touch_str(ui->name);
	touch_str(ui->home);
	touch_str(ui->shell);
}

static void on_group(void *ctx, const struct group_info *gi)
{
	(void)ctx;
	touch_str(gi->name);
}

static void on_iface(void *ctx, const struct iface_info *ii)
{
	(void)ctx;
	touch_str(ii->name);
}

static void check_event(const struct event *ev)
{
	const uint8_t *end = ev->record + ev->record_len;

	touch(ev->record, ev->record_len);
	require(ev->nparams <= EVENT_MAX_PARAMS, "nparams above EVENT_MAX_PARAMS");
	for (uint32_t i = 0; i < ev->nparams; i++) {
		if (ev->param_len[i] == 0)
			continue;
		require(ev->param[i] >= ev->record && ev->param[i] <= end &&
				ev->param_len[i] <= (size_t)(end - ev->param[i]),
			"parameter outside its record");
		touch(ev->param[i], ev->param_len[i]);
	}
	if (ev->info && ev->info->name)
		touch(ev->info->name, strlen(ev->info->name));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct scap_sink sink = {
		.machine = on_machine,
		.thread = on_thread,
		.fd = on_fd,
		.user = on_user,
		.group = on_group,
		.iface = on_iface,
	};
	struct event ev;
	char err[512];
	struct scap_reader *r;
	int rc;

	err[0] = '\0';
	r = scap_reader_open_mem(data, size, &sink, err, sizeof err);
	if (!r) {
		require(memchr(err, '\0', sizeof err) && err[0] != '\0',
			"open failed without a message");
		return 0;
	}

	while ((rc = scap_reader_next(r, &ev)) > 0)
		check_event(&ev);
	if (rc < 0) {
		const char *msg = scap_reader_error(r);
		require(msg != NULL && msg[0] != '\0', "read error without a message");
		touch(msg, strlen(msg));
	}
	(void)scap_reader_offset(r);

	/* The rest of the pipeline (state engine, formatting) is fuzzed by
	 * fuzz_replay.c; this target stays on the reader alone, so that its
	 * findings point at the reader. */

	scap_reader_close(r);
	return 0;
}
