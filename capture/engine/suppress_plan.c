/* See suppress_plan.h. */
#include <linux/types.h>
#include <string.h>

#include "recipe.h"
#include "suppress_plan.h"
#include "syscope_recipes.h"

_Static_assert(SUPPRESS_NR_MAX == RECIPE_NR_MAX, "syscall numbers covered");

void suppress_plan_build(const struct suppress_names *names, struct suppress_plan *p)
{
	memset(p, 0, sizeof *p);
	if (!names || !names->n)
		return;
	p->ncomms = names->n;
	memcpy(p->comms, names->comm, sizeof p->comms);
	for (unsigned nr = 0; nr < RECIPE_NR_MAX; nr++) {
		unsigned idx = recipe_index[nr];
		if (idx && idx <= RECIPE_SYSCALLS &&
		    suppress_spawn_event(recipe_syscalls[idx - 1].exit_event))
			p->spawn[nr] = 1;
	}
}
