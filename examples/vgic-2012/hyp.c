/*
 * vgic-2012: the hypervisor. One physical CPU in Hyp mode runs two vCPUs of one guest in
 * turn, KVM-style: a host part in Hyp mode with IRQs enabled (the run loop, the exit
 * handlers, the device) and a world switch with IRQs masked (hyp_entry.S, and the GICH
 * save and restore of vgic.c). The Hyp timer ticks every 1/PV_TICK_HZ s: it ends the running
 * vCPU's time slice, wakes blocked vCPUs and clocks the device.
 *
 * One round of a vCPU (vcpu_run_once): vgic_sync_to_cpu() (IRQs enabled as reviewed, masked
 * in the fixed build), IRQs masked, GICH restored, the guest runs until an exit, GICH saved
 * and the virtual interface disabled, IRQs enabled (the maintenance interrupt the guest's EOI
 * raised, or the tick, is taken here, in hyp_host_irq()), vgic_sync_from_cpu(), then the exit
 * is handled: HVC (pv.h), or WFI, which blocks the vCPU while the VGIC says it has nothing
 * pending.
 *
 * Guest state per vCPU: its registers (struct vcpu_ctx), its GICH registers (struct
 * vgic_cpu), VMPIDR (so the guest tells its vCPUs apart) and VTTBR.VMID = vCPU + 1 (stage 2
 * stays off, HCR.VM = 0; the VMID only names the vCPU loaded, for traces). The guest's other
 * system registers (SCTLR, VBAR, ...) are the same on both vCPUs and are not switched.
 *
 * The maintenance interrupt, PPI 25, is configured edge-triggered (GICD_ICFGR1,
 * IHI 0048B 4.3.13): the world switch clears GICH_HCR.En before the host takes it, which
 * drops the maintenance line, and the handler works on the registers saved at the exit, as
 * the 2012 handler did; edge-triggered, the interrupt stays pending once raised (and one
 * that comes late stays pending until IRQs are unmasked).
 */
#include "guest.h"
#include "mmu.h"

#include "pv.h"
#include "vcpu.h"
#include "vdev.h"
#include "vgic.h"

#define HOST_PMR                0xf0u
#define HOST_IRQ_PRIORITY       0xa0u
/* Physical IRQs, FIQs and aborts to Hyp mode (and the virtual ones enabled), WFI and SMC
 * trapped (DDI 0406C B4.1.65). */
#define GUEST_HCR               (HCR_IMO | HCR_FMO | HCR_AMO | HCR_TWI | HCR_TSC)
#define GUEST_CPSR_RESET        (PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)
#define GUEST_PSCI_VERSION      0x00010000u     /* PSCI 1.0 */
#define MPIDR_AFF_MASK          0x00ffffffu
#define VCPU_VMID(v)            ((v)->vcpu_id + 1u)
#define INSN_SIZE(hsr)          (((hsr) & HSR_IL) ? 4u : 2u)

uint32_t __vcpu_run(struct vcpu_ctx *ctx);      /* hyp_entry.S */
extern const uint32_t hyp12_vectors[8];
void guest_vcpu_entry(void);                    /* guest_start.S */

struct vm vm;
struct vcpu *volatile running_vcpu;
volatile uint32_t hyp_stats[PV_NR_STATS];
struct pv_shared_info pv_shared;

static volatile int need_resched;
static uint32_t tick_period;

void hyp_panic(const char *what, uint32_t a, uint32_t b)
{
	bail_out("vgic-2012 hypervisor: %s (0x%08lx, 0x%08lx)", what, a, b);
}

/* hyp_entry.S, for the vectors nothing should take. */
void hyp_bad_exception(uint32_t vector, uint32_t elr, uint32_t spsr);

void hyp_bad_exception(uint32_t vector, uint32_t elr, uint32_t spsr)
{
	bail_out("vgic-2012 hypervisor: exception at HVBAR + 0x%02lx, HSR 0x%08lx, ELR_hyp 0x%08lx, SPSR 0x%08lx",
		 vector, read_sysreg(HSR), elr, spsr);
}

void vcpu_kick(struct vcpu *vcpu)
{
	if (vcpu->state == VCPU_BLOCKED)
		vcpu->state = VCPU_RUNNABLE;
}

static void hyp_timer_arm(void)
{
	write_sysreg64(timer_read_pct() + tick_period, CNTHP_CVAL);
	isb();
}

/* The Hyp timer: the next tick one period from now (so a late tick does not bring a burst of
 * them), every blocked vCPU woken (a WFI may complete at any time, DDI 0406C B1.8.13), and
 * the running one's time slice over. */
static void hyp_tick(void)
{
	hyp_timer_arm();
	pv_shared.ticks++;
	for (unsigned c = 0; c < NR_VCPUS; c++)
		vcpu_kick(&vm.vcpus[c]);
	need_resched = 1;
}

/* Physical IRQs taken in Hyp mode (hyp_entry.S). */
void hyp_host_irq(void);

