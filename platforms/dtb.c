#include "platforms/dtb.h"

#include <libfdt.h>

#include <glib.h>

/* Interrupt specifier cells of arm,cortex-a15-gic (Linux binding arm,gic.yaml):
 * <type number flags>, type 0 SPI / 1 PPI, number relative to the type's first
 * INTID, flags bits[3:0] the trigger, bits[15:8] the PPI CPU mask. */
#define GIC_FDT_SPI             0
#define GIC_FDT_PPI             1
#define GIC_FDT_EDGE_RISING     1
#define GIC_FDT_LEVEL_HIGH      4
#define GIC_FDT_LEVEL_LOW       8
#define GIC_FDT_PPI_CPU_SHIFT   8

#define PHANDLE_GIC   1
#define PHANDLE_CLK   2

/* DEN 0022D function IDs listed in the legacy "arm,psci" binding. */
#define PSCI_FN_CPU_SUSPEND 0x84000001u
#define PSCI_FN_CPU_OFF     0x84000002u
#define PSCI_FN_CPU_ON      0x84000003u
#define PSCI_FN_MIGRATE     0x84000005u

typedef struct fdt_builder {
    void *buf;
    int err;
} fdt_builder;

#define TRY(b, call) do { if (!(b)->err) { (b)->err = (call); } } while (0)

static void prop_cells(fdt_builder *b, const char *name, const uint32_t *cells, unsigned n)
{
    fdt32_t be[16];
    g_assert(n <= G_N_ELEMENTS(be));
    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    TRY(b, fdt_property(b->buf, name, be, (int)(n * sizeof be[0])));
}

static void prop_strings(fdt_builder *b, const char *name, const char *const *s, unsigned n)
{
    GString *all = g_string_new(NULL);
    for (unsigned i = 0; i < n; i++) {
        g_string_append_len(all, s[i], (gssize)strlen(s[i]) + 1);
    }
    TRY(b, fdt_property(b->buf, name, all->str, (int)all->len));
    g_string_free(all, TRUE);
}

static void prop_reg(fdt_builder *b, uint64_t base, uint64_t size)
{
    uint32_t c[4] = { (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32),
                      (uint32_t)size };
    prop_cells(b, "reg", c, 4);
}

static void begin_node(fdt_builder *b, const char *fmt, uint64_t unit)
{
    char *name = g_strdup_printf(fmt, unit);
    TRY(b, fdt_begin_node(b->buf, name));
    g_free(name);
}

static void end_node(fdt_builder *b)
{
    TRY(b, fdt_end_node(b->buf));
}

static void add_cpus(fdt_builder *b, const hs_platform *p, unsigned ncpu)
{
    TRY(b, fdt_begin_node(b->buf, "cpus"));
    TRY(b, fdt_property_u32(b->buf, "#address-cells", 1));
    TRY(b, fdt_property_u32(b->buf, "#size-cells", 0));
    for (unsigned i = 0; i < ncpu; i++) {
        char *compat = g_strdup_printf("arm,%s", p->cpu);
        begin_node(b, "cpu@%" G_GINT64_MODIFIER "x", i);
        TRY(b, fdt_property_string(b->buf, "device_type", "cpu"));
        TRY(b, fdt_property_string(b->buf, "compatible", compat));
        /* The MPIDR affinity: Aff0 = CPU number, one cluster (B4.1.106). */
        TRY(b, fdt_property_u32(b->buf, "reg", i));
        if (ncpu > 1) {
            TRY(b, fdt_property_string(b->buf, "enable-method", "psci"));
        }
        end_node(b);
        g_free(compat);
    }
    end_node(b);
}

static void add_psci(fdt_builder *b)
{
    static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
    TRY(b, fdt_begin_node(b->buf, "psci"));
    prop_strings(b, "compatible", compat, G_N_ELEMENTS(compat));
    TRY(b, fdt_property_string(b->buf, "method", "smc"));
    TRY(b, fdt_property_u32(b->buf, "cpu_suspend", PSCI_FN_CPU_SUSPEND));
    TRY(b, fdt_property_u32(b->buf, "cpu_off", PSCI_FN_CPU_OFF));
    TRY(b, fdt_property_u32(b->buf, "cpu_on", PSCI_FN_CPU_ON));
    TRY(b, fdt_property_u32(b->buf, "migrate", PSCI_FN_MIGRATE));
    end_node(b);
}

