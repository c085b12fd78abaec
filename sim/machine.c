/* The machine: builds a platform's devices and vCPUs, wires their lines, loads
 * the image and the device tree, and runs the scheduler. This is libhypsim's
 * hs_sim. */
#include "hypsim/hypsim.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "cpu/cpu.h"
#include "cpu/image.h"
#include "models/gic/gic.h"
#include "models/pl011/pl011.h"
#include "models/pl031/pl031.h"
#include "models/unassigned/unassigned.h"
#include "platforms/dtb.h"
#include "platforms/platform.h"
#include "sim/fault_machine.h"
#include "sim/log.h"
#include "sim/memmap.h"
#include "sim/sched.h"
#include "sim/systemc/kernel.h"
#include "sim/systemc/model.h"
#include "traces/log.h"
#include "traces/races.h"
#include "traces/trace.h"

#define DEFAULT_QUANTUM 10000
#define MAX_HOLES 16
#define MAX_MODELS 8
#define PHYS_SPACE UINT64_C(0x100000000)

struct hs_sim {
    hs_options opt;
    char *image_path, *dtb_path;
    hs_platform *plat;
    unsigned ncpu;
    hs_memmap map;
    hs_eventq eventq;
    hs_tracer tracer;
    hs_sched sched;
    hs_sc_kernel *sc;           /* runs `sched` on SystemC; NULL: the native kernel */
    hs_cluster *cpus;
    hs_gic *gic;
    hs_pl011 *uart;
    hs_pl031 *rtc;
    hs_unassigned *hole[MAX_HOLES];
    unsigned nholes;
    hs_external_region *ext;    /* ranges left to the embedding program */
    unsigned n_ext;
    hs_sc_model *model[MAX_MODELS];   /* the platform's `systemc` devices, in order */
    unsigned nmodels;
    FILE *uart_out;
    hs_image image;
    void *dtb;
    size_t dtb_size;
    uint64_t dtb_addr;
    uint64_t max_insns;
    hs_log_writer *log;
    size_t console_next;          /* the next entry of opt.console_script to give */
    hs_race_monitor *races;
    hs_machine_faults *faults;
    /* hs_sim_set_spi()'s lines, by SPI (INTID - 32), made on first use: through the
     * fault injector when a plan is given, as the platform's devices' are. */
    hs_irq *outside_spi;
    hs_exit exit;
    char *exit_msg;
};

const char *hs_strerror(hs_err err)
{
    switch (err) {
    case HS_OK: return "success";
    case HS_ERR_USAGE: return "inconsistent options";
    case HS_ERR_PLATFORM: return "bad platform description";
    case HS_ERR_IMAGE: return "cannot load the image";
    case HS_ERR_DTB: return "cannot build or read the device tree";
    case HS_ERR_ENGINE: return "the CPU engine failed";
    case HS_ERR_IO: return "input/output error";
    case HS_ERR_FAULT_PLAN: return "bad fault plan";
    }
    return "unknown error";
}

const char *hs_exit_name(hs_exit e)
{
    switch (e) {
    case HS_EXIT_POWER_OFF: return "power-off";
    case HS_EXIT_RESET: return "reset";
    case HS_EXIT_GUEST_ERROR: return "guest-error";
    case HS_EXIT_LIMIT: return "limit";
    case HS_EXIT_DEADLOCK: return "deadlock";
    }
    return "?";
}

void hs_free(void *p)
{
    g_free(p);
}

void hs_options_init(hs_options *o)
{
    memset(o, 0, sizeof *o);
    o->platform = "virt-a15";
    o->uart_in_fd = -1;
}

static hs_err fail(char **msg, hs_err err, char *text)
{
    if (msg) {
        *msg = text;
    } else {
        g_free(text);
    }
    return err;
}

/* ---- clocks for the tracer and the scheduler -------------------------------- */

/* A vCPU's events carry its local time, which runs ahead of global time within
 * a quantum; events of no vCPU carry global time. */
static uint64_t sim_now_ps(void *opaque, unsigned vcpu)
{
    hs_sim *s = opaque;
    if (vcpu < s->ncpu) {
        return hs_cluster_local_time(s->cpus, vcpu);
    }
    return s->eventq.now;
}

static uint64_t sim_cycle(void *opaque, unsigned vcpu)
{
    hs_sim *s = opaque;
    hs_vcpu_stats st;
    if (vcpu >= s->ncpu) {
        return 0;
    }
    hs_cluster_stats(s->cpus, vcpu, &st);
    return st.cycles;
}

static hs_sched_cpu_state sched_state(void *opaque, unsigned cpu)
{
    hs_sim *s = opaque;
    switch (hs_cluster_state(s->cpus, cpu)) {
    case HS_VCPU_RUNNABLE: return HS_SCHED_RUNNABLE;
    case HS_VCPU_IDLE: return HS_SCHED_IDLE;
    case HS_VCPU_OFF: break;
    }
    return HS_SCHED_OFF;
}

static void sched_run(void *opaque, unsigned cpu, hs_time until)
{
    hs_sim *s = opaque;
    hs_cluster_run(s->cpus, cpu, until);
}

static hs_time sched_local_time(void *opaque, unsigned cpu)
{
    hs_sim *s = opaque;
    return hs_cluster_local_time(s->cpus, cpu);
}

