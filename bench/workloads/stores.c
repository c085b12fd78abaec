/*
 * A store-heavy workload over a 1 MiB buffer, in the shape of the memset and memcpy loops
 * that dominate hypervisor and kernel start-up (zeroing page tables and .bss, copying
 * images). Each pass:
 *   - fills the buffer with 32-bit stores, 8 per loop iteration (memset-like);
 *   - copies its first half onto its second half, word by word (memcpy-like);
 *   - fills 64 KiB of it byte by byte (strb);
 * then samples one word in 61 into the checksum, so loads stay a small share.
 * Unicorn 2.0.1 sends every guest store through a slow path (see bench/README.md); this
 * workload is where that shows.
 */
#include "bench.h"

#ifndef STORES_PASSES
#define STORES_PASSES 100u
#endif

#define BUF_BYTES       (1u << 20)
#define BUF_WORDS       (BUF_BYTES / 4u)
#define BYTE_FILL       (64u << 10)
#define SAMPLE_STRIDE   61u

static uint32_t buf[BUF_WORDS] __attribute__((aligned(64)));

static void __attribute__((noinline)) fill_words(uint32_t *d, uint32_t v, uint32_t nwords)
{
	for (uint32_t i = 0; i < nwords; i += 8) {
		d[i + 0] = v;
		d[i + 1] = v + 1;
		d[i + 2] = v + 2;
		d[i + 3] = v + 3;
		d[i + 4] = v + 4;
		d[i + 5] = v + 5;
		d[i + 6] = v + 6;
		d[i + 7] = v + 7;
		v += 8;
	}
}

static void __attribute__((noinline)) copy_words(uint32_t *restrict d,
						 const uint32_t *restrict s, uint32_t nwords)
{
	for (uint32_t i = 0; i < nwords; i++)
		d[i] = s[i];
}

static void __attribute__((noinline)) fill_bytes(uint8_t *d, uint8_t v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		d[i] = (uint8_t)(v + i);
}

int main(void)
{
	uint32_t sum = 0;

	for (uint32_t pass = 0; pass < STORES_PASSES; pass++) {
		fill_words(buf, pass * 0x01010101u, BUF_WORDS);
		copy_words(buf + BUF_WORDS / 2, buf, BUF_WORDS / 2);
		fill_bytes((uint8_t *)buf + (pass % 16u) * BYTE_FILL, (uint8_t)pass, BYTE_FILL);
		for (uint32_t i = pass % SAMPLE_STRIDE; i < BUF_WORDS; i += SAMPLE_STRIDE)
			sum = (sum << 3 | sum >> 29) ^ buf[i];
	}
	bench_report("stores", STORES_PASSES, sum);
	return 0;
}
