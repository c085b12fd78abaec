#!/usr/bin/env python3
"""Console input end to end: hypsim runs tests/guests/echo.elf with "hello" on
stdin and a trace; the guest must print it back, the log must hold it as
console_input events, and hypsim replay must give it again and match. TAP."""
import argparse
import os
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--hypsim", required=True)
ap.add_argument("--image", required=True)
a = ap.parse_args()
with tempfile.TemporaryDirectory() as d:
    log = os.path.join(d, "echo.hst")
    # The guest says "ready" once its UART is set up; the input follows.
    proc = subprocess.Popen([a.hypsim, "run", "--trace", log, a.image],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    out, err = proc.communicate(input=b"hello", timeout=60)

    class run:
        returncode = proc.returncode
        stdout = first + out

    dump = subprocess.run([a.hypsim, "trace", "dump", "--events", "console_input", log],
                          capture_output=True, text=True, timeout=60)
    replay = subprocess.run([a.hypsim, "replay", log], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=60)
lines = [l for l in dump.stdout.splitlines() if "console_input" in l]
checks = [
    ("the guest powers off", run.returncode == 0),
    ("the guest prints its input back", b"echo: hello" in run.stdout),
    ("the log holds the input as console_input events",
     dump.returncode == 0 and len(lines) >= 1 and "count=5" in lines[0]),
    ("replay gives the input again and matches", replay.returncode == 0),
]
print("1..%d" % len(checks))
for i, (name, ok) in enumerate(checks, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
for line in (dump.stdout + dump.stderr + replay.stdout + replay.stderr).splitlines():
    print("# " + line)
sys.exit(0)