static void sched_sync(void *opaque, unsigned cpu, hs_time now)
{
    hs_sim *s = opaque;
    hs_cluster_sync_idle(s->cpus, cpu, now);
}

static bool sched_stopped(void *opaque)
{
    hs_sim *s = opaque;
    return hs_cluster_stop_reason(s->cpus) != HS_STOP_NONE;
}

/* Gives the console UART `n` bytes and records them as console_input events,
 * so that a replay can give the same bytes at the same time. */
static void console_receive(hs_sim *s, const uint8_t *buf, size_t n)
{
    hs_pl011_receive(s->uart, buf, n);
    for (size_t at = 0; at < n; at += 8) {
        size_t k = n - at < 8 ? n - at : 8;
        uint64_t packed = 0;
        for (size_t i = 0; i < k; i++) {
            packed |= (uint64_t)buf[at + i] << (8 * i);
        }
        HS_TRACE(&s->tracer, console_input, HS_VCPU_NONE, k, packed, 0, 0);
    }
}

static void feed_uart_input(hs_sim *s, hs_time now)
{
    uint8_t buf[64];
    size_t room = hs_pl011_rx_space(s->uart);
    ssize_t n;

    if (s->opt.console_script) {
        /* Replay: each recorded chunk at the quantum end it arrived at. */
        while (s->console_next < s->opt.console_script_len &&
               s->opt.console_script[s->console_next].time_ps <= now) {
            const hs_console_input *in = &s->opt.console_script[s->console_next++];
            console_receive(s, in->bytes, in->count);
        }
        return;
    }
    if (s->opt.uart_in_fd < 0 || room == 0) {
        return;
    }
    {
        /* Never wait for input: the guest runs on while none has come. */
        struct pollfd pfd = { .fd = s->opt.uart_in_fd, .events = POLLIN };
        if (poll(&pfd, 1, 0) <= 0) {
            return;
        }
    }
    n = read(s->opt.uart_in_fd, buf, room < sizeof buf ? room : sizeof buf);
    if (n > 0) {
        console_receive(s, buf, (size_t)n);
    } else if (n == 0) {
        s->opt.uart_in_fd = -1;     /* end of input */
    }
}

static void sched_quantum_end(void *opaque, hs_time now)
{
    hs_sim *s = opaque;
    if (s->uart) {
        feed_uart_input(s, now);
    }
    if (s->max_insns) {
        uint64_t total = 0;
        for (unsigned i = 0; i < s->ncpu; i++) {
            hs_vcpu_stats st;
            hs_cluster_stats(s->cpus, i, &st);
            total += st.insns;
        }
        if (total >= s->max_insns) {
            char *m = g_strdup_printf("instruction limit reached: %" G_GUINT64_FORMAT
                                      " instructions (--max-insns %" G_GUINT64_FORMAT ")",
                                      total, s->max_insns);
            hs_cluster_request_stop(s->cpus, HS_STOP_LIMIT, m);
            g_free(m);
        }
    }
}

static const hs_sched_ops sched_ops = {
    .state = sched_state,
    .run = sched_run,
    .local_time = sched_local_time,
    .sync = sched_sync,
    .stopped = sched_stopped,
    .quantum_end = sched_quantum_end,
};

/* ---- building ------------------------------------------------------------- */

static void uart_tx(void *opaque, uint8_t byte)
{
    hs_sim *s = opaque;
    fputc(byte, s->uart_out);
    if (byte == '\n') {
        fflush(s->uart_out);
    }
}

static void map_add(hs_sim *s, const char *name, uint64_t base, uint64_t size,
                    const hs_mmio_ops *ops, void *opaque, uint32_t cost)
{
    hs_region *r;
    assert(s->map.nregions < HS_MEMMAP_MAX_REGIONS);
    r = &s->map.region[s->map.nregions++];
    r->name = name;
    r->base = base;
    r->size = size;
    r->ops = ops;
    r->opaque = opaque;
    r->access_cycles = cost;
}

static int region_cmp(const void *a, const void *b)
{
    const hs_region *x = a, *y = b;
    return x->base < y->base ? -1 : x->base > y->base;
}

/* Every address that is neither RAM nor a device reads as zero and ignores writes,
 * with a guest error logged (the whole 32-bit space is mapped: with the guest MMU
 * on, Unicorn looks virtual addresses up in its map, reference notes). */
static void map_holes(hs_sim *s)
{
    hs_region sorted[HS_MEMMAP_MAX_REGIONS + 1];
    unsigned n = s->map.nregions;
    uint64_t at = 0;

    memcpy(sorted, s->map.region, n * sizeof sorted[0]);
    sorted[n].base = s->map.ram_base;
    sorted[n].size = s->map.ram_size;
    n++;
    qsort(sorted, n, sizeof sorted[0], region_cmp);
    s->map.hole.ops = &hs_unassigned_ops;
    for (unsigned i = 0; i <= n; i++) {
        uint64_t next = i < n ? sorted[i].base : PHYS_SPACE;
        if (next > at) {
            hs_unassigned *u;
            assert(s->nholes < MAX_HOLES);
            u = hs_unassigned_new(at, "unassigned");
            s->hole[s->nholes++] = u;
            map_add(s, "unassigned", at, next - at, &hs_unassigned_ops, u, 0);
        }
        if (i < n) {
            at = sorted[i].base + sorted[i].size;
        }
    }
}

