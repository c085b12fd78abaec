/*
 * Powers off at once: bench/run.py times it on every engine to subtract start-up cost
 * (process start, engine set-up, image loading) from the other workloads' wall times.
 */
#include "bench.h"

int main(void)
{
	bench_report("empty", 0, 0);
	return 0;
}
