/* Decoding of field values: list registers (IHI 0048B 5.3.8), GIC register
 * names (Tables 4-1, 4-2, 5-1) and fault events (docs/faults.md). */
#include <string.h>

#include <glib.h>

#include "cpu/arm.h"
#include "sim/fault.h"
#include "traces/decode.h"

static char *describe(uint32_t lr)
{
    GString *s = g_string_new(NULL);
    hs_lr_describe(s, lr);
    return g_string_free(s, FALSE);
}

static void test_lr(void)
{
    static const struct { uint32_t lr; const char *text; } cases[] = {
        /* Empty. */
        { 0x00000000, "invalid" },
        /* State 01 pending, Priority field 0x14 (priority 0xa0), VirtualID 27. */
        { 0x1a00001b, "pending vINTID 27 prio 0xa0" },
        /* State 10 active, Grp1, EOI (bit 19, HW = 0), CPUID 3 (bits [12:10]), ID 5. */
        { 0x60080c05, "active vINTID 5 prio 0x00 grp1 cpuid 3 eoi" },
        /* State 11, HW: PhysicalID (bits [19:10]) 48, VirtualID 48, priority 0xf8. */
        { 0xbf80c030, "pending+active vINTID 48 prio 0xf8 hw pINTID 48" },
        /* Invalid with contents left behind. */
        { 0x0a000020, "invalid vINTID 32 prio 0xa0" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *s = describe(cases[i].lr);
        g_assert_cmpstr(s, ==, cases[i].text);
        g_free(s);
    }
    {
        hs_lr_fields f;
        hs_lr_decode(0xbf80c030, &f);
        g_assert_cmpuint(f.state, ==, 3);
        g_assert_true(f.hw);
        g_assert_false(f.grp1);
        g_assert_false(f.eoi);      /* bit 19 is PhysicalID[9] when HW = 1 */
        g_assert_cmpuint(f.pintid, ==, 48);
        g_assert_cmpuint(f.cpuid, ==, 0);
    }
}

static void test_reg_names(void)
{
    static const struct { uint64_t block, offset; const char *name; } cases[] = {
        { HS_GIC_GICD, 0x000, "GICD_CTLR" },
        { HS_GIC_GICD, 0x104, "GICD_ISENABLER1" },
        { HS_GIC_GICD, 0x41f, "GICD_IPRIORITYR7+3" },
        { HS_GIC_GICD, 0x820, "GICD_ITARGETSR8" },
        { HS_GIC_GICD, 0xf00, "GICD_SGIR" },
        { HS_GIC_GICD, 0xf1c, "GICD_CPENDSGIR3" },
        { HS_GIC_GICD, 0xf20, "GICD_SPENDSGIR0" },
        { HS_GIC_GICD, 0xfe8, "GICD_ID6" },
        { HS_GIC_GICD, 0x010, "GICD_0x010" },
        { HS_GIC_GICC, 0x00c, "GICC_IAR" },
        { HS_GIC_GICC, 0x1000, "GICC_DIR" },
        { HS_GIC_GICV, 0x010, "GICV_EOIR" },
        { HS_GIC_GICV, 0x020, "GICV_AIAR" },
        { HS_GIC_GICV, 0x0d4, "GICV_APR1" },
        { HS_GIC_GICH, 0x000, "GICH_HCR" },
        { HS_GIC_GICH, 0x030, "GICH_ELRSR0" },
        { HS_GIC_GICH, 0x10c, "GICH_LR3" },
        { HS_GIC_GICH, 0x1fc, "GICH_LR63" },
        /* The GIC-400's per-CPU alias of CPU 1's GICH (0x1000 + 0x200 * 1). */
        { HS_GIC_GICH, 0x1200, "GICH(cpu1)_HCR" },
        { HS_GIC_GICH, 0x1304, "GICH(cpu1)_LR1" },
        { 7, 0x0, "GIC?_0x000" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char buf[48];
        g_assert_cmpstr(hs_gic_reg_name(cases[i].block, cases[i].offset, buf, sizeof buf), ==,
                        cases[i].name);
    }
}

static void test_value_names(void)
{
    g_assert_cmpstr(hs_trace_exc_name(HS_EXC_IRQ), ==, "irq");
    g_assert_cmpstr(hs_trace_exc_name(HS_EXC_HYP_TRAP), ==, "hyp-trap");
    g_assert_null(hs_trace_exc_name(HS_EXC__COUNT));
    g_assert_cmpstr(hs_trace_mode_name(ARM_MODE_HYP), ==, "hyp");
    g_assert_null(hs_trace_mode_name(0x14));
    g_assert_cmpstr(hs_trace_line_name(HS_LINE_MAINT), ==, "maintenance");
    g_assert_null(hs_trace_line_name(HS_LINE__COUNT));
    g_assert_cmpstr(hs_trace_block_name(HS_GIC_GICV), ==, "GICV");
    g_assert_cmpstr(hs_trace_lr_state_name(3), ==, "pending+active");
    g_assert_null(hs_trace_lr_state_name(4));
}

/* The fault event's kind by name, and the delivery by its intid: SGIs 0..15,
 * PPIs 16..31, SPIs 32..1019 (IHI 0048B 2.2.1), 1024 + line for a vCPU input. */
static void test_fault_meaning(void)
{
    static const struct { uint64_t f[4]; const char *text; } cases[] = {
        { { HS_FAULT_EV_HOLD, 3, 1, HS_FAULT_PARAM(0, 500000) },
          " (hold SGI 3 for 500000 ps, plan fault 0)" },
        { { HS_FAULT_EV_HOLD, 25, 0, HS_FAULT_PARAM(1, 0) },
          " (hold PPI 25 until an event, plan fault 1)" },
        { { HS_FAULT_EV_RELEASE, 1026, 0, HS_FAULT_PARAM(0, 7000) },
          " (release VIRQ line held 7000 ps, plan fault 0)" },
        { { HS_FAULT_EV_DROP, 33, HS_VCPU_NONE, HS_FAULT_PARAM(3, 0) },
          " (drop SPI 33, plan fault 3)" },
        { { HS_FAULT_EV_DUPLICATE, 27, 0, HS_FAULT_PARAM(2, 50000) },
          " (duplicate PPI 27 after a gap of 50000 ps, plan fault 2)" },
        { { HS_FAULT_EV_RETARGET, 6, 2, HS_FAULT_PARAM(0, 0) },
          " (retarget SGI 6 to vCPU 2, plan fault 0)" },
        { { HS_FAULT_EV_RETARGET, 25, HS_VCPU_NONE, HS_FAULT_PARAM(0, 0) },
          " (retarget PPI 25 to none, plan fault 0)" },
        { { HS_FAULT_EV_ARM, 0, 1, HS_FAULT_PARAM(4, 0x40001000) },
          " (arm at 0x40001000, plan fault 4)" },
        { { 9, 1030, 0, 0 }, " (9 6 line, plan fault 0)" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        hs_record r = { .event = HS_EV_fault };
        GString *s = g_string_new(NULL);
        memcpy(r.f, cases[i].f, sizeof r.f);
        hs_record_annotate(s, &r);
        g_assert_cmpstr(s->str, ==, cases[i].text);
        g_string_free(s, TRUE);
    }
    g_assert_cmpstr(hs_trace_fault_kind_name(HS_FAULT_EV_DUPLICATE), ==, "duplicate");
    g_assert_null(hs_trace_fault_kind_name(HS_FAULT_EV_ARM + 1));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/trace-decode/lr", test_lr);
    g_test_add_func("/trace-decode/reg-names", test_reg_names);
    g_test_add_func("/trace-decode/value-names", test_value_names);
    g_test_add_func("/trace-decode/fault-meaning", test_fault_meaning);
    return g_test_run();
}
