// End-to-end tests of the trace viewer (docs/viewer.md) in a real browser: Debian's
// Chromium, headless, driven by playwright-core. The logs are real: guest tests run by
// `hypsim run --trace`, and the same log with a race event inserted by viewer_mklog.
// Expected values come from `hypsim trace dump` of the log and from IHI 0048B, never
// from the viewer's own code.
//
// Environment (tests/viewer/meson.build sets it): HYPSIM, VIEWER_MKLOG, GUEST_VIRQ,
// GUEST_SGI_SMP, VIEWER_OUT (a scratch directory); HYPSIM_SCREENSHOT_DIR (default
// VIEWER_OUT/screenshots) receives the screenshots; HYPSIM_CHROMIUM (default
// /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (run through meson test)`);
  return v;
};
const HYPSIM = env('HYPSIM');
const MKLOG = env('VIEWER_MKLOG');
const OUT = env('VIEWER_OUT');
const SHOTS = process.env.HYPSIM_SCREENSHOT_DIR || path.join(OUT, 'screenshots');
const CHROMIUM = process.env.HYPSIM_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

function run(cmd, args, { ok = [0] } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (!ok.includes(r.status)) {
    throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}
const p = (name) => path.join(OUT, name);
// Metadata that would end the page's data block, or run, if the page did not escape it.
const NASTY = '</script><script>window.pwned = 1</script><!-- \u2028 & "quoted" \\';

// ---- `hypsim trace dump`, parsed ----------------------------------------------------------

function dump(log) {
  const lines = run(HYPSIM, ['trace', 'dump', log]).stdout.split('\n').filter((l) => l && !l.startsWith('#'));
  return lines.map((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(-|\d+)\s+(\d+)\s+(\S+)(.*)$/.exec(line);
    assert.ok(m, `dump line: ${line}`);
    const rest = m[6];
    const head = rest.replace(/ \(.*\)$/, '');
    const fields = {};
    const syms = {};
    for (const f of head.matchAll(/ (\w+)=(0x[0-9a-f]+|\d+)( <([^>+]+)[^>]*>)?/g)) {
      fields[f[1]] = Number(BigInt(f[2]));
      if (f[4]) syms[f[1]] = f[4];
    }
    return { line, seq: +m[1], time: +m[2], vcpu: m[3] === '-' ? 255 : +m[3], event: m[5], fields, syms };
  });
}

// ---- IHI 0048B, independently of the viewer ------------------------------------------------

// GICH_LRn, 5.3.8: [31] HW, [30] Grp1, [29:28] State, [27:23] Priority (bits [7:3] of the
// priority), [19] EOI (HW 0), [19:10] PhysicalID (HW 1), [12:10] CPUID (HW 0), [9:0] VirtualID.
const STATE_NAMES = ['invalid', 'pending', 'active', 'pending+active'];
function lrFields(v) {
  const hw = Math.floor(v / 2 ** 31) % 2 === 1;
  return {
    state: STATE_NAMES[Math.floor(v / 2 ** 28) % 4],
    vintid: String(v % 1024),
    pintid: hw ? `pINTID ${Math.floor(v / 1024) % 1024}` : `CPUID ${Math.floor(v / 1024) % 8}`,
    hw: hw ? '1' : '0',
    eoi: hw ? '-' : String(Math.floor(v / 2 ** 19) % 2),
    group: String(Math.floor(v / 2 ** 30) % 2),
    prio: '0x' + ((Math.floor(v / 2 ** 23) % 32) * 8).toString(16).padStart(2, '0'),
  };
}
const hex8 = (v) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
const NLR = 4;                                 // platforms/virt-a15.platform list-registers

// The GICH registers after each record: each changes only through its own events (lr_write,
// lr_state, gich_*), from its reset value (5.3: everything 0, every LR empty in ELRSR).
function expectedStates(recs) {
  const st = new Map();
  const get = (v) => {
    if (!st.has(v)) st.set(v, { lr: Array(NLR).fill(0), HCR: 0, MISR: 0, EISR: 0, ELRSR: 2 ** NLR - 1 });
    return st.get(v);
  };
  return recs.map((r) => {
    if (r.vcpu !== 255) {
      const s = get(r.vcpu);
      const f = r.fields;
      switch (r.event) {
        case 'lr_write': case 'lr_state': s.lr[f.lr] = f.new; break;
        case 'gich_hcr': s.HCR = f.new; break;
        case 'gich_misr': s.MISR = f.new; break;
        case 'gich_eisr': s.EISR = f.new; break;
        case 'gich_elrsr': s.ELRSR = f.new; break;
        default: break;
      }
    }
    return new Map([...st].map(([v, s]) => [v, { ...s, lr: [...s.lr] }]));
  });
}

// ---- the browser ----------------------------------------------------------------------------

let browser;
const problems = [];                          // console errors, page errors, requests elsewhere

async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${url}: console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${url}: page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`${url}: requested ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready',
    await page.evaluate(() => document.getElementById('banner').textContent));
  return page;
}
async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name) });
}
function noProblems() {
  assert.deepEqual(problems.splice(0), []);
}

// The GICH panel of each vCPU of a log (0, or 1 for B) as the page shows it.
function readState(page, run = 0) {
  return page.evaluate((k) => {
    const out = {};
    for (const box of document.querySelectorAll(`#state .vcpu-state[data-run="${k}"]`)) {
      const regs = {};
      for (const tr of box.querySelectorAll('tr[data-reg]')) regs[tr.dataset.reg] = tr.querySelector('.reg-value').textContent;
      const lrs = [...box.querySelectorAll('tr[data-lr]')].map((tr) => Object.fromEntries(
        ['raw', 'state', 'vintid', 'pintid', 'hw', 'eoi', 'group', 'prio'].map((k) => [k, tr.querySelector('.lr-' + k).textContent])));
      out[box.dataset.vcpu] = { regs, lrs };
    }
    return out;
  }, run);
}
// Asserts the panel of a log against expectedStates() after one record.
function assertState(got, want, where) {
  for (const [v, s] of want) {
    const g = got[String(v)];
    assert.ok(g, `vCPU ${v} shown ${where}`);
    for (const reg of ['HCR', 'MISR', 'EISR', 'ELRSR']) assert.equal(g.regs[reg], hex8(s[reg]), `${reg} ${where}`);
    s.lr.forEach((x, l) => assert.deepEqual(g.lrs[l], { raw: hex8(x), ...lrFields(x) }, `LR${l} ${where}`));
  }
}
const cursor = (page) => page.$eval('#seq', (e) => +e.value);

