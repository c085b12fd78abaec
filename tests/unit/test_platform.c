/* Platform files and the generated device tree. Expected addresses are QEMU 7.2's
 * hw/arm/virt.c memory map (base_memmap[] and a15irqmap[]), which virt-a15 mirrors. */
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "hs_config.h"
#include "platforms/dtb.h"
#include "platforms/platform.h"

static hs_platform *load_virt(void)
{
    hs_platform *p = NULL;
    char *msg = NULL;
    hs_platform_err e = hs_platform_load(HS_PLATFORM_DIR "/virt-a15.platform", &p, &msg);
    if (e != HS_PLATFORM_OK) {
        g_error("%s", msg);
    }
    return p;
}

static void test_virt_a15(void)
{
    hs_platform *p = load_virt();
    const hs_platform_device *gic = hs_platform_find(p, HS_DEV_GIC_V2);
    const hs_platform_device *uart = hs_platform_find(p, HS_DEV_PL011);
    const hs_platform_device *rtc = hs_platform_find(p, HS_DEV_PL031);
    const hs_platform_device *timer = hs_platform_find(p, HS_DEV_ARMV7_TIMER);

    g_assert_cmpstr(p->name, ==, "virt-a15");
    g_assert_cmpuint(p->ram_base, ==, 0x40000000);        /* VIRT_MEM */
    g_assert_cmpuint(p->ram_size, ==, 128u << 20);        /* QEMU's default -m 128M */
    g_assert_nonnull(gic);
    g_assert_cmpuint(gic->u.gic.dist_base, ==, 0x08000000);   /* VIRT_GIC_DIST */
    g_assert_cmpuint(gic->u.gic.cpu_base, ==, 0x08010000);    /* VIRT_GIC_CPU */
    g_assert_cmpuint(gic->u.gic.hyp_base, ==, 0x08030000);    /* VIRT_GIC_HYP */
    g_assert_cmpuint(gic->u.gic.vcpu_base, ==, 0x08040000);   /* VIRT_GIC_VCPU */
    g_assert_cmpuint(gic->u.gic.maintenance_irq, ==, 25);     /* ARCH_GIC_MAINT_IRQ 9 + 16 */
    g_assert_cmpuint(gic->u.gic.irqs, ==, 288);               /* NUM_IRQS 256 + 32 */
    /* QEMU's virt answers unassigned addresses with a decode error (an abort). */
    g_assert_true(p->unassigned_abort);
    g_assert_nonnull(uart);
    g_assert_cmpuint(uart->base, ==, 0x09000000);             /* VIRT_UART */
    g_assert_cmpuint(uart->irq, ==, 33);                      /* SPI 1 */
    g_assert_nonnull(rtc);
    g_assert_cmpuint(rtc->base, ==, 0x09010000);              /* VIRT_RTC */
    g_assert_cmpuint(rtc->irq, ==, 34);                       /* SPI 2 */
    /* ARM ARM B8.1 / virt.h ARCH_TIMER_*_IRQ: PPIs 13, 14, 11, 10 -> 29, 30, 27, 26. */
    g_assert_cmpuint(timer->u.timer.secure_phys_irq, ==, 29);
    g_assert_cmpuint(timer->u.timer.phys_irq, ==, 30);
    g_assert_cmpuint(timer->u.timer.virt_irq, ==, 27);
    g_assert_cmpuint(timer->u.timer.hyp_irq, ==, 26);
    g_assert_cmpuint(p->timer_clock_hz, ==, 62500000);
    g_assert_cmpuint(p->cost.cpi_milli, ==, 1000);
    hs_platform_free(p);
}

static const char good[] =
    "[machine]\nname=t\n[memory]\nbase=0x40000000\nsize=64M\n"
    "[device gic]\ntype=gic-v2\ndist-base=0x08000000\ncpu-base=0x08010000\n"
    "hyp-base=0x08030000\nvcpu-base=0x08040000\n"
    "[device timer]\ntype=armv7-timer\n";

