/* Aborts found during an access, which Unicorn performs without raising them
 * (ARM DDI 0406C.d B3.12.2 fault-checking sequence):
 *
 * - A synchronous external abort where the platform has nothing mapped and says
 *   so ([machine] unassigned=abort): the hole's MMIO callback, instead of
 *   answering, stops the run. QEMU's virt board answers such accesses with a
 *   decode error (DECERR), reported with ExT/EA 0 (B3.13.3: the classification
 *   is IMPLEMENTATION DEFINED).
 * - An Alignment fault (A3.2.1) of an unaligned access while the current
 *   regime's SCTLR.A or HSCTLR.A is set: Unicorn (QEMU 5.0) checks alignment only
 *   for the exclusive accesses, so a memory hook checks every access while A is
 *   set in either register. The hook makes every load and store take Unicorn's
 *   slow path, which is why it exists only then, unless the run asks for exact
 *   alignment (--exact-alignment): then it is always there, and also faults the
 *   accesses that need alignment whatever A says (LDM, STM, LDRD, STRD, VLDR,
 *   VSTR, ...), which it finds by decoding the instruction of an unaligned one.
 *
 * Either way the run stops right after the access with PC on its instruction
 * (HS_UC_STOPS_AT_ACCESS), and cpu/abort.c decodes the instruction and finds the
 * same fault again, so that the fault registers come from one place. */
#include "cpu/access_abort.h"

#include <inttypes.h>
#include <string.h>

#include "cpu/abort.h"
#include "cpu/arm.h"
#include "cpu/mmu.h"
#include "cpu/sysreg.h"
#include "cpu/vcpu.h"
#include "sim/log.h"

/* Alignment is checked at most to a word: the doubleword accesses (VLDR and
 * VSTR of a D register, LDRD and STRD) need word alignment with A set (A3.2.1). */
#define ALIGN_MAX 4u

#define PAGE_SIZE 0x1000u

static void stop_at_access(hs_vcpu *v)
{
    v->access_abort = true;
    hs_vcpu_request_stop(v);
    uc_emu_stop(v->uc);
}

bool hs_access_abort_hole(hs_vcpu *v, uint64_t pa, unsigned size, bool write)
{
    if (!v->cluster->cfg.unassigned_abort || !v->in_run) {
        return false;
    }
    if (!HS_UC_STOPS_AT_ACCESS) {
        if (!v->cluster->told_no_access_abort) {
            v->cluster->told_no_access_abort = true;
            hs_log(HS_LOG_GUEST_ERROR, "vCPU%u: the %u-byte %s at 0x%08" PRIx64 " should take an "
                   "external abort (unassigned=abort), but this Unicorn cannot stop at an access "
                   "(2.1.4 or newer can): holes read as zero instead (docs/cpu.md)", v->index,
                   size, write ? "write" : "read", pa);
        }
        return false;
    }
    hs_log(HS_LOG_EXCEPTIONS, "vCPU%u: %u-byte %s at 0x%08" PRIx64 ": nothing mapped, external "
           "abort", v->index, size, write ? "write" : "read", pa);
    stop_at_access(v);
    return true;
}

/* Every load and store while SCTLR.A or HSCTLR.A is set, before it is made; PC
 * is on its instruction. */
static void hook_align(uc_engine *uc, uc_mem_type type, uint64_t pa, int size, int64_t value,
                       void *opaque)
{
    hs_vcpu *v = opaque;
    const hs_memmap *map = v->cluster->cfg.map;
    const unsigned align = (unsigned)size < ALIGN_MAX ? (unsigned)size : ALIGN_MAX;
    bool hyp;

    (void)uc;
    (void)value;
    if (!(pa & (align - 1u)) || v->access_abort) {
        return;
    }
    hyp = (hs_vcpu_reg(v, UC_ARM_REG_CPSR) & CPSR_M) == ARM_MODE_HYP;
    if (!(hyp ? v->align_hyp : v->align_pl1) &&
        !(v->cluster->cfg.exact_alignment && hs_abort_is_misaligned(v))) {
        return;                 /* an unaligned access the architecture allows */
    }
    v->undo_len = 0;
    if (type == UC_MEM_WRITE && pa >= map->ram_base && pa - map->ram_base < map->ram_size) {
        /* The store is made after this hook: keep what it overwrites in its first
         * page (an unaligned store that crosses into the next page changes the
         * bytes there: docs/cpu.md). */
        uint64_t room = PAGE_SIZE - (pa & (PAGE_SIZE - 1u));
        v->undo_pa = pa;
        v->undo_len = (unsigned)(room < (uint64_t)size ? room : (uint64_t)size);
        if (pa + v->undo_len > map->ram_base + map->ram_size) {
            v->undo_len = (unsigned)(map->ram_base + map->ram_size - pa);
        }
        memcpy(v->undo, map->ram + (pa - map->ram_base), v->undo_len);
    }
    stop_at_access(v);
}

void hs_access_abort_update_align(hs_vcpu *v)
{
    const hs_memmap *map = v->cluster->cfg.map;
    bool want;

    v->align_recheck = false;
    if (!HS_UC_STOPS_AT_ACCESS) {
        return;
    }
    v->align_pl1 = hs_vcpu_cp_read(v, HS_CP_SCTLR) & SCTLR_A;
    v->align_hyp = hs_vcpu_cp_read(v, HS_CP_HSCTLR) & SCTLR_A;
    want = v->align_pl1 || v->align_hyp || v->cluster->cfg.exact_alignment;
    if (want == v->align_hooked) {
        return;
    }
    if (want) {
        if (uc_hook_add(v->uc, &v->align_hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
                        (void *)hook_align, v, 1, 0) != UC_ERR_OK) {
            hs_cluster_fail(v->cluster, "vCPU%u: Unicorn refused the memory hook that checks "
                            "alignment (SCTLR.A or HSCTLR.A set)", v->index);
            return;
        }
    } else {
        uc_hook_del(v->uc, v->align_hook);
    }
    v->align_hooked = want;
    /* Whether a load or store calls the memory hooks is decided when it is
     * translated: the code translated before must go. */
    uc_ctl_remove_cache(v->uc, map->ram_base, map->ram_base + map->ram_size);
    hs_log(HS_LOG_EXCEPTIONS, "vCPU%u: alignment checking %s (SCTLR.A %u, HSCTLR.A %u)",
           v->index, want ? "on" : "off", v->align_pl1, v->align_hyp);
}

bool hs_access_abort_take(hs_vcpu *v)
{
    v->access_abort = false;
    if (v->undo_len) {
        hs_cluster_write_phys(v->cluster, v->undo_pa, v->undo, v->undo_len);
        v->undo_len = 0;
    }
    return hs_abort_data(v);
}