// ---- the logs ---------------------------------------------------------------------------------

let virq, race, raceRecs, seq0, seq1;

before(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  virq = p('virq.hst');
  run(HYPSIM, ['run', '--serial', 'null', '--trace', virq, env('GUEST_VIRQ')]);
  // A race as the spurious-maintenance checker (1) reports one (docs/traces.md, "Race
  // checkers"): seq0 the IRQ entry to Hyp of the maintenance interrupt, seq1 the GICC_IAR
  // read that returned INTID 25, detail 2^64-1 (no record), reported right after seq1.
  // (The guest's maintenance interrupt is not spurious: this log is made for the viewer.)
  const recs = dump(virq);
  const entry = recs.find((r) => r.event === 'exc_entry' && r.fields.type === 4 && r.fields.to_mode === 0x1a);
  seq0 = entry.seq;
  seq1 = recs.find((r) => r.seq > seq0 && r.event === 'gic_read' && r.fields.block === 1 && r.fields.offset === 0xc &&
    r.fields.value % 1024 === 25).seq;
  race = p('race.hst');
  run(MKLOG, ['race', virq, race, '--after', String(seq1), '--seq0', String(seq0), '--seq1', String(seq1),
    '--checker', '1', '--detail', '0xffffffffffffffff', '--meta', `note=${NASTY}`]);
  raceRecs = dump(race);
  run(HYPSIM, ['view', race, '-o', p('race.html')]);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  if (browser) await browser.close();
});

test('the page loads from disk with no console error and loads nothing else', async () => {
  const page = await open('file://' + p('race.html'));
  assert.match(await page.title(), /race\.hst/);
  assert.equal(await page.$eval('#events-note', (e) => e.textContent), `${raceRecs.length} of ${raceRecs.length}`);
  await shot(page, '01-loaded.png');
  await page.close();
  noProblems();
});

test('metadata shows as written, and cannot end the data block or run', async () => {
  const page = await open('file://' + p('race.html'));
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.evaluate(() => window.hsViewer.runs[0].info.meta.note), NASTY);
  await page.close();
  noProblems();
});

