#!/usr/bin/env python3
"""A delayed maintenance interrupt is observed late, by exactly the delay.

Runs virq.elf (a virtual IRQ whose EOI raises the maintenance interrupt) with
and without a fault plan, records the line and exception events, and reads them
back with `hypsim trace dump`: the cycles from the maintenance line rising (the
GIC's output, before the wire the injector sits on) to the IRQ entry to Hyp
mode grow by the delay; a delay until an instruction address ends with the
interrupt taken at that instruction. Prints TAP."""
import argparse
import os
import subprocess
import tempfile

from faulttest import check, finish, records

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--hypsim", required=True)
ap.add_argument("--image", required=True)
a = ap.parse_args()

DELAY = 500          # cycles
MODE_HYP = 26        # CPSR.M of Hyp mode (ARM DDI 0406C B1.3.1)
EXC_IRQ = 4          # exc_entry type irq (traces/trace.h)

def run(tmp, name, fault_args):
    log = os.path.join(tmp, name + ".hst")
    p = subprocess.run([a.hypsim, "run", "--serial", "null", "--trace", log,
                        "--trace-events", "line,exc"] + fault_args + [a.image],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    d = subprocess.run([a.hypsim, "trace", "dump", log], capture_output=True, text=True,
                       timeout=60)
    return p, d.stdout


def maint_latency(dump):
    """Cycles from the first maintenance line rise to the next IRQ entry to Hyp,
    and that entry's text."""
    rise = None
    for r in records(dump):
        f = r.fields
        if r.event == "line" and f.get("line") == "4" and f.get("level") == "1" and rise is None:
            rise = r.cycle
        elif (r.event == "exc_entry" and rise is not None and int(f["type"]) == EXC_IRQ and
              int(f["to_mode"]) == MODE_HYP):
            return r.cycle - rise, r.text
    return None, None


with tempfile.TemporaryDirectory() as tmp:
    p0, d0 = run(tmp, "plain", [])
    p1, d1 = run(tmp, "delayed", ["--fault",
                                  "wire=maintenance,action=delay,delay=%d" % DELAY])
    p2, d2 = run(tmp, "until", ["--fault", "wire=maintenance,action=delay,"
                                "delay=until:irq_wait_store_loop"])
    l0, _ = maint_latency(d0)
    l1, _ = maint_latency(d1)
    l2, entry2 = maint_latency(d2)
    check(p0.returncode == 0, "without faults the image powers off", p0.stderr)
    check(p1.returncode in (0, 1), "with the delay the image runs to its end", p1.stderr)
    check(l0 is not None and l1 is not None,
          "the maintenance interrupt is taken in both runs", "latencies %r %r" % (l0, l1))
    check(l0 is not None and l1 is not None and l1 - l0 == DELAY,
          "the maintenance line -> IRQ entry latency grows by the %d-cycle delay" % DELAY,
          "without: %r cycles, with: %r cycles" % (l0, l1))
    faults = [r.fields for r in records(d1) if r.event == "fault"]
    check(len(faults) >= 2 and faults[0]["kind"] == "0" and faults[1]["kind"] == "1" and
          faults[0]["intid"] == "25",
          "the trace holds the fault: held (kind 0), then released (kind 1), INTID 25",
          repr(faults[:2]))
    check(p2.returncode == 0 and entry2 is not None and "<irq_wait_store_loop>" in entry2,
          "a delay until irq_wait_store_loop ends with the IRQ taken at that instruction",
          repr(entry2))
    p3 = subprocess.run([a.hypsim, "run", "--serial", "null", "--fault",
                         "wire=maintenance,action=delay,delay=soon", a.image],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    check(p3.returncode == 2 and "--fault 1: delay: 'soon' is not a delay" in p3.stderr,
          "a malformed --fault is a usage error naming the field", p3.stderr)

finish()