void hyp_host_irq(void)
{
	uint32_t iar = gicc_read(GICC_IAR);

	switch (GICC_IAR_INTID(iar)) {
	case GIC_INTID_SPURIOUS:
		return;
	case GIC_PPI_MAINTENANCE:
		vgic_maintenance_handler();
		break;
	case TIMER_PPI_HYP:
		hyp_tick();
		break;
	default:
		hyp_stats[PV_STAT_HOST_IRQ_OTHER]++;
		break;
	}
	gicc_write(GICC_EOIR, iar);
}

static void vcpu_reset(struct vcpu *v, uint32_t entry, uint32_t context_id)
{
	v->ctx = (struct vcpu_ctx){ 0 };
	v->ctx.pc = entry;
	v->ctx.cpsr = GUEST_CPSR_RESET;
	v->ctx.r[0] = context_id;
	v->state = VCPU_RUNNABLE;
}

/*
 * vcpu_load() and vcpu_put() bracket a vCPU's time slice on the physical CPU. Between them,
 * running_vcpu names it; before vcpu_load_sysregs() it is already set, while the physical
 * CPU still carries the previous vCPU's VMPIDR and VMID.
 */
__attribute__((noinline, noipa)) void vcpu_load(struct vcpu *v);
__attribute__((noinline, noipa)) void vcpu_load_sysregs(struct vcpu *v);
__attribute__((noinline, noipa)) void vcpu_put(struct vcpu *v);

void vcpu_load_sysregs(struct vcpu *v)
{
	write_sysreg(MPIDR_MP_FORMAT | v->vcpu_id, VMPIDR);
	write_sysreg64(VTTBR_VMID(VCPU_VMID(v)), VTTBR_64);
	isb();
}

void vcpu_load(struct vcpu *v)
{
	running_vcpu = v;
	vcpu_load_sysregs(v);
}

void vcpu_put(struct vcpu *v)
{
	(void)v;
	running_vcpu = 0;
}

static int32_t vpsci_cpu_on(uint32_t target, uint32_t entry, uint32_t context_id)
{
	struct vcpu *v;

	if ((target & ~MPIDR_AFF_MASK) || (target & MPIDR_AFF_MASK) >= NR_VCPUS)
		return PSCI_INVALID_PARAMETERS;
	v = &vm.vcpus[target & MPIDR_AFF_MASK];
	if (v->state != VCPU_OFF)
		return PSCI_ALREADY_ON;
	vcpu_reset(v, entry, context_id);
	return PSCI_SUCCESS;
}

