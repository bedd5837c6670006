/* The output buffer: numbers in every base and appends of every size. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "strbuf.h"

static const char *take(struct strbuf *sb)
{
	const char *s = sb_cstr(sb);
	return s;
}

int main(void)
{
	struct strbuf sb = { 0 };
	sb_u64(&sb, 0);
	CHECK_STREQ(take(&sb), "0");
	sb_clear(&sb);
	sb_u64(&sb, 18446744073709551615ull);
	CHECK_STREQ(take(&sb), "18446744073709551615");
	sb_clear(&sb);
	sb_i64(&sb, -9223372036854775807ll - 1);
	CHECK_STREQ(take(&sb), "-9223372036854775808");
	sb_clear(&sb);
	sb_u64_padded(&sb, 1000, 9);
	CHECK_STREQ(take(&sb), "000001000");
	sb_clear(&sb);
	/* Every digit-count boundary (9, 10, 99, 100, …) against printf. */
	for (uint64_t p10 = 1; ; p10 *= 10) {
		uint64_t vals[] = { p10 - 1, p10, p10 + 1, p10 * 2 - 1 };
		for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
			char want_num[32];
			snprintf(want_num, sizeof want_num, "%llu", (unsigned long long)vals[i]);
			sb_clear(&sb);
			sb_u64(&sb, vals[i]);
			CHECK_STREQ(take(&sb), want_num);
			snprintf(want_num, sizeof want_num, "%012llu", (unsigned long long)vals[i]);
			sb_clear(&sb);
			sb_u64_padded(&sb, vals[i], 12);
			CHECK_STREQ(take(&sb), want_num);
		}
		if (p10 > UINT64_MAX / 10)
			break;
	}
	sb_clear(&sb);
	for (uint32_t ns = 0; ns < 1000000000u; ns += 7919 * 13) {
		char want_ns[16];
		snprintf(want_ns, sizeof want_ns, "%09u", ns);
		sb_clear(&sb);
		sb_nsec9(&sb, ns);
		CHECK_STREQ(take(&sb), want_ns);
	}
	sb_clear(&sb);
	sb_nsec9(&sb, 999999999u);
	CHECK_STREQ(take(&sb), "999999999");
	/* Hex at every nibble-count boundary, both cases, against printf. */
	for (unsigned bit = 0; bit < 64; bit++) {
		uint64_t vals[] = { (1ull << bit) - 1, 1ull << bit, (1ull << bit) | 1 };
		for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
			char want_hex[24];
			snprintf(want_hex, sizeof want_hex, "%llx", (unsigned long long)vals[i]);
			sb_clear(&sb);
			sb_hex(&sb, vals[i], false);
			CHECK_STREQ(take(&sb), want_hex);
			snprintf(want_hex, sizeof want_hex, "%llX", (unsigned long long)vals[i]);
			sb_clear(&sb);
			sb_hex(&sb, vals[i], true);
			CHECK_STREQ(take(&sb), want_hex);
		}
	}
	/* Every digit value at every position. */
	for (uint64_t v = 0x0123456789abcdefull, k = 0; k < 64; k++, v = v * 6364136223846793005ull + 1) {
		char want_hex[24];
		snprintf(want_hex, sizeof want_hex, "%llX", (unsigned long long)v);
		sb_clear(&sb);
		sb_hex(&sb, v, true);
		CHECK_STREQ(take(&sb), want_hex);
	}
	sb_clear(&sb);
	sb_hex(&sb, UINT64_MAX, false);
	CHECK_STREQ(take(&sb), "ffffffffffffffff");
	sb_clear(&sb);
	sb_hex(&sb, 0x7F0000001000ull, true);
	CHECK_STREQ(take(&sb), "7F0000001000");
	sb_clear(&sb);
	sb_hex(&sb, 0xffff0001, false);
	CHECK_STREQ(take(&sb), "ffff0001");
	sb_clear(&sb);
	sb_oct(&sb, 0);
	CHECK_STREQ(take(&sb), "0");
	sb_clear(&sb);
	sb_oct(&sb, 04755);
	CHECK_STREQ(take(&sb), "04755");
	sb_clear(&sb);
	/* Every append size from 0 to 40 bytes, across reallocations. */
	char src[41], want[2000];
	size_t wlen = 0;
	for (int i = 0; i < 40; i++)
		src[i] = (char)('a' + i % 26);
	for (size_t n = 0; n <= 40; n++) {
		sb_append(&sb, src, n);
		memcpy(want + wlen, src, n);
		wlen += n;
	}
	CHECK_INTEQ(sb.len, wlen);
	CHECK_MEMEQ(sb.data, want, wlen);
	sb_clear(&sb);
	sb_printf(&sb, "%s=%d", "x", 12);
	CHECK_STREQ(take(&sb), "x=12");
	sb_clear(&sb);
	sb_quoted(&sb, "a\"b\\\n\x7f", 6);
	CHECK_STREQ(take(&sb), "\"a\\\"b\\\\\\x0a\\x7f\"");
	char *owned = sb_take(&sb);
	CHECK_STREQ(owned, "\"a\\\"b\\\\\\x0a\\x7f\"");
	CHECK(sb.data == NULL && sb.len == 0);
	free(owned);
	owned = sb_take(&sb); /* nothing appended: an empty string, not NULL */
	CHECK_STREQ(owned, "");
	free(owned);
	sb_free(&sb);
	return check_summary();
}
