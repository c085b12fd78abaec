/* The Generic Timer of each vCPU (ARM DDI 0406C chapter B8, registers B4.1.21-
 * B4.1.35), modelled on the host: Unicorn's counter follows host time and its
 * comparators never fire (reference notes). The count follows the vCPU's
 * simulated time at the platform's timer clock (CNTFRQ), so runs are
 * deterministic. */
#ifndef HS_CPU_GTIMER_H
#define HS_CPU_GTIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/eventq.h"
#include "sim/irq.h"
#include "sim/time.h"

typedef struct hs_vcpu hs_vcpu;

/* The timers of one vCPU, in the order of hs_cluster_connect_timer(). */
typedef enum hs_gtimer_id {
    HS_GTIMER_PHYS,          /* CNTP_*: PL1 physical timer */
    HS_GTIMER_VIRT,          /* CNTV_*: virtual timer, counting CNTVCT */
    HS_GTIMER_HYP,           /* CNTHP_*: Hyp physical timer */
    HS_GTIMER_SEC_PHYS,      /* Secure physical: not reachable from Non-secure state */
    HS_GTIMER__COUNT
} hs_gtimer_id;

/* B4.1.26 CNTP_CTL / CNTV_CTL / CNTHP_CTL. */
#define CNT_CTL_ENABLE   (1u << 0)
#define CNT_CTL_IMASK    (1u << 1)
#define CNT_CTL_ISTATUS  (1u << 2)

/* B4.1.23 CNTHCTL and B4.1.24 CNTKCTL. */
#define CNTHCTL_PL1PCTEN (1u << 0)
#define CNTHCTL_PL1PCEN  (1u << 1)
#define CNTKCTL_PL0PCTEN (1u << 0)
#define CNTKCTL_PL0VCTEN (1u << 1)
#define CNTKCTL_PL0VTEN  (1u << 8)
#define CNTKCTL_PL0PTEN  (1u << 9)

typedef struct hs_gtimer hs_gtimer;

typedef struct hs_gtimer_unit {
    hs_gtimer *g;
    hs_gtimer_id id;
    uint32_t ctl;            /* ENABLE and IMASK; ISTATUS is derived */
    uint64_t cval;
    hs_timer event;          /* fires when the condition becomes true */
    int level;               /* the output line as last driven */
    hs_irq out;
} hs_gtimer_unit;

struct hs_gtimer {
    hs_vcpu *vcpu;
    hs_eventq *q;
    hs_clock clock;          /* CNTFRQ */
    uint64_t cntvoff;
    uint32_t cnthctl, cntkctl;
    hs_gtimer_unit t[HS_GTIMER__COUNT];
};

void hs_gtimer_init(hs_gtimer *g, hs_vcpu *v, hs_eventq *q, uint64_t hz);
void hs_gtimer_reset(hs_gtimer *g);
void hs_gtimer_destroy(hs_gtimer *g);

/* The physical count at simulated time `t`. */
uint64_t hs_gtimer_count(const hs_gtimer *g, hs_time t);

/* Register accesses, at the accessing vCPU's local time `now`. */
uint32_t hs_gtimer_read_ctl(hs_gtimer *g, hs_gtimer_id id, hs_time now);
void hs_gtimer_write_ctl(hs_gtimer *g, hs_gtimer_id id, uint32_t val, hs_time now);
uint32_t hs_gtimer_read_tval(hs_gtimer *g, hs_gtimer_id id, hs_time now);
void hs_gtimer_write_tval(hs_gtimer *g, hs_gtimer_id id, uint32_t val, hs_time now);
uint64_t hs_gtimer_read_cval(hs_gtimer *g, hs_gtimer_id id);
void hs_gtimer_write_cval(hs_gtimer *g, hs_gtimer_id id, uint64_t val, hs_time now);
void hs_gtimer_write_cntvoff(hs_gtimer *g, uint64_t val, hs_time now);

#endif
