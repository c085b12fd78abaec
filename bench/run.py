#!/usr/bin/env python3
"""Runs the bench workloads side by side on hypsim, raw Unicorn (uc-raw) and qemu-system-arm.

Every workload runs --runs times on every engine, interleaved (run 1 on each engine, then
run 2 on each, ...) so that a disturbance on the host hits all engines alike; medians are
reported. Wall time is measured around the whole process; the median wall time of the
`empty` image (which powers off at once) on the same engine is subtracted as its start-up
cost. MIPS = instructions / (median wall - start-up), with the instruction count of hypsim
-v at the default quantum (minus the empty image's) used for every engine.

The event workloads (virq_rt, mmio_trap) are timed per event instead: microseconds per
virtual-interrupt round trip or per trapped MMIO access = (median wall - start-up) / the
number of events the workload reports. They need a GIC and stage 2, so uc-raw does not run
them; hypsim runs them also with every event traced (--trace to a file in --trace-dir),
with the race checkers (--check-races), and from a build without trace points
(--build-notrace, configured with -Dc_args=-DHS_TRACE_DISABLED).

    bench/run.py --build BUILD [--build-201 BUILD2] [--build-notrace BUILD3] [--runs 5]
                 [--write-readme]

BUILD is a meson build directory holding hypsim, bench/uc-raw and bench/*.elf; BUILD2 an
optional second one configured with -Dunicorn=system (Debian's Unicorn 2.0.1).
Exit status: 0 all runs agreed, 1 a run failed or engines disagreed, 2 usage error.
"""

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(HERE, 'README.md')
BEGIN = '<!-- bench-results:begin (bench/run.py --write-readme rewrites this part) -->'
END = '<!-- bench-results:end -->'

WORKLOADS = ['alu', 'compute', 'stores']
# Workloads timed per event: name -> (the event, singular and plural).
EVENT_WORKLOADS = {'virq_rt': ('round trip', 'round trips'),
                   'mmio_trap': ('access', 'trapped accesses')}
DEFAULT_QUANTUM = 10000  # hypsim run --help
EXEC_FLAG = '--exec-on-fetch'
EXEC_LABEL = f'uc-raw {EXEC_FLAG}'
EXEC_COUNT_LABEL = f'uc-raw --count {EXEC_FLAG}'

QEMU_ARGS = ['-M', 'virt,virtualization=on,gic-version=2', '-cpu', 'cortex-a15', '-m', '128M',
             '-nographic', '-monitor', 'none', '-serial', 'stdio', '-kernel']

CHECKSUM_RE = re.compile(r'bench (\S+) iterations (\d+) checksum (0x[0-9a-f]{8})')
HYPSIM_INSNS_RE = re.compile(r'^vcpu0:.*\binsns (\d+)', re.M)
UCRAW_RE = re.compile(r'^uc-raw: insns (\d+|not-counted) run_s ([0-9.]+)', re.M)


class Engine:
    """One way of running an image: a label, a command line and what its output tells."""

    def __init__(self, label, argv, kind, group, scope='all', trace_path=None):
        self.label = label
        self.argv = argv        # the image path is appended
        self.kind = kind        # 'hypsim', 'uc-raw' or 'qemu'
        self.group = group      # the Unicorn flavour, or 'qemu'
        self.scope = scope      # the workloads it runs: 'all', 'mips' or 'events'
        self.trace_path = trace_path    # the --trace file in argv, removed after each run

    nice = 0

    def runs(self, workload):
        if workload == 'empty' or self.scope == 'all':
            return True
        return (self.scope == 'events') == (workload in EVENT_WORKLOADS)

    def run(self, image, timeout):
        if self.trace_path and os.path.exists(self.trace_path):
            os.unlink(self.trace_path)
        # Runs are sequential, so the children's rusage grows by this child's alone.
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(self.argv + [image], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=timeout,
                           preexec_fn=(lambda: os.nice(self.nice)) if self.nice else None)
        wall = time.perf_counter() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        out = {'wall': wall, 'cpu': cpu, 'rc': p.returncode, 'stdout': p.stdout,
               'stderr': p.stderr, 'checksum': None, 'insns': None, 'inproc': None,
               'iterations': None, 'trace_bytes': None}
        if self.trace_path and os.path.exists(self.trace_path):
            out['trace_bytes'] = os.path.getsize(self.trace_path)
            os.unlink(self.trace_path)
        m = CHECKSUM_RE.search(p.stdout)
        if m:
            out['checksum'] = m.group(3)
            out['iterations'] = int(m.group(2))
        if self.kind == 'hypsim':
            m = HYPSIM_INSNS_RE.search(p.stderr)
            if m:
                out['insns'] = int(m.group(1))
        elif self.kind == 'uc-raw':
            m = UCRAW_RE.search(p.stderr)
            if m:
                if m.group(1) != 'not-counted':
                    out['insns'] = int(m.group(1))
                out['inproc'] = float(m.group(2))
        return out


