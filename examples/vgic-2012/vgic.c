/*
 * The 2012 VGIC (vgic.h), distributor in software, list registers from it. Section numbers
 * are IHI 0048B's.
 *
 * Build variants: as reviewed, vgic_sync_to_cpu() takes the distributor lock with IRQs left
 * as they are (enabled: Hyp mode runs its host part with CPSR.I clear, as the host kernel
 * did), so the maintenance interrupt can be taken anywhere inside it, including between the
 * decision that everything is queued and vgic_sync_to_cpu_clear(). VGIC2012_FIXED builds what
 * the review concluded, spin_lock_irqsave(): IRQs masked for as long as the lock is held, so
 * a maintenance interrupt is taken after the clear and its set_bit survives.
 */
#include "vgic.h"

#include <stddef.h>

#include "pv.h"
#include "vcpu.h"

#define VGIC_CFG_EDGE           1
#define SGI_SOURCES_ALL         0xffu

static volatile unsigned long *bitmap_cpu_map(struct vgic_bitmap *x, unsigned cpu)
{
	return x->percpu[cpu];
}

static volatile unsigned long *bitmap_shared_map(struct vgic_bitmap *x)
{
	return x->shared;
}

static int bitmap_get_irq_val(struct vgic_bitmap *x, unsigned cpu, unsigned irq)
{
	if (irq < VGIC_NR_PRIVATE_IRQS)
		return test_bit(irq, x->percpu[cpu]);
	return test_bit(irq - VGIC_NR_PRIVATE_IRQS, x->shared);
}

static void bitmap_set_irq_val(struct vgic_bitmap *x, unsigned cpu, unsigned irq, int val)
{
	volatile unsigned long *map = x->shared;

	if (irq < VGIC_NR_PRIVATE_IRQS)
		map = x->percpu[cpu];
	else
		irq -= VGIC_NR_PRIVATE_IRQS;
	if (val)
		set_bit(irq, map);
	else
		clear_bit(irq, map);
}

static int vgic_irq_is_edge(struct vgic_dist *dist, unsigned cpu, unsigned irq)
{
	return bitmap_get_irq_val(&dist->irq_cfg, cpu, irq) == VGIC_CFG_EDGE;
}

static uint8_t vgic_irq_priority(struct vgic_dist *dist, unsigned cpu, unsigned irq)
{
	if (irq < VGIC_NR_PRIVATE_IRQS)
		return dist->irq_priority_private[cpu][irq];
	return dist->irq_priority_shared[irq - VGIC_NR_PRIVATE_IRQS];
}

void vgic_init(struct vm *vm)
{
	struct vgic_dist *dist = &vm->vgic;

	*dist = (struct vgic_dist){ 0 };
	for (unsigned spi = 0; spi < VGIC_NR_SHARED_IRQS; spi++)
		dist->irq_spi_cpu[spi] = VGIC_NO_TARGET;
	/* SGIs are edge-triggered, always enabled (GIC-400 and 4.3.5); PPIs and SPIs reset to
	 * level-sensitive and disabled. */
	for (unsigned c = 0; c < VGIC_MAX_CPUS; c++) {
		for (unsigned i = 0; i < GIC_NR_SGI; i++) {
			bitmap_set_irq_val(&dist->irq_cfg, c, i, VGIC_CFG_EDGE);
			bitmap_set_irq_val(&dist->irq_enabled, c, i, 1);
		}
	}
}

void vgic_vcpu_init(struct vcpu *vcpu, unsigned nr_lr, uint32_t vmcr_reset)
{
	struct vgic_cpu *vgic_cpu = &vcpu->vgic_cpu;

	*vgic_cpu = (struct vgic_cpu){ 0 };
	for (unsigned i = 0; i < VGIC_NR_IRQS; i++)
		vgic_cpu->vgic_irq_lr_map[i] = LR_EMPTY;
	vgic_cpu->nr_lr = nr_lr;
	vgic_cpu->vgic_hcr = GICH_HCR_EN;
	vgic_cpu->vgic_vmcr = vmcr_reset;
	vgic_cpu->vgic_elrsr[0] = (1ul << nr_lr) - 1u;  /* every list register empty */
}

