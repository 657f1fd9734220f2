// One epoch of UMAP's layout SGD over a shard of the edges, shared by the single-threaded layout (one shard: all
// edges, all points) and the two-thread one. A shard owns the points [pLo, pHi) and the edges whose head is one of
// them (edges are in head order). It moves its own points in place; a foreign point it reads from the snapshot
// taken at the start of the epoch, and the pull on a foreign tail goes into the shard's delta, added after every
// shard finished, in shard order. No two threads write one value and nothing they read changes under them, and a
// shard's result does not depend on the thread that ran it, so a two-thread layout is as deterministic as a
// one-thread one (umap-learn's parallel mode races instead, "Hogwild" style).
// Two threads share more shards than two (PARALLEL_SHARDS), each claimed by whichever thread is free: with one
// fixed half each, every epoch waited for the slower thread, so a thread the OS preempted for a moment (on 2 cores
// beside anything else) held up both, once per epoch.
// All state is typed arrays, on SharedArrayBuffers when the layout runs on two threads.
// Departures from umap-learn's arithmetic, for speed, all deterministic: both gradient coefficients read from
// tables of d² (layout-coeff.ts, relative error < 2e-6); a sample's negatives all measured from the head's position
// after its pull, their clipped pushes summed and applied once (umap-learn moves the head after each); a negative
// drawn as ⌊u·n/2³²⌋ of the generator's u instead of u mod n (a multiply; the modulo of a uint32 is not V8's fast
// integer one). Measured at 29,520 × 50 (NN-descent kNN, 200 epochs, one thread, CPU seconds):
// 16.6 with umap-learn's arithmetic, 7.8 with d²^b by table and the batched negatives (preservation 0.434 → 0.430);
// then 8.5 → 3.8–4.8 with the coefficient tables and the multiply (preservation 0.430 → 0.429; BENCHMARKS.md,
// "A layout epoch from coefficient tables").

import { attraction, gradientTables, repulsion } from './layout-coeff.js';

/** 2⁻³²: a uint32 times n times this, truncated, is a point index in [0, n). */
const UINT32_SCALE = 2.3283064365386963e-10;

/** umap-learn's gradient clip. */
const CLIP = 4;

export interface Shard {
  /** Points [pLo, pHi) and edges [eLo, eHi). */
  pLo: number; pHi: number; eLo: number; eHi: number;
}

/** Shards of a two-thread layout (a few per thread, so that a free thread takes over a preempted one's share). */
export const PARALLEL_SHARDS = 8;

export interface LayoutState {
  n: number; a: number; b: number; gamma: number;
  heads: Int32Array; tails: Int32Array;
  epochsPerSample: Float64Array; epochOfNextSample: Float64Array;
  epochsPerNegativeSample: Float64Array; epochOfNextNegativeSample: Float64Array;
  /** n × 2, row-major. */
  positions: Float32Array;
  /** The positions at the start of the epoch (two shards only). */
  snapshot: Float32Array;
  /** Per shard: pulls on foreign tails this epoch (n × 2; two shards only). */
  deltas: Float32Array[];
  shards: Shard[];
  /** Per shard: its own negative-sample generator's state (xorshift32, never 0), shared by the threads. */
  rngs: Int32Array;
}

function clip(v: number): number {
  return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
}

/** Runs shard `t` of epoch `epoch` at learning rate `alpha`; updates the shard's generator state. */
export function runShard(s: LayoutState, t: number, epoch: number, alpha: number): void {
  const { n, positions: y, heads, tails } = s;
  const tables = gradientTables(s.a, s.b, s.gamma);
  const shard = s.shards[t];
  const { pLo, pHi } = shard;
  const whole = pLo === 0 && pHi === n;
  const snap = whole ? y : s.snapshot;
  const delta = whole ? y : s.deltas[t];
  let state = s.rngs[t];
  const eps = s.epochsPerSample, next = s.epochOfNextSample;
  const epsNeg = s.epochsPerNegativeSample, nextNeg = s.epochOfNextNegativeSample;
  for (let e = shard.eLo; e < shard.eHi; e++) {
    if (next[e] > epoch) continue;
    const j = heads[e] * 2, tail = tails[e], k = tail * 2;
    const own = whole || (tail >= pLo && tail < pHi);
    const yk = own ? y : snap;
    let dx = y[j] - yk[k], dy = y[j + 1] - yk[k + 1];
    let d2 = dx * dx + dy * dy;
    if (d2 > 0) {
      const coeff = attraction(tables, d2);
      const gx = clip(coeff * dx), gy = clip(coeff * dy);
      y[j] += gx * alpha; y[j + 1] += gy * alpha;
      if (own) { y[k] -= gx * alpha; y[k + 1] -= gy * alpha; } else { delta[k] -= gx * alpha; delta[k + 1] -= gy * alpha; }
    }
    next[e] += eps[e];
    const negatives = Math.floor((epoch - nextNeg[e]) / epsNeg[e]);
    // The head's repulsions are computed from its position after the pull and applied together, so the
    // negatives of one sample do not wait for each other (sequential SGD would feed each into the next).
    const hx = y[j], hy = y[j + 1];
    let sx = 0, sy = 0;
    for (let p = 0; p < negatives; p++) {
      // xorshift32, inlined (umap-learn's tau_rand_int is a similar generator)
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
      const o = ((state >>> 0) * n * UINT32_SCALE) | 0;
      if (o * 2 === j) continue;
      const yo = o >= pLo && o < pHi ? y : snap;
      dx = hx - yo[o * 2]; dy = hy - yo[o * 2 + 1];
      d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const coeff = repulsion(tables, d2);
        sx += clip(coeff * dx);
        sy += clip(coeff * dy);
      }
    }
    y[j] = hx + sx * alpha;
    y[j + 1] = hy + sy * alpha;
    nextNeg[e] += negatives * epsNeg[e];
  }
  s.rngs[t] = state;
}

