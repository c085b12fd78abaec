#!/usr/bin/env python3
"""Runs a guest twice with the same options and requires identical results: UART
output, the per-vCPU counts of -v (instructions, cycles, idle time, exceptions,
MMIO accesses) and the whole event log (as `hypsim trace dump` prints it).
Prints TAP."""
import argparse
import os
import subprocess
import sys
import tempfile


def run(hypsim, image, smp, quantum, log):
    cmd = [hypsim, "run", "-v", "-smp", str(smp), "--quantum", str(quantum),
           "--trace", log, image]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    dump = subprocess.run([hypsim, "trace", "dump", log], capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr, dump.returncode, dump.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hypsim", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--quantum", type=int, default=10000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        r1 = run(a.hypsim, a.image, a.smp, a.quantum, os.path.join(d, "1.hst"))
        r2 = run(a.hypsim, a.image, a.smp, a.quantum, os.path.join(d, "2.hst"))
    checks = [
        ("the first run powers off", r1[0] == 0),
        ("the second run powers off", r2[0] == 0),
        ("the UART output is identical", r1[1] == r2[1]),
        ("the per-vCPU counts are identical", r1[2] == r2[2]),
        ("the event logs read back", r1[3] == 0 and r2[3] == 0),
        ("the event logs are identical", r1[4] == r2[4] and len(r1[4]) > 0),
    ]
    print("1..%d" % len(checks))
    for i, (name, ok) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not checks[3][1]:
        for line in (r1[2] + b"\n---\n" + r2[2]).decode(errors="replace").splitlines():
            print("# " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
