/* The event queue: callbacks due at a simulated time. Events due at the same time
 * fire in the order they were scheduled, which keeps runs deterministic. */
#ifndef HS_SIM_EVENTQ_H
#define HS_SIM_EVENTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

typedef void (*hs_event_fn)(void *opaque, hs_time now);

/* A timer is owned by its model (embedded or allocated); the queue only links it.
 * A timer is scheduled at most once at a time: re-arming moves it. */
typedef struct hs_timer {
    hs_event_fn fn;
    void *opaque;
    hs_time when;
    uint64_t order;         /* tie-break: scheduling order */
    size_t heap_index;      /* position in the queue, SIZE_MAX when idle */
} hs_timer;

typedef struct hs_eventq {
    hs_timer **heap;
    size_t len, cap;
    uint64_t next_order;
    hs_time now;            /* time of the last event fired or of the last advance */
} hs_eventq;

void hs_eventq_init(hs_eventq *q);
void hs_eventq_destroy(hs_eventq *q);

void hs_timer_init(hs_timer *t, hs_event_fn fn, void *opaque);
/* Schedules (or moves) t to fire at `when`; a time in the past fires at the next
 * hs_eventq_run_until(). */
void hs_timer_arm(hs_eventq *q, hs_timer *t, hs_time when);
void hs_timer_cancel(hs_eventq *q, hs_timer *t);
static inline bool hs_timer_pending(const hs_timer *t) { return t->heap_index != SIZE_MAX; }

/* Time of the earliest scheduled event, HS_TIME_NEVER when none. */
hs_time hs_eventq_next(const hs_eventq *q);
/* Fires, in order, every event due at or before `until`, then sets now = until.
 * A callback may arm timers; those due by `until` fire in this call too. */
void hs_eventq_run_until(hs_eventq *q, hs_time until);

#endif
