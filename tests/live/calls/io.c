/* Cases: io (calls.h explains the cases). */
#include "calls.h"

const struct call_case io_cases[] = {
	{0},
};