/* Parses `text` expecting error `want` whose message contains every needle. */
static void expect_error(const char *text, hs_platform_err want, const char *const *needles)
{
    hs_platform *p = (hs_platform *)1;
    char *msg = NULL;
    hs_platform_err e = hs_platform_parse(text, strlen(text), "bad.platform", &p, &msg);

    g_assert_cmpint(e, ==, want);
    g_assert_null(p);
    g_assert_nonnull(msg);
    g_assert_true(g_str_has_prefix(msg, "bad.platform: "));
    for (; *needles; needles++) {
        if (!strstr(msg, *needles)) {
            g_error("message '%s' lacks '%s'", msg, *needles);
        }
    }
    g_free(msg);
}

static void test_minimal_and_defaults(void)
{
    hs_platform *p = NULL;
    char *msg = NULL;
    g_assert_cmpint(hs_platform_parse(good, strlen(good), "t", &p, &msg), ==, HS_PLATFORM_OK);
    g_assert_null(msg);
    g_assert_cmpuint(p->ram_size, ==, 64u << 20);
    g_assert_cmpuint(p->cpus, ==, 1);
    g_assert_cmpuint(p->max_cpus, ==, 8);
    g_assert_cmpuint(hs_platform_find(p, HS_DEV_GIC_V2)->u.gic.list_registers, ==, 4);
    g_assert_false(p->unassigned_abort);
    hs_platform_free(p);
}

static void test_errors(void)
{
    char *t;

    expect_error("not a key file", HS_PLATFORM_ERR_SYNTAX, (const char *[]){ NULL });
    expect_error("[memory]\nbase=0\nsize=1M\n", HS_PLATFORM_ERR_MISSING,
                 (const char *[]){ "[machine]", NULL });

    t = g_strconcat(good, "[device uart0]\ntype=pl011\nbase=0x0900zz00\nirq=33\n", NULL);
    expect_error(t, HS_PLATFORM_ERR_VALUE,
                 (const char *[]){ "[device uart0]", "base", "0x0900zz00", NULL });
    g_free(t);

    t = g_strconcat(good, "[device uart0]\ntype=pl011\nbase=0x09000000\nirq=33\nbuad=9600\n",
                    NULL);
    expect_error(t, HS_PLATFORM_ERR_UNKNOWN, (const char *[]){ "[device uart0]", "buad", NULL });
    g_free(t);

    t = g_strconcat(good, "[device x]\ntype=pl999\n", NULL);
    expect_error(t, HS_PLATFORM_ERR_UNKNOWN, (const char *[]){ "[device x]", "type", "pl999",
                                                               NULL });
    g_free(t);

    /* A UART on top of the GIC distributor. */
    t = g_strconcat(good, "[device uart0]\ntype=pl011\nbase=0x08000000\nirq=33\n", NULL);
    expect_error(t, HS_PLATFORM_ERR_OVERLAP, (const char *[]){ "device uart0", "device gic",
                                                               NULL });
    g_free(t);

    /* IHI 0048B 5.3.3: at most 64 list registers. */
    {
        const char *pos = strstr(good, "[device timer]");
        t = g_strdup_printf("%.*slist-registers=65\n%s", (int)(pos - good), good, pos);
        expect_error(t, HS_PLATFORM_ERR_VALUE,
                     (const char *[]){ "[device gic]", "list-registers", "65", NULL });
        g_free(t);
    }

    expect_error("[machine]\nname=t\ncpus=9\n[memory]\nbase=0\nsize=1M\n",
                 HS_PLATFORM_ERR_VALUE, (const char *[]){ "[machine]", "cpus", NULL });
    expect_error("[machine]\nname=t\nunassigned=fault\n[memory]\nbase=0\nsize=1M\n",
                 HS_PLATFORM_ERR_VALUE,
                 (const char *[]){ "[machine]", "unassigned", "'fault'", NULL });
    expect_error("[machine]\nname=t\n[memory]\nbase=0\nsize=1M\n[cost]\ncpi=0\n",
                 HS_PLATFORM_ERR_VALUE, (const char *[]){ "[cost]", "cpi", NULL });
}

/* A `systemc` device (docs/platform.md): its library is the platform file's neighbour
 * unless absolute, and its interrupt, if any, an SPI. */
