/*
 * The Generic Timer (ARM DDI 0406C, chapter B8) through its CP15 interface: the physical and
 * virtual counters, the PL1 physical timer (CNTP_*), the virtual timer (CNTV_*), the
 * Non-secure PL2 (Hyp) physical timer (CNTHP_*) and the access controls CNTKCTL and CNTHCTL
 * (register descriptions in B4.1, by name). 32-bit registers go through read_sysreg and
 * write_sysreg, 64-bit ones through read_sysreg64 and write_sysreg64 (sysreg.h).
 */
#ifndef GUESTLIB_TIMER_H
#define GUESTLIB_TIMER_H

#include <stdint.h>

#include "sysreg.h"

/* 32-bit registers: coproc, opc1, CRn, CRm, opc2. */
#define CNTKCTL         p15, 0, c14, c1, 0
#define CNTHCTL         p15, 4, c14, c1, 0
#define CNTP_TVAL       p15, 0, c14, c2, 0
#define CNTP_CTL        p15, 0, c14, c2, 1
#define CNTV_TVAL       p15, 0, c14, c3, 0
#define CNTV_CTL        p15, 0, c14, c3, 1
#define CNTHP_TVAL      p15, 4, c14, c2, 0
#define CNTHP_CTL       p15, 4, c14, c2, 1
/* 64-bit registers: coproc, opc1, CRm. */
#define CNTPCT          p15, 0, c14
#define CNTVCT          p15, 1, c14
#define CNTP_CVAL       p15, 2, c14
#define CNTV_CVAL       p15, 3, c14
#define CNTVOFF         p15, 4, c14
#define CNTHP_CVAL      p15, 6, c14

/* CNTP_CTL, CNTV_CTL, CNTHP_CTL. ISTATUS (read-only) is the timer condition: the counter has
 * reached the compare value, CVAL <= counter (B8, "Timers"). The timer's interrupt is
 * asserted while ENABLE = 1, IMASK = 0 and ISTATUS = 1. */
#define CNT_CTL_ENABLE  (1u << 0)
#define CNT_CTL_IMASK   (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)

/* CNTHCTL: Non-secure PL1 and PL0 access to the physical counter and timer; without it the
 * access is trapped to Hyp mode. */
#define CNTHCTL_PL1PCTEN        (1u << 0)       /* CNTPCT */
#define CNTHCTL_PL1PCEN         (1u << 1)       /* CNTP_CVAL, CNTP_TVAL, CNTP_CTL */

/* CNTKCTL: PL0 access to the counters and timers; without it the access is UNDEFINED. */
#define CNTKCTL_PL0PCTEN        (1u << 0)       /* CNTPCT */
#define CNTKCTL_PL0VCTEN        (1u << 1)       /* CNTVCT */
#define CNTKCTL_PL0VTEN         (1u << 8)       /* CNTV_* */
#define CNTKCTL_PL0PTEN         (1u << 9)       /* CNTP_* */

/* The timers' PPIs on virt-a15, as QEMU's virt board wires them (its device tree's
 * "arm,armv7-timer" node: secure physical, non-secure physical, virtual, hyp). */
#define TIMER_PPI_SEC_PHYS      29u
#define TIMER_PPI_PHYS          30u
#define TIMER_PPI_VIRT          27u
#define TIMER_PPI_HYP           26u

/* The counters, read after an ISB: counter reads may otherwise be performed out of order
 * with the instructions around them (B8, "The physical counter", "The virtual counter"). */
static inline uint64_t timer_read_pct(void)
{
	isb();
	return read_sysreg64(CNTPCT);
}

static inline uint64_t timer_read_vct(void)
{
	isb();
	return read_sysreg64(CNTVCT);
}

#endif
