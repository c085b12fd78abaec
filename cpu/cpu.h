/* The CPU cluster: every vCPU of a machine, each a Unicorn Cortex-A15 engine.
 * This header is what the rest of hypsim sees of cpu/; only the sources in cpu/ include
 * unicorn.h. */
#ifndef HS_CPU_CPU_H
#define HS_CPU_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "platforms/platform.h"
#include "sim/eventq.h"
#include "sim/irq.h"
#include "sim/memmap.h"
#include "sim/time.h"
#include "traces/trace.h"

#define HS_MAX_CPUS 8

typedef enum hs_cpu_err {
    HS_CPU_OK,
    HS_CPU_ERR_UNICORN,      /* the engine refused an operation */
    HS_CPU_ERR_IMAGE,        /* the image cannot be loaded */
    HS_CPU_ERR_GUEST,        /* the guest did something the simulator cannot continue from */
} hs_cpu_err;

const char *hs_cpu_strerror(hs_cpu_err err);

/* Input lines of a vCPU (driven by the GIC). */
typedef enum hs_cpu_line {
    HS_CPU_LINE_IRQ,
    HS_CPU_LINE_FIQ,
    HS_CPU_LINE_VIRQ,
    HS_CPU_LINE_VFIQ,
    HS_CPU_LINE__COUNT
} hs_cpu_line;

typedef enum hs_vcpu_state {
    HS_VCPU_OFF,             /* powered down (PSCI CPU_OFF, or never started) */
    HS_VCPU_RUNNABLE,
    HS_VCPU_IDLE,            /* in WFI or WFE, waiting for an interrupt or event */
} hs_vcpu_state;

/* Why the machine stopped. */
typedef enum hs_stop_reason {
    HS_STOP_NONE,
    HS_STOP_POWER_OFF,       /* PSCI SYSTEM_OFF */
    HS_STOP_RESET,           /* PSCI SYSTEM_RESET */
    HS_STOP_GUEST_ERROR,     /* a fatal guest state; see hs_cluster.error */
    HS_STOP_LIMIT,           /* --max-insns reached */
    HS_STOP_DEADLOCK,        /* every vCPU idle or off with nothing scheduled */
} hs_stop_reason;

typedef struct hs_vcpu hs_vcpu;

typedef struct hs_vcpu_stats {
    uint64_t insns;          /* instructions retired */
    uint64_t cycles;         /* cycle-approximate cost */
    uint64_t idle_ps;        /* simulated time spent idle */
    uint64_t exceptions;     /* exception entries performed */
    uint64_t exc_returns;    /* exception returns seen */
    uint64_t mmio;           /* MMIO accesses */
} hs_vcpu_stats;

typedef struct hs_cluster_config {
    unsigned ncpu;
    hs_memmap *map;
    hs_tracer *tracer;       /* may be NULL */
    hs_eventq *eventq;
    hs_platform_cost cost;
    uint64_t cpu_clock_hz;
    uint64_t timer_clock_hz;
    /* The platform answers accesses to the holes of its memory map (the regions whose
     * ops are map->hole.ops) with an external abort: a translation table walk that
     * reads a hole takes a synchronous external abort on the walk (cpu/abort.c). */
    bool unassigned_abort;
    /* Every unaligned access the architecture faults takes an Alignment fault, also
     * with SCTLR.A clear (LDM, LDRD, ...): a memory hook on every access, slower
     * (cpu/access_abort.c). Without it only those of SCTLR.A/HSCTLR.A do. */
    bool exact_alignment;
} hs_cluster_config;

typedef struct hs_cluster hs_cluster;

hs_cpu_err hs_cluster_new(const hs_cluster_config *cfg, hs_cluster **out, char **msg);
void hs_cluster_free(hs_cluster *c);
/* Puts every vCPU in its reset state: CPU0 runnable at `entry` in Non-secure Hyp mode
 * with the MMU off and A, I and F masked, r0 = 0, r1 = ~0 (no machine type), r2 = dtb;
 * the others off until PSCI CPU_ON. */
hs_cpu_err hs_cluster_reset(hs_cluster *c, uint32_t entry, uint32_t dtb, char **msg);

unsigned hs_cluster_ncpu(const hs_cluster *c);
hs_vcpu_state hs_cluster_state(const hs_cluster *c, unsigned cpu);
/* Runs one vCPU until its local time reaches `until`, it goes idle or off, or the
 * machine stops. */
void hs_cluster_run(hs_cluster *c, unsigned cpu, hs_time until);
hs_time hs_cluster_local_time(const hs_cluster *c, unsigned cpu);
/* Brings an idle vCPU's local time forward to `now` (idle time passes). */
void hs_cluster_sync_idle(hs_cluster *c, unsigned cpu, hs_time now);
/* Requests that the running vCPU return to the scheduler as soon as possible. */
void hs_cluster_kick(hs_cluster *c);
hs_stop_reason hs_cluster_stop_reason(const hs_cluster *c);
const char *hs_cluster_error(const hs_cluster *c);
void hs_cluster_request_stop(hs_cluster *c, hs_stop_reason why, const char *msg);
void hs_cluster_stats(const hs_cluster *c, unsigned cpu, hs_vcpu_stats *out);
uint32_t hs_cluster_pc(const hs_cluster *c, unsigned cpu);

/* The interrupt input `line` of vCPU `cpu`, to connect to the GIC outputs. */
hs_irq hs_cluster_line(hs_cluster *c, unsigned cpu, hs_cpu_line line);
/* The generic timer's output for timer `t` (0 physical, 1 virtual, 2 Hyp, 3 secure
 * physical) of vCPU `cpu`; the machine connects it to the GIC PPI. */
void hs_cluster_connect_timer(hs_cluster *c, unsigned cpu, unsigned t, hs_irq line);

/* Finds the instructions in [lo, hi) of RAM that read MPIDR or access the Generic
 * Timer and emulates them on the host (cpu/sites.c). Call after loading an
 * image; replaces the previous set. */
bool hs_cluster_scan_sites(hs_cluster *c, uint64_t lo, uint64_t hi, char **msg);

/* Writes `len` bytes into guest physical memory and keeps every engine's
 * translated code coherent. */
void hs_cluster_write_phys(hs_cluster *c, uint64_t addr, const void *buf, uint64_t len);

/* Code watches, for fault injection (sim/fault.h): fn runs when any vCPU is
 * about to execute the instruction at virtual address addr (ARM or Thumb),
 * before it executes. An interrupt that fn makes takeable (by raising a line)
 * is taken before that instruction, whose address becomes the return address.
 * Watches last for the cluster's life; false with a message if the engine
 * refuses one. */
typedef void (*hs_cpu_watch_fn)(void *opaque, unsigned cpu, uint32_t addr);
bool hs_cluster_watch(hs_cluster *c, uint32_t addr, hs_cpu_watch_fn fn, void *opaque, char **msg);

/* One alarm per vCPU: fn runs, once, at the first block boundary where the
 * vCPU's local time is at or past `when` while it runs (an idle or off vCPU's
 * alarm waits until it runs). Setting an alarm replaces the vCPU's previous
 * one, and shortens its current run if it is running; HS_TIME_NEVER cancels. */
typedef void (*hs_cpu_alarm_fn)(void *opaque, unsigned cpu, hs_time now);
void hs_cluster_set_alarm(hs_cluster *c, unsigned cpu, hs_time when, hs_cpu_alarm_fn fn,
                          void *opaque);

#endif
