#!/usr/bin/env python3
"""A run given --dtb records the device tree's SHA-256; replay accepts the same
file and refuses a changed one with exit status 2, naming it. Prints TAP."""
import argparse
import os
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--hypsim", required=True)
ap.add_argument("--image", required=True)
ap.add_argument("--dtc", required=True)
a = ap.parse_args()


def dtb(path, model):
    src = '/dts-v1/; / { model = "%s"; };' % model
    subprocess.run([a.dtc, "-I", "dts", "-O", "dtb", "-o", path, "-"], input=src.encode(),
                   check=True, capture_output=True)


with tempfile.TemporaryDirectory() as d:
    tree, log = os.path.join(d, "t.dtb"), os.path.join(d, "t.hst")
    dtb(tree, "first")
    run = subprocess.run([a.hypsim, "run", "--serial", "null", "--dtb", tree, "--trace", log,
                          a.image], stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    same = subprocess.run([a.hypsim, "replay", log], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    dtb(tree, "second")
    changed = subprocess.run([a.hypsim, "replay", log], stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, timeout=60)
checks = [
    ("the run with --dtb powers off", run.returncode == 0),
    ("replay with the same device tree is identical", same.returncode == 0),
    ("replay with a changed device tree exits 2", changed.returncode == 2),
    ("and names the device tree", "is not the device tree" in changed.stderr),
]
print("1..%d" % len(checks))
for i, (name, ok) in enumerate(checks, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
for line in (same.stdout + same.stderr + changed.stderr).splitlines():
    print("# " + line)
sys.exit(0)
