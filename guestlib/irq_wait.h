/*
 * Waiting for an interrupt at a known address, so that a test can check the preferred
 * return address of an asynchronous exception exactly.
 *
 * irq_wait() optionally unmasks IRQs (CPSIE I) and then spins on one instruction,
 * irq_wait_loop: "LDR PC, [Rn], #4" through a table holding irq_wait_loop a fixed number of
 * times and then the way out. However many times it has run, the next instruction to
 * execute in the loop is always irq_wait_loop, and the CPSIE I that lets a pending IRQ in is
 * the instruction right before it, so an IRQ taken there has irq_wait_loop as its preferred
 * return address (DDI 0406C B1.8.3: ELR_hyp = the preferred return address, LR_irq = it +
 * 4). The loop is bounded: if no handler ends it, irq_wait() gives up and returns 0.
 *
 * An interrupt that nothing masks once it is raised (a physical IRQ routed to Hyp mode from
 * a PL1 mode) is raised with irq_wait_store() instead: the device register store that raises
 * it is the instruction right before its loop, irq_wait_store_loop.
 *
 * A handler ends the wait with irq_wait_interrupted(f), given a frame whose ret is the
 * preferred return address (a PL1 IRQ handler subtracts 4 from LR_irq first): if the
 * exception interrupted a loop, the exception returns to irq_wait_resume instead, and the
 * wait returns 1 there. irq_wait() masks IRQs again if it unmasked them. The loops share one
 * table: one CPU at a time may wait.
 */
#ifndef GUESTLIB_IRQ_WAIT_H
#define GUESTLIB_IRQ_WAIT_H

#include <stdint.h>

#include "exception.h"

/* Iterations of a loop before the wait gives up: far more than the latency of an interrupt
 * that is pending when the loop starts. */
#define IRQ_WAIT_SPINS  0x10000u

int irq_wait(int unmask);
/* Stores value to the device register at addr, then waits as irq_wait(0). */
int irq_wait_store(uint32_t addr, uint32_t value);

extern const char irq_wait_loop[], irq_wait_store_loop[], irq_wait_resume[];

static inline int irq_wait_interrupted(struct exc_frame *f)
{
	if (f->ret != (uint32_t)irq_wait_loop && f->ret != (uint32_t)irq_wait_store_loop)
		return 0;
	f->ret = (uint32_t)irq_wait_resume;
	return 1;
}

#endif