int vgic_vcpu_pending_irq(struct vcpu *vcpu)
{
	return test_bit(vcpu->vcpu_id, &vm.vgic.irq_pending_on_cpu);
}

/*
 * What the distributor forwards to this vCPU: pending and enabled, private or targeted at it.
 * Refreshes vgic_cpu->pending; nonzero if anything is.
 */
static int compute_pending_for_cpu(struct vcpu *vcpu)
{
	struct vgic_dist *dist = &vm.vgic;
	volatile unsigned long *pend = vcpu->vgic_cpu.pending;
	unsigned id = vcpu->vcpu_id;

	bitmap_and(pend, bitmap_cpu_map(&dist->irq_state, id),
		   bitmap_cpu_map(&dist->irq_enabled, id), VGIC_NR_PRIVATE_IRQS);
	bitmap_and(pend + 1, bitmap_shared_map(&dist->irq_state),
		   bitmap_shared_map(&dist->irq_enabled), VGIC_NR_SHARED_IRQS);
	bitmap_and(pend + 1, pend + 1, dist->irq_spi_target[id], VGIC_NR_SHARED_IRQS);
	return find_first_bit(pend, VGIC_NR_IRQS) < VGIC_NR_IRQS;
}

/* Recomputes the oracle for every vCPU after a change of the distributor's registers. */
static void vgic_update_state(struct vm *vm)
{
	struct vgic_dist *dist = &vm->vgic;

	if (!dist->enabled)
		return;
	for (unsigned c = 0; c < vm->online_vcpus; c++)
		if (compute_pending_for_cpu(&vm->vcpus[c]))
			set_bit(c, &dist->irq_pending_on_cpu);
}

static void vgic_kick_vcpus(struct vm *vm)
{
	for (unsigned c = 0; c < vm->online_vcpus; c++)
		if (test_bit(c, &vm->vgic.irq_pending_on_cpu))
			vcpu_kick(&vm->vcpus[c]);
}

static uint32_t mk_lr_pend(unsigned source, unsigned irq, uint8_t priority)
{
	return GICH_LR_STATE_PENDING | GICH_LR_PRIORITY(priority) | GICH_LR_CPUID(source) |
	       GICH_LR_VIRTUALID(irq);
}

/*
 * Puts interrupt irq (from sgi_source_id if it is an SGI, else 0) in a list register copy:
 * the one it already has for the same source, made pending again ("piggyback"), or the
 * first empty one. Level-sensitive interrupts get the EOI bit, so that their deactivation
 * raises the maintenance interrupt (5.3.8). Returns 0 when no list register is left.
 *
 * Unlike 2012's MK_LR_PEND(), which left the priority 0, the list register carries the
 * priority the guest gave the interrupt (GICD_IPRIORITYRn), so that the guest's GICV_HPPIR
 * tells its device interrupt from a pending SGI.
 */
static int vgic_queue_irq(struct vcpu *vcpu, unsigned sgi_source_id, unsigned irq)
{
	struct vgic_cpu *vgic_cpu = &vcpu->vgic_cpu;
	struct vgic_dist *dist = &vm.vgic;
	int is_level = !vgic_irq_is_edge(dist, vcpu->vcpu_id, irq);
	unsigned lr = vgic_cpu->vgic_irq_lr_map[irq];

	if (lr != LR_EMPTY && LR_CPUID(vgic_cpu->vgic_lr[lr]) == sgi_source_id) {
		if (!test_bit(lr, vgic_cpu->lr_used))
			hyp_panic("LR mapped but not in use", lr, irq);
		vgic_cpu->vgic_lr[lr] |= GICH_LR_STATE_PENDING;
		if (is_level)
			vgic_cpu->vgic_lr[lr] |= GICH_LR_EOI;
		return 1;
	}

	lr = find_first_bit(vgic_cpu->vgic_elrsr, vgic_cpu->nr_lr);
	if (lr >= vgic_cpu->nr_lr)
		return 0;
	vgic_cpu->vgic_lr[lr] = mk_lr_pend(sgi_source_id, irq,
					   vgic_irq_priority(dist, vcpu->vcpu_id, irq));
	if (is_level)
		vgic_cpu->vgic_lr[lr] |= GICH_LR_EOI;
	vgic_cpu->vgic_irq_lr_map[irq] = (uint8_t)lr;
	clear_bit(lr, vgic_cpu->vgic_elrsr);
	set_bit(lr, vgic_cpu->lr_used);
	return 1;
}

