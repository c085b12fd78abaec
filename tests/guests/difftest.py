#!/usr/bin/env python3
"""Differential test of one guest image: hypsim against qemu-system-arm.

Runs a guest ELF on hypsim (``HYPSIM run [-smp N] IMAGE``: exit status 0 once the guest has
powered off, the guest's UART on stdout) and on qemu-system-arm's virt board with the same
configuration, then prints one TAP document on stdout for meson (``protocol: 'tap'``):

* the guest's own TAP stream from hypsim, renumbered, with its diagnostics; lines that are not
  TAP become comments and a guest "Bail out!" becomes a failed test;
* "hypsim powered the guest off": exit status 0 within the timeout (stderr as diagnostics if
  not);
* "guest TAP stream complete": one plan, matching the number of tests;
* "qemu-system-arm powered the guest off";
* "hypsim UART output identical to qemu-system-arm", apart from the known QEMU deviations of
  the --deviations file, each reported as a "# qemu deviation: REASON" comment, and the known
  limitations of hypsim on the Unicorn it was built with (--limits, "# hypsim limitation:
  REASON"); a failed hypsim test listed in --limits is marked TODO;
* the plan, last.

--no-qemu runs hypsim alone and skips the QEMU checks. --no-hypsim runs the guest on QEMU
alone, as a check of the guest against the reference, and reports QEMU's stream instead; there
a failed test listed in the deviations file is marked TODO (an expected failure).

Exit status: 0 whenever the TAP document was printed, whatever its results; 2 for bad
arguments.

Deviations and limits files: one entry per line, "<prefix><TAB><reason>"; blank lines and lines
starting with '#' are ignored. Where the two outputs differ, a test line (with the comment
lines that follow it) is allowed to differ if, on either side, its description or the line
itself starts with a listed prefix; any other line if both sides start with the prefix.

Python 3 standard library only.
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import signal
import subprocess
import sys

QEMU_MACHINE = ['-M', 'virt,virtualization=on,gic-version=2', '-cpu', 'cortex-a15', '-m', '128M']
# Only the guest's PL011 on stdout: no monitor, no graphical console; QEMU exits with status 0
# when the guest calls PSCI SYSTEM_OFF.
QEMU_IO = ['-nographic', '-monitor', 'none', '-serial', 'stdio']

MAX_DIAG_LINES = 40

TEST_RE = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$')
PLAN_RE = re.compile(r'^1\.\.(\d+)\s*(?:#.*)?$')
BAIL_RE = re.compile(r'^Bail out!\s*(.*)$')
DIRECTIVE_RE = re.compile(r'\s*#\s*((?:SKIP|TODO)\b.*)$', re.IGNORECASE)


class Run:
    """One simulator run: what it printed and how it ended."""

    def __init__(self, name, cmd):
        self.name = name
        self.cmd = cmd
        self.returncode = None
        self.timed_out = False
        self.error = None
        self.stdout = ''
        self.stderr = ''

    def powered_off(self):
        return self.error is None and not self.timed_out and self.returncode == 0

    def failure(self):
        if self.error is not None:
            return f'could not run {self.cmd[0]}: {self.error}'
        if self.timed_out:
            return 'timed out: the guest did not power off'
        return f'exit status {self.returncode}'


def decode(data):
    text = data.decode('utf-8', errors='replace')
    return text.replace('\r\n', '\n').replace('\r', '')


def execute(run, timeout):
    """Runs run.cmd with no stdin; kills its whole process group after timeout seconds."""
    try:
        proc = subprocess.Popen(run.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        run.error = e.strerror or str(e)
        return run
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        run.timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
    run.returncode = proc.returncode
    run.stdout = decode(out)
    run.stderr = decode(err)
    return run


def output_lines(text):
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


def load_deviations(path):
    deviations = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            prefix, tab, reason = line.partition('\t')
            if not tab or not prefix or not reason.strip():
                raise ValueError(f"{path}:{n}: expected '<prefix><TAB><reason>', got {line!r}")
            deviations.append((prefix, reason.strip()))
    return deviations


class Tap:
    """The TAP document this script prints."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def test(self, passed, description, directive=None, diag=()):
        self.count += 1
        if not passed:
            self.failed += 1
        line = f"{'ok' if passed else 'not ok'} {self.count} - {description}"
        if directive:
            line += f' # {directive}'
        print(line)
        for d in diag:
            self.comment(d)

    def comment(self, text):
        print(f'# {text}' if text else '#')

    def line(self, text):
        print(text)

    def finish(self):
        """Prints the plan. The exit status is 0 once the document is complete: meson
        reports a TAP test that exits otherwise as an error rather than a failure."""
        print(f'1..{self.count}')
        sys.stdout.flush()
        return 0


