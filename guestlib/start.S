/*
 * Entry point, CPU set-up and exception vectors of guest programs.
 *
 * Boot state, as QEMU's virt board with virtualization=on gives an ELF image passed with
 * -kernel (and as hypsim mirrors it): CPU 0 runs from the ELF entry point in Non-secure Hyp
 * mode, ARM state, with HSCTLR.M = 0 (MMU off) and CPSR.{A,I,F} = 1; r0-r2 are zero, as no
 * boot protocol is followed for ELF images. The other CPUs stay off until PSCI CPU_ON.
 * References are to ARM DDI 0406C.
 */
	.syntax unified
	.arm

	.equ	PSR_MODE_MASK, 0x1f
	.equ	PSR_MODE_FIQ, 0x11
	.equ	PSR_MODE_IRQ, 0x12
	.equ	PSR_MODE_SVC, 0x13
	.equ	PSR_MODE_ABT, 0x17
	.equ	PSR_MODE_UND, 0x1b
	.equ	MPIDR_AFF0_MASK, 0xff
	.equ	FRAME_VECTOR, 56		@ offsetof(struct exc_frame, vector)
	.equ	FRAME_RET, 60			@ offsetof(struct exc_frame, ret)

	.section .text.boot, "ax"
	.global	_start
	.type	_start, %function
_start:
	mov	r4, r0				@ r0-r3 as the loader left them
	mov	r5, r1
	mov	r6, r2
	mov	r7, r3
	bl	cpu_init
	ldr	r0, =__bss_start		@ zero .bss
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	ldr	r0, =guest_boot_regs
	stm	r0, {r4-r7}
	bl	uart_init
	bl	main
	bl	psci_system_off
	b	halt
	.size	_start, . - _start

/*
 * PSCI CPU_ON entry of the other CPUs (guest_cpu_start() in psci.c): r0 is the context_id,
 * here the function to run. When it returns the CPU powers itself off.
 */
	.global	guest_secondary_entry
	.type	guest_secondary_entry, %function
guest_secondary_entry:
	mov	r4, r0
	bl	cpu_init
	blx	r4
	bl	psci_cpu_off
	b	halt
	.size	guest_secondary_entry, . - guest_secondary_entry

/*
 * Gives this CPU its Hyp stack, chosen by MPIDR.Aff0 (B4.1 MPIDR), and installs the Hyp
 * (HVBAR) and PL1 (VBAR) vector tables. Runs in Hyp mode without a stack; clobbers r0-r2.
 */
cpu_init:
	mrc	p15, 0, r0, c0, c0, 5		@ MPIDR
	and	r0, r0, #MPIDR_AFF0_MASK
	ldr	r1, =__guest_max_cpus
	cmp	r0, r1
	bhs	halt
	ldr	r1, =__hyp_stack_size
	mul	r2, r0, r1
	ldr	sp, =__hyp_stacks_top
	sub	sp, sp, r2
	ldr	r0, =guest_hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0		@ HVBAR
	ldr	r0, =guest_pl1_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	isb
	bx	lr

halt:	wfi
	b	halt

	.bss
	.balign	4
	.global	guest_boot_regs
guest_boot_regs:
	.space	16

	.text
/*
 * void guest_enter_svc(void): Hyp -> SVC by ERET (B9.3, ERET: CPSR = SPSR_hyp, PC = ELR_hyp).
 * SVC mode goes on with the caller's stack. SP_hyp moves to a stack of its own first, as
 * exceptions taken to Hyp mode from now on would otherwise push their frames onto the memory
 * the SVC stack grows into; so do SP_und, SP_abt, SP_irq and SP_fiq. LR is banked per PL1
 * mode but Hyp mode uses LR_usr (B1.3.2), so the return address travels in r3.
 */
	.global	guest_enter_svc
	.type	guest_enter_svc, %function
guest_enter_svc:
	mov	r3, lr
	mov	r2, sp				@ the caller's stack, for SVC mode
	mrc	p15, 0, r0, c0, c0, 5		@ MPIDR
	and	r0, r0, #MPIDR_AFF0_MASK
	ldr	r1, =__exc_stack_size
	mul	r12, r0, r1
	ldr	r0, =__exc_stacks_per_cpu
	mul	r12, r12, r0
	ldr	r0, =__exc_stacks_top
	sub	r0, r0, r12			@ this CPU's exception stacks, top down
	mov	sp, r0				@ SP_hyp
	sub	r0, r0, r1
	mrs	r12, cpsr
	bic	r12, r12, #PSR_MODE_MASK
	orr	r12, r12, #PSR_MODE_SVC
	msr	spsr_cxsf, r12			@ SPSR_hyp: SVC, same A/I/F masks
	adr	r12, 1f
	msr	elr_hyp, r12
	eret
