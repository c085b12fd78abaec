/*
 * Exception vectors of guest programs (start.S).
 *
 * start.S installs two vector tables at boot: guest_hyp_vectors in HVBAR for exceptions
 * taken to Hyp mode, and guest_pl1_vectors in VBAR for exceptions taken to the PL1 modes
 * (DDI 0406C B1.8.1, the vector tables). Every entry saves the interrupted context as a
 * struct exc_frame on the stack of the mode taking the exception and calls the handler
 * named below with it. The handlers are weak: a program handles an exception by defining
 * the handler, and an exception nobody handles prints a TAP "Bail out!" and powers off.
 *
 * When the handler returns, the entry code restores the frame and resumes at frame->ret
 * with CPSR = frame->spsr: ERET (B9.3) from Hyp mode, an LDM/RFE exception return from a
 * PL1 mode. frame->ret starts as the link value the architecture records (DDI 0406C B1.8.3):
 * ELR_hyp holds the preferred return address (the HVC's next instruction; the UNDEFINED
 * instruction itself), while LR_<mode> holds it plus an offset (SVC and ARM-state Undefined:
 * the next instruction; Prefetch Abort: +4; Data Abort: +8; IRQ/FIQ: +4). A handler that
 * must skip or retry an instruction adjusts frame->ret.
 */
#ifndef GUESTLIB_EXCEPTION_H
#define GUESTLIB_EXCEPTION_H

#include <stdint.h>

struct exc_frame {
	uint32_t r[13];         /* r0-r12 of the interrupted context (FIQ mode: r8-r12 are
				 * FIQ's own banked registers, B1.3.2) */
	uint32_t lr;            /* Hyp: LR (shared with User/System mode); PL1: LR_<mode> */
	uint32_t vector;        /* offset of the vector taken: EXC_VEC_* */
	uint32_t ret;           /* return address: ELR_hyp, or LR_<mode> */
	uint32_t spsr;          /* SPSR_<mode>: the interrupted CPSR */
};

/* Vector offsets (B1.8.1). In the Hyp table 0x08 is the HVC executed in Hyp mode and 0x14
 * the Hyp Trap entry (everything routed to Hyp mode from a Non-secure PL1 or PL0 mode);
 * in the PL1 table 0x08 is SVC and 0x14 is unused. */
#define EXC_VEC_UNDEF   0x04u
#define EXC_VEC_SVC     0x08u
#define EXC_VEC_HVC     0x08u
#define EXC_VEC_PABT    0x0cu
#define EXC_VEC_DABT    0x10u
#define EXC_VEC_HYP_TRAP 0x14u
#define EXC_VEC_IRQ     0x18u
#define EXC_VEC_FIQ     0x1cu

typedef void exc_handler_fn(struct exc_frame *f);

/* Exceptions taken to Hyp mode (HVBAR = guest_hyp_vectors). */
exc_handler_fn hyp_undef_handler, hyp_hvc_handler, hyp_pabt_handler, hyp_dabt_handler,
	hyp_trap_handler, hyp_irq_handler, hyp_fiq_handler;
/* Exceptions taken to PL1 modes (VBAR = guest_pl1_vectors). */
exc_handler_fn pl1_undef_handler, pl1_svc_handler, pl1_pabt_handler, pl1_dabt_handler,
	pl1_irq_handler, pl1_fiq_handler;

/* The default of every handler: reports the frame as a TAP "Bail out!" and powers off (it
 * never returns, but has the handler type, as the weak handlers are aliases of it). */
exc_handler_fn exc_unexpected;

/* The vector tables (32-byte aligned, as HVBAR and VBAR require). */
extern const uint32_t guest_hyp_vectors[8];
extern const uint32_t guest_pl1_vectors[8];

/*
 * Leaves Hyp mode for Non-secure SVC mode (ERET with SPSR_hyp.M = SVC, B9.3) and returns
 * there, on the same stack, with the caller's A/I/F masks. It first gives this CPU's Hyp,
 * Undefined, Abort, IRQ and FIQ modes stacks of their own, apart from the SVC stack, for
 * the exceptions taken from now on.
 */
void guest_enter_svc(void);

/*
 * Branches to `va` as a function (bit 0 set: Thumb) and comes back when it returns, or when
 * a Prefetch Abort handler sets its frame->ret to guest_pabt_resume, the address just after
 * the branch (in ARM state), which guest_call_at() sets before branching: a test of fetches
 * that abort calls the faulting address this way.
 */
void guest_call_at(uint32_t va);
extern volatile uint32_t guest_pabt_resume;

#endif
