/* Default exception handlers (exception.h). */
#include "exception.h"

#include "sysreg.h"
#include "tap.h"

#include <stddef.h>

/* start.S builds the frame with these offsets (FRAME_VECTOR, FRAME_RET) and this size. */
_Static_assert(offsetof(struct exc_frame, vector) == 56, "FRAME_VECTOR in start.S");
_Static_assert(offsetof(struct exc_frame, ret) == 60, "FRAME_RET in start.S");
_Static_assert(sizeof(struct exc_frame) == 68, "the 14 + 3 words start.S pushes");

void exc_unexpected(struct exc_frame *f)
{
	uint32_t mode = PSR_MODE(read_cpsr());

	if (mode == PSR_MODE_HYP)
		bail_out("unexpected exception to Hyp mode: vector 0x%02lx HSR 0x%08lx ELR_hyp 0x%08lx SPSR 0x%08lx",
			 f->vector, read_sysreg(HSR), f->ret, f->spsr);
	bail_out("unexpected exception to mode 0x%02lx: vector 0x%02lx LR 0x%08lx SPSR 0x%08lx",
		 mode, f->vector, f->ret, f->spsr);
}

volatile uint32_t guest_pabt_resume;

void guest_call_at(uint32_t va)
{
	__asm__ volatile("adr r12, 1f\n\t"
			 "str r12, [%0]\n\t"
			 "blx %1\n"
			 "1:"
			 : : "r"(&guest_pabt_resume), "r"(va)
			 : "r0", "r1", "r2", "r3", "r12", "lr", "memory", "cc");
}

#define WEAK_DEFAULT __attribute__((weak, alias("exc_unexpected")))

void hyp_undef_handler(struct exc_frame *f) WEAK_DEFAULT;
void hyp_hvc_handler(struct exc_frame *f) WEAK_DEFAULT;
void hyp_pabt_handler(struct exc_frame *f) WEAK_DEFAULT;
void hyp_dabt_handler(struct exc_frame *f) WEAK_DEFAULT;
void hyp_trap_handler(struct exc_frame *f) WEAK_DEFAULT;
void hyp_irq_handler(struct exc_frame *f) WEAK_DEFAULT;
void hyp_fiq_handler(struct exc_frame *f) WEAK_DEFAULT;
void pl1_undef_handler(struct exc_frame *f) WEAK_DEFAULT;
void pl1_svc_handler(struct exc_frame *f) WEAK_DEFAULT;
void pl1_pabt_handler(struct exc_frame *f) WEAK_DEFAULT;
void pl1_dabt_handler(struct exc_frame *f) WEAK_DEFAULT;
void pl1_irq_handler(struct exc_frame *f) WEAK_DEFAULT;
void pl1_fiq_handler(struct exc_frame *f) WEAK_DEFAULT;
