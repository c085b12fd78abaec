#include "cpu/gtimer.h"

#include "cpu/vcpu.h"
#include "traces/trace.h"

uint64_t hs_gtimer_count(const hs_gtimer *g, hs_time t)
{
    return hs_clock_time_to_ticks(&g->clock, t);
}

/* The count a timer compares with CVAL: CNTVCT = CNTPCT - CNTVOFF for the
 * virtual timer (B8.1.2), CNTPCT for the others. */
static uint64_t timer_count(const hs_gtimer *g, hs_gtimer_id id, hs_time now)
{
    uint64_t pct = hs_gtimer_count(g, now);
    return id == HS_GTIMER_VIRT ? pct - g->cntvoff : pct;
}

/* B8.1.3: the condition is met when the timer is enabled and its count has
 * reached CVAL (an unsigned 64-bit comparison). */
static bool condition_met(const hs_gtimer *g, hs_gtimer_id id, hs_time now)
{
    return (g->t[id].ctl & CNT_CTL_ENABLE) && timer_count(g, id, now) >= g->t[id].cval;
}

/* Derives the output line (ISTATUS and not IMASK) and schedules the time at
 * which the condition will become true. */
static void timer_update(hs_gtimer_unit *u, hs_time now)
{
    hs_gtimer *g = u->g;
    bool met = condition_met(g, u->id, now);
    int level = met && !(u->ctl & CNT_CTL_IMASK);

    hs_timer_cancel(g->q, &u->event);
    if ((u->ctl & CNT_CTL_ENABLE) && !met) {
        /* The physical count at which the timer's own count reaches CVAL; with a
         * virtual offset that would wrap, it is never reached. */
        uint64_t target = u->cval;
        bool reachable = true;
        if (u->id == HS_GTIMER_VIRT) {
            target = u->cval + g->cntvoff;
            reachable = target >= g->cntvoff;
        }
        if (reachable) {
            hs_timer_arm(g->q, &u->event, hs_clock_time_of_tick(&g->clock, target));
        }
    }
    if (level != u->level) {
        u->level = level;
        if (level) {
            HS_TRACE(g->vcpu->cluster->cfg.tracer, timer_fire, g->vcpu->index, u->id, 0, 0, 0);
        }
        hs_irq_set(&u->out, level);
    }
}

static void timer_fired(void *opaque, hs_time now)
{
    timer_update(opaque, now);
}

void hs_gtimer_init(hs_gtimer *g, hs_vcpu *v, hs_eventq *q, uint64_t hz)
{
    g->vcpu = v;
    g->q = q;
    g->clock.hz = hz;
    for (unsigned i = 0; i < HS_GTIMER__COUNT; i++) {
        hs_gtimer_unit *u = &g->t[i];
        u->g = g;
        u->id = (hs_gtimer_id)i;
        u->out = HS_IRQ_NONE;
        u->level = 0;
        hs_timer_init(&u->event, timer_fired, u);
    }
    hs_gtimer_reset(g);
}

/* Reset values: CTL.ENABLE is 0 (B4.1.26), so nothing fires; CNTHCTL gives PL1
 * access to the physical counter and timer, as firmware leaves it for a Hyp-mode
 * image (QEMU's virt board boots the same way); CNTKCTL gives PL0 nothing. */
void hs_gtimer_reset(hs_gtimer *g)
{
    g->cntvoff = 0;
    g->cnthctl = CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN;
    g->cntkctl = 0;
    for (unsigned i = 0; i < HS_GTIMER__COUNT; i++) {
        hs_gtimer_unit *u = &g->t[i];
        hs_timer_cancel(g->q, &u->event);
        u->ctl = 0;
        u->cval = 0;
        if (u->level) {
            u->level = 0;
            hs_irq_set(&u->out, 0);
        }
    }
}

void hs_gtimer_destroy(hs_gtimer *g)
{
    for (unsigned i = 0; i < HS_GTIMER__COUNT; i++) {
        hs_timer_cancel(g->q, &g->t[i].event);
    }
}

uint32_t hs_gtimer_read_ctl(hs_gtimer *g, hs_gtimer_id id, hs_time now)
{
    return g->t[id].ctl | (condition_met(g, id, now) ? CNT_CTL_ISTATUS : 0);
}

void hs_gtimer_write_ctl(hs_gtimer *g, hs_gtimer_id id, uint32_t val, hs_time now)
{
    g->t[id].ctl = val & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
    timer_update(&g->t[id], now);
}

/* B4.1.27: TVAL reads CVAL - count and writes CVAL = count + SignExtend(TVAL). */
uint32_t hs_gtimer_read_tval(hs_gtimer *g, hs_gtimer_id id, hs_time now)
{
    return (uint32_t)(g->t[id].cval - timer_count(g, id, now));
}

void hs_gtimer_write_tval(hs_gtimer *g, hs_gtimer_id id, uint32_t val, hs_time now)
{
    g->t[id].cval = timer_count(g, id, now) + (uint64_t)(int64_t)(int32_t)val;
    timer_update(&g->t[id], now);
}

uint64_t hs_gtimer_read_cval(hs_gtimer *g, hs_gtimer_id id)
{
    return g->t[id].cval;
}

void hs_gtimer_write_cval(hs_gtimer *g, hs_gtimer_id id, uint64_t val, hs_time now)
{
    g->t[id].cval = val;
    timer_update(&g->t[id], now);
}

void hs_gtimer_write_cntvoff(hs_gtimer *g, uint64_t val, hs_time now)
{
    g->cntvoff = val;
    timer_update(&g->t[HS_GTIMER_VIRT], now);
}
