/*
 * The guest's entry point, for both of its vCPUs: the hypervisor starts vCPU 0 here, and
 * vCPU 0 starts vCPU 1 here with PSCI CPU_ON. The CPU is in Non-secure SVC mode with
 * CPSR.{A,I,F} set and the MMU off; r0 holds the CPU_ON context_id (Arm DEN 0022). Each vCPU
 * takes its stacks from guest_stacks by its MPIDR (which reads VMPIDR at PL1, DDI 0406C
 * B4.1.106), installs the PL1 vector table and runs guest_main(vcpu).
 */
	.syntax unified
	.arm

	.equ	MPIDR_AFF0_MASK, 0xff
	.equ	GUEST_NR_VCPUS, 2
	.equ	GUEST_STACK_SIZE, 0x2000	@ per vCPU: guest.c, guest_stacks
	.equ	GUEST_IRQ_STACK, 0x800		@ below the SVC stack
	.equ	GUEST_ABT_STACK, 0x200
	.equ	PSR_MODE_IRQ, 0x12
	.equ	PSR_MODE_ABT, 0x17
	.equ	PSR_MODE_UND, 0x1b
	.equ	PSR_MODE_SVC, 0x13

	.text
	.global	guest_vcpu_entry
	.type	guest_vcpu_entry, %function
guest_vcpu_entry:
	mrc	p15, 0, r4, c0, c0, 5		@ MPIDR: this vCPU's VMPIDR
	and	r4, r4, #MPIDR_AFF0_MASK
	cmp	r4, #GUEST_NR_VCPUS
	bhs	1f
	ldr	r0, =guest_stacks
	add	r1, r4, #1
	mov	r2, #GUEST_STACK_SIZE
	mla	r0, r1, r2, r0			@ top of this vCPU's stack area
	mov	sp, r0				@ SVC: the upper part
	sub	r0, r0, #(GUEST_STACK_SIZE - GUEST_IRQ_STACK - 2 * GUEST_ABT_STACK)
	cps	#PSR_MODE_IRQ
	mov	sp, r0
	sub	r0, r0, #GUEST_IRQ_STACK
	cps	#PSR_MODE_ABT
	mov	sp, r0
	sub	r0, r0, #GUEST_ABT_STACK
	cps	#PSR_MODE_UND
	mov	sp, r0
	cps	#PSR_MODE_SVC
	ldr	r0, =guest_pl1_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	isb
	mov	r0, r4
	bl	guest_main
1:	wfi
	b	1b
	.size	guest_vcpu_entry, . - guest_vcpu_entry
