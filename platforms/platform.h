/* Platform descriptions: GLib key files naming the CPUs, RAM, every device with its
 * address and interrupts, and the cost parameters. docs/platform.md is the reference
 * for the format; platforms/virt-a15.platform is the example. */
#ifndef HS_PLATFORMS_PLATFORM_H
#define HS_PLATFORMS_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum hs_device_type {
    HS_DEV_GIC_V2,
    HS_DEV_ARMV7_TIMER,
    HS_DEV_PL011,
    HS_DEV_PL031,
    HS_DEV_SYSTEMC,             /* a SystemC model from a shared object (docs/systemc.md) */
    HS_DEV__COUNT
} hs_device_type;

typedef struct hs_platform_device {
    char *name;                 /* from the group "[device NAME]" */
    hs_device_type type;
    uint64_t base, size;        /* PL011, PL031, SYSTEMC */
    unsigned irq;               /* PL011, PL031: INTID; SYSTEMC: INTID, 0 for none */
    uint32_t access_cycles;     /* cost of one MMIO access to this device */
    union {
        struct {
            uint64_t dist_base, cpu_base, hyp_base, vcpu_base, region_size;
            unsigned irqs, list_registers, priority_bits, maintenance_irq;
        } gic;
        struct {
            unsigned secure_phys_irq, phys_irq, virt_irq, hyp_irq;
        } timer;
        struct {
            uint64_t clock_hz;
        } uart;
        struct {
            uint64_t epoch;
        } rtc;
        struct {
            char *library;      /* the shared object, relative paths made absolute */
            char **compatible;  /* its device tree node's compatible list; NULL: no node */
        } systemc;
    } u;
} hs_platform_device;

typedef struct hs_platform_cost {
    uint32_t cpi_milli;         /* cycles per instruction x 1000 */
    uint32_t exception_entry;   /* cycles charged per exception entry */
    uint32_t exception_return;  /* cycles charged per exception return */
    uint32_t idle_wakeup;       /* cycles charged when WFI/WFE ends */
} hs_platform_cost;

typedef struct hs_platform {
    char *path;                 /* the file it was read from */
    char *name, *model, *compatible, *cpu;
    unsigned cpus, max_cpus;
    uint64_t cpu_clock_hz, timer_clock_hz;
    uint64_t ram_base, ram_size;
    bool unassigned_abort;      /* [machine] unassigned=abort: holes give external aborts */
    hs_platform_cost cost;
    hs_platform_device *dev;
    unsigned ndev;
} hs_platform;

typedef enum hs_platform_err {
    HS_PLATFORM_OK,
    HS_PLATFORM_ERR_NOT_FOUND,  /* no such file or platform name */
    HS_PLATFORM_ERR_SYNTAX,     /* not a key file */
    HS_PLATFORM_ERR_MISSING,    /* a required group or key is absent */
    HS_PLATFORM_ERR_VALUE,      /* a value is malformed or out of range */
    HS_PLATFORM_ERR_UNKNOWN,    /* an unknown group, key or device type */
    HS_PLATFORM_ERR_OVERLAP,    /* two regions overlap */
} hs_platform_err;

const char *hs_platform_strerror(hs_platform_err err);

/* Reads a platform by file path, or by name from the installed platform directory
 * (a name has no '/' and no ".platform" suffix). On error, *msg (to g_free) says
 * which file, group and key and what is wrong. */
hs_platform_err hs_platform_load(const char *name_or_path, hs_platform **out, char **msg);
/* Parses a platform from memory; `filename` is used in messages. */
hs_platform_err hs_platform_parse(const char *data, size_t len, const char *filename,
                                  hs_platform **out, char **msg);
void hs_platform_free(hs_platform *p);

const hs_platform_device *hs_platform_find(const hs_platform *p, hs_device_type type);
const char *hs_device_type_name(hs_device_type type);

#endif
