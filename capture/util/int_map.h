/* A hash map from 64-bit integers (tids, fd numbers) to pointers: open
 * addressing with linear probing and backward-shift deletion, so lookups on
 * the per-event path touch one or two cache lines and never allocate. */
#ifndef SYSCOPE_INT_MAP_H
#define SYSCOPE_INT_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct int_map {
	int64_t *keys;
	void **vals; /* NULL marks an empty slot */
	size_t cap;  /* a power of two, or 0 */
	size_t count;
};

void *int_map_get(const struct int_map *m, int64_t key);
/* Insert or replace; false when out of memory. */
bool int_map_put(struct int_map *m, int64_t key, void *val);
/* Remove and return the value, or NULL. */
void *int_map_del(struct int_map *m, int64_t key);
void int_map_free(struct int_map *m);

/* Iterate: for (size_t i = 0; i < m->cap; i++) if (m->vals[i]) ... */

#endif