static void add_gic(fdt_builder *b, const hs_platform_device *d, unsigned ncpu)
{
    const uint64_t s = d->u.gic.region_size;
    uint32_t reg[16] = {
        0, (uint32_t)d->u.gic.dist_base, 0, (uint32_t)s,
        0, (uint32_t)d->u.gic.cpu_base, 0, (uint32_t)s,
        0, (uint32_t)d->u.gic.hyp_base, 0, (uint32_t)s,
        0, (uint32_t)d->u.gic.vcpu_base, 0, (uint32_t)s,
    };
    uint32_t maint[3] = { GIC_FDT_PPI, d->u.gic.maintenance_irq - 16,
                          GIC_FDT_LEVEL_HIGH | ((1u << ncpu) - 1) << GIC_FDT_PPI_CPU_SHIFT };

    begin_node(b, "intc@%" G_GINT64_MODIFIER "x", d->u.gic.dist_base);
    TRY(b, fdt_property_string(b->buf, "compatible", "arm,cortex-a15-gic"));
    TRY(b, fdt_property_u32(b->buf, "#interrupt-cells", 3));
    TRY(b, fdt_property(b->buf, "interrupt-controller", NULL, 0));
    TRY(b, fdt_property_u32(b->buf, "#address-cells", 2));
    TRY(b, fdt_property_u32(b->buf, "#size-cells", 2));
    prop_cells(b, "reg", reg, 16);
    prop_cells(b, "interrupts", maint, 3);
    TRY(b, fdt_property_u32(b->buf, "phandle", PHANDLE_GIC));
    end_node(b);
}

static void add_timer(fdt_builder *b, const hs_platform_device *d, unsigned ncpu)
{
    const uint32_t flags = GIC_FDT_LEVEL_HIGH | ((1u << ncpu) - 1) << GIC_FDT_PPI_CPU_SHIFT;
    /* Binding order: secure physical, non-secure physical, virtual, hypervisor. */
    uint32_t irqs[12] = {
        GIC_FDT_PPI, d->u.timer.secure_phys_irq - 16, flags,
        GIC_FDT_PPI, d->u.timer.phys_irq - 16, flags,
        GIC_FDT_PPI, d->u.timer.virt_irq - 16, flags,
        GIC_FDT_PPI, d->u.timer.hyp_irq - 16, flags,
    };
    static const char *const compat[] = { "arm,armv7-timer" };

    TRY(b, fdt_begin_node(b->buf, "timer"));
    prop_strings(b, "compatible", compat, 1);
    prop_cells(b, "interrupts", irqs, 12);
    TRY(b, fdt_property(b->buf, "always-on", NULL, 0));
    end_node(b);
}

static void add_primecell(fdt_builder *b, const hs_platform_device *d, const char *node,
                          const char *compat0, bool two_clocks)
{
    const char *compat[] = { compat0, "arm,primecell" };
    uint32_t irq[3] = { GIC_FDT_SPI, d->irq - 32, GIC_FDT_LEVEL_HIGH };
    uint32_t clocks[2] = { PHANDLE_CLK, PHANDLE_CLK };
    static const char *const names2[] = { "uartclk", "apb_pclk" };
    static const char *const names1[] = { "apb_pclk" };

    begin_node(b, node, d->base);
    prop_strings(b, "compatible", compat, 2);
    prop_reg(b, d->base, d->size);
    prop_cells(b, "interrupts", irq, 3);
    prop_cells(b, "clocks", clocks, two_clocks ? 2 : 1);
    prop_strings(b, "clock-names", two_clocks ? names2 : names1, two_clocks ? 2 : 1);
    end_node(b);
}

/* A `systemc` device whose platform entry gives a compatible list: a node with
 * it, its registers and its interrupt (an SPI, level-high, as the devices above),
 * for the model's own binding to describe the rest. */
