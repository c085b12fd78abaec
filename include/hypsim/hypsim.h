/* libhypsim: embed the hypsim simulator in another program.
 *
 *   hs_options o;
 *   hs_options_init(&o);
 *   o.image = "hello-hyp.elf";
 *   hs_sim *sim;
 *   char *msg;
 *   if (hs_sim_new(&o, &sim, &msg) != HS_OK) { fprintf(stderr, "%s\n", msg); ... }
 *   hs_exit why = hs_sim_run(sim);
 *   hs_sim_free(sim);
 *
 * Messages returned through `char **msg` are freed with hs_free(). */
#ifndef HYPSIM_HYPSIM_H
#define HYPSIM_HYPSIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hs_err {
    HS_OK = 0,
    HS_ERR_USAGE,          /* inconsistent options */
    HS_ERR_PLATFORM,       /* the platform file is missing or malformed */
    HS_ERR_IMAGE,          /* the image cannot be loaded */
    HS_ERR_DTB,            /* the device tree cannot be built or read */
    HS_ERR_ENGINE,         /* the CPU engine (Unicorn) failed */
    HS_ERR_IO,             /* a file could not be opened or written */
    HS_ERR_FAULT_PLAN,     /* the fault plan is missing or malformed */
} hs_err;

const char *hs_strerror(hs_err err);
void hs_free(void *p);

/* A record of the event trace (traces/trace.h), for trace_record below. */
struct hs_record;

/* The simulation kernel: the same results on both (docs/systemc.md). */
typedef enum hs_kernel {
    HS_KERNEL_NATIVE = 0,      /* hypsim's own quantum keeper (sim/sched.c) */
    HS_KERNEL_SYSTEMC,         /* SystemC 2.3.4, in a hypsim built with it */
} hs_kernel;

/* An address range hypsim leaves to the program embedding it, e.g. SystemC models
 * behind hypsim's TLM-2.0 initiator socket (docs/systemc.md). A guest access to it
 * calls read or write on the accessing vCPU, with the offset into the range. */
typedef struct hs_external_region {
    const char *name;
    uint64_t base, size;       /* 4 KiB aligned, over no RAM and no device */
    uint32_t access_cycles;    /* charged to the vCPU per access, as a device's */
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size, unsigned vcpu);
    void (*write)(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                  unsigned vcpu);
    void *opaque;
} hs_external_region;

/* Console input to give the guest at a simulated time, instead of reading
 * uart_in_fd: what `hypsim replay` takes from a log's console_input records. */
typedef struct hs_console_input {
    uint64_t time_ps;          /* the end of the quantum at which it arrives */
    unsigned count;            /* 1..8 */
    uint8_t bytes[8];
} hs_console_input;