test('plays forward at the chosen speed and pauses', async () => {
  const page = await open('file://' + p('race.html'));
  await page.selectOption('#speed', '50');
  const start = await cursor(page);
  await page.click('#play');
  await page.waitForTimeout(600);
  await page.click('#play');
  const stopped = await cursor(page);
  // 50 events a second for about 0.6 s, give or take the machine's load.
  assert.ok(stopped - start >= 5 && stopped - start <= 60, `${start} -> ${stopped}`);
  await page.waitForTimeout(300);
  assert.equal(await cursor(page), stopped, 'paused');
  await page.close();
  noProblems();
});

test('every record reads as `hypsim trace dump` prints it, with symbols', async () => {
  const page = await open('file://' + p('race.html'));
  const rows = await page.evaluate((n) => Array.from({ length: n }, (_, i) => window.hsViewer.rowText(0, i)), raceRecs.length);
  assert.equal(rows.length, raceRecs.length);
  raceRecs.forEach((r, k) => assert.equal(rows[k], r.line, `record ${k}`));
  assert.ok(raceRecs.some((r) => r.syms.pc), 'the dump symbolizes pc fields');
  // The rows on screen too.
  const shown = await page.$$eval('#events-rows .row', (els) => els.map((e) => e.textContent));
  assert.ok(shown.length > 5);
  for (const text of shown) assert.ok(raceRecs.some((r) => r.line === text), text);
  await page.close();
  noProblems();
});

test('stepping forward and back shows the GICH state the log holds', async () => {
  const page = await open('file://' + p('race.html'));
  const want = expectedStates(raceRecs);
  const check = async (k) => {
    assert.equal(await cursor(page), raceRecs[k].seq);
    assertState(await readState(page), want[k], `at seq ${raceRecs[k].seq}`);
  };
  await page.keyboard.press('Home');
  await check(0);
  let shotTaken = false;
  for (let k = 1; k < raceRecs.length; k++) {
    await page.keyboard.press('ArrowRight');
    await check(k);
    const r = raceRecs[k];
    // The guest's acknowledge: the LR state machine shows pending -> active, taken now.
    if (r.event === 'lr_state' && Math.floor(r.fields.new / 2 ** 28) % 4 === 2) {
      assert.equal(await page.$eval('#fsm', (e) => e.dataset.transition), '1>2');
      assert.equal(await page.$eval('#fsm', (e) => e.dataset.strong), 'true');
      assert.ok(await page.$eval('#fsm [data-edge="1>2"]', (e) => e.classList.contains('taken')));
      if (!shotTaken) { await shot(page, '02-lr-active.png'); shotTaken = true; }
    }
  }
  assert.ok(shotTaken, 'the log has a guest acknowledge');
  for (let k = raceRecs.length - 2; k >= 0 && k >= raceRecs.length - 20; k--) {
    await page.keyboard.press('ArrowLeft');
    await check(k);
  }
  await page.close();
  noProblems();
});

test('GICH_VMCR and GICH_APR follow the guest accesses (IHI 0048B 5.3.3, 5.3.7)', async () => {
  const page = await open('file://' + p('race.html'));
  const find = (pred) => raceRecs.find(pred);
  const pmr = find((r) => r.event === 'gic_write' && r.fields.block === 3 && r.fields.offset === 0x4);
  const ctlr = find((r) => r.event === 'gic_write' && r.fields.block === 3 && r.fields.offset === 0x0);
  const ack = find((r) => r.event === 'lr_state' && Math.floor(r.fields.new / 2 ** 28) % 4 === 2);
  const eoi = find((r) => r.event === 'gic_write' && r.fields.block === 3 && r.fields.offset === 0x10);
  const regsAt = async (seq) => {
    await page.fill('#seq', String(seq));
    await page.press('#seq', 'Enter');
    return (await readState(page))[String(ack.vcpu)].regs;
  };
  // GIC-400 reset: VMBP 2 [23:21], VMABP 3 [20:18]; GICV_PMR 0xf8 is VMPriMask 0x1f
  // [31:27]; GICV_CTLR.EnableGrp0 is VMGrp0En [0].
  const reset = 2 * 2 ** 21 + 3 * 2 ** 18;
  assert.equal((await regsAt(pmr.seq - 1)).VMCR, hex8(reset));
  assert.equal((await regsAt(ctlr.seq)).VMCR, hex8(reset + (pmr.fields.value >>> 3) * 2 ** 27 + (ctlr.fields.value & 1)));
  // The acknowledge sets the bit of the group priority, priority >> 3 with the Group 0
  // binary point 2 (5.3.7); the EOI clears it.
  const prio = (Math.floor(ack.fields.new / 2 ** 23) % 32) * 8;
  assert.equal((await regsAt(ack.seq - 1)).APR, hex8(0));
  assert.equal((await regsAt(ack.seq)).APR, hex8(2 ** (prio >> 3)));
  assert.equal((await regsAt(eoi.seq)).APR, hex8(0));
  await page.close();
  noProblems();
});

