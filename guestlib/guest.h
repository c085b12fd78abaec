/*
 * Everything a guest program includes: the runtime's entry contract and its headers.
 *
 * A guest defines int main(void). start.S runs it on CPU 0 in Hyp mode, after giving every
 * CPU a stack, installing the vector tables (exception.h), zeroing .bss and enabling the
 * UART; when main returns the machine powers off with PSCI SYSTEM_OFF, whatever main
 * returned (test results travel in the TAP stream, not in an exit status).
 */
#ifndef GUESTLIB_GUEST_H
#define GUESTLIB_GUEST_H

#include <stdint.h>

#include "exception.h"
#include "gic.h"
#include "irq_wait.h"
#include "psci.h"
#include "sysreg.h"
#include "tap.h"
#include "timer.h"
#include "uart.h"

/* r0-r3 as the loader left them at _start. */
extern uint32_t guest_boot_regs[4];

int main(void);

#endif