static uint64_t external_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    const hs_external_region *r = opaque;
    return r->read(r->opaque, offset, size, cpu);
}

static void external_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                           unsigned cpu)
{
    const hs_external_region *r = opaque;
    r->write(r->opaque, offset, value, size, cpu);
}

static const hs_mmio_ops external_ops = { external_read, external_write };

static bool ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
    return a < b + bsize && b < a + asize;
}

/* The ranges the embedding program serves (hs_options.external), mapped as devices. */
static hs_err add_external(hs_sim *s, char **msg)
{
    s->ext = g_memdup2(s->opt.external, s->opt.n_external * sizeof *s->ext);
    s->n_ext = s->opt.n_external;
    for (unsigned i = 0; i < s->n_ext; i++) {
        hs_external_region *r = &s->ext[i];
        const char *why = NULL;

        if (!r->size || (r->base | r->size) & 0xfff || r->base + r->size > PHYS_SPACE) {
            why = "is not made of 4 KiB pages inside the 32-bit physical address space";
        } else if (!r->read || !r->write) {
            why = "has no read or no write callback";
        } else if (s->map.nregions + MAX_HOLES >= HS_MEMMAP_MAX_REGIONS) {
            why = "is one region too many for the memory map";
        } else if (ranges_overlap(r->base, r->size, s->map.ram_base, s->map.ram_size)) {
            why = "overlaps RAM";
        }
        for (unsigned j = 0; !why && j < s->map.nregions; j++) {
            if (ranges_overlap(r->base, r->size, s->map.region[j].base, s->map.region[j].size)) {
                why = "overlaps a device of the platform, or another external region";
            }
        }
        if (why) {
            return fail(msg, HS_ERR_USAGE,
                        g_strdup_printf("external region %s [0x%08" G_GINT64_MODIFIER "x, "
                                        "0x%08" G_GINT64_MODIFIER "x) %s",
                                        r->name ? r->name : "(unnamed)", r->base,
                                        r->base + r->size, why));
        }
        map_add(s, r->name ? r->name : "external", r->base, r->size, &external_ops, r,
                r->access_cycles);
    }
    return HS_OK;
}

static hs_err build_gic(hs_sim *s, const hs_platform_device *d, char **msg)
{
    hs_gic_config cfg = {
        .num_cpu = s->ncpu,
        .num_irq = d->u.gic.irqs,
        .num_lr = d->u.gic.list_registers,
        .priority_bits = d->u.gic.priority_bits,
        .maint_intid = d->u.gic.maintenance_irq,
    };
    hs_gic_err err = hs_gic_new(&cfg, &s->tracer, &s->gic);
    const uint64_t sz = d->u.gic.region_size;

    if (err != HS_GIC_OK) {
        return fail(msg, HS_ERR_PLATFORM,
                    g_strdup_printf("%s: [device %s]: %s", s->plat->path, d->name,
                                    hs_gic_strerror(err)));
    }
    map_add(s, "gicd", d->u.gic.dist_base, sz, &hs_gicd_ops, s->gic, d->access_cycles);
    map_add(s, "gicc", d->u.gic.cpu_base, sz, &hs_gicc_ops, s->gic, d->access_cycles);
    map_add(s, "gich", d->u.gic.hyp_base, sz, &hs_gich_ops, s->gic, d->access_cycles);
    map_add(s, "gicv", d->u.gic.vcpu_base, sz, &hs_gicv_ops, s->gic, d->access_cycles);
    return HS_OK;
}

/* A `systemc` device: its model runs on the SystemC kernel (docs/systemc.md). */
static hs_err load_model(hs_sim *s, const hs_platform_device *d, char **msg)
{
    char *m = NULL;
    hs_sc_model *model;

    if (!s->sc) {
        return fail(msg, HS_ERR_USAGE,
                    g_strdup_printf("%s: [device %s] is a SystemC model: run it with "
                                    "--kernel systemc", s->plat->path, d->name));
    }
    if (s->nmodels == MAX_MODELS) {
        return fail(msg, HS_ERR_PLATFORM,
                    g_strdup_printf("%s: [device %s]: more than %d SystemC models",
                                    s->plat->path, d->name, MAX_MODELS));
    }
    model = hs_sc_model_load(s->sc, d->name, d->u.systemc.library, d->base, &m);
    if (!model) {
        hs_err e = fail(msg, HS_ERR_PLATFORM, g_strdup_printf("%s: [device %s]: %s",
                                                              s->plat->path, d->name, m));
        g_free(m);
        return e;
    }
    s->model[s->nmodels++] = model;
    map_add(s, d->name, d->base, d->size, &hs_sc_model_ops, model, d->access_cycles);
    return HS_OK;
}

static hs_err build_devices(hs_sim *s, char **msg)
{
    hs_err err = HS_OK;

    for (unsigned i = 0; i < s->plat->ndev && err == HS_OK; i++) {
        const hs_platform_device *d = &s->plat->dev[i];
        switch (d->type) {
        case HS_DEV_GIC_V2:
            err = build_gic(s, d, msg);
            break;
        case HS_DEV_PL011:
            if (!s->uart) {     /* the first UART is the console */
                s->uart = hs_pl011_new(uart_tx, s);
                map_add(s, d->name, d->base, d->size, &hs_pl011_ops, s->uart,
                        d->access_cycles);
            }
            break;
        case HS_DEV_PL031:
            if (!s->rtc) {
                s->rtc = hs_pl031_new(&s->eventq, d->u.rtc.epoch);
                map_add(s, d->name, d->base, d->size, &hs_pl031_ops, s->rtc,
                        d->access_cycles);
            }
            break;
        case HS_DEV_SYSTEMC:
            err = load_model(s, d, msg);
            break;
        case HS_DEV_ARMV7_TIMER:
        case HS_DEV__COUNT:
            break;
        }
    }
    return err;
}

