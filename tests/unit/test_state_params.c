/* The state parsers' parameter positions (capture/state/state_params.h,
 * generated at build time) agree with a lookup by name in the event table,
 * for every event type and every parameter the parsers read. */
#include "check.h"
#include "event.h"
#include "state_params.h"

static void test_positions_match_names(void)
{
	unsigned found = 0;
	for (unsigned type = 0; type < EVENT_TYPE_MAX; type++) {
		struct event ev = { .type = (uint16_t)type, .info = &event_table[type] };
		for (unsigned p = 0; p < SP_COUNT; p++) {
			int by_name = event_param_index(&ev, state_param_names[p]);
			CHECK_INTEQ(state_param_pos[type][p], by_name);
			found += by_name >= 0;
		}
	}
	CHECK(found > 0);
}

static void test_known_places(void)
{
	/* open's exit: fd, name, flags, mode, dev, ino */
	CHECK_INTEQ(state_param_pos[3][SP_FD], 0);
	CHECK_INTEQ(state_param_pos[3][SP_NAME], 1);
	CHECK_INTEQ(state_param_pos[3][SP_DEV], 4);
	CHECK_INTEQ(state_param_pos[3][SP_CWD], -1);
}

int main(void)
{
	test_positions_match_names();
	test_known_places();
	return check_summary();
}
