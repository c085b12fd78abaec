/* Which pages of RAM each engine may execute. Internal to cpu/.
 *
 * Unicorn makes every guest store take its slow path, and for a store into a
 * region with execute permission that path also looks for translated code to
 * invalidate (notdirty_write, tb_invalidate_phys_page_fast): about a third of a
 * store-heavy run. Stores into a region without execute permission skip that
 * search, which is exact there since no code can have been translated from it.
 * So RAM is mapped readable and writable only, and a page becomes executable for
 * an engine the first time that engine fetches from it (Unicorn then stops the
 * run with UC_ERR_FETCH_PROT, PC on the fetch). A page stays executable. */
#ifndef HS_CPU_CODE_PAGES_H
#define HS_CPU_CODE_PAGES_H

#include <stdbool.h>

#include <unicorn/unicorn.h>

typedef struct hs_vcpu hs_vcpu;

/* Unicorn 2.1 checks permissions on the physical address of an access; 2.0.1 on
 * the virtual one (reference notes), which cannot follow pages made executable
 * by physical address: there RAM is mapped executable throughout. */
#define HS_UC_PHYS_PERMS (UC_API_MAJOR > 2 || (UC_API_MAJOR == 2 && UC_API_MINOR >= 1))

/* The permissions RAM is mapped with. */
#define HS_RAM_PROT (HS_UC_PHYS_PERMS ? (UC_PROT_READ | UC_PROT_WRITE) : UC_PROT_ALL)

/* The run stopped with UC_ERR_FETCH_PROT: makes the page of the fetch
 * executable and returns true to run again, or false if the fetch was not from
 * a RAM page this can help (then it is a genuine fault). */
bool hs_code_pages_fetch_fault(hs_vcpu *v);

#endif