static void add_model(fdt_builder *b, const hs_platform_device *d)
{
    /* Devicetree Specification 2.2.1: node names take these characters. */
    static const char node_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789,._+-@";
    const uint32_t irq[3] = { GIC_FDT_SPI, d->irq - 32, GIC_FDT_LEVEL_HIGH };
    char **compat = d->u.systemc.compatible;
    char *node;

    if (!compat || !compat[0]) {
        return;
    }
    /* Named after the platform's device, its characters made valid. */
    node = g_strdup_printf("%s@%" G_GINT64_MODIFIER "x", d->name, d->base);
    g_strcanon(node, node_chars, '-');
    TRY(b, fdt_begin_node(b->buf, node));
    g_free(node);
    prop_strings(b, "compatible", (const char *const *)compat, g_strv_length(compat));
    prop_reg(b, d->base, d->size);
    if (d->irq) {
        prop_cells(b, "interrupts", irq, 3);
    }
    end_node(b);
}

void *hs_dtb_build(const hs_platform *p, unsigned ncpu, uint64_t ram_size, size_t *size,
                   char **msg)
{
    fdt_builder b = { .buf = NULL, .err = 0 };
    int cap = 16 * 1024;
    const hs_platform_device *uart = hs_platform_find(p, HS_DEV_PL011);
    const hs_platform_device *d;
    uint64_t clk_hz = uart ? uart->u.uart.clock_hz : 24000000;

    for (;;) {
        b.buf = g_malloc0((gsize)cap);
        b.err = 0;
        TRY(&b, fdt_create(b.buf, cap));
        TRY(&b, fdt_finish_reservemap(b.buf));
        TRY(&b, fdt_begin_node(b.buf, ""));
        TRY(&b, fdt_property_u32(b.buf, "#address-cells", 2));
        TRY(&b, fdt_property_u32(b.buf, "#size-cells", 2));
        TRY(&b, fdt_property_string(b.buf, "compatible", p->compatible));
        TRY(&b, fdt_property_string(b.buf, "model", p->model));
        TRY(&b, fdt_property_u32(b.buf, "interrupt-parent", PHANDLE_GIC));

        TRY(&b, fdt_begin_node(b.buf, "chosen"));
        if (uart) {
            char *path = g_strdup_printf("/pl011@%" G_GINT64_MODIFIER "x", uart->base);
            TRY(&b, fdt_property_string(b.buf, "stdout-path", path));
            g_free(path);
        }
        end_node(&b);

        begin_node(&b, "memory@%" G_GINT64_MODIFIER "x", p->ram_base);
        TRY(&b, fdt_property_string(b.buf, "device_type", "memory"));
        prop_reg(&b, p->ram_base, ram_size);
        end_node(&b);

        add_cpus(&b, p, ncpu);
        add_psci(&b);

        TRY(&b, fdt_begin_node(b.buf, "apb-pclk"));
        TRY(&b, fdt_property_string(b.buf, "compatible", "fixed-clock"));
        TRY(&b, fdt_property_u32(b.buf, "#clock-cells", 0));
        TRY(&b, fdt_property_u32(b.buf, "clock-frequency", (uint32_t)clk_hz));
        TRY(&b, fdt_property_string(b.buf, "clock-output-names", "clk24mhz"));
        TRY(&b, fdt_property_u32(b.buf, "phandle", PHANDLE_CLK));
        end_node(&b);

        for (unsigned i = 0; i < p->ndev; i++) {
            d = &p->dev[i];
            switch (d->type) {
            case HS_DEV_GIC_V2:
                add_gic(&b, d, ncpu);
                break;
            case HS_DEV_ARMV7_TIMER:
                add_timer(&b, d, ncpu);
                break;
            case HS_DEV_PL011:
                add_primecell(&b, d, "pl011@%" G_GINT64_MODIFIER "x", "arm,pl011", true);
                break;
            case HS_DEV_PL031:
                add_primecell(&b, d, "pl031@%" G_GINT64_MODIFIER "x", "arm,pl031", false);
                break;
            case HS_DEV_SYSTEMC:
                add_model(&b, d);
                break;
            case HS_DEV__COUNT:
                break;
            }
        }
        end_node(&b);
        TRY(&b, fdt_finish(b.buf));
        if (b.err != -FDT_ERR_NOSPACE || cap >= 1024 * 1024) {
            break;
        }
        g_free(b.buf);
        cap *= 2;
    }
    if (b.err) {
        if (msg) {
            *msg = g_strdup_printf("%s: building the device tree: %s", p->path,
                                   fdt_strerror(b.err));
        }
        g_free(b.buf);
        return NULL;
    }
    TRY(&b, fdt_pack(b.buf));
    *size = fdt_totalsize(b.buf);
    return b.buf;
}