/*
 * A PPI or SPI. A level-sensitive one stays in the distributor, marked active until the
 * maintenance handler sees its EOI, and is not queued twice meanwhile; an edge-triggered one
 * leaves the distributor once queued.
 */
static int vgic_queue_hwirq(struct vcpu *vcpu, unsigned irq)
{
	struct vgic_dist *dist = &vm.vgic;
	unsigned id = vcpu->vcpu_id;

	if (bitmap_get_irq_val(&dist->irq_active, id, irq))
		return 1;       /* level-sensitive, already queued */
	if (!vgic_queue_irq(vcpu, 0, irq))
		return 0;
	if (vgic_irq_is_edge(dist, id, irq)) {
		bitmap_set_irq_val(&dist->irq_state, id, irq, 0);
		clear_bit(irq, vcpu->vgic_cpu.pending);
	} else {
		bitmap_set_irq_val(&dist->irq_active, id, irq, 1);
	}
	return 1;
}

/*
 * The window of the race: from the moment __vgic_sync_to_cpu() has decided that everything
 * is queued (its oracle test, or its last skip of an active level interrupt) to the STREX
 * of the clear_bit() below. A maintenance interrupt taken there sets the bit this clears.
 */
__attribute__((noinline, noipa)) void vgic_sync_to_cpu_clear(struct vgic_dist *dist,
							     unsigned vcpu_id)
{
	clear_bit(vcpu_id, &dist->irq_pending_on_cpu);
}

/* __kvm_vgic_sync_to_cpu(): called with the distributor lock held. */
__attribute__((noinline, noipa)) void __vgic_sync_to_cpu(struct vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->vgic_cpu;
	struct vgic_dist *dist = &vm.vgic;
	volatile unsigned long *pending;
	unsigned i, c, vcpu_id = vcpu->vcpu_id;
	int overflow = 0;

	/* Nothing pending, or taken by another vCPU meanwhile: move along. */
	if (!vgic_vcpu_pending_irq(vcpu))
		goto epilog;

	/* SGIs: one list register per source, as SGIs from different CPUs are different
	 * interrupts (4.3.15, 4.4.4). */
	pending = bitmap_cpu_map(&dist->irq_state, vcpu_id);
	for_each_set_bit(i, vgic_cpu->pending, GIC_NR_SGI) {
		unsigned long sources = dist->irq_sgi_sources[vcpu_id][i];

		for_each_set_bit(c, &sources, VGIC_NR_SGI_SOURCES) {
			if (!vgic_queue_irq(vcpu, c, i)) {
				overflow = 1;
				continue;
			}
			sources &= ~BIT_MASK(c);
		}
		dist->irq_sgi_sources[vcpu_id][i] = (uint8_t)sources;
		if (!sources)
			clear_bit(i, pending);
	}

	/* PPIs and SPIs. */
	for (i = find_next_bit(vgic_cpu->pending, VGIC_NR_IRQS, GIC_NR_SGI); i < VGIC_NR_IRQS;
	     i = find_next_bit(vgic_cpu->pending, VGIC_NR_IRQS, i + 1))
		if (!vgic_queue_hwirq(vcpu, i))
			overflow = 1;

epilog:
	if (overflow) {
		/* Underflow maintenance (MISR.U) once the guest has drained the LRs. */
		vgic_cpu->vgic_hcr |= GICH_HCR_UIE;
		hyp_stats[PV_STAT_LR_OVERFLOW]++;
	} else {
		vgic_cpu->vgic_hcr &= ~GICH_HCR_UIE;
		/* Everything the distributor had for this vCPU is in its LRs: claim nothing is
		 * pending; vgic_sync_from_cpu() sets the bit again while LRs are in use. */
		vgic_sync_to_cpu_clear(dist, vcpu_id);
	}
}

void vgic_sync_to_cpu(struct vcpu *vcpu)
{
	struct vgic_dist *dist = &vm.vgic;
#ifdef VGIC2012_FIXED
	uint32_t flags = local_irq_save();

	spin_lock(&dist->lock);
	__vgic_sync_to_cpu(vcpu);
	spin_unlock(&dist->lock);
	local_irq_restore(flags);
#else
	spin_lock(&dist->lock);
	__vgic_sync_to_cpu(vcpu);
	spin_unlock(&dist->lock);
#endif
}

