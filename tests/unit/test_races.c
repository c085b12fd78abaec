/* The race checkers (traces/races.c) on constructed event sequences, each
 * with the race and without it. The sequences are what a hypervisor and its
 * guest do on a GICv2 with the Virtualization Extensions: list-register
 * values are encoded as IHI 0048B 5.3.8 lays GICH_LRn out (State [29:28],
 * Priority [27:23], EOI [19], CPUID [12:10], VirtualID [9:0]); register
 * offsets are those of IHI 0048B tables 4-2 and 5-1; modes are CPSR.M values
 * of DDI 0406C B1.3.1. The expected races follow the definitions in
 * docs/traces.md. */
#include <string.h>

#include <glib.h>

#include "traces/races.h"
#include "traces/trace.h"

/* IHI 0048B 5.3.8 GICH_LRn. */
#define LR_PENDING(id) ((1u << 28) | (0x10u << 23) | (id))
#define LR_ACTIVE(id) ((2u << 28) | (0x10u << 23) | (id))
#define LR_PENDING_ACTIVE(id) ((3u << 28) | (0x10u << 23) | (id))
#define LR_EOI (1u << 19)
#define LR_CPUID(n) ((uint32_t)(n) << 10)
/* Offsets: GICC_IAR 0x0c, GICC_EOIR 0x10, GICC_DIR 0x1000 (Table 4-2; GICV the same). */
#define IAR 0x0cu
#define EOIR 0x10u
#define DIR 0x1000u
#define GICH_LR0 0x100u
/* CPSR.M */
#define MODE_SVC 0x13u
#define MODE_IRQ 0x12u
#define MODE_HYP 0x1au
#define MAINT 25u                 /* PPI 9: the maintenance interrupt on virt-a15 */

typedef struct found {
    hs_race race;
    char *text;
} found;

typedef struct fx {
    hs_race_config cfg;
    hs_races *r;
    GArray *found;
    uint64_t seq, time_ps;
} fx;

static void collect(void *opaque, const hs_race *race)
{
    fx *f = opaque;
    found x = { *race, g_strdup(race->text) };
    x.race.text = x.text;
    g_array_append_val(f->found, x);
}

static void fx_start(fx *f, const hs_race_config *cfg)
{
    memset(f, 0, sizeof *f);
    if (cfg) {
        f->cfg = *cfg;
    } else {
        hs_race_config_init(&f->cfg);
    }
    f->r = hs_races_new(&f->cfg, collect, f);
    f->found = g_array_new(FALSE, FALSE, sizeof(found));
    f->time_ps = 1000;
}

static void fx_end(fx *f)
{
    for (guint i = 0; i < f->found->len; i++) {
        g_free(g_array_index(f->found, found, i).text);
    }
    g_array_free(f->found, TRUE);
    hs_races_free(f->r);
}

/* Feeds one record on a CPU; returns its sequence number. Time advances by
 * 1 ns a record. */
static uint64_t ev(fx *f, unsigned cpu, hs_event e, uint64_t f0, uint64_t f1, uint64_t f2,
                   uint64_t f3)
{
    hs_record r = { f->seq++, f->time_ps, f->time_ps / 1000, cpu, e, { f0, f1, f2, f3 } };
    f->time_ps += 1000;
    hs_races_record(f->r, &r);
    return r.seq;
}

/* Building blocks, on CPU 0 unless said otherwise. */
static uint64_t lr_write(fx *f, unsigned n, uint32_t old, uint32_t new)
{
    ev(f, 0, HS_EV_gic_write, HS_GIC_GICH, GICH_LR0 + 4 * n, new, 4);
    return ev(f, 0, HS_EV_lr_write, n, old, new, 0);
}

static uint64_t entry(fx *f, unsigned vmid)
{
    ev(f, 0, HS_EV_exc_return, MODE_HYP, MODE_SVC, 0x40001000, 0);
    return ev(f, 0, HS_EV_guest_entry, 0x40001000, vmid, 0, 0);
}

/* A trap to Hyp that is not an interrupt (HVC). */
static uint64_t exit_hvc(fx *f)
{
    uint64_t s = ev(f, 0, HS_EV_exc_entry, HS_EXC_HVC, MODE_SVC, MODE_HYP, 0x40002000);
    ev(f, 0, HS_EV_guest_exit, 0x40002000, 0x48000000, 0, 0);
    return s;
}

/* An IRQ taken to Hyp from the guest (HCR.IMO), or from Hyp itself. */
static uint64_t irq_to_hyp(fx *f, bool from_guest)
{
    uint64_t s = ev(f, 0, HS_EV_exc_entry, HS_EXC_IRQ, from_guest ? MODE_SVC : MODE_HYP,
                    MODE_HYP, 0x40002000);
    if (from_guest) {
        ev(f, 0, HS_EV_guest_exit, 0x40002000, 0, 0, 0);
    }
    return s;
}

static uint64_t gicc_iar(fx *f, uint32_t intid)
{
    return ev(f, 0, HS_EV_gic_read, HS_GIC_GICC, IAR, intid, 4);
}

static uint64_t raise_maint(fx *f)
{
    return ev(f, 0, HS_EV_line, HS_LINE_MAINT, 1, 0, 0);
}

