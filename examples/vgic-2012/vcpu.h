/*
 * The hypervisor's vCPUs and VM: the guest register context the world switch (hyp_entry.S)
 * saves and restores, the scheduler state, and the Hyp-mode helpers the VGIC needs (IRQ
 * masking, the distributor spinlock, counters). Two vCPUs time-share one physical CPU.
 *
 * The CTX_* offsets are shared with hyp_entry.S, which includes this file with
 * __ASSEMBLER__ defined.
 */
#ifndef VGIC2012_VCPU_H
#define VGIC2012_VCPU_H

#define NR_VCPUS        2

/* struct vcpu_ctx, in bytes. The banked registers from CTX_SP_USR on are saved and restored
 * in this order, one word each, by hyp_entry.S. */
#define CTX_R0          0
#define CTX_R2          8
#define CTX_LR_USR      52      /* LR_usr: also Hyp mode's LR (DDI 0406C B1.3.2) */
#define CTX_SP_USR      56
#define CTX_PC          60      /* ELR_hyp */
#define CTX_CPSR        64      /* SPSR_hyp */
#define CTX_SIZE        148

/* __vcpu_run() results: why the guest stopped. */
#define EXIT_TRAP       1       /* Hyp Trap vector, HVBAR + 0x14: HSR says what */
#define EXIT_IRQ        2       /* a physical IRQ, routed to Hyp mode by HCR.IMO */

#ifndef __ASSEMBLER__

#include <stdint.h>

#include "vgic.h"

struct vcpu_ctx {
	uint32_t r[13];
	uint32_t lr_usr, sp_usr;
	uint32_t pc, cpsr;
	uint32_t sp_svc, lr_svc, spsr_svc;
	uint32_t sp_abt, lr_abt, spsr_abt;
	uint32_t sp_und, lr_und, spsr_und;
	uint32_t sp_irq, lr_irq, spsr_irq;
	uint32_t r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq, sp_fiq, lr_fiq, spsr_fiq;
};

enum vcpu_state {
	VCPU_OFF,               /* not started (PSCI CPU_ON) or stopped (CPU_OFF) */
	VCPU_RUNNABLE,
	VCPU_BLOCKED,           /* in a trapped WFI with nothing pending */
};

struct vcpu {
	unsigned vcpu_id;
	enum vcpu_state state;
	struct vcpu_ctx ctx;
	struct vgic_cpu vgic_cpu;
};

struct vm {
	struct vgic_dist vgic;
	struct vcpu vcpus[NR_VCPUS];
	unsigned online_vcpus;
};

extern struct vm vm;

/* The vCPU loaded on this physical CPU between vcpu_load() and vcpu_put(), or NULL: what the
 * maintenance handler acts on (kvm_arm_running_vcpu in 2012). */
extern struct vcpu *volatile running_vcpu;

/* Makes a blocked vCPU runnable (kvm_vcpu_kick()). */
void vcpu_kick(struct vcpu *vcpu);

/* What the hypervisor counts, for the guest to report (pv.h, PV_STAT_*). */
extern volatile uint32_t hyp_stats[];

/* Reports a fatal hypervisor error as a TAP "Bail out!" and powers off. */
void hyp_panic(const char *what, uint32_t a, uint32_t b) __attribute__((noreturn));

/* CPSR.I in Hyp mode (DDI 0406C B1.3.3). */
static inline void local_irq_enable(void)
{
	__asm__ volatile("cpsie i" : : : "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ volatile("cpsid i" : : : "memory");
}

static inline uint32_t local_irq_save(void)
{
	uint32_t flags;

	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_restore(uint32_t flags)
{
	__asm__ volatile("msr cpsr_c, %0" : : "r"(flags) : "memory", "cc");
}

/* A test-and-set spinlock (LDREX/STREX, DMB: DDI 0406C A3.4, A3.8). One physical CPU runs
 * the hypervisor and nothing that takes a lock runs in an interrupt handler, so the lock is
 * never found taken; if it is, the hypervisor has a bug and says so. */
#define SPIN_LIMIT      100000u

static inline void spin_lock(volatile uint32_t *lock)
{
	uint32_t old = 0, failed;

	for (unsigned i = 0; i < SPIN_LIMIT; i++) {
		__asm__ volatile("ldrex %0, [%2]\n\t"
				 "teq %0, #0\n\t"
				 "strexeq %1, %3, [%2]\n\t"
				 "movne %1, #1"
				 : "=&r"(old), "=&r"(failed)
				 : "r"(lock), "r"(1u)
				 : "memory", "cc");
		if (!failed) {
			__asm__ volatile("dmb" : : : "memory");
			return;
		}
	}
	hyp_panic("spinlock held too long", (uint32_t)lock, old);
}

static inline void spin_unlock(volatile uint32_t *lock)
{
	__asm__ volatile("dmb" : : : "memory");
	*lock = 0;
}

#endif /* __ASSEMBLER__ */

#endif