/* PSCI for the guest, HVC conduit (Arm DEN 0022). */
static void vpsci_call(struct vcpu *v)
{
	uint32_t *r = v->ctx.r;
	int32_t ret;

	switch (r[0]) {
	case PSCI_FN_VERSION:
		ret = (int32_t)GUEST_PSCI_VERSION;
		break;
	case PSCI_FN_CPU_ON:
		ret = vpsci_cpu_on(r[1], r[2], r[3]);
		break;
	case PSCI_FN_CPU_OFF:
		v->state = VCPU_OFF;
		return;
	case PSCI_FN_AFFINITY_INFO:
		if ((r[1] & ~MPIDR_AFF_MASK) || r[1] >= NR_VCPUS || r[2] != 0)
			ret = PSCI_INVALID_PARAMETERS;
		else
			ret = vm.vcpus[r[1]].state == VCPU_OFF ? PSCI_AFFINITY_OFF : PSCI_AFFINITY_ON;
		break;
	case PSCI_FN_SYSTEM_OFF:
		psci_system_off();
	default:
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	r[0] = (uint32_t)ret;
}

static void handle_hvc(struct vcpu *v, uint32_t imm)
{
	uint32_t *r = v->ctx.r, channel;
	struct vdev_event ev;

	switch (imm) {
	case PV_HVC_PSCI:
		vpsci_call(v);
		break;
	case PV_HVC_DIST_WRITE:
		vgic_dist_write(v, r[0], r[1]);
		break;
	case PV_HVC_DEV_START:
		vdev_start();
		break;
	case PV_HVC_DEV_COUNT:
		r[0] = vdev_count(r[0]);
		break;
	case PV_HVC_DEV_POP:
		channel = r[0];
		if (vdev_pop(channel, &ev)) {
			r[0] = ev.seq;
			r[1] = ev.tick;
		} else {
			r[0] = PV_DEV_EMPTY;
			r[1] = 0;
		}
		r[2] = pv_shared.ticks;
		r[3] = vdev_count(channel);
		break;
	case PV_HVC_YIELD:
		need_resched = 1;
		break;
	case PV_HVC_STAT:
		r[0] = r[0] < PV_NR_STATS ? hyp_stats[r[0]] : 0;
		break;
	default:
		hyp_panic("unknown HVC from the guest (imm16, PC)", imm, v->ctx.pc);
	}
}

static void handle_exit(struct vcpu *v, uint32_t exit, uint32_t hsr)
{
	if (exit == EXIT_IRQ)
		return;         /* taken as the host's IRQ already */
	switch (HSR_EC(hsr)) {
	case HSR_EC_HVC:
		handle_hvc(v, HSR_ISS_HVC_IMM16(hsr));
		break;
	case HSR_EC_WFI_WFE:
		v->ctx.pc += INSN_SIZE(hsr);
		/* kvm_vcpu_block(): asleep while the VGIC's oracle says nothing is pending. */
		if (!(hsr & HSR_ISS_TI_WFE) && !vgic_vcpu_pending_irq(v))
			v->state = VCPU_BLOCKED;
		break;
	default:
		hyp_panic("unexpected guest exit (HSR, PC)", hsr, v->ctx.pc);
	}
}

/* One guest entry and exit. */
__attribute__((noinline, noipa)) void vcpu_run_once(struct vcpu *v);

void vcpu_run_once(struct vcpu *v)
{
	uint32_t exit, hsr;

	vgic_sync_to_cpu(v);
	local_irq_disable();
	if (need_resched) {
		/* A tick came meanwhile: no entry; what was queued stays in the LR copies. */
		local_irq_enable();
		vgic_sync_from_cpu(v);
		return;
	}
	vgic_restore_state(v);
	exit = __vcpu_run(&v->ctx);
	hsr = read_sysreg(HSR);
	vgic_save_state(v);
	local_irq_enable();
	vgic_sync_from_cpu(v);
	handle_exit(v, exit, hsr);
}

static struct vcpu *pick_next(unsigned *last)
{
	for (unsigned i = 1; i <= NR_VCPUS; i++) {
		unsigned c = (*last + i) % NR_VCPUS;

		if (vm.vcpus[c].state == VCPU_RUNNABLE) {
			*last = c;
			return &vm.vcpus[c];
		}
	}
	return 0;
}

/* No vCPU to run: wait for an interrupt with IRQs masked, so that none is missed between the
 * test and the WFI (WFI wakes on a masked interrupt too, B1.8.13), then take it. */
__attribute__((noinline, noipa)) void hyp_idle(void);

void hyp_idle(void)
{
	unsigned last = 0;

	local_irq_disable();
	if (!vdev_has_work() && !pick_next(&last))
		__asm__ volatile("wfi" : : : "memory");
	local_irq_enable();
}

__attribute__((noinline, noipa, noreturn)) void hyp_run(void);

void hyp_run(void)
{
	unsigned last = NR_VCPUS - 1u;

	local_irq_enable();
	for (;;) {
		struct vcpu *v;

		vdev_run();
		v = pick_next(&last);
		if (!v) {
			hyp_idle();
			continue;
		}
		vcpu_load(v);
		need_resched = 0;
		do {
			vdev_run();
			vcpu_run_once(v);
		} while (!need_resched && v->state == VCPU_RUNNABLE);
		vcpu_put(v);
	}
}

int main(void)
{
	uint32_t vtr = gich_read(GICH_VTR), vmcr_reset = gich_read(GICH_VMCR);
	unsigned nr_lr = GICH_VTR_LISTREGS(vtr) + 1u;

	if (nr_lr > VGIC_MAX_LRS)
		nr_lr = VGIC_MAX_LRS;
	write_sysreg((uint32_t)hyp12_vectors, HVBAR);
	isb();

	/* The physical GIC: maintenance (edge-triggered) and Hyp timer PPIs to Hyp mode. */
	gich_write(GICH_HCR, 0);
	gic_dist_enable();
	gicd_write(GICD_ICFGR(1), gicd_read(GICD_ICFGR(1)) | GICD_ICFGR_EDGE(GIC_PPI_MAINTENANCE));
	gic_set_priority(GIC_PPI_MAINTENANCE, HOST_IRQ_PRIORITY);
	gic_set_priority(TIMER_PPI_HYP, HOST_IRQ_PRIORITY);
	gic_enable_irq(GIC_PPI_MAINTENANCE);
	gic_enable_irq(TIMER_PPI_HYP);
	gic_cpu_enable(HOST_PMR);

	tick_period = read_sysreg(CNTFRQ) / PV_TICK_HZ;
	hyp_timer_arm();
	write_sysreg(CNT_CTL_ENABLE, CNTHP_CTL);
	isb();
	write_sysreg(GUEST_HCR, HCR);
	isb();

	vgic_init(&vm);
	vm.online_vcpus = NR_VCPUS;
	for (unsigned c = 0; c < NR_VCPUS; c++) {
		vm.vcpus[c].vcpu_id = c;
		vm.vcpus[c].state = VCPU_OFF;
		vgic_vcpu_init(&vm.vcpus[c], nr_lr, vmcr_reset);
	}
	vcpu_reset(&vm.vcpus[0], (uint32_t)guest_vcpu_entry, 0);

	hyp_run();
}
