/*
 * Shared by the benchmark workloads: the one line each prints, which bench/run.py reads to
 * check that every engine computed the same thing.
 */
#ifndef BENCH_WORKLOADS_BENCH_H
#define BENCH_WORKLOADS_BENCH_H

#include "guest.h"

/* "bench NAME iterations N checksum 0xXXXXXXXX" on one line. */
static inline void bench_report(const char *name, uint32_t iterations, uint32_t checksum)
{
	uart_printf("bench %s iterations %lu checksum 0x%08lx\n", name,
		    (unsigned long)iterations, (unsigned long)checksum);
}

#endif
