/* The live engines' event clock (engine.h). */
#include <time.h>

#include "engine.h"

uint64_t engine_clock_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}
