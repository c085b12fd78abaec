#!/usr/bin/env python3
"""Runs a guest on the native kernel and on the SystemC kernel (--kernel systemc)
with the same options and requires identical results: the exit status, the UART
output, what -v and --check-races print on stderr (per-vCPU instructions, cycles,
idle time, exceptions, MMIO accesses, simulated time, races) and the whole event
log as `hypsim trace dump` prints it. The two kernels run the same schedule
(docs/systemc.md), so any difference is a bug. Prints TAP."""
import argparse
import os
import subprocess
import sys
import tempfile


def run(hypsim, kernel, image, smp, quantum, log):
    cmd = [hypsim, "run", "-v", "--check-races", "--kernel", kernel, "-smp", str(smp),
           "--quantum", str(quantum), "--trace", log, image]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    dump = subprocess.run([hypsim, "trace", "dump", log], capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr, dump.returncode, dump.stdout


def first_difference(a, b):
    la, lb = a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "line %d:\n  native:  %s\n  systemc: %s" % (i + 1, x, y)
    return "native has %d lines, systemc %d" % (len(la), len(lb))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hypsim", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--quantum", type=int, default=10000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        n = run(a.hypsim, "native", a.image, a.smp, a.quantum, os.path.join(d, "native.hst"))
        s = run(a.hypsim, "systemc", a.image, a.smp, a.quantum, os.path.join(d, "systemc.hst"))
    checks = [
        ("the native run powers off", n[0] == 0, None),
        ("the SystemC run exits as the native one (%d, %d)" % (n[0], s[0]), n[0] == s[0], None),
        ("the UART output is identical", n[1] == s[1], (n[1], s[1])),
        ("the per-vCPU counts and races are identical", n[2] == s[2], (n[2], s[2])),
        ("the event logs read back", n[3] == 0 and s[3] == 0, None),
        ("the event logs are identical", n[4] == s[4] and len(n[4]) > 0, (n[4], s[4])),
    ]
    print("1..%d" % len(checks))
    for i, (name, ok, texts) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok and texts:
            for line in first_difference(*texts).splitlines():
                print("# " + line)
    if n[0] != 0 or s[0] != 0:
        for line in (n[2] + b"\n---\n" + s[2]).decode(errors="replace").splitlines():
            print("# " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
