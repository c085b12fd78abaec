#!/usr/bin/env python3
"""The acceptance of README.md's "The 2012 VGIC race, made to happen", on a small
grid: holding the Nth maintenance interrupt until vCPU 0 reaches
vgic_sync_to_cpu_clear finds a critical-window race in every run of the reviewed
build and in none of the fixed one. Prints TAP."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

PLAN = """[fault window]
wire = maintenance
action = delay
delay = until:vgic_sync_to_cpu_clear
trigger = nth:${n}
"""


def campaign(hypsim, image, out, plan):
    cmd = [hypsim, "campaign", "--plan", plan, "--param", "n=1:6:1", "--races",
           "critical-window", "-j", "2", "--out", out, image, "--",
           "--race-window", "vgic_sync_to_cpu_clear"]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=300)
    with open(os.path.join(out, "summary.json")) as f:
        return p, json.load(f)


def with_race(summary):
    return sum(1 for r in summary["runs"] if r.get("races"))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hypsim", required=True)
    ap.add_argument("--reviewed", required=True)
    ap.add_argument("--fixed", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        plan = os.path.join(d, "window.plan")
        with open(plan, "w") as f:
            f.write(PLAN)
        _, rev = campaign(a.hypsim, a.reviewed, os.path.join(d, "reviewed"), plan)
        _, fix = campaign(a.hypsim, a.fixed, os.path.join(d, "fixed"), plan)
    checks = [
        ("the reviewed build ran 6 runs", len(rev["runs"]) == 6),
        ("every run of the reviewed build found the critical-window race",
         with_race(rev) == 6),
        ("the fixed build ran 6 runs", len(fix["runs"]) == 6),
        ("no run of the fixed build found it", with_race(fix) == 0),
    ]
    print("1..%d" % len(checks))
    for i, (name, ok) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