/* __kvm_vgic_sync_from_cpu(): touches only the vCPU's own state and sets the oracle's bit,
 * so it runs without the distributor lock. */
void vgic_sync_from_cpu(struct vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->vgic_cpu;
	unsigned lr;

	/* Forget the mappings of the list registers the guest has emptied. */
	for_each_set_bit(lr, vgic_cpu->vgic_elrsr, vgic_cpu->nr_lr) {
		unsigned irq;

		if (!test_and_clear_bit(lr, vgic_cpu->lr_used))
			continue;
		irq = GICH_LR_VIRTUALID(vgic_cpu->vgic_lr[lr]);
		if (irq >= VGIC_NR_IRQS)
			hyp_panic("list register holds an unknown interrupt", lr, irq);
		vgic_cpu->vgic_irq_lr_map[irq] = LR_EMPTY;
	}

	/* Anything still in a list register keeps the vCPU pending. */
	if (find_first_zero_bit(vgic_cpu->vgic_elrsr, vgic_cpu->nr_lr) < vgic_cpu->nr_lr)
		set_bit(vcpu->vcpu_id, &vm.vgic.irq_pending_on_cpu);
}

void vgic_save_state(struct vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->vgic_cpu;

	vgic_cpu->vgic_hcr = gich_read(GICH_HCR);
	vgic_cpu->vgic_vmcr = gich_read(GICH_VMCR);
	vgic_cpu->vgic_misr = gich_read(GICH_MISR);
	vgic_cpu->vgic_eisr[0] = gich_read(GICH_EISR0);
	vgic_cpu->vgic_eisr[1] = gich_read(GICH_EISR1);
	vgic_cpu->vgic_elrsr[0] = gich_read(GICH_ELRSR0);
	vgic_cpu->vgic_elrsr[1] = gich_read(GICH_ELRSR1);
	vgic_cpu->vgic_apr = gich_read(GICH_APR);
	for (unsigned lr = 0; lr < vgic_cpu->nr_lr; lr++)
		vgic_cpu->vgic_lr[lr] = gich_read(GICH_LR(lr));
	/* The virtual interface off while the hypervisor runs: no virtual interrupt, and the
	 * maintenance line drops (5.3.1); the host takes the maintenance interrupt afterwards,
	 * from these copies. */
	gich_write(GICH_HCR, 0);
}

void vgic_restore_state(struct vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->vgic_cpu;

	gich_write(GICH_VMCR, vgic_cpu->vgic_vmcr);
	gich_write(GICH_APR, vgic_cpu->vgic_apr);
	for (unsigned lr = 0; lr < vgic_cpu->nr_lr; lr++)
		gich_write(GICH_LR(lr), vgic_cpu->vgic_lr[lr]);
	gich_write(GICH_HCR, vgic_cpu->vgic_hcr);       /* last: En with the LRs in place */
}

/*
 * The maintenance interrupt. It works on running_vcpu's registers as saved at its last exit:
 * for each list register whose level-sensitive interrupt the guest has EOIed (GICH_EISR),
 * the interrupt is no longer active, its LR copy loses the EOI bit (so the LR reads empty
 * once restored, 5.3.6), and if the device still holds the line the interrupt is pending
 * for the vCPU again. It takes no lock: it only sets and clears bits, atomically.
 *
 * Taken late, it acts on whichever vCPU is loaded by then, with that vCPU's saved registers,
 * or on none ("if your hardware is broken enough to deliver late VGIC interrupt, we're
 * screwed").
 */