def first_line(argv):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return 'unknown'


def machine_info(args, builds):
    cpu = 'unknown'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    deb = first_line(['dpkg-query', '-W', '-f=${Version}', 'libunicorn-dev'])
    src = first_line(['git', '-C', os.path.dirname(HERE), 'describe', '--always', '--dirty'])
    info = {
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        'cpu': cpu,
        'source': src,
        'cores': os.cpu_count(),
        'kernel': platform.release(),
        'python': platform.python_version(),
        'qemu': first_line([args.qemu, '--version']) if args.qemu else 'not run',
        'debian_libunicorn_dev': deb,
        'guest_gcc': first_line(['arm-none-eabi-gcc', '--version']),
        'unicorn': {flavour: first_line([os.path.join(d, 'bench', 'uc-raw'), '--version'])
                    for flavour, d in builds},
        'runs': args.runs,
        'nice': args.nice,
        'loadavg_before': os.getloadavg(),
    }
    return info


NOTRACE_TAG = ' [no trace points]'
TRACE_ALL_LABEL = 'hypsim --trace all'
RACES_LABEL = 'hypsim --check-races'
SYSTEMC_LABEL = 'hypsim --kernel systemc'


def build_engines(args, builds):
    engines = []
    for n, (flavour, d) in enumerate(builds):
        hypsim = os.path.join(d, 'hypsim')
        ucraw = os.path.join(d, 'bench', 'uc-raw')
        tag = '' if n == 0 else f' [{unicorn_version(d) or flavour}]'
        engines.append(Engine(f'hypsim{tag}', [hypsim, 'run', '-v'], 'hypsim', flavour))
        if n == 0:
            for q in args.quanta:
                engines.append(Engine(f'hypsim q={q}', [hypsim, 'run', '-v', '--quantum', str(q)],
                                      'hypsim', flavour, scope='mips'))
            if args.build_notrace:
                engines.append(Engine(f'hypsim{NOTRACE_TAG}',
                                      [os.path.join(args.build_notrace, 'hypsim'), 'run', '-v'],
                                      'hypsim', flavour))
            trace = os.path.join(args.trace_dir, f'bench-run-{os.getpid()}.hst')
            engines.append(Engine(TRACE_ALL_LABEL,
                                  [hypsim, 'run', '-v', '--trace', trace, '--trace-events', 'all'],
                                  'hypsim', flavour, scope='events', trace_path=trace))
            engines.append(Engine(RACES_LABEL, [hypsim, 'run', '-v', '--check-races'],
                                  'hypsim', flavour, scope='events'))
            if has_systemc(d):
                engines.append(Engine(SYSTEMC_LABEL, [hypsim, 'run', '-v', '--kernel', 'systemc'],
                                      'hypsim', flavour, scope='mips'))
        engines.append(Engine(f'uc-raw{tag}', [ucraw], 'uc-raw', flavour, scope='mips'))
        engines.append(Engine(f'uc-raw --count{tag}', [ucraw, '--count'], 'uc-raw', flavour,
                              scope='mips'))
        if n == 0:
            # hypsim maps RAM executable page by page (cpu/code_pages.c); uc-raw can too,
            # to tell that gain from the cost of hypsim's hooks.
            engines.append(Engine(EXEC_LABEL, [ucraw, EXEC_FLAG], 'uc-raw', flavour, scope='mips'))
            engines.append(Engine(EXEC_COUNT_LABEL, [ucraw, '--count', EXEC_FLAG], 'uc-raw',
                                  flavour, scope='mips'))
    if args.qemu:
        engines.append(Engine('qemu', [args.qemu] + QEMU_ARGS, 'qemu', 'qemu'))
    return engines


