// Measures how the trace viewer responds on a large log (docs/viewer.md,
// "Responsiveness"); not a test. Writes a synthetic log of N records with
// viewer_mklog, builds the page with `hypsim view`, opens it in headless Chromium
// and times loading, drawing the timeline at several zooms, stepping, seeking and
// filtering, in the page itself (performance.now()).
//
//   HYPSIM=build/hypsim VIEWER_MKLOG=build/tests/viewer/viewer_mklog \
//     node tests/viewer/bench.mjs [--records 1000000] [--vcpus 2] [--out DIR]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const arg = (name, dflt) => {
  const k = process.argv.indexOf('--' + name);
  return k > 0 ? process.argv[k + 1] : dflt;
};
const records = +arg('records', 1000000);
const vcpus = +arg('vcpus', 2);
const out = arg('out', fs.mkdtempSync(path.join(os.tmpdir(), 'hs-viewer-bench-')));
fs.mkdirSync(out, { recursive: true });
const HYPSIM = process.env.HYPSIM, MKLOG = process.env.VIEWER_MKLOG;
if (!HYPSIM || !MKLOG) throw new Error('set HYPSIM and VIEWER_MKLOG');

function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const log = path.join(out, 'bench.hst'), page = path.join(out, 'bench.html');
const tGen = timed(MKLOG, ['synth', log, '--records', String(records), '--vcpus', String(vcpus)]);
const tView = timed(HYPSIM, ['view', log, '-o', page]);

const browser = await chromium.launch({
  executablePath: process.env.HYPSIM_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const tab = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
const errors = [];
tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
const t0 = Date.now();
await tab.goto('file://' + page);
await tab.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 300000 });
const tReady = Date.now() - t0;
const res = await tab.evaluate(async () => {
  const V = window.hsViewer;
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)], max: s[s.length - 1] };
  };
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const r = V.runs[0];
  const out = { perf: { ...V.perf }, n: r.n, draw: {}, pan: null };
  V.fit();
  for (const [label, f] of [['fit', 1], ['10x', 10], ['100x', 100], ['1000x', 1000], ['100000x', 100000]]) {
    V.fit();
    const v = V.view(), c = (v.p0 + v.p1) / 2, w = (v.p1 - v.p0) / f;
    V.setView(c - w / 2, c + w / 2);
    const xs = [];
    for (let k = 0; k < 15; k++) xs.push(V.drawAll());
    out.draw[label] = stats(xs);
  }
  { // panning at 1000x: a tenth of the view per frame
    V.fit();
    const v = V.view(), w = (v.p1 - v.p0) / 1000;
    let p = v.p0;
    const xs = [];
    for (let k = 0; k < 40; k++) { V.setView(p, p + w); xs.push(V.drawNow()); p += w / 10; }
    out.pan = stats(xs);
  }
  const work = (f, k) => {
    const xs = [];
    for (let j = 0; j < k; j++) { const t = performance.now(); f(j); V.drawNow(); xs.push(performance.now() - t); }
    return stats(xs);
  };
  V.setCursor(r.seq[Math.floor(r.n / 2)]);
  out.stepFwd = work(() => V.step(1), 200);
  out.stepBack = work(() => V.step(-1), 200);
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  out.seek = work(() => V.setCursor(r.seq[Math.floor(rnd() * r.n)]), 100);
  // Key press to the next painted frame.
  const xs = [];
  for (let k = 0; k < 60; k++) {
    const t = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    await frame();
    xs.push(performance.now() - t);
  }
  out.keyToFrame = stats(xs);
  const sel = document.getElementById('f-event');
  sel.value = 'name:lr_write';
  sel.dispatchEvent(new Event('change'));
  out.filterMs = V.perf.lastFilterMs;
  await frame();
  out.drawFiltered = V.drawNow();
  const vi = document.getElementById('f-vintid');
  vi.value = '42';
  vi.dispatchEvent(new Event('input'));
  out.filter2Ms = V.perf.lastFilterMs;
  out.memoryMB = performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : null;
  return out;
});
await browser.close();
const f = (s) => `${s.median.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.max.toFixed(1)}`;
const size = (p) => (fs.statSync(p).size / 1048576).toFixed(1) + ' MiB';
console.log(`records: ${res.n}, vCPUs ${vcpus}; log ${size(log)}, page ${size(page)}`);
console.log(`viewer_mklog synth: ${tGen.toFixed(0)} ms; hypsim view: ${tView.toFixed(0)} ms`);
console.log(`page: navigation to ready ${tReady} ms (decode ${res.perf.loadMs.toFixed(0)} ms, ready ${res.perf.readyMs.toFixed(0)} ms after the script started); JS heap ${res.memoryMB} MiB`);
console.log('timeline redraw, ms (median / p95 / max):');
for (const [k, s] of Object.entries(res.draw)) console.log(`  ${k.padEnd(8)} ${f(s)}`);
console.log(`  pan@1000x ${f(res.pan)}`);
console.log(`step forward, with redraw: ${f(res.stepFwd)}`);
console.log(`step back, with redraw:    ${f(res.stepBack)}`);
console.log(`seek to a random record:   ${f(res.seek)}`);
console.log(`key press to next frame:   ${f(res.keyToFrame)}`);
console.log(`filter by event type: ${res.filterMs.toFixed(0)} ms; + vINTID: ${res.filter2Ms.toFixed(0)} ms; redraw with matches ${res.drawFiltered.toFixed(1)} ms`);
if (errors.length) { console.log('console errors:', errors); process.exitCode = 1; }
