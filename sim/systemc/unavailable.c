/* The SystemC kernel's C API in a hypsim built without SystemC (-Dsystemc=disabled,
 * or no libsystemc-dev): every kernel is refused, with a message saying why. */
#include "sim/systemc/kernel.h"
#include "sim/systemc/model.h"

#include <stddef.h>

#include <glib.h>

bool hs_sc_available(void)
{
    return false;
}

hs_sc_kernel *hs_sc_kernel_new(hs_sched *s, char **msg)
{
    (void)s;
    *msg = g_strdup("this hypsim was built without SystemC (meson -Dsystemc=disabled, or "
                    "libsystemc-dev was not found): only the native kernel runs");
    return NULL;
}

void hs_sc_kernel_free(hs_sc_kernel *k)
{
    (void)k;
}

hs_sched_result hs_sc_kernel_run(hs_sc_kernel *k)
{
    (void)k;
    g_assert_not_reached();
}

const char *hs_sc_kernel_error(const hs_sc_kernel *k)
{
    (void)k;
    return NULL;
}

uint64_t hs_sc_time_ps(void)
{
    return 0;
}

uint64_t hs_sc_kernel_origin_ps(const hs_sc_kernel *k)
{
    (void)k;
    return 0;
}

void hs_sc_stop(void)
{
}

hs_sc_model *hs_sc_model_load(hs_sc_kernel *k, const char *name, const char *library,
                              uint64_t base, char **msg)
{
    (void)k;
    (void)name;
    (void)library;
    (void)base;
    *msg = g_strdup("this hypsim was built without SystemC: it cannot load SystemC models");
    return NULL;
}

const hs_mmio_ops hs_sc_model_ops = { NULL, NULL };

void hs_sc_model_connect_irq(hs_sc_model *m, hs_irq line)
{
    (void)m;
    (void)line;
}

void hs_sc_model_free(hs_sc_model *m)
{
    (void)m;
}