static void test_systemc_device(void)
{
    hs_platform *p = NULL;
    char *msg = NULL, *t;
    const hs_platform_device *d;

    t = g_strconcat(good, "[device m]\ntype=systemc\nlibrary=libm.so\nbase=0x0c000000\n"
                    "irq=42\n", NULL);
    g_assert_cmpint(hs_platform_parse(t, strlen(t), "/some/dir/p.platform", &p, &msg), ==,
                    HS_PLATFORM_OK);
    d = hs_platform_find(p, HS_DEV_SYSTEMC);
    g_assert_nonnull(d);
    g_assert_cmpstr(d->u.systemc.library, ==, "/some/dir/libm.so");
    g_assert_cmpuint(d->base, ==, 0x0c000000);
    g_assert_cmpuint(d->size, ==, 0x1000);
    g_assert_cmpuint(d->irq, ==, 42);
    hs_platform_free(p);
    g_free(t);

    t = g_strconcat(good, "[device m]\ntype=systemc\nlibrary=/abs/libm.so\nbase=0x0c000000\n",
                    NULL);
    g_assert_cmpint(hs_platform_parse(t, strlen(t), "p.platform", &p, &msg), ==, HS_PLATFORM_OK);
    d = hs_platform_find(p, HS_DEV_SYSTEMC);
    g_assert_cmpstr(d->u.systemc.library, ==, "/abs/libm.so");
    g_assert_cmpuint(d->irq, ==, 0);
    hs_platform_free(p);
    g_free(t);

    t = g_strconcat(good, "[device m]\ntype=systemc\nbase=0x0c000000\n", NULL);
    expect_error(t, HS_PLATFORM_ERR_MISSING, (const char *[]){ "[device m]", "library", NULL });
    g_free(t);
    /* IHI 0048B 2.2.1: INTIDs 0-31 are SGIs and PPIs, private to a CPU interface. */
    t = g_strconcat(good, "[device m]\ntype=systemc\nlibrary=x.so\nbase=0x0c000000\n"
                    "irq=27\n", NULL);
    expect_error(t, HS_PLATFORM_ERR_VALUE, (const char *[]){ "[device m]", "irq", NULL });
    g_free(t);
}

static void test_not_found(void)
{
    hs_platform *p;
    char *msg = NULL;
    g_assert_cmpint(hs_platform_load("/nonexistent/x.platform", &p, &msg), ==,
                    HS_PLATFORM_ERR_NOT_FOUND);
    g_assert_nonnull(strstr(msg, "/nonexistent/x.platform"));
    g_free(msg);
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
    int node = fdt_path_offset(fdt, path);
    g_assert_cmpint(node, >=, 0);
    return fdt_getprop(fdt, node, name, len);
}

