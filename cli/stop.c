#include <signal.h>
#include <string.h>
#include <time.h>

#include "stop.h"

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t stop_signo;

static void on_stop_signal(int sig)
{
	stop_signo = sig;
	stop_flag = 1;
}

void stop_install_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: blocking calls must return EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

bool stop_requested(void) { return stop_flag != 0; }

static bool hook_requested(void *ctx)
{
	(void)ctx;
	return stop_requested();
}

const struct engine_stop *stop_engine_hook(void)
{
	static const struct engine_stop hook = {hook_requested, NULL};
	return &hook;
}

void stop_request(void) { stop_flag = 1; }

int stop_signal(void) { return stop_signo; }