test('clicking a race jumps to its window and highlights its evidence', async () => {
  const page = await open('file://' + p('race.html'));
  const raceRec = raceRecs.find((r) => r.event === 'race');
  assert.ok(raceRec);
  await page.keyboard.press('End');
  const items = await page.$$('#races li');
  assert.equal(items.length, 1);
  await items[0].click();
  assert.equal(await cursor(page), Math.min(seq0, seq1));
  const detail = await page.$eval('#race-detail', (e) => e.textContent);
  assert.match(detail, /^spurious-maintenance \(checker 1\), reported at seq \d+ on vCPU 0:/);
  assert.match(detail, new RegExp(`spurious-maintenance: taken at seq ${seq0}, acknowledged at seq ${seq1}`));
  assert.match(detail, new RegExp(`seq ${seq0} vCPU 0 exc_entry \\(irq irq->hyp\\)`));
  assert.match(detail, new RegExp(`seq ${seq1} vCPU 0 gic_read \\(GICC_IAR INTID 25\\)`));
  // The timeline shows the window from the first evidence to the report.
  const view = await page.evaluate(() => window.hsViewer.view());
  const t = (s) => raceRecs.find((r) => r.seq === s).time;
  assert.equal(view.axis, 'time');
  assert.ok(view.p0 <= t(seq0) && view.p1 >= t(raceRec.seq), JSON.stringify(view));
  assert.ok(view.p1 - view.p0 < 4 * (t(raceRec.seq) - t(seq0) + 1000), 'zoomed to the window');
  // The evidence rows are marked; the state is the one at the first evidence.
  assert.ok(await page.$(`#events-rows .row.evidence[data-seq="${seq0}"]`));
  const want = expectedStates(raceRecs)[raceRecs.findIndex((r) => r.seq === seq0)].get(0);
  assert.equal((await readState(page))['0'].lrs[0].raw, hex8(want.lr[0]));
  await shot(page, '03-race.png');
  // Scrolled to the second evidence, that row is marked too.
  await page.fill('#seq', String(seq1));
  await page.press('#seq', 'Enter');
  assert.ok(await page.$(`#events-rows .row.evidence[data-seq="${seq1}"]`));
  await page.close();
  noProblems();
});

test('filters by event type, vCPU and vINTID, and steps through the matches', async () => {
  const page = await open('file://' + p('race.html'));
  await page.selectOption('#f-event', 'name:lr_write');
  const lrw = raceRecs.filter((r) => r.event === 'lr_write');
  assert.equal(await page.$eval('#match-count', (e) => e.textContent), `${lrw.length} matches`);
  await page.keyboard.press('Home');
  await page.keyboard.press('n');
  assert.equal(await cursor(page), lrw.find((r) => r.seq > raceRecs[0].seq).seq);
  await page.selectOption('#f-event', '');
  await page.fill('#f-vintid', '42');
  const about42 = raceRecs.filter((r) => (/vINTID 42\b|INTID 42\b/.test(r.line)) ||
    (r.event.startsWith('lr_') && r.fields.old % 1024 === 42 && r.fields.old !== 0));
  const shown = await page.$$eval('#events-rows .row', (els) => els.map((e) => +e.dataset.seq));
  assert.deepEqual(shown, about42.map((r) => r.seq).slice(0, shown.length));
  await page.selectOption('#f-vcpu', '0');
  assert.equal(await page.$eval('#match-count', (e) => e.textContent), `${about42.filter((r) => r.vcpu === 0).length} matches`);
  await shot(page, '04-filter.png');
  await page.close();
  noProblems();
});

// The first sequence number whose records differ in event, vCPU or fields (a pc by its
// symbol), time, cycle and the fields that measure time (docs/viewer.md) aside.
function firstDivergence(ra, rb) {
  for (let k = 0; k < Math.max(ra.length, rb.length); k++) {
    const x = ra[k], y = rb[k];
    if (!x || !y) return (x || y).seq;
    assert.equal(x.seq, y.seq, 'logs without gaps');
    const same = x.event === y.event && x.vcpu === y.vcpu && Object.keys(x.fields).every((f) =>
      ['idle_ps', 'insns', 'cycles'].includes(f) || x.fields[f] === y.fields[f] || (x.syms[f] && x.syms[f] === y.syms[f]));
    if (!same) return x.seq;
  }
  return null;
}