def measure(args, engines, builds):
    """Returns {workload: {engine label: [run result, ...]}} and a list of problems."""
    results = {}
    problems = []
    elf_dir = os.path.join(builds[0][1], 'bench')
    for w in ['empty'] + args.workloads:
        image = os.path.join(elf_dir, w + '.elf')
        results[w] = {e.label: [] for e in engines if e.runs(w)}
        for rep in range(args.runs):
            for e in engines:
                if not e.runs(w):
                    continue
                try:
                    r = e.run(image, args.timeout)
                except subprocess.TimeoutExpired:
                    problems.append(f'{w} on {e.label}: no exit within {args.timeout} s')
                    r = None
                if r is not None and (r['rc'] != 0 or r['checksum'] is None):
                    problems.append(f'{w} on {e.label}: exit status {r["rc"]}, '
                                    f'stdout {r["stdout"]!r}, stderr {r["stderr"]!r}')
                    r = None
                if r is not None:
                    results[w][e.label].append(r)
                if not args.quiet:
                    wall = f'{r["wall"]:.3f} s' if r else 'FAILED'
                    print(f'  {w:8} run {rep + 1}/{args.runs} {e.label:22} {wall}',
                          file=sys.stderr, flush=True)
    return results, problems


def summarize(results, engines, workloads):
    """Medians, start-up subtraction, MIPS or time per event, and the consistency checks."""
    problems = []
    ref = engines[0].label  # hypsim at the default quantum on the first build
    startup, startup_cpu = {}, {}
    for e in engines:
        walls = [r['wall'] for r in results['empty'][e.label]]
        startup[e.label] = statistics.median(walls) if walls else None
        cpus = [r['cpu'] for r in results['empty'][e.label]]
        startup_cpu[e.label] = statistics.median(cpus) if cpus else None
    empty_insns = [r['insns'] for r in results['empty'][ref] if r['insns'] is not None]
    empty_insns = empty_insns[0] if empty_insns else 0

    summary = {'startup': startup, 'startup_cpu': startup_cpu, 'workloads': {}}
    for w in workloads:
        runs = results[w]
        ran = [e for e in engines if e.label in runs]
        ref_counts = sorted({r['insns'] for r in runs[ref] if r['insns'] is not None})
        if len(ref_counts) != 1:
            problems.append(f'{w}: hypsim reported instruction counts {ref_counts}')
            continue
        insns = ref_counts[0]
        net_insns = insns - empty_insns
        qemu_sums = {r['checksum'] for r in runs.get('qemu', [])}
        all_sums = {r['checksum'] for e in ran for r in runs[e.label]}
        if len(all_sums) > 1:
            detail = {e.label: sorted({r['checksum'] for r in runs[e.label]}) for e in ran}
            problems.append(f'{w}: the engines disagree on the checksum: {detail}')
        ws = {'insns': insns, 'net_insns': net_insns,
              'checksum': (sorted(qemu_sums) or sorted(all_sums) or [None])[0],
              'engines': {}}
        events = None
        if w in EVENT_WORKLOADS:
            counts = sorted({r['iterations'] for e in ran for r in runs[e.label]})
            if len(counts) != 1:
                problems.append(f'{w}: the engines report event counts {counts}')
            events = counts[0] if counts else None
            ws['events'] = events
            ws['insns_per_event'] = net_insns / events if events else None
        for e in ran:
            rs = runs[e.label]
            counts = {r['insns'] for r in rs if r['insns'] is not None}
            if counts and counts != {insns}:
                problems.append(f'{w}: {e.label} counted {sorted(counts)} instructions, '
                                f'{ref} {insns}')
            if not rs:
                continue
            walls = [r['wall'] for r in rs]
            med = statistics.median(walls)
            net = med - startup[e.label] if startup[e.label] is not None else None
            es = {'wall_median': med, 'wall_min': min(walls), 'wall_max': max(walls),
                  'startup': startup[e.label], 'net': net,
                  'mips': net_insns / net / 1e6 if net and net > 0 else None,
                  'spread': (max(walls) - min(walls)) / med}
            cpus = [r['cpu'] for r in rs]
            es['cpu_median'] = statistics.median(cpus)
            net_cpu = es['cpu_median'] - (startup_cpu[e.label] or 0)
            es['net_cpu'] = net_cpu
            es['cpu_mips'] = net_insns / net_cpu / 1e6 if net_cpu > 0 else None
            es['cpu_spread'] = (max(cpus) - min(cpus)) / es['cpu_median']
            if events:
                es['us'] = net * 1e6 / events if net and net > 0 else None
                es['cpu_us'] = net_cpu * 1e6 / events if net_cpu > 0 else None
                sizes = [r['trace_bytes'] for r in rs if r['trace_bytes'] is not None]
                if sizes:
                    es['trace_bytes_per_event'] = statistics.median(sizes) / events
            inproc = [r['inproc'] for r in rs if r['inproc'] is not None]
            if inproc:
                es['inproc_median'] = statistics.median(inproc)
                es['inproc_mips'] = insns / es['inproc_median'] / 1e6
            ws['engines'][e.label] = es
        summary['workloads'][w] = ws
    return summary, problems