def replay_guest(tap, lines, todo_deviations=()):
    """Re-emits the guest's TAP stream renumbered; returns the problems found in it and
    the number of tests. A failed test matching one of todo_deviations (prefix, reason)
    is marked TODO with the reason."""
    plans, tests, problems = [], 0, []
    for line in lines:
        m = TEST_RE.match(line)
        if m:
            tests += 1
            if m.group(2) is not None and int(m.group(2)) != tests:
                problems.append(f'test {tests} is numbered {m.group(2)}')
            description, directive = m.group(3), None
            d = DIRECTIVE_RE.search(description)
            if d:
                description, directive = description[:d.start()], d.group(1)
            if '#' in description:
                problems.append(f"test {tests}: '#' in the description")
            passed = m.group(1) == 'ok'
            reason = deviation_for(line, todo_deviations)
            if not passed and directive is None and reason is not None:
                directive = f'TODO {reason}'
            tap.test(passed, description, directive)
            continue
        m = PLAN_RE.match(line)
        if m:
            plans.append(int(m.group(1)))
            continue
        m = BAIL_RE.match(line)
        if m:
            tests += 1
            tap.test(False, f'guest bailed out: {m.group(1)}')
            problems.append('the guest bailed out')
            continue
        if line.startswith('#'):
            tap.line(line)
        elif line.strip():
            tap.comment(line)
    if not plans:
        problems.append('no plan')
    elif len(plans) > 1:
        problems.append(f'{len(plans)} plans')
    elif plans[0] != tests:
        problems.append(f'planned {plans[0]} tests, ran {tests}')
    return problems, tests


def run_diag(run):
    diag = [f'command: {" ".join(run.cmd)}', run.failure()]
    err = output_lines(run.stderr)
    if err:
        diag.append('stderr:')
        diag += ['  ' + line for line in err[-MAX_DIAG_LINES:]]
    return diag


def blocks(lines):
    """Splits output into blocks: each TAP test, plan or bail-out line starts one, and the
    lines up to the next such line belong to it."""
    result = [[]]
    for line in lines:
        if TEST_RE.match(line) or PLAN_RE.match(line) or BAIL_RE.match(line):
            result.append([])
        result[-1].append(line)
    return [b for b in result if b]


def deviation_for(line, deviations):
    m = TEST_RE.match(line)
    description = m.group(3) if m else None
    for prefix, reason in deviations:
        if line.startswith(prefix) or (description is not None and description.startswith(prefix)):
            return reason
    return None


