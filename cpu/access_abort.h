/* Data and Prefetch Aborts that Unicorn never raises: synchronous external aborts
 * on accesses to the holes of the memory map (platform key [machine]
 * unassigned=abort) and Alignment faults of unaligned accesses while SCTLR.A or
 * HSCTLR.A is set (ARM DDI 0406C.d A3.2.1, B3.12.2). They are found during the
 * access (an MMIO callback, a memory hook), the run is stopped right after it and
 * the exception is entered on the host by cpu/abort.c, which finds the fault again
 * from the instruction. Internal to cpu/. */
#ifndef HS_CPU_ACCESS_ABORT_H
#define HS_CPU_ACCESS_ABORT_H

#include <stdbool.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

typedef struct hs_vcpu hs_vcpu;

/* Unicorn 2.1.4 stops a run requested from inside an access at that access, with
 * PC on its instruction and the loaded value not yet written back (QEMU's
 * cpu_loop_exit_restore after each memory operation). Earlier versions stop at
 * the next block boundary with the PC of the block's start, too late to abort
 * the access: there holes read as zero and SCTLR.A is not enforced. */
#define HS_UC_STOPS_AT_ACCESS                                                           \
    (UC_API_MAJOR > 2 ||                                                                \
     (UC_API_MAJOR == 2 && (UC_API_MINOR > 1 || (UC_API_MINOR == 1 && UC_API_PATCH >= 4))))

/* An access of the running vCPU to a hole at physical address `pa`: true when it
 * aborts (the run is stopping; the access must have no effect), false when the
 * hole answers it (reads as zero, writes ignored). */
bool hs_access_abort_hole(hs_vcpu *v, uint64_t pa, unsigned size, bool write);

/* SCTLR or HSCTLR may have changed: checks unaligned accesses while either has A
 * set. Call between runs. */
void hs_access_abort_update_align(hs_vcpu *v);

/* After a run stopped: enters the abort an access found, if one did. False when
 * the simulation cannot continue (the reason is set on the cluster). */
bool hs_access_abort_take(hs_vcpu *v);

#endif