def fmt_mips(v):
    if v is None:
        return 'n/a'
    return f'{v:,.0f}' if v >= 100 else f'{v:.1f}'


def ratio(a, b):
    if a is None or b is None or not b:
        return 'n/a'
    return f'{a / b:.2f}'


def markdown(info, engines, summary, workloads, problems):
    L = []
    L.append(f'Measured {info["date"]} on {info["cpu"]}, {info["cores"]} cores, Linux '
             f'{info["kernel"]}; {info["runs"]} runs per engine and workload, medians; '
             f'load average before the runs {", ".join(f"{x:.2f}" for x in info["loadavg_before"])}'
             f', after {", ".join(f"{x:.2f}" for x in info["loadavg_after"])}'
             + (f'; engines run at nice {info["nice"]:+d}' if info['nice'] else '') + '.')
    L.append('')
    for flavour, v in info['unicorn'].items():
        L.append(f'- Unicorn, `{flavour}` build: {v}')
    L.append(f'- Debian libunicorn-dev: {info["debian_libunicorn_dev"]}')
    L.append(f'- QEMU: {info["qemu"]}')
    L.append(f'- hypsim source: `{info["source"]}` (git describe --dirty)')
    if info.get('notrace_build'):
        L.append(f'- `hypsim{NOTRACE_TAG}`: hypsim of a build configured with '
                 '`-Dc_args=-DHS_TRACE_DISABLED` (traces/trace.h: every HS_TRACE compiled out)')
    L.append(f'- guest compiler: {info["guest_gcc"]}')
    L.append('')
    all_wls = [w for w in workloads if w in summary['workloads']]
    wls = [w for w in all_wls if w not in EVENT_WORKLOADS]
    ev_wls = [w for w in all_wls if w in EVENT_WORKLOADS]
    L.append('Instructions per workload (hypsim -v at the default quantum, less the '
             f'{summary.get("empty_insns", "few")} of the empty image) and the checksum '
             'every engine printed:')
    L.append('')
    L.append('| workload | instructions | checksum |')
    L.append('|---|---:|---|')
    for w in all_wls:
        ws = summary['workloads'][w]
        ev = ''
        if w in EVENT_WORKLOADS and ws.get('events'):
            ev = (f' ({ws["events"]:,} {EVENT_WORKLOADS[w][1]}, '
                  f'{ws["insns_per_event"]:.1f} per {EVENT_WORKLOADS[w][0]})')
        L.append(f'| {w} | {ws["net_insns"]:,}{ev} | {ws["checksum"]} |')
    L.append('')
    if wls:
        mips_markdown(L, engines, summary, wls, info)
    if ev_wls:
        events_markdown(L, engines, summary, ev_wls)
    if problems:
        L.append('Problems in this run:')
        L.append('')
        for p in problems:
            L.append(f'- {p}')
        L.append('')
    return '\n'.join(L)