1:	mov	sp, r2				@ SP_svc
	cps	#PSR_MODE_UND
	mov	sp, r0
	sub	r0, r0, r1
	cps	#PSR_MODE_ABT
	mov	sp, r0
	sub	r0, r0, r1
	cps	#PSR_MODE_IRQ
	mov	sp, r0
	sub	r0, r0, r1
	cps	#PSR_MODE_FIQ
	mov	sp, r0
	cps	#PSR_MODE_SVC
	bx	r3
	.size	guest_enter_svc, . - guest_enter_svc

/*
 * Vector tables (B1.8.1). Each entry pushes a struct exc_frame (exception.h), passes the
 * vector offset and the handler to the common code of its table, and the common code calls
 * the handler with the frame on an 8-byte aligned stack (AAPCS) and returns from the
 * exception through the frame.
 */
	.macro	vector_entry vec, handler, common
	sub	sp, sp, #12			@ frame.vector, frame.ret, frame.spsr
	push	{r0-r12, lr}			@ frame.r[0..12], frame.lr
	mov	r0, #\vec
	ldr	r1, =\handler
	b	\common
	.endm

	.macro	call_handler
	add	r4, sp, #FRAME_VECTOR
	stm	r4, {r0, r2, r3}		@ vector, ret, spsr
	mov	r0, sp
	mov	r4, sp
	bic	sp, sp, #7
	blx	r1
	mov	sp, r4
	.endm

	.balign	32
	.global	guest_hyp_vectors
guest_hyp_vectors:
	b	hyp_unused			@ 0x00 not used
	b	hyp_undef			@ 0x04 Undefined Instruction, from Hyp mode
	b	hyp_hvc				@ 0x08 Hypervisor Call, from Hyp mode
	b	hyp_pabt			@ 0x0c Prefetch Abort, from Hyp mode
	b	hyp_dabt			@ 0x10 Data Abort, from Hyp mode
	b	hyp_trap			@ 0x14 Hyp Trap, or Hyp mode entry
	b	hyp_irq				@ 0x18 IRQ
	b	hyp_fiq				@ 0x1c FIQ

hyp_unused:	vector_entry 0x00, exc_unexpected, hyp_common
hyp_undef:	vector_entry 0x04, hyp_undef_handler, hyp_common
hyp_hvc:	vector_entry 0x08, hyp_hvc_handler, hyp_common
hyp_pabt:	vector_entry 0x0c, hyp_pabt_handler, hyp_common
hyp_dabt:	vector_entry 0x10, hyp_dabt_handler, hyp_common
hyp_trap:	vector_entry 0x14, hyp_trap_handler, hyp_common
hyp_irq:	vector_entry 0x18, hyp_irq_handler, hyp_common
hyp_fiq:	vector_entry 0x1c, hyp_fiq_handler, hyp_common

/* Exception return from Hyp mode is ERET: PC = ELR_hyp, CPSR = SPSR_hyp (B9.3). */
hyp_common:
	mrs	r2, elr_hyp
	mrs	r3, spsr
	call_handler
	add	r4, sp, #FRAME_RET
	ldm	r4, {r2, r3}
	msr	elr_hyp, r2
	msr	spsr_cxsf, r3
	pop	{r0-r12, lr}
	add	sp, sp, #12
	eret

	.balign	32
	.global	guest_pl1_vectors
guest_pl1_vectors:
	b	pl1_unused			@ 0x00 Reset (not taken through VBAR here)
	b	pl1_undef			@ 0x04 Undefined Instruction
	b	pl1_svc				@ 0x08 Supervisor Call
	b	pl1_pabt			@ 0x0c Prefetch Abort
	b	pl1_dabt			@ 0x10 Data Abort
	b	pl1_unused			@ 0x14 not used
	b	pl1_irq				@ 0x18 IRQ
	b	pl1_fiq				@ 0x1c FIQ

pl1_unused:	vector_entry 0x00, exc_unexpected, pl1_common
pl1_undef:	vector_entry 0x04, pl1_undef_handler, pl1_common
pl1_svc:	vector_entry 0x08, pl1_svc_handler, pl1_common
pl1_pabt:	vector_entry 0x0c, pl1_pabt_handler, pl1_common
pl1_dabt:	vector_entry 0x10, pl1_dabt_handler, pl1_common
pl1_irq:	vector_entry 0x18, pl1_irq_handler, pl1_common
pl1_fiq:	vector_entry 0x1c, pl1_fiq_handler, pl1_common

/* Exception return from a PL1 mode with RFE: PC = frame.ret, CPSR = frame.spsr (B9.3). */
pl1_common:
	mov	r2, lr				@ the link value (B1.8.3)
	mrs	r3, spsr
	call_handler
	pop	{r0-r12, lr}
	add	sp, sp, #4			@ frame.vector
	rfeia	sp!
