/*
 * A mixed compute-bound kernel, each iteration running three small kernels over data that
 * fits in a few KiB (so the engines, not the host's memory, set the pace):
 *   - CRC-32 (IEEE 802.3, reflected, table driven) over a 1 KiB buffer: loads, shifts, eor;
 *   - insertion sort of 128 pseudo-random words: compare-and-branch with stores;
 *   - a 16x16 integer matrix multiply: loads and multiply-accumulate.
 * The results fold into one checksum, so a wrong instruction anywhere shows.
 */
#include "bench.h"

#ifndef COMPUTE_ITERS
#define COMPUTE_ITERS 10000u
#endif

#define CRC_POLY        0xedb88320u     /* CRC-32, reflected */
#define CRC_BYTES       1024u
#define SORT_N          128u
#define MAT_N           16u

static uint32_t crc_table[256];
static uint8_t crc_buf[CRC_BYTES];
static uint32_t sort_buf[SORT_N];
static int32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s;
}

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ CRC_POLY : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t __attribute__((noinline)) crc32(const uint8_t *p, uint32_t n, uint32_t crc)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xffu] ^ (crc >> 8);
	return ~crc;
}

static void __attribute__((noinline)) insertion_sort(uint32_t *a, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		uint32_t v = a[i], j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

static void __attribute__((noinline)) mat_mul(void)
{
	for (uint32_t i = 0; i < MAT_N; i++)
		for (uint32_t j = 0; j < MAT_N; j++) {
			int32_t s = 0;
			for (uint32_t k = 0; k < MAT_N; k++)
				s += mat_a[i][k] * mat_b[k][j];
			mat_c[i][j] = s;
		}
}

int main(void)
{
	uint32_t seed = 1, sum = 0;

	crc_init();
	for (uint32_t i = 0; i < CRC_BYTES; i++)
		crc_buf[i] = (uint8_t)(lcg(&seed) >> 24);
	for (uint32_t i = 0; i < MAT_N; i++)
		for (uint32_t j = 0; j < MAT_N; j++) {
			mat_a[i][j] = (int32_t)(lcg(&seed) >> 20) - 2048;
			mat_b[i][j] = (int32_t)(lcg(&seed) >> 20) - 2048;
		}

	for (uint32_t it = 0; it < COMPUTE_ITERS; it++) {
		/* Each iteration changes one input byte, so no pass repeats the one before. */
		crc_buf[it % CRC_BYTES] ^= (uint8_t)it;
		sum = crc32(crc_buf, CRC_BYTES, sum);

		for (uint32_t i = 0; i < SORT_N; i++)
			sort_buf[i] = lcg(&seed);
		insertion_sort(sort_buf, SORT_N);
		sum += sort_buf[0] ^ sort_buf[SORT_N / 2] ^ sort_buf[SORT_N - 1];

		mat_a[it % MAT_N][(it / MAT_N) % MAT_N] += (int32_t)(sum & 0xffu);
		mat_mul();
		sum ^= (uint32_t)mat_c[it % MAT_N][(it * 7u) % MAT_N];
		sum = (sum << 5) | (sum >> 27);
	}
	bench_report("compute", COMPUTE_ITERS, sum);
	return 0;
}
