#!/usr/bin/env python3
"""Runs an image with -v and checks vCPU 0's retired-instruction count; prints TAP."""
import argparse
import re
import subprocess
import sys

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--hypsim", required=True)
ap.add_argument("--image", required=True)
ap.add_argument("--insns", type=int, required=True)
a = ap.parse_args()
p = subprocess.run([a.hypsim, "run", "-v", a.image], stdin=subprocess.DEVNULL,
                   capture_output=True, text=True, timeout=60)
m = re.search(r"^vcpu0: .*\binsns (\d+)", p.stderr, re.M)
print("1..2")
print("%s 1 - the image powers off" % ("ok" if p.returncode == 0 else "not ok"))
got = int(m.group(1)) if m else -1
print("%s 2 - vCPU 0 retires %d instructions" % ("ok" if got == a.insns else "not ok", a.insns))
if got != a.insns:
    print("# got %d" % got)
    for line in p.stderr.splitlines():
        print("# " + line)
sys.exit(0)
