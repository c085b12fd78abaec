#!/usr/bin/env python3
"""Faults on SGIs, seen by a guest and in the trace.

Runs sgi_smp.elf on two vCPUs (docs/faults.md, "Where faults act": an SGI is a
pulse of no width from a GICD_SGIR write to the target CPU interface, whose
vCPU the fault's wire is):

- with SGI 4 (CPU 1 to all but itself, that is CPU 0) delayed by a million
  cycles, CPU 0's GICC_HPPIR read just after CPU 1 has sent it shows nothing
  pending (IHI 0048B 4.4.7: 1023), the one check of the guest that fails; CPU 0
  still acknowledges it later from CPU 1 (GICC_IAR 0x404, 4.4.4). The trace
  holds the GICD_SGIR write, the hold, and the release no earlier than the
  delay, with CPU 0's IRQ line rising at the release;
- with SGI 4 duplicated with no gap, the copy finds it still pending from the
  same source and merges (4.3.17: one pending bit per SGI and source), so the
  guest sees one SGI 4 and every check passes;
- a malformed sgi fault is a usage error naming the field.
Prints TAP."""
import argparse
import os
import subprocess
import tempfile

from faulttest import check, finish, records

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--hypsim", required=True)
ap.add_argument("--image", required=True)
a = ap.parse_args()

DELAY = 1000000          # cycles
PS_PER_CYCLE = 1000      # virt-a15's cpu-clock-hz is 1 GHz (platforms/virt-a15.platform)
SGIR = 0xf00             # GICD_SGIR, IHI 0048B Table 4-1
SGIR_OTHERS_SGI4 = (1 << 24) | 4    # TargetListFilter 0b01, SGIINTID 4 (4.3.15)
# docs/faults.md: a timed release comes at the first block boundary at or past its time;
# the guest's blocks while it waits (a GICC_HPPIR polling loop) are far shorter than this.
BLOCK_MAX = 100          # cycles
HPPIR_CHECK = "GICC_HPPIR of SGI 4 from CPU 1 on CPU 0 is 0x404"

def run(tmp, name, fault_args):
    log = os.path.join(tmp, name + ".hst")
    p = subprocess.run([a.hypsim, "run", "-smp", "2", "--trace", log,
                        "--trace-events", "gic,line,fault"] + fault_args + [a.image],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    d = subprocess.run([a.hypsim, "trace", "dump", log], capture_output=True, text=True,
                       timeout=60)
    return p, d.stdout


def not_ok(console):
    return [l for l in console.splitlines() if l.startswith("not ok")]


def oks(console):
    return [l for l in console.splitlines() if l.startswith("ok ")]


with tempfile.TemporaryDirectory() as tmp:
    p0, _ = run(tmp, "plain", [])
    check(p0.returncode == 0 and not not_ok(p0.stdout) and len(oks(p0.stdout)) > 0,
          "without faults every check of sgi_smp passes", p0.stdout + p0.stderr)

    p1, d1 = run(tmp, "delay", ["--fault", "wire=sgi,intid=4,action=delay,delay=%d" % DELAY])
    bad = not_ok(p1.stdout)
    check(p1.returncode == 0 and len(bad) == 1 and HPPIR_CHECK in bad[0],
          "with SGI 4 delayed, only CPU 0's GICC_HPPIR just after the send differs",
          p1.stdout + p1.stderr)
    check(any("CPU 0 acknowledges 0x404, CPUID 1" in l for l in oks(p1.stdout)),
          "the delayed SGI 4 is acknowledged from CPU 1 (GICC_IAR 0x404)", p1.stdout)
    recs = list(records(d1))
    sgir = [r for r in recs if r.event == "gic_write" and r.vcpu == "1" and
            int(r.fields["offset"], 16) == SGIR and int(r.fields["value"], 16) == SGIR_OTHERS_SGI4]
    faults = [r for r in recs if r.event == "fault"]
    hold = faults[0] if faults else None
    release = faults[1] if len(faults) > 1 else None
    check(len(sgir) == 1 and hold is not None and hold.seq == sgir[0].seq + 1 and
          hold.vcpu == "0" and hold.fields["kind"] == "0" and hold.fields["intid"] == "4" and
          hold.fields["target"] == "0" and int(hold.fields["param"]) == DELAY * PS_PER_CYCLE and
          "(hold SGI 4 for %d ps, plan fault 0)" % (DELAY * PS_PER_CYCLE) in hold.text,
          "CPU 1's GICD_SGIR write is followed by the hold of SGI 4 on vCPU 0, by the delay",
          repr(sgir) + "\n" + repr(faults[:2]))
    check(len(faults) == 2 and release is not None and release.vcpu == "0" and
          release.fields["kind"] == "1" and release.fields["intid"] == "4" and
          DELAY * PS_PER_CYCLE <= release.time_ps - hold.time_ps <= (DELAY + BLOCK_MAX) * PS_PER_CYCLE and
          int(release.fields["param"]) == release.time_ps - hold.time_ps and
          "(release SGI 4 held" in release.text,
          "SGI 4 is released once, after the delay and within a block of it", repr(faults))
    rise = [r for r in recs if r.event == "line" and r.vcpu == "0" and r.fields["line"] == "0" and
            r.fields["level"] == "1" and hold is not None and r.seq > hold.seq]
    check(release is not None and rise and rise[0].seq == release.seq + 1 and
          rise[0].time_ps == release.time_ps,
          "CPU 0's IRQ line rises at the release, not before", repr(rise[:1]))

    p2, d2 = run(tmp, "duplicate", ["--fault", "wire=sgi,intid=4,action=duplicate,gap=0"])
    dup = [r for r in records(d2) if r.event == "fault"]
    check(p2.returncode == 0 and not not_ok(p2.stdout),
          "a duplicate of SGI 4 with no gap merges: every check passes", p2.stdout + p2.stderr)
    check(len(dup) == 1 and dup[0].fields["kind"] == "3" and dup[0].fields["intid"] == "4" and
          dup[0].vcpu == "0" and "(duplicate SGI 4 after a gap of 0 ps" in dup[0].text,
          "the trace holds the duplicate of SGI 4 on vCPU 0", repr(dup))

    p3 = subprocess.run([a.hypsim, "run", "-smp", "2", "--serial", "null", "--fault",
                         "wire=sgi,intid=16,action=drop", a.image],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    check(p3.returncode == 2 and
          "--fault 1: intid: '16' is not an SGI: give 0 to 15, or all" in p3.stderr,
          "a malformed sgi fault is a usage error naming the field", p3.stderr)

finish()