void vgic_maintenance_handler(void)
{
	struct vcpu *vcpu = running_vcpu;
	struct vgic_dist *dist = &vm.vgic;
	struct vgic_cpu *vgic_cpu;
	unsigned lr;

	if (!vcpu) {
		hyp_stats[PV_STAT_MAINT_NO_VCPU]++;
		return;
	}
	vgic_cpu = &vcpu->vgic_cpu;
	if (!(vgic_cpu->vgic_misr & (GICH_MISR_EOI | GICH_MISR_U)))
		hyp_stats[PV_STAT_MAINT_IDLE]++;

	if (vgic_cpu->vgic_misr & GICH_MISR_EOI) {
		for_each_set_bit(lr, vgic_cpu->vgic_eisr, vgic_cpu->nr_lr) {
			unsigned irq = GICH_LR_VIRTUALID(vgic_cpu->vgic_lr[lr]);

			if (irq >= VGIC_NR_IRQS)
				continue;
			bitmap_set_irq_val(&dist->irq_active, vcpu->vcpu_id, irq, 0);
			vgic_cpu->vgic_lr[lr] &= ~GICH_LR_EOI;

			/* Still asserted? Then pending again. */
			if (bitmap_get_irq_val(&dist->irq_state, vcpu->vcpu_id, irq)) {
				set_bit(irq, vgic_cpu->pending);
				set_bit(vcpu->vcpu_id, &dist->irq_pending_on_cpu);
			} else {
				clear_bit(irq, vgic_cpu->pending);
			}
		}
	}

	if (vgic_cpu->vgic_misr & GICH_MISR_U)
		vgic_cpu->vgic_hcr &= ~GICH_HCR_UIE;
}

/*
 * A device line changes. Level-sensitive interrupts follow the level; an edge-triggered one
 * becomes pending on a rising edge only. A level-sensitive interrupt that is active waits for
 * its EOI (the maintenance handler re-pends it); otherwise it becomes pending on its target
 * vCPU. Returns nonzero when a vCPU has something new.
 */
static int vgic_update_irq_state(struct vm *vm, unsigned cpuid, unsigned irq, int level)
{
	struct vgic_dist *dist = &vm->vgic;
	struct vcpu *target;
	int is_edge, state, ret = 0;

	spin_lock(&dist->lock);
	is_edge = vgic_irq_is_edge(dist, cpuid, irq);
	state = bitmap_get_irq_val(&dist->irq_state, cpuid, irq);
	if ((!is_edge && state == level) || (is_edge && (!level || state)))
		goto out;
	bitmap_set_irq_val(&dist->irq_state, cpuid, irq, level);

	if (irq >= VGIC_NR_PRIVATE_IRQS)
		cpuid = dist->irq_spi_cpu[irq - VGIC_NR_PRIVATE_IRQS];
	if (cpuid >= vm->online_vcpus)
		goto out;       /* an SPI with no target */
	target = &vm->vcpus[cpuid];
	if (!level) {
		if (!bitmap_get_irq_val(&dist->irq_active, cpuid, irq))
			clear_bit(irq, target->vgic_cpu.pending);
		goto out;
	}
	if (!dist->enabled || !bitmap_get_irq_val(&dist->irq_enabled, cpuid, irq))
		goto out;
	if (!is_edge && bitmap_get_irq_val(&dist->irq_active, cpuid, irq))
		goto out;       /* in progress: picked up at its EOI */
	set_bit(irq, target->vgic_cpu.pending);
	set_bit(cpuid, &dist->irq_pending_on_cpu);
	ret = 1;
out:
	spin_unlock(&dist->lock);
	return ret;
}

void vgic_inject_irq(struct vm *vm, unsigned cpuid, unsigned irq, int level)
{
	if (vgic_update_irq_state(vm, cpuid, irq, !!level))
		vgic_kick_vcpus(vm);
}

/* GICD_SGIR (4.3.15): marks SGI sgi pending on each target, from the writing vCPU. */
static void vgic_dispatch_sgi(struct vcpu *vcpu, uint32_t reg)
{
	struct vgic_dist *dist = &vm.vgic;
	unsigned sgi = GICD_SGIR_INTID(reg), self = vcpu->vcpu_id;
	unsigned targets = GICD_SGIR_TARGETS(reg);
	unsigned all = (1u << vm.online_vcpus) - 1u;

	switch (GICD_SGIR_FILTER(reg)) {
	case GICD_SGIR_TARGET_LIST:
		break;
	case GICD_SGIR_TARGET_OTHERS:
		targets = all & ~(1u << self);
		break;
	case GICD_SGIR_TARGET_SELF:
		targets = 1u << self;
		break;
	default:
		return;                                 /* reserved */
	}
	for (unsigned c = 0; c < vm.online_vcpus; c++) {
		if (!(targets & (1u << c)))
			continue;
		bitmap_set_irq_val(&dist->irq_state, c, sgi, 1);
		dist->irq_sgi_sources[c][sgi] |= (uint8_t)(1u << self);
	}
}