def mips_markdown(L, engines, summary, wls, info):
    engines = [e for e in engines if e.scope != 'events']
    L.append('MIPS by wall time: instructions / (median wall time - the engine\'s start-up), '
             'start-up being the median wall time of the `empty` image on that engine. '
             'In brackets, MIPS by CPU time (user + system of the process, less the empty '
             'image\'s), which other load on the host disturbs less:')
    L.append('')
    L.append('| engine | start-up s | ' + ' | '.join(f'{w} MIPS' for w in wls) + ' |')
    L.append('|---|---:|' + '---:|' * len(wls))
    for e in engines:
        st = summary['startup'].get(e.label)
        cells = []
        for w in wls:
            es = summary['workloads'][w]['engines'].get(e.label)
            cells.append(f'{fmt_mips(es["mips"])} ({fmt_mips(es["cpu_mips"])})' if es
                         else 'failed')
        L.append(f'| {e.label} | ' + (f'{st:.3f}' if st is not None else 'failed') + ' | '
                 + ' | '.join(cells) + ' |')
    L.append('')
    L.append('Median wall time in seconds (start-up included) and the spread of the runs, '
             '(max - min) / median:')
    L.append('')
    L.append('| engine | ' + ' | '.join(f'{w} s | spread' for w in wls) + ' |')
    L.append('|---|' + '---:|---:|' * len(wls))
    for e in engines:
        cells = []
        for w in wls:
            es = summary['workloads'][w]['engines'].get(e.label)
            cells += [f'{es["wall_median"]:.3f}', f'{es["spread"] * 100:.0f}%'] if es \
                else ['failed', '']
        L.append(f'| {e.label} | ' + ' | '.join(cells) + ' |')
    L.append('')
    inproc_rows = [e for e in engines if e.kind == 'uc-raw']
    if inproc_rows:
        L.append('uc-raw\'s own timing of its single `uc_emu_start` (no process start, no '
                 'image loading), MIPS:')
        L.append('')
        L.append('| engine | ' + ' | '.join(wls) + ' |')
        L.append('|---|' + '---:|' * len(wls))
        for e in inproc_rows:
            cells = []
            for w in wls:
                es = summary['workloads'][w]['engines'].get(e.label)
                cells.append(fmt_mips(es.get('inproc_mips')) if es else 'failed')
            L.append(f'| {e.label} | ' + ' | '.join(cells) + ' |')
        L.append('')

    def mips(w, label, key='mips'):
        es = summary['workloads'][w]['engines'].get(label)
        return es[key] if es else None

    def ratios(w, a, b):
        return f'{ratio(mips(w, a), mips(w, b))} ({ratio(mips(w, a, "cpu_mips"), mips(w, b, "cpu_mips"))})'

    pairs = [('hypsim', 'uc-raw'), ('hypsim', 'uc-raw --count'), ('hypsim', EXEC_LABEL),
             ('hypsim', EXEC_COUNT_LABEL), (EXEC_LABEL, 'uc-raw'), ('hypsim', 'qemu'),
             ('uc-raw', 'qemu'), ('hypsim', f'hypsim{NOTRACE_TAG}'), (SYSTEMC_LABEL, 'hypsim')]
    if info.get('second_tag'):
        t = info['second_tag']
        pairs += [('hypsim', 'hypsim' + t), ('uc-raw', 'uc-raw' + t),
                  ('hypsim' + t, 'uc-raw' + t), ('hypsim' + t, 'qemu')]
    labels = {e.label for e in engines}
    L.append('Ratios of MIPS (A / B), by wall time and (in brackets) by CPU time:')
    L.append('')
    L.append('| A / B | ' + ' | '.join(wls) + ' |')
    L.append('|---|' + '---:|' * len(wls))
    for a, b in pairs:
        if a in labels and b in labels:
            L.append(f'| {a} / {b} | ' + ' | '.join(ratios(w, a, b) for w in wls) + ' |')
    L.append('')
    if 'compute' in summary['workloads'] and 'uc-raw' in labels:
        r = [mips('compute', 'hypsim', k) / mips('compute', 'uc-raw', k)
             for k in ('mips', 'cpu_mips')
             if mips('compute', 'hypsim', k) and mips('compute', 'uc-raw', k)]
        if len(r) == 2:
            L.append('Issue 4 target (compute: hypsim at the default quantum keeps >= 85% of '
                     f'uc-raw\'s MIPS): {r[0] * 100:.0f}% by wall time, '
                     f'{"met" if r[0] >= 0.85 else "NOT met"}; {r[1] * 100:.0f}% by CPU time, '
                     f'{"met" if r[1] >= 0.85 else "NOT met"}.')
            L.append('')
    if 'compute' in summary['workloads'] and EXEC_LABEL in labels:
        r = [mips('compute', 'hypsim', k) / mips('compute', EXEC_LABEL, k)
             for k in ('mips', 'cpu_mips')
             if mips('compute', 'hypsim', k) and mips('compute', EXEC_LABEL, k)]
        if len(r) == 2:
            L.append(f'Against `{EXEC_LABEL}` (RAM mapped as hypsim maps it, so that only '
                     f'hypsim\'s own costs count): {r[0] * 100:.0f}% by wall time, '
                     f'{r[1] * 100:.0f}% by CPU time.')
            L.append('')
    if 'compute' in summary['workloads'] and SYSTEMC_LABEL in labels:
        r = [mips('compute', SYSTEMC_LABEL, k) / mips('compute', 'hypsim', k)
             for k in ('mips', 'cpu_mips')
             if mips('compute', SYSTEMC_LABEL, k) and mips('compute', 'hypsim', k)]
        if len(r) == 2:
            L.append('Issue 9 target (compute at the default quantum: the SystemC kernel within '
                     f'10% of the native one): {r[0] * 100:.0f}% of its MIPS by wall time, '
                     f'{"met" if r[0] >= 0.9 else "NOT met"}; {r[1] * 100:.0f}% by CPU time, '
                     f'{"met" if r[1] >= 0.9 else "NOT met"}.')
            L.append('')