def compare(hyp_lines, qemu_lines, deviations):
    """Returns (identical up to deviations, deviation reasons used, diff lines)."""
    if hyp_lines == qemu_lines:
        return True, [], []
    diff = list(difflib.unified_diff(qemu_lines, hyp_lines, 'qemu-system-arm', 'hypsim',
                                     lineterm='', n=1))
    hb, qb = blocks(hyp_lines), blocks(qemu_lines)
    if len(hb) != len(qb):
        return False, [], diff
    used = []
    for h, q in zip(hb, qb):
        if h == q:
            continue
        if TEST_RE.match(h[0]) or TEST_RE.match(q[0]):
            reason = deviation_for(h[0], deviations) or deviation_for(q[0], deviations)
            if reason is None:
                return False, [], diff
            used.append(reason)
            continue
        if len(h) != len(q):
            return False, [], diff
        for hl, ql in zip(h, q):
            if hl == ql:
                continue
            reason = deviation_for(hl, deviations)
            if reason is None or reason != deviation_for(ql, deviations):
                return False, [], diff
            used.append(reason)
    return True, used, diff


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--hypsim', metavar='PATH', help='the hypsim executable')
    ap.add_argument('--qemu', metavar='PATH', help='qemu-system-arm')
    ap.add_argument('--image', metavar='ELF', required=True, help='the guest image')
    ap.add_argument('--smp', metavar='N', type=int, help='number of CPUs (default: 1)')
    ap.add_argument('--timeout', metavar='S', type=float, default=30.0,
                    help='seconds each simulator may run (default: %(default)s)')
    ap.add_argument('--deviations', metavar='FILE', help='known QEMU deviations')
    ap.add_argument('--limits', metavar='FILE',
                    help="known limits of hypsim on this build's Unicorn")
    ap.add_argument('--hypsim-arg', action='append', default=[], metavar='OPTION',
                    help='an option for hypsim run (repeat for several)')
    ap.add_argument('--no-qemu', action='store_true', help='run hypsim only')
    ap.add_argument('--no-hypsim', action='store_true', help='run qemu-system-arm only')
    args = ap.parse_args()

    if args.no_qemu and args.no_hypsim:
        ap.error('--no-qemu and --no-hypsim leave nothing to run')
    if not args.no_hypsim and not args.hypsim:
        ap.error('--hypsim is required unless --no-hypsim')
    if not args.no_qemu and not args.qemu:
        ap.error('--qemu is required unless --no-qemu')
    if args.smp is not None and args.smp < 1:
        ap.error('--smp must be at least 1')
    if not os.path.isfile(args.image):
        ap.error(f'--image {args.image}: no such file')
    deviations, limits = [], []
    for path, label, out in ((args.deviations, 'qemu deviation', deviations),
                             (args.limits, 'hypsim limitation', limits)):
        if not path:
            continue
        try:
            out += [(prefix, f'{label}: {reason}') for prefix, reason in load_deviations(path)]
        except (OSError, ValueError) as e:
            print(f'Bail out! {label} file {path}: {e}')
            return 1

    runs = []
    if not args.no_hypsim:
        smp = ['-smp', str(args.smp)] if args.smp is not None else []
        runs.append(Run('hypsim', [args.hypsim, 'run'] + smp + args.hypsim_arg + [args.image]))
    if not args.no_qemu:
        runs.append(Run('qemu-system-arm', [args.qemu] + QEMU_MACHINE +
                        ['-smp', str(args.smp or 1)] + QEMU_IO + ['-kernel', args.image]))
    with concurrent.futures.ThreadPoolExecutor(len(runs)) as pool:
        list(pool.map(lambda r: execute(r, args.timeout), runs))
    primary = runs[0]
    qemu = None if args.no_qemu else runs[-1]

    tap = Tap()
    tap.comment(f'{os.path.basename(args.image)} on {primary.name}')
    primary_lines = output_lines(primary.stdout)
    problems, ntests = replay_guest(tap, primary_lines,
                                    deviations if args.no_hypsim else limits)

    tap.test(primary.powered_off(), f'{primary.name} powered the guest off',
             diag=[] if primary.powered_off() else run_diag(primary))
    tap.test(not problems, f'guest TAP stream complete ({ntests} test{"" if ntests == 1 else "s"})',
             diag=problems)

    if args.no_hypsim:
        return tap.finish()
    if qemu is None:
        tap.test(True, 'qemu-system-arm powered the guest off', 'SKIP no qemu-system-arm')
        tap.test(True, 'hypsim UART output identical to qemu-system-arm',
                 'SKIP no qemu-system-arm')
        return tap.finish()

    tap.test(qemu.powered_off(), 'qemu-system-arm powered the guest off',
             diag=[] if qemu.powered_off() else run_diag(qemu))
    same, used, diff = compare(primary_lines, output_lines(qemu.stdout), deviations + limits)
    for reason in used:
        tap.comment(reason)
    diag = []
    if not same:
        diag = diff[:MAX_DIAG_LINES]
        if len(diff) > MAX_DIAG_LINES:
            diag.append(f'... {len(diff) - MAX_DIAG_LINES} more diff lines')
    tap.test(same, 'hypsim UART output identical to qemu-system-arm', diag=diag)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
