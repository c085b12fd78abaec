#!/usr/bin/env python3
"""Runs the systemc-device guest on both embeddings of sc_timer: hypsim run --kernel
systemc with the platform file that names the model's shared object, and sc-embed,
the SystemC program with hypsim in it. Each must power off with the guest's TAP all
ok, and the two UART outputs must be identical (the same schedule: docs/systemc.md).
Prints TAP."""
import argparse
import os
import subprocess
import sys


def run(cmd):
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE='1')
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=60, env=env)
    return p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace')


def tap_ok(out):
    lines = out.splitlines()
    plans = [l for l in lines if l.startswith('1..')]
    tests = [l for l in lines if l.startswith('ok ') or l.startswith('not ok ')]
    return (len(plans) == 1 and tests and int(plans[0][3:]) == len(tests)
            and all(l.startswith('ok ') for l in tests))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--hypsim', required=True)
    ap.add_argument('--platform', required=True)
    ap.add_argument('--embed', required=True)
    ap.add_argument('--image', required=True)
    a = ap.parse_args()
    runs = [('hypsim run --kernel systemc --platform sc-timer.platform',
             run([a.hypsim, 'run', '--kernel', 'systemc', '--platform', a.platform, a.image])),
            ('sc-embed', run([a.embed, a.image]))]
    checks = []
    for name, (rc, out, err) in runs:
        checks.append(('%s powers off' % name, rc == 0, err))
        checks.append(("%s: the guest's tests pass" % name, tap_ok(out), out))
    checks.append(('both print the same', runs[0][1][1] == runs[1][1][1], None))
    print('1..%d' % len(checks))
    for i, (name, ok, detail) in enumerate(checks, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok and detail:
            for line in detail.splitlines():
                print('# ' + line)
    return 0


if __name__ == '__main__':
    sys.exit(main())
