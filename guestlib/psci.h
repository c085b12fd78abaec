/*
 * PSCI calls through SMC, the conduit of QEMU's virt board with virtualization=on (its
 * device tree says method = "smc"). Function IDs and return codes are from the Arm Power
 * State Coordination Interface specification (Arm DEN 0022, "Function prototypes" and
 * "Return error codes"); all are the SMC32 variants.
 */
#ifndef GUESTLIB_PSCI_H
#define GUESTLIB_PSCI_H

#include <stdint.h>

#define PSCI_FN_VERSION                 0x84000000u
#define PSCI_FN_CPU_SUSPEND             0x84000001u
#define PSCI_FN_CPU_OFF                 0x84000002u
#define PSCI_FN_CPU_ON                  0x84000003u
#define PSCI_FN_AFFINITY_INFO           0x84000004u
#define PSCI_FN_MIGRATE                 0x84000005u
#define PSCI_FN_MIGRATE_INFO_TYPE       0x84000006u
#define PSCI_FN_MIGRATE_INFO_UP_CPU     0x84000007u
#define PSCI_FN_SYSTEM_OFF              0x84000008u
#define PSCI_FN_SYSTEM_RESET            0x84000009u
#define PSCI_FN_FEATURES                0x8400000au

#define PSCI_SUCCESS                    0
#define PSCI_NOT_SUPPORTED              (-1)
#define PSCI_INVALID_PARAMETERS         (-2)
#define PSCI_DENIED                     (-3)
#define PSCI_ALREADY_ON                 (-4)
#define PSCI_ON_PENDING                 (-5)
#define PSCI_INTERNAL_FAILURE           (-6)
#define PSCI_NOT_PRESENT                (-7)
#define PSCI_DISABLED                   (-8)
#define PSCI_INVALID_ADDRESS            (-9)

/* AFFINITY_INFO results (DEN 0022, AFFINITY_INFO). */
#define PSCI_AFFINITY_ON                0
#define PSCI_AFFINITY_OFF               1
#define PSCI_AFFINITY_ON_PENDING        2

/* PSCI_VERSION: major in [31:16], minor in [15:0]. */
#define PSCI_VERSION_MAJOR(v)           ((uint32_t)(v) >> 16)
#define PSCI_VERSION_MINOR(v)           ((uint32_t)(v) & 0xffffu)

/* SMC #0 with r0 = fn and r1-r3 = arguments; returns r0 (SMC Calling Convention). */
int32_t psci_call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

uint32_t psci_version(void);
int32_t psci_features(uint32_t fn);
int32_t psci_cpu_on(uint32_t target_mpidr, uint32_t entry, uint32_t context_id);
int32_t psci_affinity_info(uint32_t target_mpidr, uint32_t lowest_level);
void psci_cpu_off(void) __attribute__((noreturn));
void psci_system_off(void) __attribute__((noreturn));
void psci_system_reset(void) __attribute__((noreturn));

/*
 * Starts the CPU whose MPIDR affinity is target_mpidr in Hyp mode, on its own stack, running
 * fn(); the CPU powers itself off when fn returns. Returns the CPU_ON status.
 */
int32_t guest_cpu_start(uint32_t target_mpidr, void (*fn)(void));

#endif