static void wire(hs_sim *s)
{
    const hs_platform_device *t = hs_platform_find(s->plat, HS_DEV_ARMV7_TIMER);
    const hs_platform_device *g = hs_platform_find(s->plat, HS_DEV_GIC_V2);
    static const hs_gic_line gic_out[] = { HS_LINE_IRQ, HS_LINE_FIQ, HS_LINE_VIRQ, HS_LINE_VFIQ };
    static const hs_cpu_line cpu_in[] = { HS_CPU_LINE_IRQ, HS_CPU_LINE_FIQ, HS_CPU_LINE_VIRQ,
                                          HS_CPU_LINE_VFIQ };
    static const hs_fault_wire_kind cpu_wire[] = { HS_WIRE_IRQ, HS_WIRE_FIQ, HS_WIRE_VIRQ,
                                                   HS_WIRE_VFIQ };
    const unsigned maint = g->u.gic.maintenance_irq;

    for (unsigned cpu = 0; cpu < s->ncpu; cpu++) {
        const unsigned timer_ppi[4] = { t->u.timer.phys_irq, t->u.timer.virt_irq,
                                        t->u.timer.hyp_irq, t->u.timer.secure_phys_irq };
        for (unsigned l = 0; l < G_N_ELEMENTS(gic_out); l++) {
            hs_gic_connect(s->gic, cpu, gic_out[l],
                           hs_machine_faults_wire(s->faults, cpu_wire[l], cpu,
                                                  HS_FAULT_LINE_INTID(gic_out[l]),
                                                  hs_cluster_line(s->cpus, cpu, cpu_in[l])));
        }
        /* The maintenance interrupt leaves the virtual interface control and comes
         * back in as its PPI (IHI 0048B 5.3.2); the wire is where faults act. */
        hs_gic_connect(s->gic, cpu, HS_LINE_MAINT,
                       hs_machine_faults_wire(s->faults, HS_WIRE_MAINT, cpu, maint,
                                              hs_gic_ppi_in(s->gic, cpu, maint)));
        for (unsigned k = 0; k < 4; k++) {
            hs_cluster_connect_timer(s->cpus, cpu, k,
                                     hs_machine_faults_wire(s->faults, HS_WIRE_PPI, cpu,
                                                            timer_ppi[k],
                                                            hs_gic_ppi_in(s->gic, cpu,
                                                                          timer_ppi[k])));
        }
    }
    /* SGIs go from a GICD_SGIR write to their targets inside the GIC (IHI 0048B
     * 4.3.15); with a fault plan they pass through the injector on the way. */
    hs_machine_faults_connect_sgi(s->faults, s->gic);
    if (s->uart) {
        unsigned irq = hs_platform_find(s->plat, HS_DEV_PL011)->irq;
        hs_pl011_connect_irq(s->uart, hs_machine_faults_wire(s->faults, HS_WIRE_SPI, HS_VCPU_NONE,
                                                             irq, hs_gic_spi_in(s->gic, irq)));
    }
    if (s->rtc) {
        unsigned irq = hs_platform_find(s->plat, HS_DEV_PL031)->irq;
        hs_pl031_connect_irq(s->rtc, hs_machine_faults_wire(s->faults, HS_WIRE_SPI, HS_VCPU_NONE,
                                                            irq, hs_gic_spi_in(s->gic, irq)));
    }
    for (unsigned i = 0, n = 0; i < s->plat->ndev; i++) {
        const hs_platform_device *d = &s->plat->dev[i];
        if (d->type == HS_DEV_SYSTEMC && d->irq) {
            hs_sc_model_connect_irq(s->model[n],
                                    hs_machine_faults_wire(s->faults, HS_WIRE_SPI, HS_VCPU_NONE,
                                                           d->irq,
                                                           hs_gic_spi_in(s->gic, d->irq)));
        }
        n += d->type == HS_DEV_SYSTEMC;
    }
}

static hs_err load_image(hs_sim *s, char **msg)
{
    hs_image_err ie;
    char *m = NULL;

    memset(s->map.ram, 0, s->map.ram_size);
    if (s->opt.has_load_addr) {
        ie = hs_image_load_raw(s->image_path, s->opt.load_addr, &s->map, &s->image, &m);
    } else {
        ie = hs_image_load_elf(s->image_path, &s->map, &s->image, &m);
    }
    if (ie != HS_IMAGE_OK) {
        return fail(msg, HS_ERR_IMAGE, m);
    }
    /* The DTB goes at the top of RAM, 4 KiB aligned, as long as the image leaves
     * room (QEMU places it at the bottom or after the image; no image relies on
     * where, since r2 carries the address). */
    s->dtb_addr = (s->map.ram_base + s->map.ram_size - s->dtb_size) & ~UINT64_C(0xfff);
    if (s->dtb_addr < s->image.high) {
        return fail(msg, HS_ERR_IMAGE,
                    g_strdup_printf("%s: the image ends at 0x%08" G_GINT64_MODIFIER "x and "
                                    "leaves no room at the top of RAM for the %zu-byte "
                                    "device tree (use -m to add RAM)", s->image_path,
                                    s->image.high, s->dtb_size));
    }
    memcpy(s->map.ram + (s->dtb_addr - s->map.ram_base), s->dtb, s->dtb_size);
    return HS_OK;
}