def fmt_us(v):
    if v is None:
        return 'n/a'
    return f'{v:.2f}' if v < 10 else f'{v:.1f}'


def events_markdown(L, engines, summary, wls):
    """Time per event of the event workloads, and what tracing costs on them."""
    engines = [e for e in engines if e.scope != 'mips']
    labels = {e.label for e in engines}

    def get(w, label, key):
        es = summary['workloads'][w]['engines'].get(label)
        return es.get(key) if es else None

    heads = [f'{w} µs per {EVENT_WORKLOADS[w][0]}' for w in wls]
    L.append('Time per event: (median wall time - the engine\'s start-up) / events, in '
             'microseconds; in brackets the same by CPU time (user + system, less the empty '
             'image\'s):')
    L.append('')
    L.append('| engine | start-up s | ' + ' | '.join(heads) + ' |')
    L.append('|---|---:|' + '---:|' * len(wls))
    for e in engines:
        st = summary['startup'].get(e.label)
        cells = [f'{fmt_us(get(w, e.label, "us"))} ({fmt_us(get(w, e.label, "cpu_us"))})'
                 if summary['workloads'][w]['engines'].get(e.label) else 'failed' for w in wls]
        L.append(f'| {e.label} | ' + (f'{st:.3f}' if st is not None else 'failed') + ' | '
                 + ' | '.join(cells) + ' |')
    L.append('')
    L.append('Median wall time and CPU time in seconds (start-up included) and their spreads, '
             '(max - min) / median:')
    L.append('')
    L.append('| engine | ' + ' | '.join(f'{w} wall s | spread | CPU s | spread' for w in wls)
             + ' |')
    L.append('|---|' + '---:|---:|---:|---:|' * len(wls))
    for e in engines:
        cells = []
        for w in wls:
            es = summary['workloads'][w]['engines'].get(e.label)
            cells += ([f'{es["wall_median"]:.3f}', f'{es["spread"] * 100:.0f}%',
                       f'{es["cpu_median"]:.3f}', f'{es["cpu_spread"] * 100:.0f}%']
                      if es else ['failed', '', '', ''])
        L.append(f'| {e.label} | ' + ' | '.join(cells) + ' |')
    L.append('')

    def r(w, a, b, key):
        x, y = get(w, a, key), get(w, b, key)
        return x / y if x is not None and y else None

    pairs = [('hypsim', 'qemu', 'hypsim / qemu'),
             (TRACE_ALL_LABEL, 'hypsim', 'every event traced / tracing off'),
             (RACES_LABEL, 'hypsim', 'race checkers / tracing off'),
             ('hypsim', f'hypsim{NOTRACE_TAG}', 'tracing off / no trace points')]
    L.append('Ratios of time per event (A / B; above 1 means A is slower), by wall time and '
             '(in brackets) by CPU time:')
    L.append('')
    L.append('| A / B | | ' + ' | '.join(wls) + ' |')
    L.append('|---|---|' + '---:|' * len(wls))
    for a, b, what in pairs:
        if a in labels and b in labels:
            cells = [f'{ratio(get(w, a, "us"), get(w, b, "us"))} '
                     f'({ratio(get(w, a, "cpu_us"), get(w, b, "cpu_us"))})' for w in wls]
            L.append(f'| {a} / {b} | {what} | ' + ' | '.join(cells) + ' |')
    L.append('')
    sizes = [f'{w} {get(w, TRACE_ALL_LABEL, "trace_bytes_per_event"):.0f} bytes per '
             f'{EVENT_WORKLOADS[w][0]}' for w in wls
             if get(w, TRACE_ALL_LABEL, 'trace_bytes_per_event') is not None]
    if sizes:
        L.append(f'Trace written by `{TRACE_ALL_LABEL}`: ' + ', '.join(sizes) + '.')
        L.append('')
    if 'virq_rt' in wls:
        w = 'virq_rt'
        t = [r(w, TRACE_ALL_LABEL, 'hypsim', k) for k in ('us', 'cpu_us')]
        if None not in t:
            L.append('Issue 6 target, every event on (virq_rt, `--trace FILE --trace-events '
                     f'all` against no `--trace`) under 25%: {(t[0] - 1) * 100:+.0f}% by wall '
                     f'time, {"met" if t[0] < 1.25 else "NOT met"}; {(t[1] - 1) * 100:+.0f}% '
                     f'by CPU time, {"met" if t[1] < 1.25 else "NOT met"}.')
        o = [r(w, 'hypsim', f'hypsim{NOTRACE_TAG}', k) for k in ('us', 'cpu_us')]
        if None not in o:
            L.append('Issue 6 target, tracing off (virq_rt, hypsim against the build without '
                     f'trace points) under 2%: {(o[0] - 1) * 100:+.1f}% by wall time, '
                     f'{(o[1] - 1) * 100:+.1f}% by CPU time; compare with the spread of the '
                     'runs above before reading a few per cent either way.')
        L.append('')