test('two logs of one image side by side, with the first divergence marked', async () => {
  const a = p('sgi-q10000.hst'), b = p('sgi-q1000.hst');
  run(HYPSIM, ['run', '-smp', '2', '--serial', 'null', '--trace', a, env('GUEST_SGI_SMP')]);
  run(HYPSIM, ['run', '-smp', '2', '--quantum', '1000', '--serial', 'null', '--trace', b, env('GUEST_SGI_SMP')]);
  const ra = dump(a), rb = dump(b);
  const div = firstDivergence(ra, rb);
  assert.notEqual(div, null, 'the two runs differ');
  run(HYPSIM, ['view', a, b, '-o', p('compare.html')]);
  const page = await open('file://' + p('compare.html'));
  assert.match(await page.$eval('#banner', (e) => e.textContent), new RegExp(`First divergence at seq ${div}\\.`));
  await page.click('#goto-divergence');
  assert.equal(await cursor(page), div);
  assert.ok(await page.$(`#events-rows .row.divergence[data-seq="${div}"] > div.differs`));
  // Both sides show their own state; the rows are aligned by sequence number.
  assert.equal(await page.$$eval('#state .cmp', (els) => els.length), 2);
  const k = ra.findIndex((r) => r.seq === div);
  assertState(await readState(page, 0), expectedStates(ra)[k], `A at seq ${div}`);
  assertState(await readState(page, 1), expectedStates(rb)[rb.findIndex((r) => r.seq === div)], `B at seq ${div}`);
  const pair = await page.$$eval(`#events-rows .row[data-seq="${div - 1}"] > div`, (els) => els.map((e) => e.title));
  assert.deepEqual(pair, [ra[div - 1].line, rb[div - 1].line]);
  await shot(page, '05-compare.png');
  await page.close();
  noProblems();
});

// The evidence `hypsim trace races` prints for each race it finds: the records after each
// "race N:" line.
function racesEvidence(log) {
  const out = [];
  for (const line of run(HYPSIM, ['trace', 'races', log], { ok: [0, 1] }).stdout.split('\n')) {
    if (/^race \d+: /.test(line)) out.push({ text: line.replace(/^race \d+: /, ''), seqs: [] });
    else if (/^\s+\d+\s+\d+\s+(\d+|-)\s+\d+\s+\w/.test(line) && out.length) out[out.length - 1].seqs.push(+line.trim().split(/\s+/)[0]);
  }
  return out;
}

test('races found by the checkers in a real run with a delayed maintenance interrupt', async () => {
  // docs/faults.md: a maintenance interrupt delayed by 500 cycles is taken again after the
  // hypervisor cleared its cause, which the spurious-maintenance checker reports.
  const log = p('late.hst');
  run(HYPSIM, ['run', '--serial', 'null', '--check-races', '--fault', 'wire=maintenance,action=delay,delay=500',
    '--trace', log, env('GUEST_VIRQ')]);
  const recs = dump(log).filter((r) => r.event === 'race');
  const offline = racesEvidence(log);
  assert.ok(recs.length >= 1, 'the run has races');
  assert.equal(offline.length, recs.length, 'the checkers find offline what they found online');
  run(HYPSIM, ['view', log, '-o', p('late.html')]);
  const page = await open('file://' + p('late.html'));
  // Its fault events read as `hypsim trace dump` prints them (docs/faults.md, "The fault event").
  const all = dump(log);
  const faults = all.map((r, k) => [r, k]).filter(([r]) => r.event === 'fault');
  assert.ok(faults.length >= 2, 'the run has fault events');
  for (const [r, k] of faults) {
    assert.match(r.line, /\((hold|release) PPI 25 .*, plan fault 0\)$/);
    assert.equal(await page.evaluate((n) => window.hsViewer.rowText(0, n), k), r.line, `record ${k}`);
  }
  const items = await page.$$('#races li');
  assert.equal(items.length, recs.length);
  for (let k = 0; k < items.length; k++) {
    await items[k].click();
    const ev = offline[k].seqs;
    assert.equal(await cursor(page), Math.min(...ev), `race ${k + 1} starts at its first evidence`);
    const detail = await page.$eval('#race-detail', (e) => e.textContent);
    assert.match(detail, new RegExp(`^${offline[k].text.split(' on vCPU')[0]} \\(checker ${recs[k].fields.checker}\\)`));
    for (const s of ev) assert.match(detail, new RegExp(`seq ${s} vCPU`));
    // Every evidence record is marked in the list, and nothing else is.
    for (const s of ev) {
      await page.fill('#seq', String(s));
      await page.press('#seq', 'Enter');
      const marked = await page.$$eval('#events-rows .row.evidence', (els) => els.map((e) => +e.dataset.seq));
      assert.ok(marked.includes(s), `race ${k + 1}: seq ${s} marked`);
      for (const m of marked) assert.ok(ev.includes(m), `race ${k + 1}: seq ${m} is not evidence`);
    }
  }
  await shot(page, '06-real-race.png');
  await page.close();
  noProblems();
});

