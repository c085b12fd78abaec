/*
 * The hypervisor's world switch and Hyp vector table (ARM DDI 0406C).
 *
 * __vcpu_run(ctx) saves the host's callee-saved registers on the Hyp stack, loads the
 * guest's registers from ctx, banked ones included (MSR/MRS (banked register), B9.3.9,
 * B9.3.10), and enters the guest with ERET (PC = ELR_hyp, CPSR = SPSR_hyp). A Hyp Trap or a
 * physical IRQ routed to Hyp mode (HCR.IMO) brings the CPU back through hyp12_vectors: the
 * guest's registers go back to ctx and __vcpu_run returns EXIT_TRAP or EXIT_IRQ, still with
 * IRQs masked (exception entry to Hyp mode sets CPSR.{A,I,F}, B1.8.3). The IRQ stays pending
 * at the GIC; the C run loop takes it once it unmasks IRQs, through the same IRQ vector,
 * from Hyp mode this time: that is the host's interrupt path, hyp_host_irq().
 */
	.syntax unified
	.arm

#include "vcpu.h"

	.equ	PSR_MODE_MASK, 0x1f
	.equ	PSR_MODE_HYP, 0x1a

	.bss
	.balign	4
	.global	hyp_guest_ctx
hyp_guest_ctx:				@ the context of the guest running, during __vcpu_run
	.space	4
hyp_host_sp:				@ SP_hyp in __vcpu_run once the host's registers are saved
	.space	4

	.text
/* The banked registers, from CTX_SP_USR on (vcpu.h), through the pointer in r12. */
	.macro	banked op
	\op	sp_usr
	\op	elr_hyp
	\op	spsr_hyp
	\op	sp_svc
	\op	lr_svc
	\op	spsr_svc
	\op	sp_abt
	\op	lr_abt
	\op	spsr_abt
	\op	sp_und
	\op	lr_und
	\op	spsr_und
	\op	sp_irq
	\op	lr_irq
	\op	spsr_irq
	\op	r8_fiq
	\op	r9_fiq
	\op	r10_fiq
	\op	r11_fiq
	\op	r12_fiq
	\op	sp_fiq
	\op	lr_fiq
	\op	spsr_fiq
	.endm

	.macro	save_one reg
	.ifc	\reg, spsr_hyp
	mrs	r2, spsr			@ SPSR_hyp is Hyp mode's own SPSR
	.else
	mrs	r2, \reg
	.endif
	str	r2, [r12], #4
	.endm

	.macro	load_one reg
	ldr	r2, [r12], #4
	.ifc	\reg, spsr_hyp
	msr	spsr_cxsf, r2
	.else
	msr	\reg, r2
	.endif
	.endm

/* uint32_t __vcpu_run(struct vcpu_ctx *ctx), in Hyp mode with IRQs masked. */
	.global	__vcpu_run
	.type	__vcpu_run, %function
__vcpu_run:
	push	{r4-r12, lr}
	ldr	r1, =hyp_host_sp
	str	sp, [r1]
	ldr	r1, =hyp_guest_ctx
	str	r0, [r1]
	add	r12, r0, #CTX_SP_USR
	banked	load_one
	ldr	lr, [r0, #CTX_LR_USR]
	ldm	r0, {r0-r12}
	eret
	.size	__vcpu_run, . - __vcpu_run

/* Vector table (B1.8.1); HVBAR must be 32-byte aligned. */
	.balign	32
	.global	hyp12_vectors
hyp12_vectors:
	b	hyp12_bad_00			@ 0x00 not used
	b	hyp12_bad_04			@ 0x04 Undefined Instruction in Hyp mode
	b	hyp12_bad_08			@ 0x08 HVC in Hyp mode
	b	hyp12_bad_0c			@ 0x0c Prefetch Abort in Hyp mode
	b	hyp12_bad_10			@ 0x10 Data Abort in Hyp mode
	b	hyp12_trap			@ 0x14 Hyp Trap: from the guest
	b	hyp12_irq			@ 0x18 IRQ: from the guest, or from Hyp mode
	b	hyp12_bad_1c			@ 0x1c FIQ

hyp12_trap:
	push	{r0, r1}
	mov	r1, #EXIT_TRAP
	b	hyp12_guest_exit

hyp12_irq:
	push	{r0, r1}
	mrs	r0, spsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP
	beq	hyp12_host_irq
	mov	r1, #EXIT_IRQ
	@ fall through

/* r1 = the exit code; the guest's r0 and r1 are on the stack. */
hyp12_guest_exit:
	ldr	r0, =hyp_guest_ctx
	ldr	r0, [r0]
	add	r0, r0, #CTX_R2
	stm	r0, {r2-r12}
	sub	r0, r0, #CTX_R2
	pop	{r2, r3}
	stm	r0, {r2, r3}
	str	lr, [r0, #CTX_LR_USR]
	add	r12, r0, #CTX_SP_USR
	banked	save_one
	mov	r0, r1
	ldr	r1, =hyp_host_sp
	ldr	sp, [r1]
	pop	{r4-r12, pc}

/* An IRQ taken in Hyp mode, r0 and r1 on the stack: the host's interrupt handler, called on
 * an 8-byte aligned stack (AAPCS) with ELR_hyp and SPSR_hyp kept for the ERET. */
hyp12_host_irq:
	push	{r2, r3, r12, lr}
	mrs	r0, elr_hyp
	mrs	r1, spsr
	mov	r2, sp
	bic	sp, sp, #7
	push	{r0, r1, r2, r3}
	bl	hyp_host_irq
	pop	{r0, r1, r2, r3}
	mov	sp, r2
	msr	elr_hyp, r0
	msr	spsr_cxsf, r1
	pop	{r2, r3, r12, lr}
	pop	{r0, r1}
	eret

	.macro	bad vec
hyp12_bad_\vec:
	mov	r0, #0x\vec
	mrs	r1, elr_hyp
	mrs	r2, spsr
	bic	sp, sp, #7
	bl	hyp_bad_exception
	.endm

	bad	00
	bad	04
	bad	08
	bad	0c
	bad	10
	bad	1c