static hs_err machine_reset(hs_sim *s, char **msg)
{
    hs_err err = load_image(s, msg);
    char *m = NULL;

    if (err != HS_OK) {
        return err;
    }
    hs_machine_faults_reset(s->faults);
    hs_gic_reset(s->gic);
    if (s->uart) {
        hs_pl011_reset(s->uart);
    }
    if (s->rtc) {
        hs_pl031_reset(s->rtc);
    }
    if (hs_cluster_reset(s->cpus, s->image.entry, (uint32_t)s->dtb_addr, &m) != HS_CPU_OK ||
        !hs_cluster_scan_sites(s->cpus, s->image.low, s->image.high, &m)) {
        return fail(msg, HS_ERR_ENGINE, m);
    }
    return HS_OK;
}

static hs_err build_dtb(hs_sim *s, char **msg)
{
    if (s->dtb_path) {
        GError *gerr = NULL;
        gsize len;
        char *data;
        if (!g_file_get_contents(s->dtb_path, &data, &len, &gerr)) {
            hs_err e = fail(msg, HS_ERR_DTB, g_strdup_printf("%s: %s", s->dtb_path,
                                                             gerr->message));
            g_error_free(gerr);
            return e;
        }
        if (len < 40 || GUINT32_FROM_BE(*(uint32_t *)data) != 0xd00dfeedu) {
            g_free(data);
            return fail(msg, HS_ERR_DTB,
                        g_strdup_printf("%s: not a flattened device tree (no magic 0xd00dfeed)",
                                        s->dtb_path));
        }
        s->dtb = data;
        s->dtb_size = len;
        return HS_OK;
    }
    s->dtb = hs_dtb_build(s->plat, s->ncpu, s->map.ram_size, &s->dtb_size, msg);
    return s->dtb ? HS_OK : HS_ERR_DTB;
}

static char *platform_text(const hs_sim *s)
{
    char *text = NULL;
    if (s->opt.platform_text) {
        return g_strdup(s->opt.platform_text);
    }
    g_file_get_contents(s->plat->path, &text, NULL, NULL);
    return text;
}

/* The event log: its header records what a replay needs to run the same
 * again, and what the race checkers need to read it (docs/traces.md). */
static hs_err open_log(hs_sim *s, char **msg)
{
    const hs_platform_device *g = hs_platform_find(s->plat, HS_DEV_GIC_V2);
    char *text = platform_text(s);
    char *cwd = g_get_current_dir();
    char *intid = g_strdup_printf("%u", g->u.gic.maintenance_irq);
    char *from = g_strdup_printf("%" G_GUINT64_FORMAT, s->opt.trace_from_ps);
    char *to = g_strdup_printf("%" G_GUINT64_FORMAT, s->opt.trace_to_ps);
    const char *extra[16];
    char *dtb_sha = NULL;
    unsigned n = 0;
    hs_log_meta meta = { 0 };
    char *m = NULL;
    hs_tracelog_err e;

    extra[n++] = "gic.maintenance-intid";
    extra[n++] = intid;
    extra[n++] = "trace.events";
    extra[n++] = s->opt.trace_events ? s->opt.trace_events : "all";
    if (s->opt.trace_vcpus) {
        extra[n++] = "trace.vcpus";
        extra[n++] = s->opt.trace_vcpus;
    }
    if (s->opt.trace_from_ps) {
        extra[n++] = "trace.from-ps";
        extra[n++] = from;
    }
    if (s->opt.has_trace_to) {
        extra[n++] = "trace.to-ps";
        extra[n++] = to;
    }
    extra[n++] = "run.cwd";
    extra[n++] = cwd;
    if (s->dtb_path) {
        /* A replay checks that --dtb names the same device tree. */
        char *ignored = NULL;       /* an unreadable --dtb is reported by build_dtb() */
        dtb_sha = hs_file_sha256(s->dtb_path, &ignored);
        g_free(ignored);
        if (dtb_sha) {
            extra[n++] = "dtb.sha256";
            extra[n++] = dtb_sha;
        }
    }
    extra[n] = NULL;
    assert(n < G_N_ELEMENTS(extra));
    meta.platform_name = s->plat->name;
    meta.platform_text = text;
    meta.image_path = s->image_path;
    meta.command_line = s->opt.command_line;
    meta.input = "console: console_input events";
    meta.seed = hs_machine_faults_seed_text(s->faults);
    meta.fault_plan = hs_machine_faults_plan_text(s->faults);
    meta.extra = extra;
    e = hs_log_writer_open(s->opt.trace_file, &meta, &s->log, &m);
    g_free(text);
    g_free(cwd);
    g_free(intid);
    g_free(from);
    g_free(to);
    g_free(dtb_sha);
    if (e != HS_TRACELOG_OK) {
        return fail(msg, HS_ERR_IO, m);
    }
    hs_tracer_add_sink(&s->tracer, hs_log_writer_sink(s->log));
    return HS_OK;
}

