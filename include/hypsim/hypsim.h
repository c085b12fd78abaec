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
} hs_err;

const char *hs_strerror(hs_err err);
void hs_free(void *p);

typedef struct hs_options {
    const char *platform;      /* name ("virt-a15") or path of a .platform file */
    const char *image;         /* ELF image, or a raw binary with has_load_addr */
    bool has_load_addr;
    uint64_t load_addr;        /* where a raw binary goes; also its entry point */
    unsigned smp;              /* 0: the platform's default */
    uint64_t ram_size;         /* bytes; 0: the platform's default */
    const char *dtb;           /* a DTB file to pass instead of the generated one */
    uint64_t quantum;          /* instructions per quantum; 0: 10000 */
    uint64_t max_insns;        /* stop after this many instructions in all; 0: no limit */
    const char *trace_file;    /* binary event log (.hst) to write, or NULL */
    const char *trace_events;  /* event selection, e.g. "all" or "lr,line"; NULL: all */
    const char *command_line;  /* recorded in the trace header, for replay */
    FILE *uart_out;            /* the first PL011's output; NULL: stdout */
    int uart_in_fd;            /* read for the first PL011's input; -1: none */
    bool no_reboot;            /* PSCI SYSTEM_RESET ends the run instead of resetting */
    unsigned log_mask;         /* diagnostics classes (see hs_log_parse) */
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

unsigned hs_sim_ncpu(const hs_sim *sim);
void hs_sim_cpu_stats(const hs_sim *sim, unsigned cpu, hs_cpu_stats *out);
uint64_t hs_sim_time_ps(const hs_sim *sim);

#ifdef __cplusplus
}
#endif

#endif
