/*
 * The VGIC of KVM/ARM as reviewed in December 2012 ([PATCH v4 07/13] "ARM: KVM: VGIC virtual
 * CPU interface management", shared/seed/vgic-review-2012.txt), rewritten for this example:
 * the distributor's state kept in software, and the list registers of the GICv2 virtual
 * interface control (GICH, IHI 0048B 5.3) filled from it before each guest entry and read
 * back after each exit.
 *
 * The names are the 2012 ones, so the review can be read beside the code: struct vgic_dist
 * (the distributor, one per VM), struct vgic_cpu (one per vCPU, with the copies of the GICH
 * registers the world switch saves and restores), compute_pending_for_cpu(),
 * vgic_update_state(), vgic_queue_irq(), vgic_sync_to_cpu() and vgic_sync_from_cpu()
 * (__kvm_vgic_sync_to_cpu() and __kvm_vgic_sync_from_cpu() in 2012), and
 * vgic_maintenance_handler().
 *
 * irq_pending_on_cpu is the oracle: bit n set means vCPU n may have something to queue.
 * Whoever makes an interrupt pending sets it; vgic_sync_to_cpu() clears it once it has queued
 * everything (vgic_sync_to_cpu_clear()); vgic_sync_from_cpu() sets it again while list
 * registers are still in use; the maintenance handler sets it when a level-sensitive
 * interrupt the guest has just EOIed is still asserted. The race the review found: the
 * maintenance handler's set, taken between vgic_sync_to_cpu()'s decision and its clear, is
 * undone by the clear, and the interrupt waits for the next vgic_update_state().
 */
#ifndef VGIC2012_VGIC_H
#define VGIC2012_VGIC_H

#include <stdint.h>

#include "bitops.h"
#include "gic.h"

#define VGIC_MAX_CPUS           2u
#define VGIC_NR_PRIVATE_IRQS    GIC_NR_INTERNAL         /* SGIs and PPIs, banked per vCPU */
#define VGIC_NR_SHARED_IRQS     32u                     /* SPIs 32..63 */
#define VGIC_NR_IRQS            (VGIC_NR_PRIVATE_IRQS + VGIC_NR_SHARED_IRQS)
#define VGIC_MAX_LRS            4u
#define VGIC_NR_SGI_SOURCES     8u                      /* GICD_SGIR source CPUs, 4.3.15 */

#define LR_EMPTY                0xffu                   /* vgic_irq_lr_map: no list register */

/* GICH_LRn with HW = 0 (5.3.8): CPUID, bits [12:10], the CPU that requested a virtual SGI.
 * Construction is gic.h's GICH_LR_CPUID(). */
#define LR_CPUID(lr)            (((lr) >> 10) & 0x7u)

/* GICD_SGIR fields (4.3.15): TargetListFilter [25:24], CPUTargetList [23:16]. */
#define GICD_SGIR_FILTER(v)     ((v) & (3u << 24))
#define GICD_SGIR_TARGETS(v)    (((v) >> 16) & 0xffu)
/* GICD_ISENABLERn/ICENABLERn bits of the SGIs, which are always enabled (GIC-400). */
#define GICD_ENABLER0_SGI_BITS  0xffffu
/* irq_spi_cpu of an SPI whose GICD_ITARGETSRn names no vCPU: forwarded to none (4.3.12). */
#define VGIC_NO_TARGET          0xffu

/* One bit per interrupt: the banked IDs 0-31 per vCPU, the SPIs once. */
struct vgic_bitmap {
	unsigned long percpu[VGIC_MAX_CPUS][BITS_TO_LONGS(VGIC_NR_PRIVATE_IRQS)];
	unsigned long shared[BITS_TO_LONGS(VGIC_NR_SHARED_IRQS)];
};

