/* PSCI firmware, reached through SMC as on QEMU's virt board with
 * virtualization=on (Arm DEN 0022D, Power State Coordination Interface 1.1).
 * Arguments in r0-r3, result in r0 (SMC Calling Convention, Arm DEN 0028).
 * The functions and results follow QEMU 7.2's PSCI for virt, the reference. */
#include "cpu/vcpu.h"

#include <glib.h>

#include "cpu/arm.h"

/* DEN 0022D 5.1: function IDs (SMC32). */
#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_SUSPEND        0x84000001u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON             0x84000003u
#define PSCI_AFFINITY_INFO      0x84000004u
#define PSCI_MIGRATE            0x84000005u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_SYSTEM_RESET       0x84000009u
#define PSCI_FEATURES           0x8400000au

/* DEN 0022D 5.2.2: return codes. */
#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON         (-4)

/* DEN 0022D 5.7.1: AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON        0
#define PSCI_AFFINITY_OFF       1

/* DEN 0022D 5.8: MIGRATE_INFO_TYPE 2, no Trusted OS (or one that needs no migration). */
#define PSCI_TOS_NOT_PRESENT    2

/* Version 1.1 (DEN 0022D 5.1.1: major in bits[30:16], minor in bits[15:0]). */
#define PSCI_VERSION_1_1        0x00010001u

/* MPIDR affinity fields other than Aff0 (B4.1.106): this platform has one cluster. */
#define MPIDR_AFF_HIGH_MASK     0x00ffff00u

static bool psci_implemented(uint32_t fn)
{
    switch (fn) {
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

/* The vCPU an MPIDR value names, or NULL. */
static hs_vcpu *psci_target(hs_cluster *c, uint32_t mpidr)
{
    uint32_t aff0 = mpidr & 0xffu;
    if (mpidr & MPIDR_AFF_HIGH_MASK || aff0 >= c->cfg.ncpu) {
        return NULL;
    }
    return &c->vcpu[aff0];
}

bool hs_psci_call(hs_vcpu *v)
{
    hs_cluster *c = v->cluster;
    uint32_t fn = hs_vcpu_reg(v, UC_ARM_REG_R0);
    uint32_t a1 = hs_vcpu_reg(v, UC_ARM_REG_R1);
    uint32_t a2 = hs_vcpu_reg(v, UC_ARM_REG_R2);
    uint32_t a3 = hs_vcpu_reg(v, UC_ARM_REG_R3);
    hs_vcpu *t;
    int32_t ret;

    switch (fn) {
    case PSCI_VERSION:
        ret = (int32_t)PSCI_VERSION_1_1;
        break;
    case PSCI_FEATURES:
        /* DEN 0022D 5.15: 0 for an implemented function with no feature flags. */
        ret = psci_implemented(a1) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_MIGRATE_INFO_TYPE:
        ret = PSCI_TOS_NOT_PRESENT;
        break;
    case PSCI_CPU_ON:
        /* DEN 0022D 5.6: the target starts at a2 in the caller's mode (Hyp here,
         * as QEMU starts it at the highest EL), with r0 = context ID a3. */
        t = psci_target(c, a1);
        if (!t) {
            ret = PSCI_INVALID_PARAMETERS;
        } else if (t->state != HS_VCPU_OFF) {
            ret = PSCI_ALREADY_ON;
        } else {
            hs_vcpu_power_on(t, a2, a3, hs_vcpu_local_time(v));
            ret = PSCI_SUCCESS;
        }
        break;
    case PSCI_CPU_OFF:
        /* DEN 0022D 5.5: does not return on success. */
        hs_vcpu_power_off(v);
        ret = PSCI_SUCCESS;
        break;
    case PSCI_AFFINITY_INFO:
        /* DEN 0022D 5.7: only lowest affinity level 0 is meaningful here. */
        t = psci_target(c, a1);
        if (!t || a2 != 0) {
            ret = PSCI_INVALID_PARAMETERS;
        } else {
            ret = t->state == HS_VCPU_OFF ? PSCI_AFFINITY_OFF : PSCI_AFFINITY_ON;
        }
        break;
    case PSCI_CPU_SUSPEND:
        /* DEN 0022D 5.4: a standby power state behaves as WFI; returning on the
         * next wake-up event is allowed for every state. */
        hs_vcpu_idle(v, 0);
        ret = PSCI_SUCCESS;
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