/** After every shard ran: each shard's pulls on foreign points join the positions, in shard order; then a new snapshot. */
export function mergeShards(s: LayoutState): void {
  const y = s.positions;
  for (const d of s.deltas) {
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) { y[i] += d[i]; d[i] = 0; }
  }
  s.snapshot.set(y);
}

// The two-thread handshake over one shared Int32Array: the layout's thread sets the epoch and learning rate, CLAIM
// to the epoch's generation (times CLAIM_SPAN) and DONE to 0, then bumps GO. Both threads then claim shards from
// CLAIM (compare-and-exchange, so a claim made for an older generation fails) and add 1 to DONE per shard run; the
// layout's thread merges when DONE reaches the shard count. STOP ends the helper, ERROR reports a throw.
export const CTRL = { GO: 0, DONE: 1, EPOCH: 2, STOP: 3, ERROR: 4, CLAIM: 5, SIZE: 6 } as const;

/** CLAIM holds generation × CLAIM_SPAN + the next shard to claim. */
const CLAIM_SPAN = 64;

/** Claims and runs shards of generation `gen` until none is left; returns how many this thread ran. */
export function runClaimedShards(shared: SharedLayout, gen: number): number {
  const { ctrl, state } = shared;
  const count = state.shards.length;
  let ran = 0;
  for (;;) {
    const v = Atomics.load(ctrl, CTRL.CLAIM);
    const t = v - gen * CLAIM_SPAN;
    if (t < 0 || t >= count) return ran;
    if (Atomics.compareExchange(ctrl, CTRL.CLAIM, v, v + 1) !== v) continue;
    // The claim succeeded, so generation `gen` is still running and its epoch and rate are the ones set.
    runShard(state, t, Atomics.load(ctrl, CTRL.EPOCH), shared.alpha[0]);
    ran++;
    Atomics.add(ctrl, CTRL.DONE, 1);
    Atomics.notify(ctrl, CTRL.DONE);
  }
}

/** Opens generation `gen` (the layout's thread): the helper may claim its shards once GO is bumped. */
export function openGeneration(shared: SharedLayout, gen: number, epoch: number, alpha: number): void {
  const { ctrl } = shared;
  if (shared.state.shards.length > CLAIM_SPAN) throw new Error(`at most ${CLAIM_SPAN} shards`);
  shared.alpha[0] = alpha;
  Atomics.store(ctrl, CTRL.EPOCH, epoch);
  Atomics.store(ctrl, CTRL.DONE, 0);
  Atomics.store(ctrl, CTRL.CLAIM, gen * CLAIM_SPAN);
  Atomics.store(ctrl, CTRL.GO, gen);
  Atomics.notify(ctrl, CTRL.GO);
}

export interface SharedLayout {
  state: LayoutState;
  /** Int32Array(CTRL.SIZE) on a SharedArrayBuffer. */
  ctrl: Int32Array;
  /** The epoch's learning rate, Float64Array(1) on a SharedArrayBuffer. */
  alpha: Float64Array;
}

/** The helper thread's loop: the shards it can claim of every epoch the layout thread starts, until STOP. */
export function serveShard(shared: SharedLayout): void {
  const { ctrl } = shared;
  let seen = 0;
  try {
    for (;;) {
      while (Atomics.load(ctrl, CTRL.GO) === seen) {
        if (Atomics.load(ctrl, CTRL.STOP)) return;
        Atomics.wait(ctrl, CTRL.GO, seen, 100);
      }
      if (Atomics.load(ctrl, CTRL.STOP)) return;
      seen = Atomics.load(ctrl, CTRL.GO);
      runClaimedShards(shared, seen);
    }
  } catch (e) {
    Atomics.store(ctrl, CTRL.ERROR, 1);
    Atomics.notify(ctrl, CTRL.DONE);
    throw e;
  }
}
