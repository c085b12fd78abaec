/* PSCI firmware, reached through SMC as on QEMU's virt board with
 * virtualization=on (Arm DEN 0022D, Power State Coordination Interface 1.1).
 * Arguments in r0-r3, result in r0 (SMC Calling Convention, Arm DEN 0028). */
#include "cpu/vcpu.h"

#include <glib.h>

/* DEN 0022D 5.1: function IDs (SMC32). */
#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_SUSPEND        0x84000001u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON             0x84000003u
#define PSCI_AFFINITY_INFO      0x84000004u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_SYSTEM_RESET       0x84000009u
#define PSCI_FEATURES           0x8400000au

/* DEN 0022D 5.2.2: return codes. */
#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)

/* Version 1.1, as QEMU 7.2 reports for virt (DEN 0022D 5.1.1: major in bits[30:16]). */
#define PSCI_VERSION_1_1        0x00010001u

static bool psci_implemented(uint32_t fn)
{
    switch (fn) {
    case PSCI_VERSION:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

bool hs_psci_call(hs_vcpu *v)
{
    hs_cluster *c = v->cluster;
    uint32_t fn = hs_vcpu_reg(v, UC_ARM_REG_R0);
    uint32_t a1 = hs_vcpu_reg(v, UC_ARM_REG_R1);
    uint32_t a2 = hs_vcpu_reg(v, UC_ARM_REG_R2);
    int32_t ret;

    switch (fn) {
    case PSCI_VERSION:
        ret = (int32_t)PSCI_VERSION_1_1;
        break;
    case PSCI_FEATURES:
        /* DEN 0022D 5.15: 0 for an implemented function with no feature flags. */
        ret = psci_implemented(a1) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_SYSTEM_OFF:
        hs_cluster_request_stop(c, HS_STOP_POWER_OFF, NULL);
        ret = PSCI_SUCCESS;
        break;
    case PSCI_SYSTEM_RESET:
        hs_cluster_request_stop(c, HS_STOP_RESET, NULL);
        ret = PSCI_SUCCESS;
        break;
    default:
        /* DEN 0028: an unknown SMC function ID returns NOT_SUPPORTED (-1). */
        ret = PSCI_NOT_SUPPORTED;
        break;
    }
    HS_TRACE(c->cfg.tracer, psci_call, v->index, fn, a1, a2, (uint32_t)ret);
    hs_vcpu_set_reg(v, UC_ARM_REG_R0, (uint32_t)ret);
    return true;
}