/* The guest acknowledges vINTID id held pending in LR n: GICV_IAR returns it
 * and the LR becomes active (IHI 0048B 5.4). */
static uint64_t guest_ack(fx *f, unsigned n, uint32_t lr_pending)
{
    uint32_t id = lr_pending & 0x3ffu;
    uint64_t s = ev(f, 0, HS_EV_gic_read, HS_GIC_GICV, IAR, id | (lr_pending & LR_CPUID(7)), 4);
    ev(f, 0, HS_EV_lr_state, n, lr_pending, (lr_pending & ~(3u << 28)) | (2u << 28), 0);
    return s;
}

static const found *only(const fx *f, hs_race_checker k)
{
    g_assert_cmpuint(f->found->len, ==, 1);
    g_assert_cmpint(g_array_index(f->found, found, 0).race.checker, ==, k);
    return &g_array_index(f->found, found, 0);
}

/* ---- late maintenance interrupt ---------------------------------------------- */

/* Raised while VMID 1 runs; the hypervisor leaves on an HVC, loads the LRs of
 * VMID 2 and enters it; the interrupt is taken there. */
static void test_late_other_vmid(void)
{
    fx f;
    uint64_t raise, load, taken;
    const found *x;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(40) | LR_EOI);
    entry(&f, 1);
    raise = raise_maint(&f);
    exit_hvc(&f);
    load = lr_write(&f, 0, LR_PENDING(40) | LR_EOI, LR_PENDING(50));
    entry(&f, 2);
    ev(&f, 0, HS_EV_gich_misr, 0, 8, 0, 0);   /* MISR.NP: VMID 2's own condition */
    taken = irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    x = only(&f, HS_RACE_LATE_MAINT);
    g_assert_cmpuint(x->race.seq0, ==, raise);
    g_assert_cmpuint(x->race.seq1, ==, taken);
    g_assert_cmpuint(x->race.detail, ==, load);
    g_assert_cmpuint(x->race.vcpu, ==, 0);
    g_assert_nonnull(strstr(x->text, "VMID 1"));
    g_assert_nonnull(strstr(x->text, "VMID 2"));
    fx_end(&f);
}

