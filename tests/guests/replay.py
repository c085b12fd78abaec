#!/usr/bin/env python3
"""Records a guest run with every event and the race checkers on, replays the log
and requires it identical; requires `hypsim trace races` on the log to find the
races the run found online; records again with a selection of events, vCPUs and a
time window and replays that. With --image-changed: records from a copy of the
image, changes the copy, and requires replay to refuse it with a message naming
both SHA-256s. Prints TAP."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile


def run(cmd, timeout=120):
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def online_races(stderr):
    """The race lines of run --check-races: '  CHECKER on vCPU N: text'."""
    return sorted(l.strip() for l in stderr.splitlines()
                  if re.match(r"^  [a-z-]+ on vCPU \d+: ", l))


def offline_races(stdout):
    """The race lines of trace races: 'race N: CHECKER on vCPU C: text'."""
    return sorted(re.sub(r"^race \d+: ", "", l) for l in stdout.splitlines()
                  if re.match(r"^race \d+: ", l))


def replays(hypsim, log, checks, what):
    rc, out, err = run([hypsim, "replay", log])
    checks.append(("replay of the log %s is identical" % what,
                   rc == 0 and ": identical: " in out, out + err))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--hypsim", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--hypsim-arg", action="append", default=[],
                    help="an option for every hypsim run (repeat for several)")
    ap.add_argument("--image-changed", action="store_true")
    a = ap.parse_args()
    opts = ["-smp", str(a.smp)] + a.hypsim_arg
    checks = []
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "run.hst")
        if a.image_changed:
            image = os.path.join(d, "image.elf")
            shutil.copyfile(a.image, image)
            rc, _, err = run([a.hypsim, "run", *opts, "--serial", "null",
                              "--trace", log, image])
            checks.append(("the run is recorded", os.path.exists(log), err))
            rc, out, err = run([a.hypsim, "replay", log])
            checks.append(("the replay of the unchanged image is identical",
                           rc == 0 and ": identical: " in out, out + err))
            with open(image, "ab") as f:
                f.write(b"\0")
            rc, out, err = run([a.hypsim, "replay", log])
            checks.append(("the replay of a changed image exits 2", rc == 2, out + err))
            checks.append(("and says the image is not the one recorded, with both hashes",
                           "is not the image this log was recorded with" in err
                           and len(re.findall(r"\b[0-9a-f]{64}\b", err)) == 2, err))
            os.unlink(image)
            rc, out, err = run([a.hypsim, "replay", log])
            checks.append(("the replay of a missing image exits 2 and names it",
                           rc == 2 and image in err, out + err))
        else:
            rc, _, run_err = run([a.hypsim, "run", *opts, "--serial", "null",
                                  "--check-races", "--trace", log, a.image])
            online = online_races(run_err)
            checks.append(("the run is recorded with the race checkers on",
                           os.path.exists(log) and "--check-races" in run_err, run_err))
            replays(a.hypsim, log, checks, "with every event")
            rc, out, err = run([a.hypsim, "trace", "races", log])
            checks.append(("trace races finds the %d races the run found" % len(online),
                           rc == (1 if online else 0) and offline_races(out) == online,
                           out + err + "\n--- the run:\n" + run_err))
            sel = os.path.join(d, "sel.hst")
            rc, _, err = run([a.hypsim, "run", *opts, "--serial", "null",
                              "--trace", sel, "--trace-events", "gic,lr,line,exc,world,race",
                              "--trace-vcpus", "0", "--trace-from", "1us", "--check-races",
                              a.image])
            checks.append(("the run is recorded with a selection", os.path.exists(sel), err))
            replays(a.hypsim, sel, checks, "with a selection of events, vCPUs and time")
    print("1..%d" % len(checks))
    for i, (name, ok, detail) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            for line in detail.splitlines()[:40]:
                print("# " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