typedef struct hs_options {
    const char *platform;      /* name ("virt-a15") or path of a .platform file */
    const char *image;         /* ELF image, or a raw binary with has_load_addr */
    bool has_load_addr;
    uint64_t load_addr;        /* where a raw binary goes; also its entry point */
    unsigned smp;              /* 0: the platform's default */
    uint64_t ram_size;         /* bytes; 0: the platform's default */
    const char *dtb;           /* a DTB file to pass instead of the generated one */
    uint64_t quantum;          /* instructions per quantum; 0: 10000 */
    bool exact_alignment;      /* every Alignment fault, at a cost (docs/cpu.md) */
    uint64_t max_insns;        /* stop after this many instructions in all; 0: no limit */
    const char *trace_file;    /* binary event log (.hst) to write, or NULL */
    const char *trace_events;  /* event selection, e.g. "all" or "lr,line"; NULL: all */
    const char *command_line;  /* recorded in the trace header, for replay */
    FILE *uart_out;            /* the first PL011's output; NULL: stdout */
    int uart_in_fd;            /* read for the first PL011's input; -1: none */
    const hs_console_input *console_script;   /* instead of uart_in_fd, when set */
    size_t console_script_len;
    bool no_reboot;            /* PSCI SYSTEM_RESET ends the run instead of resetting */
    unsigned log_mask;         /* diagnostics classes (see hs_log_parse) */
    /* What is recorded (to trace_file and trace_record), besides trace_events:
     * the events of these vCPUs ("0,2-3"; NULL: all) at or after trace_from_ps
     * and, with has_trace_to, at or before trace_to_ps. */
    const char *trace_vcpus;
    uint64_t trace_from_ps;
    bool has_trace_to;
    uint64_t trace_to_ps;
    /* Receives every record the log would (a replay compares them), with or
     * without trace_file. */
    void (*trace_record)(void *opaque, const struct hs_record *r);
    void *trace_opaque;
    /* The race checkers of docs/traces.md, run during the run; each race is a
     * `race` event and a line of hs_sim_race_report(). The storm checker's
     * limits: 0 gives the defaults (100 within 100 us). */
    bool check_races;
    const char *race_window;   /* critical-window checker: LO-HI, SYMBOL or SYMBOL+LEN */
    uint64_t storm_max;
    uint64_t storm_window_ps;
    /* The platform description's text, instead of reading `platform`, which
     * then only names it in messages. */
    const char *platform_text;
    /* Fault injection (docs/faults.md); the faults of all three, in this order. */
    const char *fault_plan;        /* a fault plan file, or NULL */
    const char *fault_plan_text;   /* a fault plan's text (as a log header holds it), or NULL */
    const char *const *faults;     /* --fault specs, NULL-terminated, or NULL */
    bool has_seed;
    uint64_t seed;             /* the injector's seed; default the plan's [plan] seed, else 1 */
    hs_kernel kernel;          /* default HS_KERNEL_NATIVE */
    /* Address ranges left to the embedding program: hs_sim_new copies the array;
     * the names and opaques must outlive the hs_sim. */
    const hs_external_region *external;
    unsigned n_external;
} hs_options;

void hs_options_init(hs_options *o);

typedef enum hs_exit {
    HS_EXIT_POWER_OFF,         /* the guest called PSCI SYSTEM_OFF */
    HS_EXIT_RESET,             /* PSCI SYSTEM_RESET with no_reboot */
    HS_EXIT_GUEST_ERROR,       /* the guest reached a state it cannot continue from */
    HS_EXIT_LIMIT,             /* max_insns reached */
    HS_EXIT_DEADLOCK,          /* every vCPU idle or off, nothing scheduled */
} hs_exit;

const char *hs_exit_name(hs_exit e);

typedef struct hs_sim hs_sim;

hs_err hs_sim_new(const hs_options *o, hs_sim **out, char **msg);
void hs_sim_free(hs_sim *sim);
hs_exit hs_sim_run(hs_sim *sim);
/* Why the run ended, in words (NULL after a power off). */
const char *hs_sim_exit_message(const hs_sim *sim);

typedef struct hs_cpu_stats {
    uint64_t insns, cycles, idle_ps, exceptions, exc_returns, mmio;
    uint64_t time_ps;          /* the vCPU's local simulated time */
} hs_cpu_stats;

/* Ends the run at the next quantum boundary (exit HS_EXIT_LIMIT, with `why`
 * as its message); callable from trace_record. */
void hs_sim_stop(hs_sim *sim, const char *why);
/* With check_races: how many races the checkers reported so far, and one
 * line for each ("CHECKER on vCPU N: what happened"), "" when none. */
unsigned hs_sim_race_count(const hs_sim *sim);
const char *hs_sim_race_report(const hs_sim *sim);

/* Drives the GIC's input line of SPI `intid` from outside hypsim (an embedding
 * program's model), through the fault injector when the run has a fault plan
 * (wire = spi), as the platform's devices' lines go. False when `intid` is not
 * an SPI of the platform's GIC, or one a device of the platform drives. */
bool hs_sim_set_spi(hs_sim *sim, unsigned intid, bool level);

unsigned hs_sim_ncpu(const hs_sim *sim);
void hs_sim_cpu_stats(const hs_sim *sim, unsigned cpu, hs_cpu_stats *out);
uint64_t hs_sim_time_ps(const hs_sim *sim);

#ifdef __cplusplus
}
#endif

#endif