/* The same with the LRs reloaded for the same VMID: not late. */
static void test_late_same_vmid(void)
{
    fx f;

    fx_start(&f, NULL);
    entry(&f, 1);
    ev(&f, 0, HS_EV_gich_misr, 0, 8, 0, 0);
    raise_maint(&f);
    exit_hvc(&f);
    lr_write(&f, 0, 0, LR_PENDING(50));
    entry(&f, 1);
    irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* The usual case: raised in the guest (an EOI with LR.EOI set), taken at once. */
static void test_late_none_when_prompt(void)
{
    fx f;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(40) | LR_EOI);
    entry(&f, 3);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    raise_maint(&f);
    irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    lr_write(&f, 0, LR_EOI | (0x10u << 23) | 40, 0);
    ev(&f, 0, HS_EV_gich_misr, 1, 0, 0, 0);
    ev(&f, 0, HS_EV_line, HS_LINE_MAINT, 0, 0, 0);
    entry(&f, 3);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* The 2012 KVM design (examples/vgic-2012): the guest's EOI raises the
 * maintenance interrupt, the IRQ exit only kicks the CPU out, the world switch
 * saves the vGIC and clears GICH_HCR.En (the line drops; the PPI is
 * edge-triggered and stays pending), and the host takes the interrupt in Hyp
 * and works on the saved state: not late. */
static void test_late_en_cleared_same_context(void)
{
    fx f;

    fx_start(&f, NULL);
    ev(&f, 0, HS_EV_gich_hcr, 0, 1, 0, 0);
    lr_write(&f, 0, 0, LR_PENDING(40) | LR_EOI);
    entry(&f, 1);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    raise_maint(&f);
    irq_to_hyp(&f, true);
    ev(&f, 0, HS_EV_exc_return, MODE_HYP, MODE_HYP, 0x40002004, 0);
    ev(&f, 0, HS_EV_gic_read, HS_GIC_GICH, GICH_LR0, LR_EOI | (0x10u << 23) | 40, 4);
    ev(&f, 0, HS_EV_gich_hcr, 1, 0, 0, 0);
    ev(&f, 0, HS_EV_line, HS_LINE_MAINT, 0, 0, 0);
    irq_to_hyp(&f, false);
    gicc_iar(&f, MAINT);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* Raised for VMID 1, which then traps on WFI; with nothing to run the
 * hypervisor idles with the vGIC off (GICH_HCR.En 0), and takes the
 * interrupt there: no context is loaded, late. */
static void test_late_no_context(void)
{
    fx f;
    uint64_t raise, idle, taken;
    const found *x;

    fx_start(&f, NULL);
    ev(&f, 0, HS_EV_gich_hcr, 0, 1, 0, 0);
    entry(&f, 1);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    raise = raise_maint(&f);
    exit_hvc(&f);
    ev(&f, 0, HS_EV_gich_hcr, 1, 0, 0, 0);
    idle = ev(&f, 0, HS_EV_idle_begin, 0, 0x40005000, 0, 0);
    ev(&f, 0, HS_EV_idle_end, 5000, 0, 0, 0);
    taken = irq_to_hyp(&f, false);
    gicc_iar(&f, MAINT);
    x = only(&f, HS_RACE_LATE_MAINT);
    g_assert_cmpuint(x->race.seq0, ==, raise);
    g_assert_cmpuint(x->race.seq1, ==, taken);
    g_assert_cmpuint(x->race.detail, ==, idle);
    g_assert_nonnull(strstr(x->text, "no context loaded"));
    fx_end(&f);
}

/* Idle in Hyp with the vGIC still on, or idle and then the vGIC turned on
 * again: a context is still (or again) loaded. */
static void test_late_idle_context_loaded(void)
{
    for (int en_again = 0; en_again < 2; en_again++) {
        fx f;

        fx_start(&f, NULL);
        ev(&f, 0, HS_EV_gich_hcr, 0, 1, 0, 0);
        entry(&f, 1);
        ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
        raise_maint(&f);
        exit_hvc(&f);
        if (en_again) {
            ev(&f, 0, HS_EV_gich_hcr, 1, 0, 0, 0);
        }
        ev(&f, 0, HS_EV_idle_begin, 0, 0x40005000, 0, 0);
        ev(&f, 0, HS_EV_idle_end, 5000, 0, 0, 0);
        if (en_again) {
            ev(&f, 0, HS_EV_gich_hcr, 0, 1, 0, 0);
        }
        irq_to_hyp(&f, false);
        gicc_iar(&f, MAINT);
        g_assert_cmpuint(f.found->len, ==, 0);
        fx_end(&f);
    }
}

/* Taken in Hyp while the hypervisor is loading the LRs: whose state is loaded
 * is known at the guest entry that ends the window. */
static void test_late_judged_at_entry(void)
{
    for (unsigned next_vmid = 1; next_vmid <= 2; next_vmid++) {
        fx f;
        uint64_t raise, load, taken, enter;

        fx_start(&f, NULL);
        entry(&f, 1);
        ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
        raise = raise_maint(&f);
        exit_hvc(&f);
        load = lr_write(&f, 0, 0, LR_PENDING(60));
        taken = irq_to_hyp(&f, false);
        gicc_iar(&f, MAINT);
        ev(&f, 0, HS_EV_exc_return, MODE_HYP, MODE_HYP, 0x40003000, 0);
        g_assert_cmpuint(f.found->len, ==, 0);          /* not known yet */
        enter = entry(&f, next_vmid);
        if (next_vmid == 1) {
            g_assert_cmpuint(f.found->len, ==, 0);
        } else {
            const found *x = only(&f, HS_RACE_LATE_MAINT);
            g_assert_cmpuint(x->race.seq0, ==, raise);
            g_assert_cmpuint(x->race.seq1, ==, taken);
            g_assert_cmpuint(x->race.detail, ==, load);
            g_assert_cmpuint(x->race.time_ps, ==, (enter + 1) * 1000);
        }
        fx_end(&f);
    }
}

/* The VMID changes with the LRs left as they are: the state now belongs to
 * the VMID entered, from that guest_entry on. */
static void test_late_vmid_change_without_reload(void)
{
    fx f;
    uint64_t raise, enter;
    const found *x;

    fx_start(&f, NULL);
    entry(&f, 1);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    raise = raise_maint(&f);
    exit_hvc(&f);
    enter = entry(&f, 2);
    irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    x = only(&f, HS_RACE_LATE_MAINT);
    g_assert_cmpuint(x->race.seq0, ==, raise);
    g_assert_cmpuint(x->race.detail, ==, enter);
    fx_end(&f);
}

/* A raise is matched by one taken interrupt: taking the interrupt again after
 * a switch, with no new raise, is not a late one. */
static void test_late_raise_used_once(void)
{
    fx f;

    fx_start(&f, NULL);
    entry(&f, 1);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    raise_maint(&f);
    irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    entry(&f, 2);
    irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* CPUs are apart: a raise on CPU 1 says nothing about CPU 0. */
static void test_late_per_cpu(void)
{
    fx f;

    fx_start(&f, NULL);
    entry(&f, 1);
    ev(&f, 1, HS_EV_line, HS_LINE_MAINT, 1, 0, 0);
    exit_hvc(&f);
    entry(&f, 2);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* ---- spurious maintenance interrupt ------------------------------------------ */

/* ---- critical window ----------------------------------------------------------- */

/* A maintenance interrupt taken from Hyp mode with its return address inside
 * [lo, hi) is reported; one returning just outside, or any other interrupt
 * there, is not. The IRQ entry's pc field is its preferred return address. */
static void test_critical_window(void)
{
    hs_race_config cfg;
    fx f;
    uint64_t taken, ack;
    const found *x;

    hs_race_config_init(&cfg);
    cfg.checkers = 1u << HS_RACE_CRITICAL_WINDOW;
    cfg.window_lo = 0x40001a2c;
    cfg.window_hi = 0x40001a5c;
    fx_start(&f, &cfg);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    ev(&f, 0, HS_EV_exc_entry, HS_EXC_IRQ, MODE_HYP, MODE_HYP, 0x40001a5c);   /* just after */
    gicc_iar(&f, MAINT);
    ev(&f, 0, HS_EV_exc_return, MODE_HYP, MODE_HYP, 0x40001a5c, 0);
    ev(&f, 0, HS_EV_exc_entry, HS_EXC_IRQ, MODE_HYP, MODE_HYP, 0x40001a30);
    gicc_iar(&f, 27);                                      /* not the maintenance PPI */
    ev(&f, 0, HS_EV_exc_return, MODE_HYP, MODE_HYP, 0x40001a30, 0);
    taken = ev(&f, 0, HS_EV_exc_entry, HS_EXC_IRQ, MODE_HYP, MODE_HYP, 0x40001a2c);
    ack = gicc_iar(&f, MAINT);
    x = only(&f, HS_RACE_CRITICAL_WINDOW);
    g_assert_cmpuint(x->race.seq0, ==, taken);
    g_assert_cmpuint(x->race.seq1, ==, ack);
    g_assert_cmpuint(x->race.detail, ==, 0x40001a2c);
    fx_end(&f);

    /* No window configured: nothing, whatever the address. */
    hs_race_config_init(&cfg);
    cfg.checkers = 1u << HS_RACE_CRITICAL_WINDOW;
    fx_start(&f, &cfg);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);
    ev(&f, 0, HS_EV_exc_entry, HS_EXC_IRQ, MODE_HYP, MODE_HYP, 0x40001a2c);
    gicc_iar(&f, MAINT);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

static void test_spurious_never_set(void)
{
    fx f;
    uint64_t taken, ack;
    const found *x;

    fx_start(&f, NULL);
    entry(&f, 1);
    taken = irq_to_hyp(&f, true);
    ack = gicc_iar(&f, MAINT);
    x = only(&f, HS_RACE_SPURIOUS_MAINT);
    g_assert_cmpuint(x->race.seq0, ==, taken);
    g_assert_cmpuint(x->race.seq1, ==, ack);
    g_assert_cmpuint(x->race.detail, ==, HS_RACE_NO_SEQ);
    fx_end(&f);
}

static void test_spurious_after_clear(void)
{
    fx f;
    uint64_t zero, taken;
    const found *x;

    fx_start(&f, NULL);
    entry(&f, 1);
    ev(&f, 0, HS_EV_gich_misr, 0, 1, 0, 0);     /* MISR.EOI */
    ev(&f, 0, HS_EV_gich_misr, 1, 9, 0, 0);     /* MISR.EOI | MISR.NP */
    zero = ev(&f, 0, HS_EV_gich_misr, 9, 0, 0, 0);
    taken = irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    x = only(&f, HS_RACE_SPURIOUS_MAINT);
    g_assert_cmpuint(x->race.seq0, ==, taken);
    g_assert_cmpuint(x->race.detail, ==, zero);
    fx_end(&f);
}

/* Not spurious: MISR set; another INTID; the maintenance INTID read while
 * polling (no IRQ entry) or after an IRQ taken to PL1. */
static void test_spurious_none(void)
{
    fx f;

    fx_start(&f, NULL);
    entry(&f, 1);
    ev(&f, 0, HS_EV_gich_misr, 0, 2, 0, 0);     /* MISR.U */
    irq_to_hyp(&f, true);
    gicc_iar(&f, MAINT);
    ev(&f, 0, HS_EV_gich_misr, 2, 0, 0, 0);
    ev(&f, 0, HS_EV_exc_return, MODE_HYP, MODE_SVC, 0x40001000, 0);
    gicc_iar(&f, MAINT);                        /* polled, no entry */
    irq_to_hyp(&f, false);
    gicc_iar(&f, 27);                           /* the virtual timer's PPI */
    ev(&f, 0, HS_EV_exc_entry, HS_EXC_IRQ, MODE_SVC, MODE_IRQ, 0x40004000);
    gicc_iar(&f, MAINT);                        /* taken to IRQ mode, not Hyp */
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* Another INTID for the maintenance interrupt (platform's maintenance-irq). */
static void test_spurious_other_intid(void)
{
    hs_race_config cfg;
    fx f;

    hs_race_config_init(&cfg);
    cfg.maint_intid = 24;
    fx_start(&f, &cfg);
    irq_to_hyp(&f, false);
    gicc_iar(&f, MAINT);
    g_assert_cmpuint(f.found->len, ==, 0);
    irq_to_hyp(&f, false);
    gicc_iar(&f, 24);
    only(&f, HS_RACE_SPURIOUS_MAINT);
    fx_end(&f);
}

/* ---- lost virtual interrupt ---------------------------------------------------- */

static void test_lost_cleared(void)
{
    fx f;
    uint64_t gone, enter;
    const found *x;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(42));
    entry(&f, 1);
    exit_hvc(&f);
    gone = lr_write(&f, 0, LR_PENDING(42), 0);
    enter = entry(&f, 1);
    x = only(&f, HS_RACE_LOST_VIRQ);
    g_assert_cmpuint(x->race.seq0, ==, gone);
    g_assert_cmpuint(x->race.seq1, ==, enter);
    g_assert_cmpuint(x->race.detail, ==, 42);
    g_assert_nonnull(strstr(x->text, "vINTID 42"));
    g_assert_nonnull(strstr(x->text, "GICH_LR0"));
    fx_end(&f);
}

static void test_lost_overwritten(void)
{
    fx f;

    fx_start(&f, NULL);
    lr_write(&f, 2, 0, LR_PENDING(42));
    entry(&f, 1);
    exit_hvc(&f);
    lr_write(&f, 2, LR_PENDING(42), LR_PENDING(43));
    entry(&f, 1);
    g_assert_cmpuint(only(&f, HS_RACE_LOST_VIRQ)->race.detail, ==, 42);
    fx_end(&f);
}

/* Saved and put back, in the same LR or another, before the entry: not lost;
 * nor a change of priority, nor an interrupt the guest acknowledged. */
static void test_lost_none(void)
{
    fx f;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(42));
    lr_write(&f, 1, 0, LR_PENDING(43));
    lr_write(&f, 2, 0, LR_PENDING(44));
    entry(&f, 1);
    exit_hvc(&f);
    lr_write(&f, 0, LR_PENDING(42), 0);
    lr_write(&f, 3, 0, LR_PENDING(42));
    lr_write(&f, 1, LR_PENDING(43), 0);
    lr_write(&f, 1, 0, LR_PENDING(43));
    lr_write(&f, 2, LR_PENDING(44), (1u << 28) | (0x08u << 23) | 44);
    entry(&f, 1);
    guest_ack(&f, 3, LR_PENDING(42));
    exit_hvc(&f);
    lr_write(&f, 3, LR_ACTIVE(42), 0);
    entry(&f, 1);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* Put back and taken out again before the entry: lost. */
static void test_lost_back_and_gone(void)
{
    fx f;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(42));
    entry(&f, 1);
    exit_hvc(&f);
    lr_write(&f, 0, LR_PENDING(42), 0);
    lr_write(&f, 1, 0, LR_PENDING(42));
    lr_write(&f, 1, LR_PENDING(42), 0);
    entry(&f, 1);
    only(&f, HS_RACE_LOST_VIRQ);
    fx_end(&f);
}

/* Pending and active made active: the pending half is lost. */
static void test_lost_pending_half(void)
{
    fx f;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING_ACTIVE(42));
    entry(&f, 1);
    exit_hvc(&f);
    lr_write(&f, 0, LR_PENDING_ACTIVE(42), LR_ACTIVE(42));
    entry(&f, 1);
    only(&f, HS_RACE_LOST_VIRQ);
    fx_end(&f);
}

/* A software SGI is known by its ID and source CPU: SGI 3 from CPU 1 replaced
 * by SGI 3 from CPU 2 is lost. */
static void test_lost_sgi_source(void)
{
    fx f;
    const found *x;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(3) | LR_CPUID(1));
    entry(&f, 1);
    exit_hvc(&f);
    lr_write(&f, 0, LR_PENDING(3) | LR_CPUID(1), LR_PENDING(3) | LR_CPUID(2));
    entry(&f, 1);
    x = only(&f, HS_RACE_LOST_VIRQ);
    g_assert_cmpuint(x->race.detail, ==, 3 | LR_CPUID(1));
    g_assert_nonnull(strstr(x->text, "from CPU 1"));
    fx_end(&f);
}

/* Switched out with VMID 1's interrupt saved: judged when VMID 1 is entered
 * again on that CPU, lost or put back. */
static void test_lost_across_switch(void)
{
    for (int put_back = 0; put_back < 2; put_back++) {
        fx f;
        uint64_t gone, enter;

        fx_start(&f, NULL);
        lr_write(&f, 0, 0, LR_PENDING(42));
        entry(&f, 1);
        exit_hvc(&f);
        gone = lr_write(&f, 0, LR_PENDING(42), LR_PENDING(77));    /* VMID 2's */
        entry(&f, 2);
        exit_hvc(&f);
        lr_write(&f, 0, LR_PENDING(77), put_back ? LR_PENDING(42) : 0);
        g_assert_cmpuint(f.found->len, ==, 0);
        enter = entry(&f, 1);
        /* VMID 2's 77, taken out too, waits for VMID 2 to be entered again. */
        if (put_back) {
            g_assert_cmpuint(f.found->len, ==, 0);
        } else {
            const found *x = only(&f, HS_RACE_LOST_VIRQ);
            g_assert_cmpuint(x->race.seq0, ==, gone);
            g_assert_cmpuint(x->race.seq1, ==, enter);
            g_assert_cmpuint(x->race.detail, ==, 42);
        }
        fx_end(&f);
    }
}

/* ---- EOI or deactivation on a reused LR ------------------------------------------ */

static void test_eoi_reused(void)
{
    fx f;
    uint64_t ack, reuse, eoi;
    const found *x;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(40));
    entry(&f, 1);
    ack = guest_ack(&f, 0, LR_PENDING(40));
    exit_hvc(&f);
    reuse = lr_write(&f, 0, LR_ACTIVE(40), LR_PENDING(41));
    entry(&f, 1);
    eoi = ev(&f, 0, HS_EV_gic_write, HS_GIC_GICV, EOIR, 40, 4);
    x = only(&f, HS_RACE_EOI_REUSED_LR);
    g_assert_cmpuint(x->race.seq0, ==, ack);
    g_assert_cmpuint(x->race.seq1, ==, eoi);
    g_assert_cmpuint(x->race.detail, ==, reuse);
    g_assert_nonnull(strstr(x->text, "GICV_EOIR"));
    fx_end(&f);
}

/* Saved at the exit and restored active at the entry (in another LR): the EOI
 * finds it. Then EOIs of interrupts not acknowledged are not this race. */
static void test_eoi_restored(void)
{
    fx f;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(40));
    entry(&f, 1);
    guest_ack(&f, 0, LR_PENDING(40));
    exit_hvc(&f);
    lr_write(&f, 0, LR_ACTIVE(40), 0);
    lr_write(&f, 0, 0, LR_PENDING(41));
    lr_write(&f, 2, 0, LR_ACTIVE(40));
    entry(&f, 1);
    ev(&f, 0, HS_EV_gic_write, HS_GIC_GICV, EOIR, 40, 4);
    ev(&f, 0, HS_EV_lr_state, 2, LR_ACTIVE(40), 40 | (0x10u << 23), 0);
    ev(&f, 0, HS_EV_gic_write, HS_GIC_GICV, EOIR, 40, 4);
    /* Reusing an LR after the deactivation is fine too. */
    lr_write(&f, 2, 40 | (0x10u << 23), LR_PENDING(45));
    ev(&f, 0, HS_EV_gic_write, HS_GIC_GICV, EOIR, 45, 4);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* Restored pending rather than active: the active state is gone, the EOI
 * lands on nothing. */
static void test_eoi_restored_pending(void)
{
    fx f;

    fx_start(&f, NULL);
    lr_write(&f, 0, 0, LR_PENDING(40));
    entry(&f, 1);
    guest_ack(&f, 0, LR_PENDING(40));
    exit_hvc(&f);
    lr_write(&f, 0, LR_ACTIVE(40), 0);
    lr_write(&f, 0, 0, LR_PENDING(40));
    entry(&f, 1);
    ev(&f, 0, HS_EV_gic_write, HS_GIC_GICV, EOIR, 40, 4);
    only(&f, HS_RACE_EOI_REUSED_LR);
    fx_end(&f);
}

/* GICV_CTLR.EOImode 1: GICV_EOIR drops the priority and GICV_DIR deactivates;
 * an LR reused between them is caught at the GICV_DIR write. */
static void test_eoi_split_dir(void)
{
    fx f;
    uint64_t reuse, dir;
    const found *x;

    fx_start(&f, NULL);
    lr_write(&f, 1, 0, LR_PENDING(3) | LR_CPUID(2));
    entry(&f, 1);
    guest_ack(&f, 1, LR_PENDING(3) | LR_CPUID(2));
    ev(&f, 0, HS_EV_gic_write, HS_GIC_GICV, EOIR, 3 | LR_CPUID(2), 4);
    g_assert_cmpuint(f.found->len, ==, 0);
    exit_hvc(&f);
    reuse = lr_write(&f, 1, LR_ACTIVE(3) | LR_CPUID(2), LR_PENDING(3) | LR_CPUID(1));
    entry(&f, 1);
    dir = ev(&f, 0, HS_EV_gic_write, HS_GIC_GICV, DIR, 3 | LR_CPUID(2), 4);
    x = only(&f, HS_RACE_EOI_REUSED_LR);
    g_assert_cmpuint(x->race.seq1, ==, dir);
    g_assert_cmpuint(x->race.detail, ==, reuse);
    g_assert_nonnull(strstr(x->text, "GICV_DIR"));
    fx_end(&f);
}

/* ---- maintenance interrupt storm ----------------------------------------------- */

static uint64_t take_maint(fx *f)
{
    uint64_t s = irq_to_hyp(f, false);
    gicc_iar(f, MAINT);
    ev(f, 0, HS_EV_exc_return, MODE_HYP, MODE_HYP, 0x40001000, 0);
    return s;
}

static void test_storm(void)
{
    hs_race_config cfg;
    uint64_t first = 0, last = 0;
    fx f;
    const found *x;

    hs_race_config_init(&cfg);
    cfg.checkers = 1u << HS_RACE_MAINT_STORM;
    cfg.storm_max = 3;
    cfg.storm_window_ps = 12000;
    fx_start(&f, &cfg);
    /* Four taken 3 ns apart: the span is 9 ns, within 12 ns. */
    for (int i = 0; i < 4; i++) {
        uint64_t s = take_maint(&f);
        first = i == 0 ? s : first;
        last = s;
    }
    x = only(&f, HS_RACE_MAINT_STORM);
    g_assert_cmpuint(x->race.seq0, ==, first);
    g_assert_cmpuint(x->race.seq1, ==, last);
    g_assert_cmpuint(x->race.detail, ==, 4);
    /* The same storm goes on: no second report. */
    take_maint(&f);
    take_maint(&f);
    g_assert_cmpuint(f.found->len, ==, 1);
    /* Quiet, then a new storm. */
    f.time_ps += 1000000;
    take_maint(&f);
    g_assert_cmpuint(f.found->len, ==, 1);
    for (int i = 0; i < 3; i++) {
        take_maint(&f);
    }
    g_assert_cmpuint(f.found->len, ==, 2);
    fx_end(&f);
}

static void test_storm_none(void)
{
    hs_race_config cfg;
    fx f;

    hs_race_config_init(&cfg);
    cfg.checkers = 1u << HS_RACE_MAINT_STORM;
    cfg.storm_max = 3;
    cfg.storm_window_ps = 9000;          /* four 3 ns apart span 9 ns: not within 9 ns */
    fx_start(&f, &cfg);
    for (int i = 0; i < 8; i++) {
        take_maint(&f);
    }
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* ---- configuration, names, words ------------------------------------------------ */

static void test_checker_selection(void)
{
    hs_race_config cfg;
    unsigned mask = 0;
    const char *bad = NULL;
    fx f;

    g_assert_cmpint(hs_race_parse_checkers("all", &mask, &bad), ==, 0);
    g_assert_cmpuint(mask, ==, HS_RACE_ALL);
    g_assert_cmpint(hs_race_parse_checkers("lost-virq,maintenance-storm", &mask, &bad), ==, 0);
    g_assert_cmpuint(mask, ==, (1u << HS_RACE_LOST_VIRQ) | (1u << HS_RACE_MAINT_STORM));
    g_assert_cmpint(hs_race_parse_checkers("lost-virq,late", &mask, &bad), ==, -1);
    g_assert_cmpstr(bad, ==, "late");
    g_assert_cmpint(hs_race_parse_checkers("", &mask, &bad), ==, -1);
    for (unsigned k = 0; k < HS_RACE__COUNT; k++) {
        g_assert_cmpint(hs_race_parse_checkers(hs_race_checker_name(k), &mask, &bad), ==, 0);
        g_assert_cmpuint(mask, ==, 1u << k);
        g_assert_cmpuint(hs_race_checker_needs((hs_race_checker)k) & (1ull << HS_EV_race), ==, 0);
        g_assert_cmpuint(hs_race_checker_needs((hs_race_checker)k), !=, 0);
    }
    g_assert_null(hs_race_checker_name(HS_RACE__COUNT));

    /* A spurious maintenance interrupt with that checker off. */
    hs_race_config_init(&cfg);
    cfg.checkers = HS_RACE_ALL & ~(1u << HS_RACE_SPURIOUS_MAINT);
    fx_start(&f, &cfg);
    irq_to_hyp(&f, false);
    gicc_iar(&f, MAINT);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

static void test_describe(void)
{
    static const struct {
        hs_record r;
        const char *text;
    } cases[] = {
        { { 9, 0, 0, 0, HS_EV_race, { HS_RACE_LATE_MAINT, 1, 5, 3 } },
          "late-maintenance: raised at seq 1, taken at seq 5, late since seq 3" },
        { { 9, 0, 0, 0, HS_EV_race, { HS_RACE_SPURIOUS_MAINT, 4, 5, HS_RACE_NO_SEQ } },
          "spurious-maintenance: taken at seq 4, acknowledged at seq 5, GICH_MISR 0 since seq "
          "none" },
        { { 9, 0, 0, 0, HS_EV_race, { HS_RACE_LOST_VIRQ, 2, 7, 3 | LR_CPUID(1) } },
          "lost-virq: vINTID 3 (from CPU 1) overwritten at seq 2, guest entered without it at "
          "seq 7" },
        { { 9, 0, 0, 0, HS_EV_race, { HS_RACE_EOI_REUSED_LR, 2, 8, 5 } },
          "eoi-reused-lr: acknowledged at seq 2, EOI or deactivation at seq 8, LR reused at "
          "seq 5" },
        { { 9, 0, 0, 0, HS_EV_race, { HS_RACE_MAINT_STORM, 10, 90, 101 } },
          "maintenance-storm: 101 maintenance interrupts taken from seq 10 to seq 90" },
        { { 9, 0, 0, 0, HS_EV_race, { 77, 0, 0, 0 } }, "checker 77" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *s = g_string_new(NULL);
        hs_race_describe(s, &cases[i].r);
        g_assert_cmpstr(s->str, ==, cases[i].text);
        g_string_free(s, TRUE);
    }
}

/* Records of other catalogs, of no vCPU, and race records are ignored. */
static void test_ignored_records(void)
{
    fx f;
    hs_record foreign = { 0, 0, 0, 0, 0x10000 + HS_EV_gic_read, { HS_GIC_GICC, IAR, MAINT, 4 } };

    fx_start(&f, NULL);
    irq_to_hyp(&f, false);
    hs_races_record(f.r, &foreign);
    ev(&f, HS_VCPU_NONE, HS_EV_gic_read, HS_GIC_GICC, IAR, MAINT, 4);
    ev(&f, 0, HS_EV_race, HS_RACE_SPURIOUS_MAINT, 0, 0, 0);
    g_assert_cmpuint(f.found->len, ==, 0);
    fx_end(&f);
}

/* ---- online: the monitor on a tracer ----------------------------------------- */

typedef struct sink_log {
    GArray *rec;
} sink_log;

static void keep(void *opaque, const hs_record *r)
{
    sink_log *l = opaque;
    g_array_append_val(l->rec, *r);
}

static uint64_t fake_now(void *opaque, unsigned vcpu)
{
    (void)vcpu;
    return *(uint64_t *)opaque;
}

/* A race is a race event right after the record that completed it, before
 * any later record, in every sink; recording sinks get what they select. */
static void test_monitor(void)
{
    hs_tracer t;
    hs_race_config cfg;
    hs_race_monitor *m;
    sink_log all = { g_array_new(FALSE, FALSE, sizeof(hs_record)) };
    uint64_t now = 5000;
    const char *bad;

    hs_tracer_init(&t);
    t.now_ps = fake_now;
    t.clock_opaque = &now;
    hs_tracer_add_sink(&t, (hs_trace_sink){ keep, &all });
    g_assert_cmpint(hs_tracer_select(&t, "exc,gic,race", &bad), ==, 0);
    hs_race_config_init(&cfg);
    m = hs_race_monitor_new(&t, &cfg);
    g_assert_cmphex(t.enabled, ==, HS_EV_ALL);     /* the checkers see every event */

    HS_TRACE(&t, line, 0, HS_LINE_MAINT, 1, 0, 0);                          /* 0: not kept */
    HS_TRACE(&t, exc_entry, 0, HS_EXC_IRQ, MODE_HYP, MODE_HYP, 0x40000018); /* 1 */
    HS_TRACE(&t, gic_read, 0, HS_GIC_GICC, IAR, MAINT, 4);                  /* 2 */
    HS_TRACE(&t, gic_write, 0, HS_GIC_GICC, EOIR, MAINT, 4);                /* 4 */
    g_assert_cmpuint(all.rec->len, ==, 4);
    {
        const hs_record *r = (const hs_record *)(void *)all.rec->data;
        g_assert_cmpuint(r[0].seq, ==, 1);
        g_assert_cmpuint(r[1].seq, ==, 2);
        g_assert_cmpuint(r[2].seq, ==, 3);
        g_assert_cmpuint(r[2].event, ==, HS_EV_race);
        g_assert_cmpuint(r[2].vcpu, ==, 0);
        g_assert_cmpuint(r[2].f[0], ==, HS_RACE_SPURIOUS_MAINT);
        g_assert_cmpuint(r[2].f[1], ==, 1);
        g_assert_cmpuint(r[2].f[2], ==, 2);
        g_assert_cmpuint(r[2].f[3], ==, HS_RACE_NO_SEQ);
        g_assert_cmpuint(r[3].seq, ==, 4);
        g_assert_cmpuint(r[3].event, ==, HS_EV_gic_write);
    }
    g_assert_cmpuint(hs_race_monitor_count(m), ==, 1);
    g_assert_true(g_str_has_prefix(hs_race_monitor_report(m), "spurious-maintenance on vCPU 0: "
                                                              "maintenance interrupt taken at "
                                                              "seq 1 "));
    g_assert_true(g_str_has_suffix(hs_race_monitor_report(m), "\n"));
    g_assert_null(t.deferred);
    hs_race_monitor_free(m);
    g_array_free(all.rec, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/races/late/other-vmid", test_late_other_vmid);
    g_test_add_func("/races/late/same-vmid", test_late_same_vmid);
    g_test_add_func("/races/late/prompt", test_late_none_when_prompt);
    g_test_add_func("/races/late/en-cleared-same-context", test_late_en_cleared_same_context);
    g_test_add_func("/races/late/no-context", test_late_no_context);
    g_test_add_func("/races/late/idle-context-loaded", test_late_idle_context_loaded);
    g_test_add_func("/races/late/judged-at-entry", test_late_judged_at_entry);
    g_test_add_func("/races/late/vmid-without-reload", test_late_vmid_change_without_reload);
    g_test_add_func("/races/late/raise-used-once", test_late_raise_used_once);
    g_test_add_func("/races/late/per-cpu", test_late_per_cpu);
    g_test_add_func("/races/spurious/never-set", test_spurious_never_set);
    g_test_add_func("/races/spurious/after-clear", test_spurious_after_clear);
    g_test_add_func("/races/spurious/none", test_spurious_none);
    g_test_add_func("/races/spurious/other-intid", test_spurious_other_intid);
    g_test_add_func("/races/lost/cleared", test_lost_cleared);
    g_test_add_func("/races/lost/overwritten", test_lost_overwritten);
    g_test_add_func("/races/lost/none", test_lost_none);
    g_test_add_func("/races/lost/back-and-gone", test_lost_back_and_gone);
    g_test_add_func("/races/lost/pending-half", test_lost_pending_half);
    g_test_add_func("/races/lost/sgi-source", test_lost_sgi_source);
    g_test_add_func("/races/lost/across-switch", test_lost_across_switch);
    g_test_add_func("/races/eoi/reused", test_eoi_reused);
    g_test_add_func("/races/eoi/restored", test_eoi_restored);
    g_test_add_func("/races/eoi/restored-pending", test_eoi_restored_pending);
    g_test_add_func("/races/eoi/split-dir", test_eoi_split_dir);
    g_test_add_func("/races/storm/storm", test_storm);
    g_test_add_func("/races/storm/none", test_storm_none);
    g_test_add_func("/races/checkers", test_checker_selection);
    g_test_add_func("/races/critical-window", test_critical_window);
    g_test_add_func("/races/describe", test_describe);
    g_test_add_func("/races/ignored", test_ignored_records);
    g_test_add_func("/races/monitor", test_monitor);
    return g_test_run();
}
