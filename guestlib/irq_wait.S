/*
 * irq_wait() and irq_wait_store() (irq_wait.h). Each call fills the table with the address
 * of its own loop instruction; one CPU at a time may wait.
 */
	.syntax unified
	.arm

	.equ	IRQ_WAIT_SPINS, 0x10000		@ irq_wait.h

	.text
/* Fills the table: table[0 .. SPINS-1] = r0 (the loop), table[SPINS] = the way out.
 * Returns r1 = the table; clobbers r2, r3. */
	.type	irq_wait_fill, %function
irq_wait_fill:
	ldr	r1, =irq_wait_table
	ldr	r2, =IRQ_WAIT_SPINS
	adr	r3, irq_wait_timeout
	str	r3, [r1, r2, lsl #2]
1:	subs	r2, r2, #1
	str	r0, [r1, r2, lsl #2]
	bne	1b
	dsb
	bx	lr
	.size	irq_wait_fill, . - irq_wait_fill

/* int irq_wait(int unmask): CPSIE I, if asked, is the last instruction before the loop. */
	.global	irq_wait
	.type	irq_wait, %function
irq_wait:
	push	{r4, r5, r6, lr}
	mov	r4, r0				@ unmask: masked again on the way out
	adr	r0, irq_wait_loop
	bl	irq_wait_fill
	cmp	r4, #0
	beq	irq_wait_loop
	cpsie	i
	.global	irq_wait_loop
irq_wait_loop:
	ldr	pc, [r1], #4			@ the only instruction of the loop
	.size	irq_wait, . - irq_wait

/* int irq_wait_store(uint32_t addr, uint32_t value): the store is the last instruction
 * before the loop. */
	.global	irq_wait_store
	.type	irq_wait_store, %function
irq_wait_store:
	push	{r4, r5, r6, lr}
	mov	r4, #0				@ nothing to mask again
	mov	r5, r0
	mov	r6, r1
	adr	r0, irq_wait_store_loop
	bl	irq_wait_fill
	str	r6, [r5]			@ the store that raises the interrupt
	.global	irq_wait_store_loop
irq_wait_store_loop:
	ldr	pc, [r1], #4			@ the only instruction of the loop
	.size	irq_wait_store, . - irq_wait_store

/* The ways out of both loops. */
irq_wait_timeout:
	mov	r0, #0
	b	2f
	.global	irq_wait_resume
irq_wait_resume:
	mov	r0, #1
2:	cmp	r4, #0
	beq	3f
	cpsid	i
3:	pop	{r4, r5, r6, pc}

	.bss
	.balign	4
irq_wait_table:
	.space	(IRQ_WAIT_SPINS + 1) * 4