/* What is recorded: --trace-events, --trace-vcpus, --trace-from, --trace-to. */
static hs_err select_events(hs_sim *s, char **msg)
{
    const hs_options *o = &s->opt;
    const bool recording = o->trace_file || o->trace_record;
    hs_trace_filter f = { ~0ull, o->trace_from_ps,
                          o->has_trace_to ? o->trace_to_ps : UINT64_MAX };
    const char *bad;

    if (!recording && (o->trace_events || o->trace_vcpus || o->trace_from_ps ||
                       o->has_trace_to)) {
        return fail(msg, HS_ERR_USAGE, g_strdup_printf("%s needs --trace FILE",
                    o->trace_events ? "--trace-events" : o->trace_vcpus ? "--trace-vcpus"
                    : o->trace_from_ps ? "--trace-from" : "--trace-to"));
    }
    /* The faults a plan injects and the console input are recorded whatever the
     * selection: a replay needs them. */
    char *selection = !recording ? g_strdup("")
                    : !o->trace_events ? g_strdup("all")
                    : g_strconcat(o->trace_events, hs_machine_faults_wanted(o) ? ",fault" : "",
                                  ",input", NULL);
    int selected = hs_tracer_select(&s->tracer, selection, &bad);

    g_free(selection);
    if (selected != 0) {
        return fail(msg, HS_ERR_USAGE, g_strdup_printf("--trace-events: unknown event or "
                                                       "class '%s'", bad));
    }
    if (o->trace_vcpus && hs_trace_parse_vcpus(o->trace_vcpus, &f.vcpus, &bad) != 0) {
        return fail(msg, HS_ERR_USAGE, g_strdup_printf("--trace-vcpus %s: '%s' is not a vCPU "
                                                       "number (0-63) or range (1-3)",
                                                       o->trace_vcpus, bad));
    }
    if (o->has_trace_to && o->trace_from_ps > o->trace_to_ps) {
        return fail(msg, HS_ERR_USAGE, g_strdup("--trace-from is later than --trace-to"));
    }
    if (o->trace_vcpus || o->trace_from_ps || o->has_trace_to) {
        hs_tracer_set_filter(&s->tracer, &f);
    }
    return HS_OK;
}

static hs_err start_race_checkers(hs_sim *s, char **msg)
{
    const hs_platform_device *g = hs_platform_find(s->plat, HS_DEV_GIC_V2);
    hs_race_config cfg;

    hs_race_config_init(&cfg);
    cfg.maint_intid = g->u.gic.maintenance_irq;
    if (s->opt.storm_max) {
        cfg.storm_max = s->opt.storm_max;
    }
    if (s->opt.storm_window_ps) {
        cfg.storm_window_ps = s->opt.storm_window_ps;
    }
    if (s->opt.race_window) {
        char *m = NULL;
        if (!hs_race_parse_window(s->opt.race_window, s->image_path, &cfg.window_lo,
                                  &cfg.window_hi, &m)) {
            hs_err e = fail(msg, HS_ERR_USAGE, g_strdup_printf("--race-window: %s", m));
            g_free(m);
            return e;
        }
    }
    if (cfg.storm_max > HS_RACE_STORM_MAX_LIMIT) {
        return fail(msg, HS_ERR_USAGE, g_strdup_printf("--storm-max %" G_GUINT64_FORMAT
                                                       ": at most %u", cfg.storm_max,
                                                       HS_RACE_STORM_MAX_LIMIT));
    }
    s->races = hs_race_monitor_new(&s->tracer, &cfg);
    return HS_OK;
}

