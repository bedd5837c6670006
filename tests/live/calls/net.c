/* Cases: net (calls.h explains the cases). */
#include "calls.h"

const struct call_case net_cases[] = {
	{0},
};
