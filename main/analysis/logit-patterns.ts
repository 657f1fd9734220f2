// A logit's rows grouped by what they contribute: rows with the same outcome and the same design values add the same
// term to the log-likelihood, the score and the information, so a Newton step can sum each distinct row once, times
// the number of rows like it (a frequency weight). At 100x the preference model on the overall score difference has
// 140,000 trials but about 200 distinct (outcome, difference, scenario) rows, and the six-component model about
// 96,000: its passes were 75 and 170 ms a fit (issue 12). The estimate is the same maximum of the same likelihood; only
// the order of the sums changes (so the last digits may). The clustered covariance still sums each cluster's rows, by
// their pattern's residual (logit.ts).

import type { RowPlan } from './logit-sums.js';
import { scratchF64, scratchI32 } from './scratch.js';

/** The distinct rows of a plan: a plan of their own, their outcome and count, and each original row's pattern. */
export interface RowPatterns {
  plan: RowPlan;
  y: Float64Array;
  /** How many original rows each pattern stands for. */
  w: Float64Array;
  /** Each original row's pattern. */
  of: Int32Array;
}

/**
 * Below this share of distinct rows, grouping pays: finding the patterns is one hashed pass, about a Newton pass's
 * cost, and a fit takes about a dozen passes.
 */
const WORTHWHILE = 0.8;

/**
 * The plan's rows grouped by (y, dense values, factor level), patterns numbered in order of first appearance; null
 * when fewer than a fifth of the rows repeat one before them. Values compare with ===, hashed by their bits (so 0 and
 * -0 may be two patterns of equal terms, which changes no sum). The arrays are scratch slots (scratch.ts).
 */
export function rowPatterns(plan: RowPlan, y: Float64Array): RowPatterns | null {
  const { n, k, dense, x, factor, level, before } = plan;
  const d = dense.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const table = scratchI32('logit.patterns.table', size).fill(-1);
  const limit = Math.floor(WORTHWHILE * n);
  const of = scratchI32('logit.patterns.of', n);
  const px = scratchF64('logit.patterns.x', limit * d);
  const plevel = scratchI32('logit.patterns.level', limit);
  const py = scratchF64('logit.patterns.y', limit);
  const pw = scratchF64('logit.patterns.w', limit);
  const bits = new Int32Array(x.buffer, x.byteOffset, 2 * n * d);
  const m = groupRows(n, d, x, bits, level, y, table, size - 1, limit, of, px, plevel, py, pw);
  if (m < 0) return null;
  return {
    plan: { n: m, k, dense, x: px.subarray(0, m * d), factor, level: plevel.subarray(0, m), before },
    y: py.subarray(0, m),
    w: pw.subarray(0, m),
    of,
  };
}

/** The grouping pass (its own function, as every row loop of the fit: logit-sums.ts); -1 once `limit` patterns are passed. */
function groupRows(
  n: number, d: number, x: Float64Array, bits: Int32Array, level: Int32Array, y: Float64Array, table: Int32Array, mask: number,
  limit: number, of: Int32Array, px: Float64Array, plevel: Int32Array, py: Float64Array, pw: Float64Array,
): number {
  let m = 0;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    let h = mix(0x9e3779b9, level[i] + (y[i] === 1 ? 0x40000000 : 0));
    for (let a = 2 * o, end = 2 * (o + d); a < end; a++) h = mix(h, bits[a]);
    let slot = finish(h) & mask;
    let p = table[slot];
    while (p >= 0 && !sameRow(x, o, px, p * d, d, level[i], plevel[p], y[i], py[p])) {
      slot = (slot + 1) & mask;
      p = table[slot];
    }
    if (p < 0) {
      // A non-finite value never equals itself, so each such row would be a pattern of its own in one growing probe
      // chain: such a design is fitted ungrouped (and its fit reports the value).
      if (m === limit || !finiteRow(x, o, d)) return -1;
      p = table[slot] = m++;
      for (let a = 0; a < d; a++) px[p * d + a] = x[o + a];
      plevel[p] = level[i];
      py[p] = y[i];
      pw[p] = 0;
    }
    pw[p]++;
    of[i] = p;
  }
  return m;
}

// MurmurHash3's steps (32-bit). The rotations matter: a double's distinguishing bits (small integers, sixths) are the
// top bits of its high word, and a product alone carries bits only upward, so without them the slot (the low bits)
// hardly saw them and rows collided in long probe chains (60 ms a fit instead of ~5 at 100x).
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function finiteRow(x: Float64Array, o: number, d: number): boolean {
  for (let a = 0; a < d; a++) if (!Number.isFinite(x[o + a])) return false;
  return true;
}

function sameRow(x: Float64Array, o: number, px: Float64Array, q: number, d: number, l: number, pl: number, yi: number, yp: number): boolean {
  if (l !== pl || yi !== yp) return false;
  for (let a = 0; a < d; a++) if (x[o + a] !== px[q + a]) return false;
  return true;
}