hs_err hs_sim_new(const hs_options *o, hs_sim **out, char **msg)
{
    hs_sim *s = g_new0(hs_sim, 1);
    hs_platform_err pe;
    hs_cluster_config cc;
    hs_err err = HS_OK;
    char *m = NULL;
    uint64_t quantum = o->quantum ? o->quantum : DEFAULT_QUANTUM;

    *out = NULL;
    s->opt = *o;
    s->image_path = g_strdup(o->image);
    s->dtb_path = g_strdup(o->dtb);
    s->opt.image = s->image_path;
    s->opt.dtb = s->dtb_path;
    s->max_insns = o->max_insns;
    s->uart_out = o->uart_out ? o->uart_out : stdout;
    hs_log_mask = o->log_mask;
    hs_eventq_init(&s->eventq);
    hs_tracer_init(&s->tracer);
    s->tracer.now_ps = sim_now_ps;
    s->tracer.cycle = sim_cycle;
    s->tracer.clock_opaque = s;

    if (!o->image) {
        err = fail(msg, HS_ERR_USAGE, g_strdup("no image given"));
        goto out;
    }
    if ((o->storm_max || o->storm_window_ps || o->race_window) && !o->check_races) {
        err = fail(msg, HS_ERR_USAGE, g_strdup_printf("%s goes with --check-races",
                                                      o->storm_max ? "--storm-max"
                                                      : o->storm_window_ps ? "--storm-window"
                                                      : "--race-window"));
        goto out;
    }
    err = select_events(s, msg);
    if (err != HS_OK) {
        goto out;
    }
    if (o->platform_text) {
        pe = hs_platform_parse(o->platform_text, strlen(o->platform_text), o->platform,
                               &s->plat, &m);
    } else {
        pe = hs_platform_load(o->platform, &s->plat, &m);
    }
    if (pe != HS_PLATFORM_OK) {
        err = fail(msg, HS_ERR_PLATFORM, m);
        goto out;
    }
    s->ncpu = o->smp ? o->smp : s->plat->cpus;
    if (s->ncpu < 1 || s->ncpu > s->plat->max_cpus) {
        err = fail(msg, HS_ERR_USAGE, g_strdup_printf("-smp %u: %s allows 1 to %u CPUs", s->ncpu,
                                                      s->plat->name, s->plat->max_cpus));
        goto out;
    }
    s->map.ram_base = s->plat->ram_base;
    s->map.ram_size = o->ram_size ? o->ram_size : s->plat->ram_size;
    if (s->map.ram_size < 0x100000 || s->map.ram_size & 0xfff ||
        s->map.ram_base + s->map.ram_size > PHYS_SPACE) {
        err = fail(msg, HS_ERR_USAGE,
                   g_strdup_printf("-m: %" G_GUINT64_FORMAT " bytes of RAM at 0x%08"
                                   G_GINT64_MODIFIER "x do not fit the 32-bit physical "
                                   "address space in 4 KiB pages (at least 1M)",
                                   s->map.ram_size, s->map.ram_base));
        goto out;
    }
    s->map.ram = mmap(NULL, s->map.ram_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (s->map.ram == MAP_FAILED) {
        s->map.ram = NULL;
        err = fail(msg, HS_ERR_IO, g_strdup_printf("cannot allocate %" G_GUINT64_FORMAT
                                                   " bytes of guest RAM: %s",
                                                   s->map.ram_size, g_strerror(errno)));
        goto out;
    }
    /* Before the devices: a platform's SystemC models bind to it. */
    if (o->kernel == HS_KERNEL_SYSTEMC && !(s->sc = hs_sc_kernel_new(&s->sched, &m))) {
        err = fail(msg, HS_ERR_USAGE, g_strdup_printf("--kernel systemc: %s", m));
        g_free(m);
        goto out;
    }
    err = build_devices(s, msg);
    if (err == HS_OK) {
        err = add_external(s, msg);
    }
    if (err != HS_OK) {
        goto out;
    }
    map_holes(s);
    cc = (hs_cluster_config){
        .ncpu = s->ncpu,
        .map = &s->map,
        .tracer = &s->tracer,
        .eventq = &s->eventq,
        .cost = s->plat->cost,
        .cpu_clock_hz = s->plat->cpu_clock_hz,
        .timer_clock_hz = s->plat->timer_clock_hz,
        .unassigned_abort = s->plat->unassigned_abort,
        .exact_alignment = o->exact_alignment,
    };
    if (hs_cluster_new(&cc, &s->cpus, &m) != HS_CPU_OK) {
        err = fail(msg, HS_ERR_ENGINE, m);
        goto out;
    }
    err = hs_machine_faults_new(o, &(hs_machine_faults_config){
                                    .cpus = s->cpus, .eventq = &s->eventq, .tracer = &s->tracer,
                                    .ncpu = s->ncpu, .cpu_clock_hz = s->plat->cpu_clock_hz,
                                    .elf = o->has_load_addr ? NULL : s->image_path },
                                &s->faults, msg);
    if (err != HS_OK) {
        goto out;
    }
    wire(s);
    if (o->check_races) {
        err = start_race_checkers(s, msg);
        if (err != HS_OK) {
            goto out;
        }
    }
    if (o->trace_record) {
        hs_tracer_add_sink(&s->tracer, (hs_trace_sink){ o->trace_record, o->trace_opaque });
    }
    if (o->trace_file) {
        err = open_log(s, msg);
        if (err != HS_OK) {
            goto out;
        }
    }
    err = build_dtb(s, msg);
    if (err == HS_OK) {
        err = machine_reset(s, msg);
    }
    if (err == HS_OK) {
        hs_clock clk = { s->plat->cpu_clock_hz };
        hs_sched_init(&s->sched, &sched_ops, s, s->ncpu, &s->eventq,
                      hs_clock_ticks_to_time(&clk, quantum * s->plat->cost.cpi_milli / 1000));
    }
out:
    if (err != HS_OK) {
        hs_sim_free(s);
        return err;
    }
    *out = s;
    return HS_OK;
}

void hs_sim_free(hs_sim *s)
{
    if (!s) {
        return;
    }
    hs_sc_kernel_free(s->sc);
    if (s->log) {
        hs_log_writer_close(s->log, NULL);
    }
    hs_race_monitor_free(s->races);
    hs_cluster_free(s->cpus);
    hs_machine_faults_free(s->faults);
    g_free(s->outside_spi);
    if (s->gic) {
        hs_gic_free(s->gic);
    }
    if (s->uart) {
        hs_pl011_free(s->uart);
    }
    if (s->rtc) {
        hs_pl031_free(s->rtc);
    }
    for (unsigned i = 0; i < s->nmodels; i++) {
        hs_sc_model_free(s->model[i]);
    }
    for (unsigned i = 0; i < s->nholes; i++) {
        hs_unassigned_free(s->hole[i]);
    }
    if (s->map.ram) {
        munmap(s->map.ram, s->map.ram_size);
    }
    hs_eventq_destroy(&s->eventq);
    hs_platform_free(s->plat);
    g_free(s->dtb);
    g_free(s->image_path);
    g_free(s->dtb_path);
    g_free(s->exit_msg);
    g_free(s->ext);
    g_free(s);
}

hs_exit hs_sim_run(hs_sim *s)
{
    for (;;) {
        hs_sched_result r = s->sc ? hs_sc_kernel_run(s->sc) : hs_sched_run(&s->sched);
        hs_stop_reason why = hs_cluster_stop_reason(s->cpus);
        char *m = NULL;

        g_free(s->exit_msg);
        s->exit_msg = NULL;
        if (s->sc && hs_sc_kernel_error(s->sc)) {
            s->exit_msg = g_strdup(hs_sc_kernel_error(s->sc));
            s->exit = HS_EXIT_GUEST_ERROR;
            break;
        }
        if (r == HS_SCHED_DEADLOCK) {
            s->exit_msg = g_strdup("every vCPU is idle or off and no event is scheduled");
            s->exit = HS_EXIT_DEADLOCK;
            break;
        }
        if (why == HS_STOP_RESET && !s->opt.no_reboot) {
            if (machine_reset(s, &m) != HS_OK) {
                s->exit_msg = m;
                s->exit = HS_EXIT_GUEST_ERROR;
                break;
            }
            continue;
        }
        switch (why) {
        case HS_STOP_POWER_OFF: s->exit = HS_EXIT_POWER_OFF; break;
        case HS_STOP_RESET: s->exit = HS_EXIT_RESET; break;
        case HS_STOP_LIMIT: s->exit = HS_EXIT_LIMIT; break;
        case HS_STOP_DEADLOCK: s->exit = HS_EXIT_DEADLOCK; break;
        case HS_STOP_NONE:
        case HS_STOP_GUEST_ERROR: s->exit = HS_EXIT_GUEST_ERROR; break;
        }
        if (hs_cluster_error(s->cpus)) {
            s->exit_msg = g_strdup(hs_cluster_error(s->cpus));
        }
        break;
    }
    fflush(s->uart_out);
    if (s->log) {
        char *m = NULL;
        hs_log_writer *log = s->log;
        s->log = NULL;
        if (hs_log_writer_close(log, &m) != HS_TRACELOG_OK) {
            char *both = g_strdup_printf("%s%s%s", s->exit_msg ? s->exit_msg : "",
                                         s->exit_msg ? "; " : "", m);
            g_free(s->exit_msg);
            g_free(m);
            s->exit_msg = both;
            if (s->exit == HS_EXIT_POWER_OFF) {
                s->exit = HS_EXIT_GUEST_ERROR;
            }
        }
    }
    return s->exit;
}

const char *hs_sim_exit_message(const hs_sim *s)
{
    return s->exit_msg;
}

void hs_sim_stop(hs_sim *s, const char *why)
{
    hs_cluster_request_stop(s->cpus, HS_STOP_LIMIT, why);
}

unsigned hs_sim_race_count(const hs_sim *s)
{
    return s->races ? hs_race_monitor_count(s->races) : 0;
}

const char *hs_sim_race_report(const hs_sim *s)
{
    return s->races ? hs_race_monitor_report(s->races) : "";
}

/* True if a device of the platform drives SPI `intid`. */
static bool spi_taken(const hs_sim *s, unsigned intid)
{
    for (unsigned i = 0; i < s->plat->ndev; i++) {
        const hs_platform_device *d = &s->plat->dev[i];
        if ((d->type == HS_DEV_PL011 || d->type == HS_DEV_PL031 || d->type == HS_DEV_SYSTEMC) &&
            d->irq == intid) {
            return true;
        }
    }
    return false;
}

bool hs_sim_set_spi(hs_sim *s, unsigned intid, bool level)
{
    const hs_platform_device *g = hs_platform_find(s->plat, HS_DEV_GIC_V2);
    hs_irq *line;

    if (intid < 32 || intid >= g->u.gic.irqs || spi_taken(s, intid)) {
        return false;
    }
    if (!s->outside_spi) {
        s->outside_spi = g_new0(hs_irq, g->u.gic.irqs - 32);
    }
    line = &s->outside_spi[intid - 32];
    if (!line->fn) {
        *line = hs_machine_faults_wire(s->faults, HS_WIRE_SPI, HS_VCPU_NONE, intid,
                                       hs_gic_spi_in(s->gic, intid));
    }
    hs_irq_set(line, level);
    return true;
}

unsigned hs_sim_ncpu(const hs_sim *s)
{
    return s->ncpu;
}

void hs_sim_cpu_stats(const hs_sim *s, unsigned cpu, hs_cpu_stats *out)
{
    hs_vcpu_stats st;
    hs_cluster_stats(s->cpus, cpu, &st);
    out->insns = st.insns;
    out->cycles = st.cycles;
    out->idle_ps = st.idle_ps;
    out->exceptions = st.exceptions;
    out->exc_returns = st.exc_returns;
    out->time_ps = hs_cluster_local_time(s->cpus, cpu);
    out->mmio = st.mmio;
}

uint64_t hs_sim_time_ps(const hs_sim *s)
{
    hs_time t = s->sched.now;
    for (unsigned i = 0; i < s->ncpu; i++) {
        hs_time l = hs_cluster_local_time(s->cpus, i);
        if (l > t) {
            t = l;
        }
    }
    return t;
}