/* The distributor of the VM, as software state (GICD registers, 4.3). */
struct vgic_dist {
	volatile uint32_t lock;                 /* the distributor lock (a spinlock) */
	int enabled;                            /* GICD_CTLR.Enable */
	struct vgic_bitmap irq_enabled;         /* GICD_ISENABLERn */
	struct vgic_bitmap irq_state;           /* pending in the distributor (GICD_ISPENDRn) */
	struct vgic_bitmap irq_active;          /* level-sensitive, queued and not yet EOIed */
	struct vgic_bitmap irq_cfg;             /* GICD_ICFGRn Int_config[1]: 1 edge, 0 level */
	uint8_t irq_priority_private[VGIC_MAX_CPUS][VGIC_NR_PRIVATE_IRQS];  /* GICD_IPRIORITYRn */
	uint8_t irq_priority_shared[VGIC_NR_SHARED_IRQS];
	uint8_t irq_sgi_sources[VGIC_MAX_CPUS][GIC_NR_SGI];     /* per target and SGI: sources */
	uint8_t irq_spi_cpu[VGIC_NR_SHARED_IRQS];               /* GICD_ITARGETSRn: the target */
	unsigned long irq_spi_target[VGIC_MAX_CPUS][BITS_TO_LONGS(VGIC_NR_SHARED_IRQS)];
	unsigned long irq_pending_on_cpu;       /* the oracle, one bit per vCPU */
};

/* One vCPU's view: what it has pending and the list registers, as saved at the last exit. */
struct vgic_cpu {
	uint8_t vgic_irq_lr_map[VGIC_NR_IRQS];  /* interrupt -> list register, or LR_EMPTY */
	DECLARE_BITMAP(pending, VGIC_NR_IRQS);  /* pending for this vCPU: word 0 private, 1 SPIs */
	DECLARE_BITMAP(lr_used, VGIC_MAX_LRS);
	unsigned nr_lr;
	/* The virtual interface control registers (5.3) of this vCPU while it is not running. */
	uint32_t vgic_hcr;
	uint32_t vgic_vmcr;
	uint32_t vgic_misr;
	uint32_t vgic_apr;
	unsigned long vgic_eisr[2];             /* GICH_EISR0, GICH_EISR1 */
	unsigned long vgic_elrsr[2];            /* GICH_ELRSR0, GICH_ELRSR1 */
	uint32_t vgic_lr[VGIC_MAX_LRS];
};

struct vcpu;
struct vm;

/* Distributor reset; vCPU reset, with the reset value of GICH_VMCR. */
void vgic_init(struct vm *vm);
void vgic_vcpu_init(struct vcpu *vcpu, unsigned nr_lr, uint32_t vmcr_reset);

/* kvm_vgic_vcpu_pending_irq(): the oracle's bit for this vCPU. */
int vgic_vcpu_pending_irq(struct vcpu *vcpu);

/* Before a guest entry: queue what the distributor has for the vCPU into its list register
 * copies; takes the distributor lock (and, in the fixed build, masks IRQs with it). */
void vgic_sync_to_cpu(struct vcpu *vcpu);
/* The end of vgic_sync_to_cpu(): everything is queued, so the vCPU has nothing pending.
 * A function of its own so that a fault plan can name the instruction of the race. */
void vgic_sync_to_cpu_clear(struct vgic_dist *dist, unsigned vcpu_id);
/* After a guest exit: free the mappings of empty list registers. */
void vgic_sync_from_cpu(struct vcpu *vcpu);

/* World switch halves, with IRQs masked: the GICH registers into the vCPU's copies at a
 * guest exit, GICH_HCR.En cleared (as 2012's save_vgic_state did), and back at a guest
 * entry. */
void vgic_save_state(struct vcpu *vcpu);
void vgic_restore_state(struct vcpu *vcpu);

/* The maintenance interrupt (PPI 25), in Hyp mode's IRQ handler, for the vCPU that is loaded
 * on this physical CPU (running_vcpu), from the registers saved at its last exit. */
void vgic_maintenance_handler(void);

/* kvm_vgic_inject_irq(): a device's line for interrupt irq (of vCPU cpuid if private). */
void vgic_inject_irq(struct vm *vm, unsigned cpuid, unsigned irq, int level);

/* A guest write to its distributor, offset in the GICD frame (the paravirtual GICD: stage 2
 * is off, so the guest reaches the distributor through HVC). GICD_SGIR sends SGIs. */
void vgic_dist_write(struct vcpu *vcpu, uint32_t offset, uint32_t value);

#endif
