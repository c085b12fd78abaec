#!/usr/bin/env python3
"""`hypsim campaign` over a small grid of maintenance-interrupt delays x seeds on
virq.elf: the summaries (text, CSV, JSON) hold one row per run with its grid
values and seed, runs without races keep only their result, runs with races
keep a reproducer, --fail-on-race agrees with the summary, a job list for GNU
parallel runs through --run-one and --merge, and a template naming an unknown
parameter is an input error naming the run. Prints TAP."""
import argparse
import csv
import json
import os
import shlex
import subprocess
import tempfile

from faulttest import check, finish

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--hypsim", required=True)
ap.add_argument("--image", required=True)
a = ap.parse_args()

PLAN = """[fault late]
wire = maintenance
action = delay
delay = ${delay}
"""


def campaign(*args):
    return subprocess.run([a.hypsim, "campaign"] + list(args), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=100)


with tempfile.TemporaryDirectory() as tmp:
    plan = os.path.join(tmp, "late.plan")
    with open(plan, "w") as f:
        f.write(PLAN)
    out = os.path.join(tmp, "c1")
    p = campaign("--plan", plan, "--param", "delay=0,800", "--seeds", "1-2", "-j", "2",
                 "--no-progress", "--out", out, "--max-insns", "3000000", "--timeout", "60",
                 "--fail-on-race", a.image)
    rows = list(csv.DictReader(open(os.path.join(out, "summary.csv")))) \
        if os.path.exists(os.path.join(out, "summary.csv")) else []
    check(p.returncode in (0, 1) and len(rows) == 4, "a 2 x 2 campaign runs 4 runs",
          p.stdout + p.stderr)
    check([(r["delay"], r["seed"]) for r in rows] == [("0", "1"), ("0", "2"), ("800", "1"),
                                                      ("800", "2")],
          "each CSV row names its grid value and seed", repr(rows))
    check(all(r["status"] == "done" for r in rows), "every run ran to its end",
          repr([r["status"] for r in rows]))
    with_race = [r for r in rows if int(r["races"]) > 0]
    check(p.returncode == (1 if with_race else 0),
          "--fail-on-race: exit status 1 exactly when a run found a race",
          "exit %d, %d runs with races" % (p.returncode, len(with_race)))
    ok = True
    for r in rows:
        d = os.path.join(out, "runs", "%04d" % int(r["run"]))
        kept = os.path.exists(os.path.join(d, "run.hst"))
        ok &= os.path.exists(os.path.join(d, "plan")) and os.path.exists(os.path.join(d, "result"))
        ok &= kept == (int(r["races"]) > 0)
        ok &= os.path.exists(os.path.join(d, "repro.sh")) == kept
        ok &= "delay = %s\n" % r["delay"] in open(os.path.join(d, "plan")).read()
    check(ok, "each run has its plan and result; only runs with races keep a log and repro.sh")
    faulted = [int(r["faults"]) for r in rows]
    check(faulted == [1, 1, 1, 1], "the fault acted once in every run", repr(faulted))
    j = json.load(open(os.path.join(out, "summary.json")))
    check(j["params"] == ["delay"] and len(j["runs"]) == 4 and
          j["runs"][3]["params"] == {"delay": "800"} and j["runs"][3]["seed"] == 2,
          "the JSON summary has the same runs", json.dumps(j)[:400])
    check("delay" in p.stdout and "runs  with-race  races" in p.stdout,
          "the text table goes to stdout", p.stdout)

    out2 = os.path.join(tmp, "c2")
    p = campaign("--plan", plan, "--param", "delay=0:100:100", "--out", out2, "--jobs",
                 "parallel", a.image)
    jobs = open(os.path.join(out2, "jobs.txt")).read().splitlines() \
        if os.path.exists(os.path.join(out2, "jobs.txt")) else []
    check(p.returncode == 0 and len(jobs) == 2 and "campaign --run-one" in jobs[0],
          "--jobs parallel writes one job per run", p.stdout + p.stderr)
    for line in jobs:
        subprocess.run(shlex.split(line), stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=60)
    p = campaign("--merge", out2)
    check(p.returncode == 0 and "2 runs" in p.stdout and "not run yet" not in p.stdout,
          "--merge summarizes the runs the jobs did", p.stdout + p.stderr)
    sb = campaign("--plan", plan, "--param", "delay=5", "--out", os.path.join(tmp, "c3"),
                  "--jobs", "slurm", a.image)
    script = os.path.join(tmp, "c3", "jobs.sbatch")
    check(sb.returncode == 0 and os.path.exists(script) and
          "#SBATCH --array=0-0" in open(script).read(),
          "--jobs slurm writes an array script", sb.stdout + sb.stderr)

    p = campaign("--plan", plan, "--param", "dly=1", "--out", os.path.join(tmp, "c4"), a.image)
    check(p.returncode == 2 and "run 0 (dly=1 seed=1)" in p.stderr and
          "${delay} is not a --param" in p.stderr,
          "a template naming an unknown parameter is an input error naming the run", p.stderr)

finish()
