/* Printable-ASCII tests shared by path cleaning and buffer rendering. */
#ifndef SYSCOPE_ASCII_H
#define SYSCOPE_ASCII_H

#include <stdbool.h>
#include <stdint.h>

static inline bool ascii_printable(uint8_t c) { return c >= 0x20 && c < 0x7f; }

/* All eight bytes of x in 0x20..0x7e.  No byte can borrow or carry into
 * the next unless a lower byte is already out of range, so the test is
 * exact. */
static inline bool ascii_printable8(uint64_t x)
{
	uint64_t below = x - 0x2020202020202020ull;
	uint64_t above = x + 0x0101010101010101ull;
	return ((below | above | x) & 0x8080808080808080ull) == 0;
}

#endif
