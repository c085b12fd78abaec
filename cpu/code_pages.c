/* Pages of RAM made executable on their first fetch (cpu/code_pages.h). */
#include "cpu/code_pages.h"

#include <inttypes.h>

#include "cpu/vcpu.h"
#include "sim/log.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1u << PAGE_SHIFT)

/* The index of the RAM page at `pa`, or -1 if `pa` is not RAM. */
static int64_t ram_page(const hs_vcpu *v, uint64_t pa)
{
    const hs_memmap *map = v->cluster->cfg.map;

    if (pa < map->ram_base || pa - map->ram_base >= map->ram_size) {
        return -1;
    }
    return (int64_t)((pa - map->ram_base) >> PAGE_SHIFT);
}

static bool executable(const hs_vcpu *v, int64_t page)
{
    return v->exec_page[page / 8] & (1u << (page % 8));
}

/* Makes RAM page `page` executable for this engine. */
static bool make_executable(hs_vcpu *v, int64_t page)
{
    const uint64_t at = v->cluster->cfg.map->ram_base + ((uint64_t)page << PAGE_SHIFT);

    if (uc_mem_protect(v->uc, at, PAGE_SIZE, UC_PROT_ALL) != UC_ERR_OK) {
        return false;
    }
    v->exec_page[page / 8] |= (uint8_t)(1u << (page % 8));
    v->exec_pages++;
    hs_log(HS_LOG_BLOCKS, "vCPU%u: RAM page 0x%08" PRIx64 " executable (%u pages)", v->index, at,
           v->exec_pages);
    return true;
}

bool hs_code_pages_fetch_fault(hs_vcpu *v)
{
    uint32_t pc = hs_vcpu_reg(v, UC_ARM_REG_PC);
    uint64_t pa;
    int64_t page;

    if (!HS_UC_PHYS_PERMS || !hs_vcpu_fetch_pa(v, pc, &pa) || (page = ram_page(v, pa)) < 0) {
        return false;
    }
    if (!executable(v, page)) {
        return make_executable(v, page);
    }
    /* A translation block starts at PC and ends within its page, but a 32-bit
     * Thumb instruction may cross into the next one: that page is the one
     * fetched when PC's own is executable already. */
    if (!hs_vcpu_fetch_pa(v, (pc | (PAGE_SIZE - 1u)) + 1u, &pa) || (page = ram_page(v, pa)) < 0 ||
        executable(v, page)) {
        return false;
    }
    return make_executable(v, page);
}