/* GICD_ITARGETSRn of SPI irq: as in 2012, the interrupt goes to the lowest vCPU named (the
 * 1-N model, 3.1.1, with the choice made once). */
static void vgic_set_target(struct vgic_dist *dist, unsigned irq, uint8_t targets)
{
	unsigned spi = irq - VGIC_NR_PRIVATE_IRQS, target = VGIC_NO_TARGET;

	for (unsigned c = 0; c < vm.online_vcpus; c++) {
		if (targets & (1u << c)) {
			target = c;
			break;
		}
	}
	dist->irq_spi_cpu[spi] = (uint8_t)target;
	for (unsigned c = 0; c < VGIC_MAX_CPUS; c++)
		if (c == target)
			set_bit(spi, dist->irq_spi_target[c]);
		else
			clear_bit(spi, dist->irq_spi_target[c]);
}

/* A write to one bit-per-interrupt register: bits of word n of the register. */
static void vgic_write_bits(struct vgic_bitmap *x, unsigned cpu, unsigned n, uint32_t bits,
			    int val)
{
	for (unsigned b = 0; b < 32u; b++)
		if (bits & (1u << b))
			bitmap_set_irq_val(x, cpu, 32u * n + b, val);
}

void vgic_dist_write(struct vcpu *vcpu, uint32_t offset, uint32_t value)
{
	struct vgic_dist *dist = &vm.vgic;
	unsigned id = vcpu->vcpu_id, n, irq;

	spin_lock(&dist->lock);
	if (offset == GICD_CTLR) {
		dist->enabled = (value & GICD_CTLR_ENABLE_GRP0) != 0;
	} else if (offset >= GICD_ISENABLER(0) && offset <= GICD_ISENABLER(1)) {
		n = (offset - GICD_ISENABLER(0)) / 4u;
		vgic_write_bits(&dist->irq_enabled, id, n, n ? value : value & ~GICD_ENABLER0_SGI_BITS, 1);
	} else if (offset >= GICD_ICENABLER(0) && offset <= GICD_ICENABLER(1)) {
		n = (offset - GICD_ICENABLER(0)) / 4u;
		vgic_write_bits(&dist->irq_enabled, id, n, n ? value : value & ~GICD_ENABLER0_SGI_BITS, 0);
	} else if (offset >= GICD_IPRIORITYR(0) && offset < GICD_IPRIORITYR(VGIC_NR_IRQS / 4u)) {
		irq = 4u * ((offset - GICD_IPRIORITYR(0)) / 4u);
		for (unsigned b = 0; b < 4u; b++, irq++) {
			uint8_t prio = (uint8_t)(value >> (8u * b));

			if (irq < VGIC_NR_PRIVATE_IRQS)
				dist->irq_priority_private[id][irq] = prio;
			else
				dist->irq_priority_shared[irq - VGIC_NR_PRIVATE_IRQS] = prio;
		}
	} else if (offset >= GICD_ITARGETSR(VGIC_NR_PRIVATE_IRQS / 4u) &&
		   offset < GICD_ITARGETSR(VGIC_NR_IRQS / 4u)) {
		irq = 4u * ((offset - GICD_ITARGETSR(0)) / 4u);
		for (unsigned b = 0; b < 4u; b++)
			vgic_set_target(dist, irq + b, (uint8_t)(value >> (8u * b)));
	} else if (offset >= GICD_ICFGR(1) && offset <= GICD_ICFGR(VGIC_NR_IRQS / 16u - 1u)) {
		irq = 16u * ((offset - GICD_ICFGR(0)) / 4u);
		for (unsigned b = 0; b < 16u; b++)
			bitmap_set_irq_val(&dist->irq_cfg, id, irq + b,
					   (value & GICD_ICFGR_EDGE(b)) != 0);
	} else if (offset == GICD_SGIR) {
		vgic_dispatch_sgi(vcpu, value);
	} else {
		hyp_stats[PV_STAT_DIST_IGNORED]++;
	}
	vgic_update_state(&vm);
	spin_unlock(&dist->lock);
	vgic_kick_vcpus(&vm);
}
