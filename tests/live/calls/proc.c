/* Cases: proc (calls.h explains the cases). */
#include "calls.h"

const struct call_case proc_cases[] = {
	{0},
};
