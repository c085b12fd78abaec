// The hypsim trace viewer (docs/viewer.md): replays one event log, or two side by
// side, from the data `hypsim view` put into this page. Plain JavaScript, no
// library; everything is drawn from the page itself, nothing is fetched.
//
// The data of a log (viewer_data.c): a JSON header (catalog, symbols, register
// names, the slices of the shared timeline view) and the records as varint
// columns, gzip-compressed. Register fields are decoded with the constants of
// IHI 0048B the header carries (globals.regs), never with bare numbers.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const META = JSON.parse($('hs-meta').textContent);
  const G = META.globals;
  const R = G.regs;
  const NAMES = G.names;
  // The fault event's kinds (sim/fault.h) and the intid of the first GIC output line.
  const FAULT = {
    hold: R.HS_FAULT_EV_HOLD, release: R.HS_FAULT_EV_RELEASE, drop: R.HS_FAULT_EV_DROP,
    duplicate: R.HS_FAULT_EV_DUPLICATE, retarget: R.HS_FAULT_EV_RETARGET, arm: R.HS_FAULT_EV_ARM,
    line0: R.HS_FAULT_LINE_INTID0,
  };
  const SNAP_EVERY = 1024;          // a snapshot of the GICH state every this many events
  const ROW_H = 16;                 // px of an event row

  // ---- numbers -------------------------------------------------------------------

  const u32 = (v) => v >>> 0;
  const hex8 = (v) => '0x' + u32(v).toString(16).padStart(8, '0');
  const hex2 = (v) => '0x' + v.toString(16).padStart(2, '0');
  const hex16 = (lo, hi) => '0x' + u32(hi).toString(16).padStart(8, '0') + u32(lo).toString(16).padStart(8, '0');
  const ctz32 = (v) => 31 - Math.clz32(v & -v);

  function lowerBound(a, v, lo = 0, hi = a.length) {
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (a[m] < v) lo = m + 1; else hi = m;
    }
    return lo;
  }
  function upperBound(a, v, lo = 0, hi = a.length) {
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (a[m] <= v) lo = m + 1; else hi = m;
    }
    return lo;
  }

  function fmtTime(ps) {
    const a = Math.abs(ps);
    if (a >= 1e12) return (ps / 1e12).toFixed(6).replace(/\.?0+$/, '') + ' s';
    if (a >= 1e9) return (ps / 1e9).toFixed(6).replace(/\.?0+$/, '') + ' ms';
    if (a >= 1e6) return (ps / 1e6).toFixed(6).replace(/\.?0+$/, '') + ' µs';
    if (a >= 1e3) return (ps / 1e3).toFixed(3).replace(/\.?0+$/, '') + ' ns';
    return ps + ' ps';
  }

  class Varints {
    constructor(u8) { this.b = u8; this.p = 0; }
    u() {
      const b = this.b;
      let x = b[this.p++];
      if (x < 128) return x;
      let v = x & 127, m = 128;
      do { x = b[this.p++]; v += (x & 127) * m; m *= 128; } while (x & 128);
      return v;
    }
    z() { const v = this.u(); return v % 2 ? -(v + 1) / 2 : v / 2; }
  }

  async function unpack(b64) {
    let bytes;
    if (typeof Uint8Array.fromBase64 === 'function') {
      bytes = Uint8Array.fromBase64(b64);
    } else {
      const bin = atob(b64);
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // ---- list registers (IHI 0048B 5.3.8) and GICH status --------------------------

  const LR = {
    state: (v) => (v & R.GICH_LR_STATE_MASK) >>> R.GICH_LR_STATE_SHIFT,
    vintid: (v) => v & R.GICH_LR_VIRTUALID_MASK,
    // LR.Priority holds bits [7:3] of the 8-bit priority.
    prio: (v) => ((v & R.GICH_LR_PRIORITY_MASK) >>> R.GICH_LR_PRIORITY_SHIFT) << R.GIC_VIRT_PRIO_SHIFT,
    hw: (v) => (v & R.GICH_LR_HW) !== 0,
    grp1: (v) => (v & R.GICH_LR_GRP1) !== 0,
    eoi: (v) => (v & R.GICH_LR_HW) === 0 && (v & R.GICH_LR_EOI) !== 0,
    cpuid: (v) => (v & R.GICH_LR_HW) ? 0 : (v & R.GICH_LR_CPUID_MASK) >>> R.GICH_LR_CPUID_SHIFT,
    pintid: (v) => (v & R.GICH_LR_HW) ? (v & R.GICH_LR_PHYSICALID_MASK) >>> R.GICH_LR_PHYSICALID_SHIFT : 0,
  };
  const stateName = (s) => NAMES.lrstate[s];

  function lrDescribe(v) {
    const s = LR.state(v);
    let t = stateName(s);
    if (s === R.GICH_LR_STATE_INVALID && (v & ~R.GICH_LR_STATE_MASK) === 0) return t;
    t += ` vINTID ${LR.vintid(v)} prio ${hex2(LR.prio(v))}`;
    if (LR.grp1(v)) t += ' grp1';
    if (LR.hw(v)) t += ` hw pINTID ${LR.pintid(v)}`;
    else {
      if (LR.cpuid(v)) t += ` cpuid ${LR.cpuid(v)}`;
      if (LR.eoi(v)) t += ' eoi';
    }
    return t;
  }

  // GICH_MISR (5.3.4) and GICH_HCR (5.3.1) bits, bit 0 first.
  const MISR_BITS = ['EOI', 'U', 'LRENP', 'NP', 'VGrp0E', 'VGrp0D', 'VGrp1E', 'VGrp1D'];
  const HCR_BITS = ['En', 'UIE', 'LRENPIE', 'NPIE', 'VGrp0EIE', 'VGrp0DIE', 'VGrp1EIE', 'VGrp1DIE'];
  function bitNames(v, names) {
    const out = [];
    for (let b = 0; b < names.length; b++) if ((v >>> b) & 1) out.push(names[b]);
    return out.length ? out.join(' ') : 'none';
  }
  function lrList(lo, hi) {
    const out = [];
    for (let b = 0; b < 32; b++) if ((lo >>> b) & 1) out.push('LR' + b);
    for (let b = 0; b < 32; b++) if ((hi >>> b) & 1) out.push('LR' + (b + 32));
    return out.length ? out.join(' ') : 'none';
  }
  const hcrText = (v) => `${bitNames(v & 0xff, HCR_BITS)} EOICount ${(v & R.GICH_HCR_EOICOUNT_MASK) >>> R.GICH_HCR_EOICOUNT_SHIFT}`;
  function vmcrText(v) {
    const f = [];
    if (v & R.GICH_VMCR_VMGRP0EN) f.push('Grp0En');
    if (v & R.GICH_VMCR_VMGRP1EN) f.push('Grp1En');
    if (v & R.GICH_VMCR_VMACKCTL) f.push('AckCtl');
    if (v & R.GICH_VMCR_VMFIQEN) f.push('FIQEn');
    if (v & R.GICH_VMCR_VMCBPR) f.push('CBPR');
    if (v & R.GICH_VMCR_VEM) f.push('EOImode');
    const pmr = ((v & R.GICH_VMCR_VMPRIMASK_MASK) >>> R.GICH_VMCR_VMPRIMASK_SHIFT) << R.GIC_VIRT_PRIO_SHIFT;
    f.push(`PMR ${hex2(pmr)}`, `BP ${(v & R.GICH_VMCR_VMBP_MASK) >>> R.GICH_VMCR_VMBP_SHIFT}`,
      `ABP ${(v & R.GICH_VMCR_VMABP_MASK) >>> R.GICH_VMCR_VMABP_SHIFT}`);
    return f.join(' ');
  }
  function aprText(v) {
    if (!v) return 'none active';
    const rp = ctz32(v) << R.GIC_VIRT_PRIO_SHIFT;
    return `running priority ${hex2(rp)}`;
  }

  // Group priority (3.3.3 through 5.4): GICV_BPR (VMBP) for Group 0, and for Group 1
  // with CBPR; GICV_ABPR (VMABP) for Group 1 otherwise.
  function groupPriority(vmcr, prio, grp1) {
    const shift = (grp1 && !(vmcr & R.GICH_VMCR_VMCBPR))
      ? (vmcr & R.GICH_VMCR_VMABP_MASK) >>> R.GICH_VMCR_VMABP_SHIFT
      : ((vmcr & R.GICH_VMCR_VMBP_MASK) >>> R.GICH_VMCR_VMBP_SHIFT) + 1;
    return prio & (0xff << shift) & 0xff;
  }
  // GICH_VMCR writes keep the binary points at or above their minimum (5.3.3, 4.4.3).
  function vmcrClamp(v) {
    const bp = (v & R.GICH_VMCR_VMBP_MASK) >>> R.GICH_VMCR_VMBP_SHIFT;
    const abp = (v & R.GICH_VMCR_VMABP_MASK) >>> R.GICH_VMCR_VMABP_SHIFT;
    if (bp < R.GIC_VIRT_MIN_BPR) v = (v & ~R.GICH_VMCR_VMBP_MASK) | (R.GIC_VIRT_MIN_BPR << R.GICH_VMCR_VMBP_SHIFT);
    if (abp < R.GIC_VIRT_MIN_ABPR) v = (v & ~R.GICH_VMCR_VMABP_MASK) | (R.GIC_VIRT_MIN_ABPR << R.GICH_VMCR_VMABP_SHIFT);
    return u32(v);
  }

  // IAR-like reads and EOIR-like writes carry an INTID in bits [9:0] (4.4.4).
  const INTID_REGS = new Set([R.GICC_IAR, R.GICC_EOIR, R.GICC_HPPIR, R.GICC_AIAR, R.GICC_AEOIR, R.GICC_AHPPIR, R.GICC_DIR]);
  const carriesIntid = (block, off) => (block === R.HS_GIC_GICC || block === R.HS_GIC_GICV) && INTID_REGS.has(off);

  // ---- a log ------------------------------------------------------------------------

  // What the replay and the drawing need to know of an event, by name.
  const KIND = {
    gic_read: 1, gic_write: 2, lr_write: 3, lr_state: 4, gich_misr: 5, gich_eisr: 6,
    gich_elrsr: 7, gich_hcr: 8, line: 9, fault: 10, race: 11, timer_fire: 12,
    exc_entry: 13, exc_return: 14, idle_begin: 15,
  };
  // The state vector of a vCPU: these registers, then its list registers.
  const S_HCR = 0, S_VMCR = 1, S_MISR = 2, S_EISR = 3, S_EISR_HI = 4, S_ELRSR = 5,
    S_ELRSR_HI = 6, S_APR = 7, S_LR0 = 8;

  class Run {
    constructor(k, info, u8) {
      this.k = k;
      this.label = META.logs.length > 1 ? 'AB'[k] : '';
      this.info = info;
      this.path = info.path;
      const n = this.n = info.n;
      const rd = new Varints(u8);
      if (String.fromCharCode(u8[0], u8[1], u8[2], u8[3]) !== 'HSV1') throw new Error('bad data block');
      rd.p = 4;
      if (rd.u() !== n) throw new Error('record count mismatch');
      const evs = info.events;
      this.evName = evs.map((e) => e.name);
      this.evKind = Uint8Array.from(evs.map((e) => (e.known && KIND[e.name]) || 0));
      this.fieldIx = evs.map((e) => Object.fromEntries(e.fields.map((f, j) => [f, j])));
      const seq = this.seq = new Float64Array(n);
      const time = this.time = new Float64Array(n);
      const vcpu = this.vcpu = new Uint16Array(n);
      const ev = this.ev = new Uint16Array(n);
      const cycle = this.cycle = new Float64Array(n);
      const f = this.f = new Float64Array(n * 4);
      let s = -1, t = 0;
      for (let i = 0; i < n; i++) { s += 1 + rd.z(); seq[i] = s; }
      for (let i = 0; i < n; i++) { t += rd.z(); time[i] = t; }
      for (let i = 0; i < n; i++) vcpu[i] = Math.min(rd.u(), 65535);
      for (let i = 0; i < n; i++) ev[i] = rd.u();
      const prevCycle = new Float64Array(256);
      for (let i = 0; i < n; i++) { const sl = vcpu[i] & 255; prevCycle[sl] += rd.z(); cycle[i] = prevCycle[sl]; }
      const nf = Uint8Array.from(evs.map((e) => e.fields.length));
      const prev = new Float64Array(evs.length * 4);
      for (let i = 0; i < n; i++) {
        const e = ev[i], k4 = e * 4;
        for (let j = 0; j < nf[e]; j++) { const v = prev[k4 + j] + rd.z(); prev[k4 + j] = v; f[i * 4 + j] = v; }
      }
      this.bigHex = new Map();
      for (const [i, j, h] of info.big) { this.bigHex.set(i * 4 + j, h); f[i * 4 + j] = parseInt(h, 16); }
      // Slices of the timeline view: per track, record indices [start, end) and a name.
      const ntr = rd.u();
      this.tracks = [];
      for (let k2 = 0; k2 < ntr; k2++) {
        const c = rd.u();
        const tr = { vcpu: info.tracks[k2][0], lr: info.tracks[k2][1], start: new Int32Array(c), end: new Int32Array(c), name: new Int32Array(c), value: new Float64Array(c) };
        let e0 = 0;
        for (let j = 0; j < c; j++) {
          const a = e0 + rd.u(), b = a + rd.u();
          tr.start[j] = a; tr.end[j] = b; tr.name[j] = rd.u(); tr.value[j] = rd.u(); e0 = b;
        }
        this.tracks.push(tr);
      }
      this.names = info.names;
      this.minTime = n ? Infinity : 0;
      this.maxTime = 0;
      for (let i = 0; i < n; i++) {
        if (time[i] > this.maxTime) this.maxTime = time[i];
        if (time[i] < this.minTime) this.minTime = time[i];
      }
      this.posCache = new Map();     // positions of record lists along each axis
      this.regnames = new Map(info.regnames.map(([b, o, name]) => [b * 4294967296 + o, name]));
      this.symStart = Float64Array.from(info.syms.map((x) => x[0]));
      this.symx = new Map(info.symx.map(([pc, k3]) => [pc, k3]));
      this.index();
      this.buildReplay();
    }

    field(i, name) {
      const j = this.fieldIx[this.ev[i]][name];
      return j === undefined ? undefined : this.f[i * 4 + j];
    }
    // A 64-bit field as two 32-bit halves (exact also past 2^53).
    field64(i, j) {
      const h = this.bigHex.get(i * 4 + j);
      if (h !== undefined) {
        const p = h.padStart(16, '0');
        return [parseInt(p.slice(8), 16), parseInt(p.slice(0, 8), 16)];
      }
      const v = this.f[i * 4 + j];
      return [v % 4294967296, Math.floor(v / 4294967296)];
    }

    // Per-vCPU record lists, lines, faults and races.
    index() {
      const n = this.n, vcpu = this.vcpu, ev = this.ev, kind = this.evKind;
      this.vcpus = this.info.vcpus.slice();
      this.slotOf = new Map(this.vcpus.map((v, s) => [v, s]));
      const counts = new Int32Array(this.vcpus.length);
      let nMachine = 0;
      for (let i = 0; i < n; i++) {
        const s = this.slotOf.get(vcpu[i]);
        if (s === undefined) nMachine++; else counts[s]++;
      }
      this.byVcpu = this.vcpus.map((_, s) => new Int32Array(counts[s]));
      this.machine = new Int32Array(nMachine);
      const fill = new Int32Array(this.vcpus.length);
      let fm = 0;
      const faults = [], races = [], lrEvents = [];
      const nl = R.HS_LINE_MAINT + 1;
      const open = new Int32Array(this.vcpus.length * nl).fill(-1);
      this.lines = this.vcpus.map(() => Array.from({ length: nl }, () => ({ start: [], end: [] })));
      for (let i = 0; i < n; i++) {
        const s = this.slotOf.get(vcpu[i]);
        if (s === undefined) this.machine[fm++] = i; else this.byVcpu[s][fill[s]++] = i;
        const kd = kind[ev[i]];
        if (kd === KIND.fault) faults.push(i);
        else if (kd === KIND.race) races.push(i);
        else if (kd === KIND.lr_write || kd === KIND.lr_state) lrEvents.push(i);
        else if (kd === KIND.line && s !== undefined) {
          const l = this.field(i, 'line'), lvl = this.field(i, 'level');
          if (l < nl) {
            const o = s * nl + l;
            if (lvl && open[o] < 0) open[o] = i;
            else if (!lvl && open[o] >= 0) { this.lines[s][l].start.push(open[o]); this.lines[s][l].end.push(i); open[o] = -1; }
          }
        }
      }
      for (let s = 0; s < this.vcpus.length; s++) {
        for (let l = 0; l < nl; l++) {
          const o = s * nl + l;
          if (open[o] >= 0) { this.lines[s][l].start.push(open[o]); this.lines[s][l].end.push(n); }
          this.lines[s][l] = { start: Int32Array.from(this.lines[s][l].start), end: Int32Array.from(this.lines[s][l].end) };
        }
      }
      this.faults = Int32Array.from(faults);
      this.lrEvents = Int32Array.from(lrEvents);
      // The checker's name and account of each race come from traces/races.c.
      const told = new Map(this.info.races.map(([i, name, text, dseq]) => [i, { name, text, dseq }]));
      this.races = races.map((i) => {
        const t = told.get(i) || { name: null, text: null, dseq: null };
        return {
          i, seq: this.seq[i], checker: this.field(i, 'checker'), seq0: this.field(i, 'seq0'),
          seq1: this.field(i, 'seq1'), detail: this.fieldText(i, this.fieldIx[this.ev[i]].detail),
          vcpu: vcpu[i], name: t.name, text: t.text, dseq: t.dseq,
        };
      });
    }

    // The index of the last record with a sequence number <= s, or -1.
    idxAtSeq(s) { return upperBound(this.seq, s) - 1; }
    idxOfSeq(s) { const i = this.idxAtSeq(s); return i >= 0 && this.seq[i] === s ? i : -1; }

    pos(i, axis) {
      if (i >= this.n) return axis === 'time' ? this.maxTime : (this.n ? this.seq[this.n - 1] + 1 : 0);
      return axis === 'time' ? this.time[i] : this.seq[i];
    }
    extent(axis) {
      if (!this.n) return [0, 1];
      return axis === 'time' ? [this.minTime, this.maxTime] : [this.seq[0], this.seq[this.n - 1] + 1];
    }

    // ---- symbols ---------------------------------------------------------------------
    symbol(pc) {
      let k = this.symx.has(pc) ? this.symx.get(pc) : upperBound(this.symStart, pc) - 1;
      if (!this.symx.has(pc) && k >= 0 && pc - this.info.syms[k][0] > this.info.syms[k][1]) k = -1;
      if (k < 0) return null;
      const [start, , name] = this.info.syms[k];
      return { name, off: pc - start };
    }
    symText(pc) {
      const s = this.symbol(pc);
      if (!s) return '';
      return s.off ? `<${s.name}+0x${s.off.toString(16)}>` : `<${s.name}>`;
    }

    // ---- text of a record, as `hypsim trace dump` prints it -----------------------------
    fieldText(i, j) {
      const e = this.ev[i], info = this.info.events[e];
      const h = this.bigHex.get(i * 4 + j);
      const v = this.f[i * 4 + j];
      if (!info.hex[j]) return h !== undefined ? BigInt('0x' + h).toString() : String(v);
      let t = h !== undefined ? '0x' + h : (v <= 0xffffffff ? hex8(v) : '0x' + v.toString(16));
      if (info.fields[j] === 'pc') { const s = this.symText(v); if (s) t += ' ' + s; }
      return t;
    }
    regName(block, off) {
      return this.regnames.get(block * 4294967296 + off) || `GIC?_0x${off.toString(16).padStart(3, '0')}`;
    }
    meaning(i) {
      const e = this.ev[i], f = this.f, b = i * 4;
      const nm = (table, v) => (NAMES[table][v] !== undefined ? NAMES[table][v] : String(v));
      switch (this.evKind[e]) {
        case KIND.gic_read: case KIND.gic_write: {
          let t = this.regName(f[b], f[b + 1]);
          if (carriesIntid(f[b], f[b + 1])) t += ` INTID ${(f[b + 2] % 4294967296) & R.GIC_INTID_MASK}`;
          return t;
        }
        case KIND.lr_write: case KIND.lr_state: return lrDescribe(f[b + 2]);
        case KIND.gich_misr: return bitNames(f[b + 1] % 256, MISR_BITS);
        case KIND.gich_hcr: return hcrText(f[b + 1]);
        case KIND.gich_eisr: { const [lo, hi] = this.field64(i, 1); return 'EOI: ' + lrList(lo, hi); }
        case KIND.gich_elrsr: { const [lo, hi] = this.field64(i, 1); return 'empty: ' + lrList(lo, hi); }
        case KIND.line: return `${nm('line', f[b])} ${f[b + 1] ? 'high' : 'low'}`;
        case KIND.exc_entry: return `${nm('exc', f[b])} ${nm('mode', f[b + 1])}->${nm('mode', f[b + 2])}`;
        case KIND.exc_return: return `${nm('mode', f[b])}->${nm('mode', f[b + 1])}`;
        case KIND.idle_begin: return nm('idle', f[b]);
        case KIND.timer_fire: return `${nm('timer', f[b])} timer`;
        case KIND.fault: return this.faultText(i);
        default: return null;
      }
    }
    // docs/faults.md, "The fault event": kind, the delivery (an SGI, PPI or SPI, or a GIC
    // output line into a vCPU at 1024 + line), and param: the plan's fault in bits [63:48],
    // a value in [47:0].
    faultText(i) {
      const f = this.f, b = i * 4, kind = f[b], id = f[b + 1], target = f[b + 2];
      const [lo, hi] = this.field64(i, 3);
      const value = BigInt(hi % 65536) * 4294967296n + BigInt(lo);
      let t = NAMES.faultkind[kind] !== undefined ? NAMES.faultkind[kind] : String(kind);
      if (kind === FAULT.arm) t += ` at ${hex8(Number(value))}`;
      else if (id >= FAULT.line0) {
        const l = id - FAULT.line0;
        t += ` ${NAMES.line[l] !== undefined ? NAMES.line[l] : String(l)} line`;
      } else t += ` ${id < 16 ? 'SGI' : id < 32 ? 'PPI' : 'SPI'} ${id}`;
      if (kind === FAULT.hold) t += value ? ` for ${value} ps` : ' until an event';
      else if (kind === FAULT.release) t += ` held ${value} ps`;
      else if (kind === FAULT.duplicate) t += ` after a gap of ${value} ps`;
      else if (kind === FAULT.retarget) t += target === R.HS_VCPU_NONE ? ' to none' : ` to vCPU ${target}`;
      return `${t}, plan fault ${Math.floor(hi / 65536)}`;
    }
    row(i) {
      const e = this.ev[i], info = this.info.events[e];
      const v = this.vcpu[i];
      let t = String(this.seq[i]).padStart(10) + ' ' + String(this.time[i]).padStart(16) + ' ' +
        (v === R.HS_VCPU_NONE ? '   -' : String(v).padStart(4)) + ' ' + String(this.cycle[i]).padStart(12) + ' ' + info.name;
      for (let j = 0; j < info.fields.length; j++) t += ` ${info.fields[j]}=${this.fieldText(i, j)}`;
      const m = info.known ? this.meaning(i) : null;
      if (m !== null) t += ` (${m})`;
      return t;
    }
    // Without time and cycle, which the comparison of two logs leaves aside.
    compact(i) {
      const e = this.ev[i], info = this.info.events[e], v = this.vcpu[i];
      let t = `${this.seq[i]} ${v === R.HS_VCPU_NONE ? '-' : v} ${info.name}`;
      for (let j = 0; j < info.fields.length; j++) t += ` ${info.fields[j]}=${this.fieldText(i, j)}`;
      const m = info.known ? this.meaning(i) : null;
      return m !== null ? `${t} (${m})` : t;
    }
    // The short form for the timeline's tooltip and the race list.
    brief(i) {
      const v = this.vcpu[i];
      const m = this.info.events[this.ev[i]].known ? this.meaning(i) : null;
      return `seq ${this.seq[i]} ${v === R.HS_VCPU_NONE ? '' : 'vCPU ' + v + ' '}${this.evName[this.ev[i]]}${m ? ' (' + m + ')' : ''}`;
    }

    // vINTIDs an event is about, for the filter.
    vintids(i) {
      const b = i * 4, f = this.f;
      switch (this.evKind[this.ev[i]]) {
        case KIND.lr_write: case KIND.lr_state: {
          const out = [];
          if (f[b + 1]) out.push(LR.vintid(f[b + 1]));
          if (f[b + 2]) out.push(LR.vintid(f[b + 2]));
          return out;
        }
        case KIND.gic_read: case KIND.gic_write:
          return carriesIntid(f[b], f[b + 1]) ? [(f[b + 2] % 4294967296) & R.GIC_INTID_MASK] : [];
        case KIND.fault: case KIND.timer_fire: {
          const x = this.field(i, 'intid');
          return x === undefined ? [] : [x];
        }
        default: return [];
      }
    }

    // ---- GICH state replay ---------------------------------------------------------------
    // Each vCPU's state starts as the "old" value of the first event that changes each
    // register (so a log that starts mid-run replays too), or its reset value (5.3).
    buildReplay() {
      const nlr = this.nlr = this.info.nlr;
      const S = this.S = S_LR0 + nlr;
      const ns = this.vcpus.length;
      const init = new Float64Array(ns * S).fill(NaN);
      const n = this.n;
      for (let i = 0; i < n; i++) {
        const s = this.slotOf.get(this.vcpu[i]);
        if (s === undefined) continue;
        const b = s * S, k = this.evKind[this.ev[i]], o = i * 4;
        let r = -1;
        switch (k) {
          case KIND.lr_write: case KIND.lr_state: if (this.f[o] < nlr) r = S_LR0 + this.f[o]; break;
          case KIND.gich_hcr: r = S_HCR; break;
          case KIND.gich_misr: r = S_MISR; break;
          case KIND.gich_eisr: r = S_EISR; break;
          case KIND.gich_elrsr: r = S_ELRSR; break;
          default: break;
        }
        if (r < 0 || !Number.isNaN(init[b + r])) continue;
        if (r === S_EISR || r === S_ELRSR) {
          const [lo, hi] = this.field64(i, 0);
          init[b + r] = lo; init[b + r + 1] = hi;
        } else {
          init[b + r] = k === KIND.lr_write || k === KIND.lr_state ? this.f[o + 1] : this.f[o];
        }
      }
      // Reset: every LR invalid, so every LR empty in GICH_ELRSR; GICH_VMCR with the
      // binary points at their minimum; everything else 0.
      const allEmpty = [nlr >= 32 ? 0xffffffff : (2 ** nlr) - 1, nlr > 32 ? (2 ** (nlr - 32)) - 1 : 0];
      for (let s = 0; s < ns; s++) {
        const b = s * S;
        const dflt = (r, v) => { if (Number.isNaN(init[b + r])) init[b + r] = v; };
        dflt(S_HCR, 0); dflt(S_VMCR, R.GICH_VMCR_RESET); dflt(S_MISR, 0); dflt(S_EISR, 0); dflt(S_EISR_HI, 0);
        dflt(S_ELRSR, allEmpty[0]); dflt(S_ELRSR_HI, allEmpty[1]); dflt(S_APR, 0);
        for (let l = 0; l < nlr; l++) dflt(S_LR0 + l, 0);
      }
      this.init = init;
      const nsnap = Math.floor(n / SNAP_EVERY) + 1;
      this.snaps = new Float64Array(nsnap * ns * S);
      const st = init.slice();
      for (let i = 0; i < n; i++) {
        if (i % SNAP_EVERY === 0) this.snaps.set(st, (i / SNAP_EVERY) * ns * S);
        this.apply(st, i);
      }
      if (n % SNAP_EVERY === 0) this.snaps.set(st, (n / SNAP_EVERY) * ns * S);
      this.cache = { i: -1, st: init.slice() };
    }

    // The GICH block an access reached: the accessing CPU's own view, or a
    // per-processor alias (GIC-400); [cpu, register offset] or null.
    gichTarget(vcpu, off) {
      if (off < R.GICH_OWN_VIEW_SIZE) return off < R.GICH_BLOCK_SIZE ? [vcpu, off] : null;
      const rel = off - R.GICH_ALIAS_BASE;
      return [Math.floor(rel / R.GICH_BLOCK_SIZE), rel % R.GICH_BLOCK_SIZE];
    }

    apply(st, i) {
      const k = this.evKind[this.ev[i]];
      if (!k) return;
      const s = this.slotOf.get(this.vcpu[i]);
      if (s === undefined) return;
      const S = this.S, b = s * S, f = this.f, o = i * 4;
      switch (k) {
        case KIND.lr_write: case KIND.lr_state: {
          const lr = f[o];
          if (lr >= this.nlr) return;
          const old = st[b + S_LR0 + lr], nv = f[o + 2];
          st[b + S_LR0 + lr] = nv;
          // A guest acknowledge (GICV_IAR/AIAR) moves an LR from pending to active and
          // sets its group priority's bit in GICH_APR (5.3.7).
          if (k === KIND.lr_state && LR.state(old) === R.GICH_LR_STATE_PENDING && LR.state(nv) === R.GICH_LR_STATE_ACTIVE) {
            const level = groupPriority(st[b + S_VMCR], LR.prio(nv), LR.grp1(nv)) >>> R.GIC_VIRT_PRIO_SHIFT;
            st[b + S_APR] = u32(st[b + S_APR] | (1 << level));
          }
          return;
        }
        case KIND.gich_hcr: st[b + S_HCR] = f[o + 1]; return;
        case KIND.gich_misr: st[b + S_MISR] = f[o + 1]; return;
        case KIND.gich_eisr: case KIND.gich_elrsr: {
          const [lo, hi] = this.field64(i, 1), r = k === KIND.gich_eisr ? S_EISR : S_ELRSR;
          st[b + r] = lo; st[b + r + 1] = hi;
          return;
        }
        case KIND.gic_write: case KIND.gic_read: {
          const block = f[o], off = f[o + 1], val = u32(f[o + 2] % 4294967296), size = f[o + 3];
          if (size !== 4 || off % 4) return;           // the GIC ignores other accesses
          const write = k === KIND.gic_write;
          if (block === R.HS_GIC_GICH) {
            const t = this.gichTarget(this.vcpu[i], off);
            if (!t) return;
            const ts = this.slotOf.get(t[0]);
            if (ts === undefined) return;
            const tb = ts * S;
            if (t[1] === R.GICH_VMCR) st[tb + S_VMCR] = write ? vmcrClamp(val & R.GICH_VMCR_MASK) : val;
            else if (t[1] === R.GICH_APR) st[tb + S_APR] = val;
            return;
          }
          if (block !== R.HS_GIC_GICV) return;
          let vm = st[b + S_VMCR];
          // GICV_CTLR, PMR, BPR and ABPR are fields of GICH_VMCR (5.3.3); reads show them.
          switch (off) {
            case R.GICC_CTLR: vm = (vm & ~R.GICH_VMCR_CTLR_MASK) | (val & (write ? R.GICV_CTLR_MASK : R.GICH_VMCR_CTLR_MASK)); break;
            case R.GICC_PMR:
              vm = (vm & ~R.GICH_VMCR_VMPRIMASK_MASK) | (((val & R.GICC_PMR_PRIORITY_MASK) >>> R.GIC_VIRT_PRIO_SHIFT) << R.GICH_VMCR_VMPRIMASK_SHIFT);
              break;
            case R.GICC_BPR:
              vm = (vm & ~R.GICH_VMCR_VMBP_MASK) | ((val & R.GICC_BPR_BINARY_POINT_MASK) << R.GICH_VMCR_VMBP_SHIFT);
              if (write) vm = vmcrClamp(vm);
              break;
            case R.GICC_ABPR:
              vm = (vm & ~R.GICH_VMCR_VMABP_MASK) | ((val & R.GICC_BPR_BINARY_POINT_MASK) << R.GICH_VMCR_VMABP_SHIFT);
              if (write) vm = vmcrClamp(vm);
              break;
            case R.GICC_APR0: st[b + S_APR] = val; return;
            case R.GICC_EOIR: case R.GICC_AEOIR: {
              // Priority drop: the lowest set bit of GICH_APR goes (5.3.7); a special ID is ignored.
              const a = st[b + S_APR];
              if (write && (val & R.GIC_INTID_MASK) < R.GIC_INTID_SPECIAL_FIRST && a) st[b + S_APR] = u32(a & (a - 1));
              return;
            }
            default: return;
          }
          st[b + S_VMCR] = u32(vm);
          return;
        }
        default: return;
      }
    }

    // The state after the record at index i (-1: before the first).
    stateAt(i) {
      const c = this.cache;
      if (i < -1) i = -1;
      if (i === c.i) return c.st;
      if (i > c.i && i - c.i <= SNAP_EVERY) {
        for (let j = c.i + 1; j <= i; j++) this.apply(c.st, j);
        c.i = i;
        return c.st;
      }
      const k = Math.floor((i + 1) / SNAP_EVERY), len = this.vcpus.length * this.S;
      c.st.set(this.snaps.subarray(k * len, (k + 1) * len));
      for (let j = k * SNAP_EVERY; j <= i; j++) this.apply(c.st, j);
      c.i = i;
      return c.st;
    }

    lastLrEvent(i) {
      const k = upperBound(this.lrEvents, i) - 1;
      return k >= 0 ? this.lrEvents[k] : -1;
    }
  }

  // ---- divergence of two logs -----------------------------------------------------------

  // Records of the same sequence number are the same when their event, vCPU and fields
  // are; a pc field compares by its symbol when both logs know one, so that two builds of
  // one image whose code moved do not differ at every exception. Time and cycle do not
  // count, nor fields that measure time (idle_ps, a quantum's insns and cycles).
  const TIMING_FIELD = /_ps$|^insns$|^cycles$/;
  function sameRecord(a, i, b, j) {
    if (a.evName[a.ev[i]] !== b.evName[b.ev[j]] || a.vcpu[i] !== b.vcpu[j]) return false;
    const fa = a.info.events[a.ev[i]].fields;
    for (let k = 0; k < fa.length; k++) {
      if (TIMING_FIELD.test(fa[k])) continue;
      const x = a.f[i * 4 + k], y = b.f[j * 4 + k];
      if (x === y && a.bigHex.get(i * 4 + k) === b.bigHex.get(j * 4 + k)) continue;
      if (fa[k] === 'pc') {
        const sa = a.symbol(x), sb = b.symbol(y);
        if (sa && sb && sa.name === sb.name) continue;
      }
      return false;
    }
    return true;
  }
  function firstDivergence(a, b) {
    let i = 0, j = 0;
    while (i < a.n && j < b.n) {
      if (a.seq[i] !== b.seq[j]) return Math.min(a.seq[i], b.seq[j]);
      if (!sameRecord(a, i, b, j)) return a.seq[i];
      i++; j++;
    }
    if (i < a.n) return a.seq[i];
    if (j < b.n) return b.seq[j];
    return null;
  }

  // ---- the viewer --------------------------------------------------------------------------

  const COLORS = {
    world: { Hyp: '#e59b2f', guest: '#4a86e8', idle: '#c4c4c9' },
    lr: ['#dddddd', '#f2c94c', '#2fae66', '#9b59d0'],
    line: ['#e0524f', '#f08a3c', '#2d8fd5', '#59c3e8', '#a855c8'],
    cls: {
      gic: '#8a8a92', lr: '#d4a017', vgic: '#9b59d0', line: '#e0524f', exc: '#333', world: '#4a86e8',
      idle: '#aaa', timer: '#2fae66', psci: '#666', quantum: '#cfcfd4', fault: '#d35400', race: '#c0392b',
    },
    cursor: '#d0342c', match: '#f5b700', evidence: '#ff7a1a', diverge: '#b4007d',
  };
  const LINE_NAMES = ['IRQ', 'FIQ', 'VIRQ', 'VFIQ', 'maint'];
  const GUTTER = 118;

  const V = {
    runs: [], axis: 'time', p0: 0, p1: 1, cursor: 0, lanes: [], height: 0,
    playing: false, speed: 10, filter: { ev: '', vcpu: '', vintid: '' },
    rows: null, matches: null, race: null, divergence: null, perf: {},
  };
  window.hsViewer = V;

  function worldColor(name) {
    if (name.startsWith('Hyp')) return COLORS.world.Hyp;
    if (name.startsWith('idle')) return COLORS.world.idle;
    return name === 'guest usr' ? '#8db4f2' : COLORS.world.guest;
  }

  // Positions of a lane's slices along the axis, made non-decreasing (the time of a
  // vCPU's records never goes back, but a log of another origin might).
  function monotone(arr) {
    let m = -Infinity;
    for (let k = 0; k < arr.length; k++) { if (arr[k] < m) arr[k] = m; else m = arr[k]; }
    return arr;
  }
  function spanPos(lane) {
    const key = V.axis;
    if (!lane.pos[key]) {
      const r = lane.run, c = lane.start.length;
      const sp = new Float64Array(c), ep = new Float64Array(c);
      for (let k = 0; k < c; k++) { sp[k] = r.pos(lane.start[k], key); ep[k] = r.pos(lane.end[k], key); }
      lane.pos[key] = { sp: monotone(sp), ep: monotone(ep) };
    }
    return lane.pos[key];
  }
  // Positions of a list of records (in record order) along the axis, cached per run.
  function tickPos(run, name, idx) {
    const key = name + '@' + V.axis;
    let p = run.posCache.get(key);
    if (!p) {
      p = new Float64Array(idx.length);
      for (let k = 0; k < idx.length; k++) p[k] = run.pos(idx[k], V.axis);
      run.posCache.set(key, monotone(p));
    }
    return p;
  }

  function buildLanes() {
    const lanes = [];
    let y = 22;                                   // below the ruler
    const add = (l) => { l.y = y; y += l.h; lanes.push(l); };
    for (const run of V.runs) {
      if (V.runs.length > 1) add({ kind: 'header', run, h: 16, label: `${run.label}: ${run.path}` });
      run.vcpus.forEach((v, s) => {
        const world = run.tracks.find((t) => t.vcpu === v && t.lr < 0);
        add({ kind: 'world', run, slot: s, vcpu: v, h: 24, label: `vCPU ${v}`, pos: {},
          start: world ? world.start : new Int32Array(0), end: world ? world.end : new Int32Array(0), name: world ? world.name : new Int32Array(0) });
        add({ kind: 'lines', run, slot: s, vcpu: v, h: 5 * 4 + 4, label: `vCPU ${v} lines`, pos: {},
          sub: run.lines[s].map((l) => ({ run, start: l.start, end: l.end, pos: {} })) });
        for (const t of run.tracks.filter((tt) => tt.vcpu === v && tt.lr >= 0)) {
          add({ kind: 'lr', run, slot: s, vcpu: v, lr: t.lr, h: 16, label: `vCPU ${v} LR${t.lr}`, pos: {},
            start: t.start, end: t.end, name: t.name, value: t.value });
        }
      });
      if (run.machine.length) add({ kind: 'machine', run, h: 14, label: 'machine' });
      add({ kind: 'faults', run, h: 14, label: 'faults' });
      add({ kind: 'races', run, h: 18, label: 'races' });
    }
    V.lanes = lanes;
    V.height = y + 6;
  }

  // ---- drawing ----------------------------------------------------------------------------

  const canvas = $('timeline');
  let W = 800, dirty = false;

  function plotW() { return Math.max(10, W - GUTTER - 8); }
  function X(p) { return GUTTER + (p - V.p0) / (V.p1 - V.p0) * plotW(); }
  function P(x) { return V.p0 + (x - GUTTER) / plotW() * (V.p1 - V.p0); }
  function clampX(x) { return Math.max(GUTTER - 2, Math.min(W + 2, x)); }

  // Sizes the canvas to its box and draws at once: a resize observer runs after the
  // frame's animation callbacks, and a canvas whose size is set is cleared.
  function resize() {
    const wrap = $('timeline-wrap');
    W = wrap.clientWidth;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(W * dpr), h = Math.round(V.height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      layerKey = '';
    }
    canvas.style.height = V.height + 'px';
    wrap.style.height = Math.min(V.height + 2, Math.round(window.innerHeight * 0.45)) + 'px';
    dirty = true;
    draw();
  }
  function redraw() {
    if (!dirty) { dirty = true; requestAnimationFrame(draw); }
  }

  // Slices [sp, ep) of a lane: wide ones as boxes, and where several fall into one pixel
  // column, one column for them all, found by binary search, so that a frame costs the
  // width of the canvas times a logarithm, whatever the zoom. Such a column takes the
  // colour of the slice at its middle (of its first slice when the middle is a gap), so
  // that a lane far zoomed out shows its states in proportion.
  function drawSlices(sp, ep, y, h, color, label) {
    let k = lowerBound(ep, V.p0);
    const c = sp.length;
    while (k < c) {
      const s = sp[k];
      if (s > V.p1) break;
      const x0 = X(s), x1 = X(ep[k]);
      if (x1 - x0 < 1) {
        const px = Math.floor(x0);
        const next = lowerBound(ep, P(px + 1), k + 1);
        let pick = k;
        if (next > k + 1 || (next < c && sp[next] < P(px + 1))) {
          const mid = P(px + 0.5), m = upperBound(sp, mid) - 1;
          if (m >= k && ep[m] >= mid) pick = m;
        }
        ctx.fillStyle = color(pick);
        ctx.fillRect(px, y, 1, h);
        k = next;
        continue;
      }
      const a = clampX(x0), b = clampX(x1);
      ctx.fillStyle = color(k);
      ctx.fillRect(a, y, Math.max(1, b - a - 0.5), h);
      if (label && b - a > 18) {
        const t = label(k, b - a);
        if (t) {
          ctx.save();
          ctx.beginPath(); ctx.rect(a, y, b - a, h); ctx.clip();
          ctx.fillStyle = '#1d1d1f';
          ctx.fillText(t, a + 3, y + h / 2 + 0.5);
          ctx.restore();
        }
      }
      k++;
    }
  }
  function drawTicks(pos, idx, y, h, color) {
    let k = lowerBound(pos, V.p0);
    while (k < pos.length) {
      const p = pos[k];
      if (p > V.p1) break;
      const px = Math.floor(X(p));
      ctx.fillStyle = color(idx[k]);
      ctx.fillRect(px, y, 1, h);
      k = lowerBound(pos, P(px + 1), k + 1);
    }
  }

  function niceStep(span, px) {
    const raw = span / Math.max(1, px / 110);
    const e = 10 ** Math.floor(Math.log10(raw));
    for (const m of [1, 2, 5, 10]) if (m * e >= raw) return m * e;
    return 10 * e;
  }
  function drawRuler() {
    ctx.fillStyle = '#f4f4f7';
    ctx.fillRect(0, 0, W, 20);
    ctx.fillStyle = '#555';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillText(V.axis === 'time' ? 'time' : 'sequence', 6, 10);
    const step = Math.max(V.axis === 'seq' ? 1 : 1e-9, niceStep(V.p1 - V.p0, plotW()));
    const first = Math.ceil(V.p0 / step) * step;
    ctx.strokeStyle = '#c8c8cf';
    ctx.beginPath();
    for (let p = first; p <= V.p1; p += step) {
      const x = Math.round(X(p)) + 0.5;
      if (x < GUTTER) continue;
      ctx.moveTo(x, 14); ctx.lineTo(x, V.height);
      ctx.fillText(V.axis === 'time' ? fmtTime(Math.round(p)) : String(Math.round(p)), x + 3, 8);
    }
    ctx.globalAlpha = 0.25;
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  // The lanes are drawn into an offscreen layer, again only when what they show changes
  // (view, axis, size, filter, selected race); a step redraws only the cursor over it.
  const layer = document.createElement('canvas');
  let layerKey = '';
  let ctx = null;
  const screen = canvas.getContext('2d');
  function draw() {
    const t0 = performance.now();
    dirty = false;
    const dpr = window.devicePixelRatio || 1;
    const key = [V.p0, V.p1, V.axis, W, V.height, dpr, V.filterVersion, V.race ? V.race.rc.i + ':' + V.race.run.k : ''].join();
    if (key !== layerKey) {
      layer.width = canvas.width;
      layer.height = canvas.height;
      ctx = layer.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, V.height);
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      drawRuler();
      for (const L of V.lanes) drawLane(L);
      drawMarks();
      layerKey = key;
    }
    screen.setTransform(1, 0, 0, 1, 0, 0);
    screen.clearRect(0, 0, canvas.width, canvas.height);
    screen.drawImage(layer, 0, 0);
    ctx = screen;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    drawCursor();
    // Lane names over a gutter, last, so that nothing runs under them.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 20, GUTTER - 4, V.height - 20);
    ctx.fillStyle = '#333';
    ctx.font = '11px system-ui, sans-serif';
    for (const L of V.lanes) {
      if (L.kind === 'header') { ctx.font = 'bold 11px system-ui, sans-serif'; ctx.fillText(L.label.slice(0, 60), 6, L.y + L.h / 2); ctx.font = '11px system-ui, sans-serif'; continue; }
      ctx.fillText(L.label, 6, L.y + L.h / 2);
    }
    V.perf.lastDrawMs = performance.now() - t0;
  }

  function drawLane(L) {
    const r = L.run;
    ctx.fillStyle = L.kind === 'header' ? '#eef0f6' : ((L.y / 2) % 2 ? '#fcfcfd' : '#fff');
    ctx.fillRect(GUTTER, L.y, W - GUTTER, L.h);
    ctx.strokeStyle = '#eee';
    ctx.beginPath(); ctx.moveTo(GUTTER, L.y + L.h - 0.5); ctx.lineTo(W, L.y + L.h - 0.5); ctx.stroke();
    switch (L.kind) {
      case 'world': {
        const { sp, ep } = spanPos(L);
        drawSlices(sp, ep, L.y + 2, L.h - 9, (k) => worldColor(r.names[L.name[k]]), (k, w) => {
          const nm = r.names[L.name[k]];
          return w > ctx.measureText(nm).width + 6 ? nm : null;
        });
        // Every record of the vCPU as a tick under its world, coloured by class.
        const idx = r.byVcpu[L.slot];
        drawTicks(tickPos(r, 'v' + L.slot, idx), idx, L.y + L.h - 6, 5, (i) => COLORS.cls[r.info.events[r.ev[i]].cls] || '#999');
        break;
      }
      case 'lines':
        L.sub.forEach((sub, l) => {
          const { sp, ep } = spanPos(sub);
          drawSlices(sp, ep, L.y + 2 + l * 4, 3, () => COLORS.line[l], null);
        });
        break;
      case 'lr': {
        const { sp, ep } = spanPos(L);
        drawSlices(sp, ep, L.y + 2, L.h - 4, (k) => COLORS.lr[LR.state(L.value[k])], (k, w) => {
          const id = LR.vintid(L.value[k]);
          return w > 70 ? `vINTID ${id}` : String(id);
        });
        break;
      }
      case 'machine':
        drawTicks(tickPos(r, 'machine', r.machine), r.machine, L.y + 3, L.h - 6, (i) => COLORS.cls[r.info.events[r.ev[i]].cls] || '#999');
        break;
      case 'faults':
        drawTicks(tickPos(r, 'faults', r.faults), r.faults, L.y + 2, L.h - 4, () => COLORS.cls.fault);
        break;
      case 'races':
        for (const rc of r.races) {
          const xs = [...evidenceOf(rc).map((s) => r.idxOfSeq(s)), rc.i].filter((x) => x >= 0).map((x) => X(r.pos(x, V.axis)));
          const a = clampX(Math.min(...xs)), b = clampX(Math.max(...xs));
          if (b < GUTTER || a > W) continue;
          ctx.fillStyle = V.race && V.race.rc === rc ? '#ff9d5c' : '#f3b0a8';
          ctx.fillRect(a, L.y + 5, Math.max(2, b - a), L.h - 10);
          ctx.fillStyle = COLORS.cls.race;
          ctx.fillRect(Math.floor(X(r.pos(rc.i, V.axis))) - 1, L.y + 2, 3, L.h - 4);
        }
        break;
      default: break;
    }
  }

  function vline(x, y0, y1, color, width, dash) {
    ctx.save();
    ctx.strokeStyle = color; ctx.lineWidth = width;
    if (dash) ctx.setLineDash(dash);
    ctx.beginPath(); ctx.moveTo(Math.round(x) + 0.5, y0); ctx.lineTo(Math.round(x) + 0.5, y1); ctx.stroke();
    ctx.restore();
  }
  function runSpan(run) {
    const ls = V.lanes.filter((l) => l.run === run);
    return [ls[0].y, ls[ls.length - 1].y + ls[ls.length - 1].h];
  }

  // Matches of the filter along the top, the selected race's evidence, the divergence.
  function drawMarks() {
    if (V.matches) {
      for (const m of V.matches) { const { pos, idx } = matchPos(m); drawTicks(pos, idx, 15, 5, () => COLORS.match); }
    }
    for (const run of V.runs) {
      const [y0, y1] = runSpan(run);
      if (V.race && V.race.run === run) {
        const rc = V.race.rc;
        for (const s of evidenceOf(rc)) {
          const i = run.idxOfSeq(s);
          if (i >= 0) vline(X(run.pos(i, V.axis)), y0, y1, COLORS.evidence, 2, [5, 3]);
        }
      }
      if (V.divergence !== null) {
        const i = run.idxOfSeq(V.divergence);
        const p = i >= 0 ? run.pos(i, V.axis) : run.pos(run.idxAtSeq(V.divergence) + 1, V.axis);
        vline(X(p), y0, y1, COLORS.diverge, 2, [2, 2]);
        ctx.fillStyle = COLORS.diverge;
        ctx.fillText('first divergence', X(p) + 4, y0 + 8);
      }
    }
  }
  function drawCursor() {
    for (const run of V.runs) {
      const [y0, y1] = runSpan(run);
      const i = run.idxAtSeq(V.cursor);
      if (i >= 0) vline(X(run.pos(i, V.axis)), y0, y1, COLORS.cursor, 1.5);
    }
  }

  // ---- view: zoom and pan -------------------------------------------------------------------

  function extent() {
    let a = Infinity, b = -Infinity;
    for (const r of V.runs) { const [x, y] = r.extent(V.axis); a = Math.min(a, x); b = Math.max(b, y); }
    if (!(b > a)) b = a + 1;
    return [a, b];
  }
  function setView(p0, p1) {
    const [a, b] = extent();
    const full = b - a, minW = V.axis === 'seq' ? 8 : Math.max(10, full * 1e-9);
    let w = Math.max(minW, Math.min(full * 1.2, p1 - p0));
    let c = (p0 + p1) / 2;
    c = Math.max(a - full * 0.1 + w / 2, Math.min(b + full * 0.1 - w / 2, c));
    if (w >= full * 1.2) c = (a + b) / 2;
    V.p0 = c - w / 2; V.p1 = c + w / 2;
    redraw();
  }
  function fit() { const [a, b] = extent(); const m = (b - a) * 0.01; setView(a - m, b + m); }
  function zoom(factor, atP) {
    const p = atP === undefined ? cursorPos() : atP;
    setView(p - (p - V.p0) * factor, p + (V.p1 - p) * factor);
  }
  function pan(frac) { const d = (V.p1 - V.p0) * frac; setView(V.p0 + d, V.p1 + d); }
  function cursorPos() {
    const r = V.runs[0], i = r.idxAtSeq(V.cursor);
    return r.pos(Math.max(0, i), V.axis);
  }
  function keepCursorVisible() {
    const p = cursorPos();
    const w = V.p1 - V.p0;
    if (p < V.p0 + w * 0.02 || p > V.p1 - w * 0.02) setView(p - w / 2, p + w / 2);
  }

  function setAxis(axis) {
    if (axis === V.axis) return;
    // Keep the records in view: map the view's ends through the first log.
    const r = V.runs[0];
    let i0, i1;
    if (V.axis === 'seq') { i0 = r.idxAtSeq(V.p0); i1 = r.idxAtSeq(V.p1); }
    else { const tm = timeMono(r); i0 = lowerBound(tm, V.p0); i1 = upperBound(tm, V.p1) - 1; }
    V.axis = axis;
    $('axis').value = axis;
    i0 = Math.max(0, i0); i1 = Math.min(r.n, Math.max(i0 + 1, i1));
    setView(r.pos(i0, axis), r.pos(i1, axis));
  }
  function timeMono(r) {
    if (!r.timeMono) r.timeMono = monotone(Float64Array.from(r.time));
    return r.timeMono;
  }

  // ---- cursor and replay ----------------------------------------------------------------------

  function firstSeq() { return Math.min(...V.runs.filter((r) => r.n).map((r) => r.seq[0])); }
  function lastSeq() { return Math.max(...V.runs.filter((r) => r.n).map((r) => r.seq[r.n - 1])); }
  function nextSeq(s) {
    let best = Infinity;
    for (const r of V.runs) { const i = r.idxAtSeq(s) + 1; if (i < r.n) best = Math.min(best, r.seq[i]); }
    return best === Infinity ? null : best;
  }
  function prevSeq(s) {
    let best = -Infinity;
    for (const r of V.runs) { const i = lowerBound(r.seq, s) - 1; if (i >= 0) best = Math.max(best, r.seq[i]); }
    return best === -Infinity ? null : best;
  }
  function step(k) {
    let s = V.cursor;
    for (let j = 0; j < Math.abs(k); j++) {
      const t = k > 0 ? nextSeq(s) : prevSeq(s);
      if (t === null) break;
      s = t;
    }
    setCursor(s);
  }

  function setCursor(s, opts = {}) {
    const t0 = performance.now();
    V.cursor = s;
    $('seq').value = String(s);
    const r = V.runs[0], i = r.idxAtSeq(s);
    $('where').textContent = i >= 0 ? `${i + 1}/${r.n}  t=${fmtTime(r.time[i])}` : `0/${r.n}`;
    renderState();
    renderDetail();
    if (!opts.noScroll) scrollRowIntoView();
    renderRows();
    if (!opts.keepView) keepCursorVisible();
    redraw();
    V.perf.lastStepMs = performance.now() - t0;
  }

  let playTimer = null;
  function play(on) {
    V.playing = on;
    $('play').classList.toggle('on', on);
    $('play').textContent = on ? 'pause' : '\u25B6 play';
    if (playTimer) { cancelAnimationFrame(playTimer); playTimer = null; }
    if (!on) return;
    let last = performance.now(), acc = 0;
    const tick = (now) => {
      acc += (now - last) / 1000 * V.speed;
      last = now;
      const k = Math.floor(acc);
      if (k > 0) {
        acc -= k;
        const before = V.cursor;
        step(k);
        if (V.cursor === before) { play(false); return; }
      }
      playTimer = requestAnimationFrame(tick);
    };
    playTimer = requestAnimationFrame(tick);
  }

  // ---- the GICH state panel and the LR state machine ---------------------------------------------

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }

  // The state after record i and before it, of every vCPU of a run.
  function statesAround(run, i) {
    const prev = run.stateAt(i - 1).slice();
    return { prev, cur: run.stateAt(i).slice() };
  }
  // other: the same vCPU's state in the other log, to mark what differs, or null.
  function vcpuStateTable(run, slot, states, other) {
    const S = run.S, b = slot * S;
    const cur = states.cur.subarray(b, b + S), prev = states.prev.subarray(b, b + S);
    const differs = (k) => other !== null && (k >= other.length || other[k] !== cur[k]);
    const v = run.vcpus[slot];
    const box = el('div', { class: 'vcpu-state', 'data-vcpu': String(v), 'data-run': String(run.k) });
    box.append(el('h3', { text: `${run.label ? run.label + ': ' : ''}vCPU ${v}` }));
    const regs = el('table', { class: 'gich' });
    const REG_SLOT = { HCR: S_HCR, VMCR: S_VMCR, MISR: S_MISR, EISR: S_EISR, ELRSR: S_ELRSR, APR: S_APR };
    const reg = (name, value, text, changed, derived) => {
      const k = REG_SLOT[name];
      const cls = [changed ? 'changed' : '', differs(k) || ((k === S_EISR || k === S_ELRSR) && differs(k + 1)) ? 'differs' : ''];
      const tr = el('tr', { 'data-reg': name, class: cls.join(' ').trim() },
        el('th', { text: name }), el('td', { class: 'reg-value' + (derived ? ' derived' : ''), text: value }),
        el('td', { class: 'reg-text', text }));
      if (derived) tr.title = 'replayed from the GIC accesses of the log (see ?)';
      regs.append(tr);
    };
    reg('HCR', hex8(cur[S_HCR]), hcrText(cur[S_HCR]), cur[S_HCR] !== prev[S_HCR]);
    reg('VMCR', hex8(cur[S_VMCR]), vmcrText(cur[S_VMCR]), cur[S_VMCR] !== prev[S_VMCR], true);
    reg('MISR', hex8(cur[S_MISR]), bitNames(cur[S_MISR], MISR_BITS), cur[S_MISR] !== prev[S_MISR]);
    const wide = run.nlr > 32;
    reg('EISR', wide ? hex16(cur[S_EISR], cur[S_EISR_HI]) : hex8(cur[S_EISR]), 'EOI: ' + lrList(cur[S_EISR], cur[S_EISR_HI]),
      cur[S_EISR] !== prev[S_EISR] || cur[S_EISR_HI] !== prev[S_EISR_HI]);
    reg('ELRSR', wide ? hex16(cur[S_ELRSR], cur[S_ELRSR_HI]) : hex8(cur[S_ELRSR]), 'empty: ' + lrList(cur[S_ELRSR], cur[S_ELRSR_HI]),
      cur[S_ELRSR] !== prev[S_ELRSR] || cur[S_ELRSR_HI] !== prev[S_ELRSR_HI]);
    reg('APR', hex8(cur[S_APR]), aprText(cur[S_APR]), cur[S_APR] !== prev[S_APR], true);
    box.append(regs);
    const t = el('table', { class: 'lrs' });
    t.append(el('tr', null, ...['LR', 'value', 'state', 'vINTID', 'pINTID/CPUID', 'HW', 'EOI', 'group', 'priority'].map((h) => el('th', { text: h }))));
    for (let l = 0; l < run.nlr; l++) {
      const x = cur[S_LR0 + l], st = LR.state(x);
      const cls = [x !== prev[S_LR0 + l] ? 'changed' : '', differs(S_LR0 + l) ? 'differs' : ''];
      const tr = el('tr', { 'data-lr': String(l), class: cls.join(' ').trim() },
        el('td', { text: 'LR' + l }),
        el('td', { class: 'lr-raw', text: hex8(x) }),
        el('td', { class: 'lr-state st-' + st, text: stateName(st) }),
        el('td', { class: 'lr-vintid', text: String(LR.vintid(x)) }),
        el('td', { class: 'lr-pintid', text: LR.hw(x) ? `pINTID ${LR.pintid(x)}` : `CPUID ${LR.cpuid(x)}` }),
        el('td', { class: 'lr-hw', text: LR.hw(x) ? '1' : '0' }),
        el('td', { class: 'lr-eoi', text: LR.hw(x) ? '-' : (LR.eoi(x) ? '1' : '0') }),
        el('td', { class: 'lr-group', text: LR.grp1(x) ? '1' : '0' }),
        el('td', { class: 'lr-prio', text: hex2(LR.prio(x)) }));
      t.append(tr);
    }
    box.append(t);
    return box;
  }

  function renderState() {
    const root = $('state');
    root.textContent = '';
    const all = [...new Set(V.runs.flatMap((r) => r.vcpus))].sort((a, b) => a - b);
    const states = V.runs.map((r) => statesAround(r, r.idxAtSeq(V.cursor)));
    for (const v of all) {
      if (V.runs.length === 1) {
        const r = V.runs[0];
        root.append(vcpuStateTable(r, r.slotOf.get(v), states[0], null));
      } else {
        // A above B, each marking what differs from the other.
        const pair = el('div', { class: 'cmp' });
        const of = (r) => {
          const s = r.slotOf.get(v);
          return s === undefined ? null : states[r.k].cur.subarray(s * r.S, (s + 1) * r.S);
        };
        for (const r of V.runs) {
          const s = r.slotOf.get(v);
          const o = of(V.runs[1 - r.k]);
          pair.append(s === undefined ? el('div', { text: `${r.label}: no vCPU ${v}` })
            : vcpuStateTable(r, s, states[r.k], o === null ? new Float64Array(0) : o));
        }
        root.append(pair);
      }
    }
    if (!all.length) root.textContent = 'no vCPU in this log';
    renderFsm();
  }

  // The LR state machine of IHI 0048B 5.3.8: the GIC moves an LR from pending to active
  // when the guest acknowledges it, and from active (or pending and active) when the guest
  // deactivates it; the hypervisor may write any state. The usual transitions are drawn;
  // any other one is drawn when it is the one taken.
  const FSM_NODES = [
    { s: 0, x: 58, y: 96, rx: 40, label: 'invalid' }, { s: 1, x: 182, y: 96, rx: 40, label: 'pending' },
    { s: 2, x: 306, y: 96, rx: 36, label: 'active' }, { s: 3, x: 244, y: 182, rx: 54, label: 'pending+active' },
  ];
  // from>to: [label, bend (px, to the right of the direction of travel), GIC-driven]
  const FSM_EDGES = {
    '0>1': ['write', -14, false], '1>0': ['write', -14, false], '1>2': ['IAR', -14, false],
    '2>0': ['EOI/DIR', 70, true], '2>3': ['write', -12, false], '3>1': ['EOI/DIR', -12, true],
  };
  FSM_EDGES['1>2'][2] = true;
  function fsmSvg(from, to, how, strong) {
    const NS = 'http://www.w3.org/2000/svg';
    const mk = (tag, attrs) => { const e = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); return e; };
    const svg = mk('svg', { viewBox: '0 0 360 212', role: 'img', 'aria-label': 'list register state machine' });
    const defs = mk('defs', {});
    for (const [id, color] of [['ah', '#b5b5bc'], ['ah-taken', '#d0342c'], ['ah-recent', '#e9a29c']]) {
      const m = mk('marker', { id, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
      m.append(mk('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }));
      defs.append(m);
    }
    svg.append(defs);
    const taken = from === null ? null : `${from}>${to}`;
    const arrow = (key) => (key === taken ? (strong ? 'ah-taken' : 'ah-recent') : 'ah');
    const keys = Object.keys(FSM_EDGES);
    if (taken && !FSM_EDGES[taken]) keys.push(taken);
    for (const key of keys) {
      const [a, b] = key.split('>').map((x) => FSM_NODES[+x]);
      const [label, bend, gic] = FSM_EDGES[key] || [how, -18, false];
      const g = mk('g', { class: 'edge' + (gic ? ' gic' : '') + (key === taken ? (strong ? ' taken' : ' recent') : ''), 'data-edge': key });
      const text = key === taken ? how : label;
      if (a === b) {
        const up = -1;
        g.append(mk('path', { d: `M${a.x - 14},${a.y + up * 15} C${a.x - 34},${a.y + up * 52} ${a.x + 34},${a.y + up * 52} ${a.x + 14},${a.y + up * 15}`, 'marker-end': `url(#${arrow(key)})` }));
        g.append(Object.assign(mk('text', { x: a.x, y: a.y + up * 46 }), { textContent: text }));
      } else {
        const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy);
        const nx = -dy / len, ny = dx / len;
        const mx = (a.x + b.x) / 2 + nx * bend * 2, my = (a.y + b.y) / 2 + ny * bend * 2;
        // From the edge of one ellipse to the edge of the other, towards the control point.
        const sh = (p, q) => {
          const ux = q.x - p.x, uy = q.y - p.y, l = Math.hypot(ux, uy), cx = ux / l, cy = uy / l;
          const r = 1 / Math.sqrt((cx / (p.rx + 3)) ** 2 + (cy / 19) ** 2);
          return [p.x + cx * r, p.y + cy * r];
        };
        const [sx, sy] = sh(a, { x: mx, y: my });
        const [ex, ey] = sh(b, { x: mx, y: my });
        g.append(mk('path', { d: `M${sx},${sy} Q${mx},${my} ${ex},${ey}`, 'marker-end': `url(#${arrow(key)})` }));
        // The label at the curve's middle, pushed outwards.
        const lx = (sx + 2 * mx + ex) / 4 + nx * Math.sign(bend) * 8, ly = (sy + 2 * my + ey) / 4 + ny * Math.sign(bend) * 8 + 3;
        g.append(Object.assign(mk('text', { x: lx, y: ly }), { textContent: text }));
      }
      svg.append(g);
    }
    for (const n of FSM_NODES) {
      const cls = 'node' + (n.s === to && to !== null ? ' to' : '') + (n.s === from && from !== to ? ' from' : '');
      const g = mk('g', { class: cls, 'data-state': String(n.s) });
      g.append(mk('ellipse', { cx: n.x, cy: n.y, rx: n.rx, ry: 16 }));
      g.append(Object.assign(mk('text', { x: n.x, y: n.y }), { textContent: n.label }));
      svg.append(g);
    }
    return svg;
  }
  function transitionText(run, j) {
    const kd = run.evKind[run.ev[j]];
    const o = run.f[j * 4 + 1], nv = run.f[j * 4 + 2];
    const a = LR.state(o), b = LR.state(nv);
    if (kd === KIND.lr_write) return ['hyp write', `the hypervisor wrote GICH_LR${run.f[j * 4]}`];
    if (a === R.GICH_LR_STATE_PENDING && b === R.GICH_LR_STATE_ACTIVE) return ['guest IAR', 'the guest acknowledged it (GICV_IAR or GICV_AIAR)'];
    if ((a === R.GICH_LR_STATE_ACTIVE && b === R.GICH_LR_STATE_INVALID) || (a === R.GICH_LR_STATE_PENDING_ACTIVE && b === R.GICH_LR_STATE_PENDING)) {
      return ['guest EOI/DIR', 'the guest deactivated it (GICV_EOIR with EOImode 0, or GICV_DIR)'];
    }
    return ['GIC', 'the GIC changed it'];
  }
  function renderFsm() {
    const root = $('fsm');
    root.textContent = '';
    const r = V.runs[0], i = r.idxAtSeq(V.cursor);
    const j = i >= 0 ? r.lastLrEvent(i) : -1;
    if (j < 0) {
      root.append(fsmSvg(null, null, '', false));
      root.append(el('div', { class: 'fsm-text', text: 'No list register has changed yet.' }));
      return;
    }
    const o = r.f[j * 4 + 1], nv = r.f[j * 4 + 2];
    const [how, long] = transitionText(r, j);
    const strong = j === i;
    root.append(fsmSvg(LR.state(o), LR.state(nv), how, strong));
    const ago = strong ? 'this event' : `${i - j} event${i - j > 1 ? 's' : ''} ago`;
    const box = el('div', { class: 'fsm-text' });
    box.append(el('b', { text: `${r.label ? r.label + ': ' : ''}vCPU ${r.vcpu[j]} LR${r.f[j * 4]}: ${stateName(LR.state(o))} \u2192 ${stateName(LR.state(nv))}` }),
      ` (seq ${r.seq[j]}, ${ago}): ${long}; now ${lrDescribe(nv)}.`);
    root.append(box);
    root.dataset.transition = `${LR.state(o)}>${LR.state(nv)}`;
    root.dataset.strong = String(strong);
  }

  // ---- the event list ---------------------------------------------------------------------------

  // The filter as a test of a record of run r.
  function matcher(r, fl) {
    const [what, name] = fl.ev ? fl.ev.split(':') : ['', ''];
    const evOk = Uint8Array.from(r.info.events, (e) => (!fl.ev || (what === 'name' ? e.name === name : e.cls === name)) ? 1 : 0);
    const vcpu = fl.vcpu === '' ? -1 : +fl.vcpu, vintid = fl.vintid === '' ? -1 : +fl.vintid;
    return (i) => evOk[r.ev[i]] === 1 && (vcpu < 0 || r.vcpu[i] === vcpu) && (vintid < 0 || r.vintids(i).includes(vintid));
  }
  // Matches of the filter along the axis, sorted by position (records of different
  // vCPUs can be out of time order).
  function matchPos(m) {
    if (!m.pos[V.axis]) {
      const r = m.run, idx = m.idx, c = idx.length;
      const pos = new Float64Array(c);
      let sorted = true;
      for (let k = 0; k < c; k++) { pos[k] = r.pos(idx[k], V.axis); if (k && pos[k] < pos[k - 1]) sorted = false; }
      if (sorted) m.pos[V.axis] = { pos, idx };
      else {
        const order = new Int32Array(c).map((_, k) => k).sort((a, b) => pos[a] - pos[b]);
        m.pos[V.axis] = { pos: Float64Array.from(order, (k) => pos[k]), idx: Int32Array.from(order, (k) => idx[k]) };
      }
    }
    return m.pos[V.axis];
  }
  // Sequence numbers of the records that pass the filter, of all logs, in order.
  function applyFilter() {
    const t0 = performance.now();
    const fl = V.filter;
    const any = fl.ev || fl.vcpu !== '' || fl.vintid !== '';
    V.matches = null;
    if (!any && V.runs.length === 1) V.rows = V.runs[0].seq;
    else {
      const per = V.runs.map((r) => {
        const idx = new Int32Array(r.n), ok = matcher(r, fl);
        let c = 0;
        for (let i = 0; i < r.n; i++) if (!any || ok(i)) idx[c++] = i;
        return { run: r, idx: idx.slice(0, c), pos: {} };
      });
      if (any) V.matches = per;
      // Merge the logs' sequence numbers, each once.
      const out = [];
      const ks = per.map(() => 0);
      for (;;) {
        let best = Infinity;
        per.forEach((m, j) => { if (ks[j] < m.idx.length) best = Math.min(best, m.run.seq[m.idx[ks[j]]]); });
        if (best === Infinity) break;
        out.push(best);
        per.forEach((m, j) => { if (ks[j] < m.idx.length && m.run.seq[m.idx[ks[j]]] === best) ks[j]++; });
      }
      V.rows = Float64Array.from(out);
    }
    $('match-count').textContent = any ? `${V.rows.length} match${V.rows.length === 1 ? '' : 'es'}` : '';
    $('events-spacer').style.height = (V.rows.length * ROW_H) + 'px';
    $('events-note').textContent = `${V.rows.length} of ${V.runs.map((r) => r.n).join(' / ')}`;
    V.filterVersion = (V.filterVersion || 0) + 1;
    V.perf.lastFilterMs = performance.now() - t0;
    scrollRowIntoView();
    renderRows();
    redraw();
  }
  function nextMatch(dir) {
    const rows = V.rows;
    if (!rows.length) return;
    const k = dir > 0 ? upperBound(rows, V.cursor) : lowerBound(rows, V.cursor) - 1;
    if (k >= 0 && k < rows.length) setCursor(rows[k]);
  }
  function scrollRowIntoView() {
    if (!V.rows) return;
    const box = $('events');
    const k = Math.max(0, upperBound(V.rows, V.cursor) - 1);
    const top = k * ROW_H;
    if (top < box.scrollTop || top + ROW_H > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 2);
    }
  }
  // The records a race names: seq0, seq1, and the detail when it is a record.
  const evidenceOf = (rc) => (rc.dseq === null ? [rc.seq0, rc.seq1] : [rc.seq0, rc.seq1, rc.dseq]);
  function evidenceSeqs() {
    return V.race ? new Set(evidenceOf(V.race.rc)) : new Set();
  }
  function renderRows() {
    if (!V.rows) return;
    const box = $('events'), out = $('events-rows');
    const first = Math.max(0, Math.floor(box.scrollTop / ROW_H) - 4);
    const last = Math.min(V.rows.length, first + Math.ceil(box.clientHeight / ROW_H) + 8);
    const ev = evidenceSeqs();
    out.style.top = (first * ROW_H) + 'px';
    out.textContent = '';
    const frag = document.createDocumentFragment();
    for (let k = first; k < last; k++) {
      const s = V.rows[k];
      const row = el('div', { class: 'row', 'data-seq': String(s) });
      if (s === V.cursor) row.classList.add('cur');
      if (ev.has(s)) row.classList.add('evidence');
      if (V.runs.length === 1) {
        const r = V.runs[0], i = r.idxOfSeq(s);
        row.textContent = r.row(i);
        if (r.evKind[r.ev[i]] === KIND.race) row.classList.add('race');
      } else {
        row.classList.add('pair');
        const [a, b] = V.runs, i = a.idxOfSeq(s), j = b.idxOfSeq(s);
        const same = i >= 0 && j >= 0 && sameRecord(a, i, b, j);
        for (const [r, x] of [[a, i], [b, j]]) {
          const c = el('div', { text: x >= 0 ? r.compact(x) : `${s} (no record)` });
          if (x < 0) c.classList.add('missing'); else if (!same) c.classList.add('differs');
          c.title = x >= 0 ? r.row(x) : c.textContent;
          row.append(c);
        }
        if (s === V.divergence) row.classList.add('divergence');
      }
      frag.append(row);
    }
    out.append(frag);
  }

  // ---- races, the current event, the run ----------------------------------------------------------

  const raceName = (rc) => rc.name || `checker ${rc.checker}`;
  function raceText(run, rc) {
    const lines = [`${raceName(rc)} (checker ${rc.checker}), reported at seq ${rc.seq}` +
      `${rc.vcpu === R.HS_VCPU_NONE ? '' : ' on vCPU ' + rc.vcpu}:`];
    lines.push(rc.text || `seq0 ${rc.seq0}, seq1 ${rc.seq1}, detail ${rc.detail}`);
    lines.push('Evidence:');
    for (const s of [...new Set(evidenceOf(rc))].sort((a, b) => a - b)) {
      const i = run.idxOfSeq(s);
      lines.push(i >= 0 ? '  ' + run.brief(i) + ` at ${fmtTime(run.time[i])}` : `  seq ${s}: not in this log`);
    }
    const i0 = run.idxOfSeq(rc.seq0), i1 = run.idxOfSeq(rc.seq1);
    if (i0 >= 0 && i1 >= 0) {
      const k = Math.abs(i1 - i0) - 1;
      lines.push(`${k} record${k === 1 ? '' : 's'} and ${fmtTime(Math.abs(run.time[i1] - run.time[i0]))} between seq0 and seq1.`);
    }
    return lines.join('\n');
  }
  function renderRaces() {
    const ul = $('races');
    ul.textContent = '';
    let count = 0;
    for (const r of V.runs) {
      r.races.forEach((rc, k) => {
        count++;
        const name = raceName(rc);
        const li = el('li', { 'data-run': String(r.k), 'data-race': String(k), tabindex: '0' },
          el('span', { class: 'k', text: `${r.label ? r.label + ': ' : ''}${name}` }),
          ` seq ${rc.seq0} \u2194 ${rc.seq1}`);
        li.title = raceText(r, rc);
        li.addEventListener('click', () => selectRace(r, rc, li));
        li.addEventListener('keydown', (e) => { if (e.key === 'Enter') selectRace(r, rc, li); });
        ul.append(li);
      });
    }
    $('race-count').textContent = count ? `${count}` : 'none in this log';
  }
  // Jumps to a race: the timeline shows the window from its first evidence record to the
  // race event, the cursor goes to the first evidence, and both evidence records are
  // highlighted in the timeline and the list.
  function selectRace(run, rc, li) {
    V.race = { run, rc };
    for (const x of document.querySelectorAll('#races li')) x.classList.toggle('sel', x === li);
    $('race-detail').textContent = raceText(run, rc);
    const ps = [...evidenceOf(rc), rc.seq].map((s) => run.idxOfSeq(s)).filter((i) => i >= 0).map((i) => run.pos(i, V.axis));
    const a = Math.min(...ps), b = Math.max(...ps), m = Math.max((b - a) * 0.3, V.axis === 'seq' ? 4 : 1000);
    setView(a - m, b + m);
    setCursor(Math.min(...evidenceOf(rc)), { keepView: true, noScroll: true });
    // The list from just above the first evidence record, to show as much of the window as fits.
    const box = $('events');
    box.scrollTop = Math.max(0, (upperBound(V.rows, V.cursor) - 4) * ROW_H);
    renderRows();
  }

  function renderDetail() {
    const root = $('detail');
    root.textContent = '';
    for (const r of V.runs) {
      const i = r.idxAtSeq(V.cursor);
      if (i < 0) { root.append(el('div', { text: `${r.label ? r.label + ': ' : ''}before the first record` })); continue; }
      const info = r.info.events[r.ev[i]];
      const t = el('table', { 'data-run': String(r.k) });
      const add = (k, v) => t.append(el('tr', null, el('td', { text: k }), el('td', { text: v })));
      if (r.label) add('log', `${r.label}: ${r.path}`);
      add('event', `${info.name} (${info.cls})`);
      add('seq', String(r.seq[i]) + (r.seq[i] !== V.cursor ? ' (last record at or before the cursor)' : ''));
      add('time', `${r.time[i]} ps (${fmtTime(r.time[i])})`);
      add('vCPU', r.vcpu[i] === R.HS_VCPU_NONE ? '-' : String(r.vcpu[i]));
      add('cycle', String(r.cycle[i]));
      for (let j = 0; j < info.fields.length; j++) add(info.fields[j], r.fieldText(i, j));
      const m = info.known ? r.meaning(i) : null;
      if (m) add('meaning', m);
      root.append(t);
    }
  }
  function renderRunInfo() {
    const lines = [];
    for (const r of V.runs) {
      const m = r.info.meta;
      lines.push(`${r.label ? r.label + ': ' : ''}${r.path}: ${r.n} records, vCPUs ${r.vcpus.join(', ') || 'none'}, ${r.nlr} list registers`);
      for (const k of ['image.path', 'image.sha256', 'platform.name', 'command-line', 'seed', 'hypsim.version']) {
        if (m[k] !== undefined) lines.push(`  ${k}: ${m[k]}`);
      }
      if (!r.info.symbolized) lines.push('  no symbols (the image was not found or differs; see `hypsim view --image`)');
    }
    lines.push(`page: ${META.generator}`);
    $('runinfo').textContent = lines.join('\n');
  }

  // ---- tooltip and clicks on the timeline ----------------------------------------------------------

  function laneAt(y) { return V.lanes.find((l) => y >= l.y && y < l.y + l.h) || null; }
  function nearestIn(pos, idx, p, maxPx) {
    if (!pos.length) return -1;
    let k = lowerBound(pos, p);
    if (k >= pos.length || (k > 0 && p - pos[k - 1] < pos[k] - p)) k--;
    return Math.abs(X(pos[k]) - X(p)) <= maxPx ? idx[k] : -1;
  }
  function hit(x, y) {
    const L = laneAt(y);
    if (!L || x < GUTTER || L.kind === 'header') return null;
    const r = L.run, p = P(x);
    let i = -1, text = null;
    if (L.kind === 'world' || L.kind === 'lines' || L.kind === 'lr') {
      const idx = r.byVcpu[L.slot];
      i = nearestIn(tickPos(r, 'v' + L.slot, idx), idx, p, 6);
      if (L.kind === 'lines') {
        const l = Math.floor((y - L.y - 2) / 4);
        const sub = L.sub[l];
        if (sub) {
          const { sp, ep } = spanPos(sub);
          const k = upperBound(sp, p) - 1;
          text = `${L.label}: ${LINE_NAMES[l]} ` + (k >= 0 && ep[k] >= p ? `high from seq ${r.seq[sub.start[k]]}` : 'low');
        }
      } else {
        const { sp, ep } = spanPos(L);
        const k = upperBound(sp, p) - 1;
        if (k >= 0 && ep[k] >= p) {
          const nm = r.names[L.name[k]];
          const end = L.end[k] < r.n ? `seq ${r.seq[L.end[k]]}` : 'end';
          text = `${L.label}: ${L.kind === 'lr' ? lrDescribe(L.value[k]) : nm}\nseq ${r.seq[L.start[k]]} .. ${end}, ${fmtTime(r.time[L.start[k]])} .. ${L.end[k] < r.n ? fmtTime(r.time[L.end[k]]) : 'end'}`;
        }
      }
    } else if (L.kind === 'machine') i = nearestIn(tickPos(r, 'machine', r.machine), r.machine, p, 6);
    else if (L.kind === 'faults') i = nearestIn(tickPos(r, 'faults', r.faults), r.faults, p, 6);
    else if (L.kind === 'races') {
      let best = null, bd = 8;
      for (const rc of r.races) { const d = Math.abs(X(r.pos(rc.i, V.axis)) - x); if (d < bd) { bd = d; best = rc; } }
      if (best) return { run: r, race: best, text: raceText(r, best) };
    }
    if (i >= 0) text = (text ? text + '\n' : '') + r.row(i).trim();
    return { run: r, i, text };
  }

  let drag = null;
  canvas.addEventListener('mousedown', (e) => { drag = { x: e.offsetX, p0: V.p0, p1: V.p1, moved: false }; });
  window.addEventListener('mouseup', (e) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    canvas.classList.remove('dragging');
    if (d.moved || e.target !== canvas) return;
    const h = hit(e.offsetX, e.offsetY);
    if (!h) return;
    if (h.race) {
      const k = h.run.races.indexOf(h.race);
      selectRace(h.run, h.race, document.querySelector(`#races li[data-run="${h.run.k}"][data-race="${k}"]`));
    } else if (h.i >= 0) setCursor(h.run.seq[h.i], { keepView: true });
  });
  canvas.addEventListener('mousemove', (e) => {
    const tip = $('tip');
    if (drag) {
      const dx = e.offsetX - drag.x;
      if (Math.abs(dx) > 2) { drag.moved = true; canvas.classList.add('dragging'); }
      const dp = dx / plotW() * (drag.p1 - drag.p0);
      setView(drag.p0 - dp, drag.p1 - dp);
      tip.hidden = true;
      return;
    }
    const h = hit(e.offsetX, e.offsetY);
    if (!h || !h.text) { tip.hidden = true; return; }
    tip.textContent = h.text;
    tip.hidden = false;
    const wrap = $('timeline-wrap');
    tip.style.left = Math.min(e.offsetX + 14, wrap.clientWidth - tip.offsetWidth - 4) + 'px';
    tip.style.top = (e.offsetY + 14) + 'px';
  });
  canvas.addEventListener('mouseleave', () => { $('tip').hidden = true; });
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      pan((e.shiftKey ? e.deltaY : e.deltaX) / 600);
    } else {
      zoom(Math.pow(1.0015, e.deltaY), P(e.offsetX));
    }
  }, { passive: false });

  // ---- controls ------------------------------------------------------------------------------------

  function bindControls() {
    $('first').onclick = () => setCursor(firstSeq());
    $('last').onclick = () => setCursor(lastSeq());
    $('back').onclick = () => step(-1);
    $('fwd').onclick = () => step(1);
    $('play').onclick = () => play(!V.playing);
    $('speed').onchange = (e) => { V.speed = +e.target.value; };
    $('seq').onchange = (e) => { const s = Math.round(+e.target.value); if (Number.isFinite(s)) setCursor(s); };
    $('axis').onchange = (e) => setAxis(e.target.value);
    $('fit').onclick = fit;
    $('f-event').onchange = (e) => { V.filter.ev = e.target.value; applyFilter(); };
    $('f-vcpu').onchange = (e) => { V.filter.vcpu = e.target.value; applyFilter(); };
    $('f-vintid').oninput = (e) => { V.filter.vintid = e.target.value === '' ? '' : String(Math.round(+e.target.value)); applyFilter(); };
    $('prev-match').onclick = () => nextMatch(-1);
    $('next-match').onclick = () => nextMatch(1);
    $('help-btn').onclick = () => { $('help').hidden = !$('help').hidden; };
    $('help-close').onclick = () => { $('help').hidden = true; };
    $('events').addEventListener('scroll', renderRows);
    $('events').addEventListener('click', (e) => {
      const row = e.target.closest('.row');
      if (row) setCursor(+row.dataset.seq, { noScroll: true });
    });
    window.addEventListener('keydown', (e) => {
      const tag = e.target.tagName;
      if ((tag === 'INPUT' || tag === 'SELECT') && e.key !== 'Escape') return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key;
      let done = true;
      if (k === 'ArrowRight') step(e.shiftKey ? 10 : 1);
      else if (k === 'ArrowLeft') step(e.shiftKey ? -10 : -1);
      else if (k === 'Home') setCursor(firstSeq());
      else if (k === 'End') setCursor(lastSeq());
      else if (k === ' ') play(!V.playing);
      else if (k === 'n') nextMatch(1);
      else if (k === 'N') nextMatch(-1);
      else if (k === 'w' || k === 'W' || k === '+' || k === '=') zoom(0.7);
      else if (k === 's' || k === 'S' || k === '-') zoom(1 / 0.7);
      else if (k === 'a' || k === 'A') pan(-0.2);
      else if (k === 'd' || k === 'D') pan(0.2);
      else if (k === '0') fit();
      else if (k === 'x' || k === 'X') setAxis(V.axis === 'time' ? 'seq' : 'time');
      else if (k === '?') $('help').hidden = !$('help').hidden;
      else if (k === 'Escape') $('help').hidden = true;
      else done = false;
      if (done) e.preventDefault();
    });
    new ResizeObserver(() => { resize(); renderRows(); }).observe($('timeline-wrap'));
  }

  function fillSelects() {
    const byCls = new Map();
    for (const r of V.runs) for (const e of r.info.events) {
      if (!byCls.has(e.cls)) byCls.set(e.cls, new Set());
      byCls.get(e.cls).add(e.name);
    }
    const sel = $('f-event');
    for (const [cls, names] of byCls) {
      const og = el('optgroup', { label: cls });
      og.append(el('option', { value: 'cls:' + cls, text: `${cls} (all)` }));
      for (const n of [...names].sort()) og.append(el('option', { value: 'name:' + n, text: n }));
      sel.append(og);
    }
    const vs = $('f-vcpu');
    for (const v of [...new Set(V.runs.flatMap((r) => r.vcpus))].sort((a, b) => a - b)) vs.append(el('option', { value: String(v), text: String(v) }));
    vs.append(el('option', { value: String(R.HS_VCPU_NONE), text: 'none' }));
  }
  function renderLegend() {
    const items = [['Hyp', COLORS.world.Hyp], ['guest', COLORS.world.guest], ['idle', COLORS.world.idle],
      ['LR pending', COLORS.lr[1]], ['LR active', COLORS.lr[2]], ['LR pending+active', COLORS.lr[3]],
      ...LINE_NAMES.map((n, k) => [`${n} line`, COLORS.line[k]]), ['fault', COLORS.cls.fault], ['race', COLORS.cls.race],
      ['filter match', COLORS.match], ['cursor', COLORS.cursor]];
    if (V.runs.length > 1) items.push(['first divergence', COLORS.diverge]);
    const lg = $('legend');
    for (const [t, c] of items) {
      const s = el('span', null, el('span', { class: 'sw' }), t);
      s.firstChild.style.background = c;
      lg.append(s);
    }
    lg.append(el('span', { text: 'lines lane, top to bottom: ' + LINE_NAMES.join(', ') }));
  }

  function banner(text, cls, button) {
    const b = $('banner');
    b.hidden = false;
    b.className = cls || '';
    b.textContent = text;
    if (button) b.append(button);
  }

  // The cursor to seq, and the view to the 100 records either side of it in the first log.
  function goNear(seq) {
    const r = V.runs[0], i = Math.max(0, r.idxAtSeq(seq));
    setCursor(seq, { keepView: true });
    const a = r.pos(Math.max(0, i - 100), V.axis), b = r.pos(Math.min(r.n, i + 100), V.axis);
    setView(a, Math.max(b, a + 8));
  }

  // ---- start ---------------------------------------------------------------------------------------

  async function start() {
    const t0 = performance.now();
    const runs = [];
    for (let k = 0; k < META.logs.length; k++) {
      const bytes = await unpack($('hs-data-' + k).textContent.trim());
      runs.push(new Run(k, META.logs[k], bytes));
    }
    V.runs = runs;
    V.perf.loadMs = performance.now() - t0;
    $('title').textContent = runs.map((r) => `${r.label ? r.label + ': ' : ''}${r.path}`).join('   ');
    const damage = runs.filter((r) => r.info.damage).map((r) => `${r.path}: ${r.info.damage} (the page shows the records before it)`);
    if (runs.length > 1) {
      V.axis = 'seq';
      V.divergence = firstDivergence(runs[0], runs[1]);
      if (V.divergence === null) banner('The two logs hold the same records (time and cycle aside).');
      else {
        const go = el('button', { type: 'button', id: 'goto-divergence', text: 'go there' });
        go.onclick = () => goNear(V.divergence);
        banner(`First divergence at seq ${V.divergence}.`, '', go);
      }
    }
    if (damage.length) banner(damage.join('\n'), 'error');
    $('axis').value = V.axis;
    buildLanes();
    fillSelects();
    renderLegend();
    renderRaces();
    renderRunInfo();
    $('events-head').textContent = runs.length > 1 ? '' : G.dumpHeader;
    bindControls();
    resize();
    fit();
    applyFilter();
    setCursor(runs.some((r) => r.n) ? firstSeq() : 0);
    draw();                           // the first frame now, not at the next animation frame
    V.perf.readyMs = performance.now() - t0;
    document.body.dataset.state = 'ready';
  }

  // For tests and measurements (tests/viewer/): the page's own view of things.
  Object.assign(V, {
    setCursor, step, fit, setView, setAxis, zoom,
    view: () => ({ p0: V.p0, p1: V.p1, axis: V.axis }),
    rowText: (k, i) => V.runs[k].row(i),
    drawNow: () => { dirty = true; draw(); return V.perf.lastDrawMs; },
    // For measurements: draw everything again, as after a change of view.
    drawAll: () => { layerKey = ''; dirty = true; draw(); return V.perf.lastDrawMs; },
  });

  start().catch((err) => {
    banner(`The viewer could not load this page's data: ${err && err.stack ? err.stack : err}`, 'error');
    document.body.dataset.state = 'error';
    console.error(err);
  });
})();
