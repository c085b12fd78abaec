/* Simulated time: an unsigned 64-bit count of picoseconds (about 213 days). */
#ifndef HS_SIM_TIME_H
#define HS_SIM_TIME_H

#include <stdint.h>

typedef uint64_t hs_time;                 /* picoseconds */

#define HS_PS_PER_NS  UINT64_C(1000)
#define HS_PS_PER_US  UINT64_C(1000000)
#define HS_PS_PER_MS  UINT64_C(1000000000)
#define HS_PS_PER_S   UINT64_C(1000000000000)
#define HS_TIME_NEVER UINT64_MAX

/* A clock of a given frequency converts between its ticks and simulated time.
 * Conversions round down, so a tick count converted to time and back is exact. */
typedef struct hs_clock {
    uint64_t hz;
} hs_clock;

static inline hs_time hs_clock_ticks_to_time(const hs_clock *c, uint64_t ticks)
{
    return (hs_time)((unsigned __int128)ticks * HS_PS_PER_S / c->hz);
}

static inline uint64_t hs_clock_time_to_ticks(const hs_clock *c, hs_time t)
{
    return (uint64_t)((unsigned __int128)t * c->hz / HS_PS_PER_S);
}

/* First time at which the clock's tick count is >= ticks. */
static inline hs_time hs_clock_time_of_tick(const hs_clock *c, uint64_t ticks)
{
    unsigned __int128 num = (unsigned __int128)ticks * HS_PS_PER_S;
    return (hs_time)((num + c->hz - 1) / c->hz);
}

#endif
