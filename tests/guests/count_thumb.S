@ Instruction counting in Thumb state, where a block's size does not give its
@ count: 16- and 32-bit encodings mixed. Retires exactly 306 instructions:
@ 2 in ARM state, then 1 + 100 x 3 + 3 in Thumb state, the last the SMC of
@ PSCI SYSTEM_OFF. tests/guests/meson.build checks hypsim -v's count.
	.syntax unified
	.arm
	.global _start
_start:
	adr	r0, thumb_part + 1
	bx	r0

	.thumb
	.thumb_func
thumb_part:
	movs	r1, #100		@ T1, 16-bit
1:	add.w	r2, r2, #1		@ T3, 32-bit
	subs	r1, #1			@ T2, 16-bit
	bne	1b			@ T1, 16-bit
	movw	r0, #0x0008		@ 32-bit: PSCI SYSTEM_OFF is 0x84000008
	movt	r0, #0x8400		@ 32-bit
	smc	#0			@ 32-bit
2:	b	2b