def write_readme(text):
    with open(README) as f:
        old = f.read()
    if BEGIN not in old or END not in old:
        sys.exit(f'run.py: {README} has no results markers ({BEGIN} ... {END})')
    head, rest = old.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(README, 'w') as f:
        f.write(head + BEGIN + '\n\n' + text + '\n' + END + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', required=True, help='meson build directory (the main one)')
    ap.add_argument('--build-201', help='a second build directory, -Dunicorn=system')
    ap.add_argument('--build-notrace',
                    help='a build directory configured with -Dc_args=-DHS_TRACE_DISABLED '
                         '(and the same Unicorn as --build): hypsim without trace points')
    ap.add_argument('--trace-dir', default='/dev/shm' if os.access('/dev/shm', os.W_OK)
                    else tempfile.gettempdir(),
                    help='where `hypsim --trace all` writes its log (removed after each run; '
                         'default /dev/shm, else the temporary directory)')
    ap.add_argument('--qemu', default=shutil.which('qemu-system-arm'),
                    help='qemu-system-arm to compare with (default: from PATH)')
    ap.add_argument('--no-qemu', action='store_true', help='do not run QEMU')
    ap.add_argument('--runs', type=int, default=5, help='runs per engine and workload')
    ap.add_argument('--quanta', default='1000,100000,1000000',
                    help=f'more hypsim quanta to run (the default {DEFAULT_QUANTUM} always runs)')
    ap.add_argument('--workloads', default=','.join(WORKLOADS + list(EVENT_WORKLOADS)))
    ap.add_argument('--timeout', type=float, default=600, help='seconds per run')
    ap.add_argument('--json', help='write every measurement to this file')
    ap.add_argument('--write-readme', action='store_true',
                    help='rewrite the results section of bench/README.md')
    ap.add_argument('--nice', type=int, default=0,
                    help='run the engines at this nice increment (negative needs root): '
                         'less disturbance from other load on a shared machine')
    ap.add_argument('-q', '--quiet', action='store_true')
    args = ap.parse_args()

    if args.no_qemu:
        args.qemu = None
    args.quanta = [int(q) for q in args.quanta.split(',') if q and int(q) != DEFAULT_QUANTUM]
    args.workloads = [w for w in args.workloads.split(',') if w]
    known = WORKLOADS + list(EVENT_WORKLOADS)
    if args.runs < 1 or any(w not in known for w in args.workloads):
        ap.error(f'give --runs >= 1 and workloads among {",".join(known)}')
    builds = [(flavour_of(args.build), os.path.abspath(args.build))]
    if args.build_201:
        builds.append((flavour_of(args.build_201), os.path.abspath(args.build_201)))
    for n, (_, d) in enumerate(builds):
        elfs = [f'bench/{w}.elf' for w in ['empty'] + args.workloads] if n == 0 else []
        for f in ['hypsim', 'bench/uc-raw'] + elfs:
            if not os.path.exists(os.path.join(d, f)):
                ap.error(f'{os.path.join(d, f)} is missing: build it first (ninja -C {d} '
                         'hypsim bench/uc-raw, and the workloads bench/NAME.elf)')
    if args.build_notrace:
        args.build_notrace = os.path.abspath(args.build_notrace)
        if not os.path.exists(os.path.join(args.build_notrace, 'hypsim')):
            ap.error(f'{args.build_notrace}/hypsim is missing: build it first')
        if flavour_of(args.build_notrace) != builds[0][0]:
            ap.error(f'{args.build_notrace} uses Unicorn {flavour_of(args.build_notrace)}, '
                     f'{args.build} {builds[0][0]}: give builds of the same Unicorn')

    Engine.nice = args.nice
    info = machine_info(args, builds)
    info['notrace_build'] = args.build_notrace
    engines = build_engines(args, builds)
    if len(builds) > 1:
        info['second_tag'] = f' [{unicorn_version(builds[1][1]) or builds[1][0]}]'
    results, problems = measure(args, engines, builds)
    info['loadavg_after'] = os.getloadavg()
    summary, more = summarize(results, engines, args.workloads)
    problems += more
    empty = [r['insns'] for r in results['empty'][engines[0].label] if r['insns'] is not None]
    summary['empty_insns'] = empty[0] if empty else 'few'
    text = markdown(info, engines, summary, args.workloads, problems)
    print(text)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'info': info, 'summary': summary, 'problems': problems,
                       'runs': {w: {e: [{k: r[k] for k in ('wall', 'cpu', 'insns', 'inproc', 'checksum',
                                                     'iterations', 'trace_bytes')}
                                        for r in rs] for e, rs in er.items()}
                                for w, er in results.items()}}, f, indent=1)
    if args.write_readme:
        write_readme(text)
    return 1 if problems else 0


def unicorn_version(build):
    """The Unicorn library version bench/uc-raw of BUILD runs on, e.g. '2.0.1'."""
    m = re.search(r'Unicorn (\d+\.\d+\.\d+)',
                  first_line([os.path.join(build, 'bench', 'uc-raw'), '--version']))
    return m.group(1) if m else None


def has_systemc(build):
    """Whether the build has the SystemC kernel, as its hs_config.h records it."""
    try:
        with open(os.path.join(build, 'hs_config.h')) as f:
            return re.search(r'#define HS_HAVE_SYSTEMC 1', f.read()) is not None
    except OSError:
        return False


def flavour_of(build):
    """'pypi' or 'system', as the build's hs_config.h records it."""
    try:
        with open(os.path.join(build, 'hs_config.h')) as f:
            m = re.search(r'HS_UNICORN_FLAVOUR "(\w+)"', f.read())
            return m.group(1) if m else 'unknown'
    except OSError:
        return 'unknown'


if __name__ == '__main__':
    sys.exit(main())