static void test_fdt(void)
{
    hs_platform *p = load_virt();
    size_t size;
    char *msg = NULL;
    void *fdt = hs_dtb_build(p, 2, 256u << 20, &size, &msg);
    const fdt32_t *c;
    int len;

    g_assert_nonnull(fdt);
    g_assert_cmpint(fdt_check_header(fdt), ==, 0);
    g_assert_cmpuint(fdt_totalsize(fdt), ==, size);

    c = prop(fdt, "/memory@40000000", "reg", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmpuint(fdt32_to_cpu(c[1]), ==, 0x40000000);
    g_assert_cmpuint(fdt32_to_cpu(c[3]), ==, 256u << 20);

    g_assert_cmpstr(prop(fdt, "/psci", "method", &len), ==, "smc");
    g_assert_cmpstr(prop(fdt, "/cpus/cpu@1", "enable-method", &len), ==, "psci");
    g_assert_cmpstr(prop(fdt, "/cpus/cpu@0", "compatible", &len), ==, "arm,cortex-a15");
    g_assert_cmpstr(prop(fdt, "/intc@8000000", "compatible", &len), ==, "arm,cortex-a15-gic");

    /* Four regions: GICD, GICC, GICH, GICV. */
    c = prop(fdt, "/intc@8000000", "reg", &len);
    g_assert_cmpint(len, ==, 64);
    g_assert_cmpuint(fdt32_to_cpu(c[1]), ==, 0x08000000);
    g_assert_cmpuint(fdt32_to_cpu(c[5]), ==, 0x08010000);
    g_assert_cmpuint(fdt32_to_cpu(c[9]), ==, 0x08030000);
    g_assert_cmpuint(fdt32_to_cpu(c[13]), ==, 0x08040000);
    /* Maintenance interrupt: PPI 9, level high, to both CPUs (arm,gic binding). */
    c = prop(fdt, "/intc@8000000", "interrupts", &len);
    g_assert_cmpint(len, ==, 12);
    g_assert_cmpuint(fdt32_to_cpu(c[0]), ==, 1);
    g_assert_cmpuint(fdt32_to_cpu(c[1]), ==, 9);
    g_assert_cmpuint(fdt32_to_cpu(c[2]), ==, 0x304);

    /* Timer PPIs in binding order: 13, 14, 11, 10. */
    c = prop(fdt, "/timer", "interrupts", &len);
    g_assert_cmpint(len, ==, 48);
    g_assert_cmpuint(fdt32_to_cpu(c[1]), ==, 13);
    g_assert_cmpuint(fdt32_to_cpu(c[4]), ==, 14);
    g_assert_cmpuint(fdt32_to_cpu(c[7]), ==, 11);
    g_assert_cmpuint(fdt32_to_cpu(c[10]), ==, 10);

    c = prop(fdt, "/pl011@9000000", "interrupts", &len);
    g_assert_cmpuint(fdt32_to_cpu(c[0]), ==, 0);
    g_assert_cmpuint(fdt32_to_cpu(c[1]), ==, 1);
    g_assert_cmpstr(prop(fdt, "/chosen", "stdout-path", &len), ==, "/pl011@9000000");
    g_assert_nonnull(prop(fdt, "/pl031@9010000", "reg", &len));
    g_free(fdt);
    hs_platform_free(p);
}

/* A `systemc` device with a compatible list has a node with it, its registers and its
 * interrupt (the arm,gic binding: SPI 10 is cells 0, 10, level-high 4); without one, none. */
static void test_fdt_systemc(void)
{
    hs_platform *p = NULL;
    char *msg = NULL, *t;
    size_t size;
    void *fdt;
    const fdt32_t *c;
    const char *s;
    int len;

    t = g_strconcat(good, "[device my timer]\ntype=systemc\nlibrary=/x.so\nbase=0x0c000000\n"
                    "irq=42\ncompatible=acme,sc-timer; acme,timer\n"
                    "[device quiet]\ntype=systemc\nlibrary=/y.so\nbase=0x0c100000\n", NULL);
    g_assert_cmpint(hs_platform_parse(t, strlen(t), "p.platform", &p, &msg), ==, HS_PLATFORM_OK);
    fdt = hs_dtb_build(p, 1, 64u << 20, &size, &msg);
    g_assert_nonnull(fdt);
    s = prop(fdt, "/my-timer@c000000", "compatible", &len);
    g_assert_cmpint(len, ==, (int)sizeof "acme,sc-timer" + (int)sizeof "acme,timer");
    g_assert_cmpstr(s, ==, "acme,sc-timer");
    g_assert_cmpstr(s + sizeof "acme,sc-timer", ==, "acme,timer");
    c = prop(fdt, "/my-timer@c000000", "reg", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmpuint(fdt32_to_cpu(c[1]), ==, 0x0c000000);
    g_assert_cmpuint(fdt32_to_cpu(c[3]), ==, 0x1000);
    c = prop(fdt, "/my-timer@c000000", "interrupts", &len);
    g_assert_cmpint(len, ==, 12);
    g_assert_cmpuint(fdt32_to_cpu(c[0]), ==, 0);
    g_assert_cmpuint(fdt32_to_cpu(c[1]), ==, 10);
    g_assert_cmpuint(fdt32_to_cpu(c[2]), ==, 4);
    g_assert_cmpint(fdt_path_offset(fdt, "/quiet@c100000"), <, 0);
    g_free(fdt);
    hs_platform_free(p);
    g_free(t);

    t = g_strconcat(good, "[device m]\ntype=systemc\nlibrary=/x.so\nbase=0x0c000000\n"
                    "compatible=acme,a;;\n", NULL);
    expect_error(t, HS_PLATFORM_ERR_VALUE, (const char *[]){ "[device m]", "compatible", NULL });
    g_free(t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/platform/virt-a15", test_virt_a15);
    g_test_add_func("/platform/minimal", test_minimal_and_defaults);
    g_test_add_func("/platform/errors", test_errors);
    g_test_add_func("/platform/systemc-device", test_systemc_device);
    g_test_add_func("/platform/not-found", test_not_found);
    g_test_add_func("/platform/fdt", test_fdt);
    g_test_add_func("/platform/fdt-systemc", test_fdt_systemc);
    return g_test_run();
}