test('the as-reviewed and fixed builds of examples/vgic-2012 side by side', async (t) => {
  const dir = process.env.VGIC2012_DIR;
  const elf = (b) => path.join(dir || '', `vgic-2012-${b}.elf`);
  if (!dir || !fs.existsSync(elf('reviewed')) || !fs.existsSync(elf('fixed'))) {
    t.skip('examples/vgic-2012 is not built');
    return;
  }
  const a = p('vgic-reviewed.hst'), b = p('vgic-fixed.hst');
  run(HYPSIM, ['run', '--serial', 'null', '--check-races', '--trace', a, elf('reviewed')], { ok: [0, 1] });
  run(HYPSIM, ['run', '--serial', 'null', '--check-races', '--trace', b, elf('fixed')], { ok: [0, 1] });
  const ra = dump(a), rb = dump(b);
  const div = firstDivergence(ra, rb);
  run(HYPSIM, ['view', a, b, '-o', p('vgic-2012.html')]);
  const page = await open('file://' + p('vgic-2012.html'));
  if (div === null) {
    assert.match(await page.$eval('#banner', (e) => e.textContent), /hold the same records/);
  } else {
    assert.match(await page.$eval('#banner', (e) => e.textContent), new RegExp(`First divergence at seq ${div}\\.`));
    await page.click('#goto-divergence');
    assert.equal(await cursor(page), div);
    const pair = await page.$$eval(`#events-rows .row[data-seq="${div}"] > div`, (els) => els.map((e) => e.title));
    assert.deepEqual(pair, [ra.find((r) => r.seq === div).line, rb.find((r) => r.seq === div).line]);
  }
  const races = ra.filter((r) => r.event === 'race').length + rb.filter((r) => r.event === 'race').length;
  assert.equal(await page.$$eval('#races li', (els) => els.length), races);
  await shot(page, '07-vgic-2012.png');
  await page.close();
  noProblems();
});

test('a damaged log still shows what was read, and says where it stopped', async () => {
  const cut = p('cut.hst');
  const bytes = fs.readFileSync(race);
  fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
  const r = run(HYPSIM, ['view', cut, '-o', p('cut.html')], { ok: [1] });
  assert.match(r.stderr, /cut\.hst/);
  const page = await open('file://' + p('cut.html'));
  assert.match(await page.$eval('#banner', (e) => e.textContent), /cut\.hst: .*the page shows the records before it/);
  await page.close();
  noProblems();
});

test('--serve serves the page on 127.0.0.1 only to loopback names, until interrupted', async () => {
  const child = spawn(HYPSIM, ['view', race, '--serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (c) => resolve(c)));
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(buf); if (m) resolve(m[1]); });
    child.on('exit', (c) => reject(new Error(`hypsim view --serve exited ${c}`)));
    setTimeout(() => reject(new Error('no URL within 20 s')), 20000);
  });
  try {
    const get = (opts) => new Promise((resolve, reject) => {
      const u = new URL(url);
      const req = http.request({ host: u.hostname, port: u.port, path: '/', method: 'GET', ...opts }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal((await get({})).body, fs.readFileSync(p('race.html'), 'utf8'));
    assert.equal((await get({ headers: { Host: 'attacker.example' } })).status, 403);
    assert.equal((await get({ method: 'POST' })).status, 405);
    assert.equal((await get({ path: '/etc/passwd' })).status, 404);
    const page = await open(url);
    assert.equal(await page.$$eval('#races li', (els) => els.length), 1);
    await page.close();
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0);
  noProblems();
});
