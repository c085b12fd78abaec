/* hs_sim_set_spi() (include/hypsim/hypsim.h): an embedding program's interrupt line reaches
 * the GIC's SPI input, through the fault injector when the run has a fault plan, as the
 * platform's devices' lines do (docs/faults.md, "Where faults act"). Takes the path of a
 * guest image (any: the machine is only built, not run). */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "hypsim/hypsim.h"
#include "sim/fault.h"
#include "traces/trace.h"

static const char *image;

typedef struct seen {
    FILE *uart;
    unsigned faults;
    uint64_t kind, intid;
} seen;

static void on_record(void *opaque, const hs_record *r)
{
    seen *s = opaque;
    if (r->event == HS_EV_fault) {
        s->faults++;
        s->kind = r->f[0];
        s->intid = r->f[1];
    }
}

static hs_sim *make(const char *const *faults, seen *s)
{
    hs_options o;
    hs_sim *sim = NULL;
    char *msg = NULL;

    hs_options_init(&o);
    o.image = image;
    s->uart = fopen("/dev/null", "w");
    g_assert_nonnull(s->uart);
    o.uart_out = s->uart;
    o.faults = faults;
    o.trace_record = on_record;
    o.trace_opaque = s;
    g_assert_cmpint(hs_sim_new(&o, &sim, &msg), ==, HS_OK);
    g_assert_null(msg);
    return sim;
}

/* virt-a15: 288 interrupts, the PL011 on SPI 1 (INTID 33), the PL031 on INTID 34. */
static void test_which_spis(void)
{
    seen s = { 0 };
    hs_sim *sim = make(NULL, &s);

    g_assert_true(hs_sim_set_spi(sim, 40, true));
    g_assert_true(hs_sim_set_spi(sim, 40, false));
    g_assert_true(hs_sim_set_spi(sim, 287, true));
    g_assert_false(hs_sim_set_spi(sim, 31, true));      /* a PPI */
    g_assert_false(hs_sim_set_spi(sim, 288, true));     /* beyond GICD_TYPER.ITLinesNumber */
    g_assert_false(hs_sim_set_spi(sim, 33, true));      /* the PL011's */
    g_assert_false(hs_sim_set_spi(sim, 34, true));      /* the PL031's */
    g_assert_cmpuint(s.faults, ==, 0);
    hs_sim_free(sim);
    fclose(s.uart);
}

static void test_through_the_injector(void)
{
    static const char *const faults[] = { "wire=spi,intid=40,action=drop", NULL };
    seen s = { 0 };
    hs_sim *sim = make(faults, &s);

    g_assert_true(hs_sim_set_spi(sim, 41, true));       /* no fault on SPI 41 */
    g_assert_cmpuint(s.faults, ==, 0);
    g_assert_true(hs_sim_set_spi(sim, 40, true));
    g_assert_cmpuint(s.faults, ==, 1);
    g_assert_cmpuint(s.kind, ==, HS_FAULT_EV_DROP);
    g_assert_cmpuint(s.intid, ==, 40);
    hs_sim_free(sim);
    fclose(s.uart);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (argc != 2) {
        fprintf(stderr, "usage: test_sim_spi IMAGE\n");
        return 2;
    }
    image = argv[1];
    g_test_add_func("/sim/set-spi/which", test_which_spis);
    g_test_add_func("/sim/set-spi/faults", test_through_the_injector);
    return g_test_run();
}
