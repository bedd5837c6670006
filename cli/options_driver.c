/* --driver: see options_driver.h. */
#include <stdio.h>
#include <string.h>

#include "options_driver.h"

static const struct {
	const char *name;
	enum driver driver;
} drivers[] = {
	{ "bpf", DRIVER_BPF },
	{ "kmod", DRIVER_KMOD },
};

bool options_driver_arg(struct options *o, const char *arg)
{
	for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++) {
		if (strcmp(arg, drivers[i].name) == 0) {
			o->driver = drivers[i].driver;
			return true;
		}
	}
	fprintf(stderr, "syscope: --driver takes bpf or kmod, not '%s'\n", arg);
	return false;
}
