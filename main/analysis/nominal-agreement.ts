// Agreement of coders on nominal categories (qualitative coding, issue 9): percent agreement, Cohen's kappa for
// two coders, Fleiss' kappa for any fixed number, on raters × units arrays of labels (null = not coded).
// Krippendorff's nominal alpha (missing allowed) is krippendorffAlphaNominal in krippendorff.ts; Cohen's kappa
// reuses the weighted kappa of agreement.ts with 0/1 weights.
import { weightedKappa } from './agreement.js';
import { AnalysisDataError } from './errors.js';

/** Raters × units: one array per rater, one label (or null when the rater did not code the unit) per unit. */
export type NominalRatings = readonly (readonly (string | null | undefined)[])[];

function checkShape(r: NominalRatings, min: number): number {
  if (r.length < min) throw new Error(`nominal agreement: needs at least ${min} raters`);
  const n = r[0].length;
  for (const x of r) if (x.length !== n) throw new Error('nominal agreement: every rater needs one entry per unit');
  return n;
}

/** How often each label was given to unit `u`, and by how many raters in all (m). */
export function labelCounts(ratings: NominalRatings, u: number): { counts: Map<string, number>; m: number } {
  const counts = new Map<string, number>();
  let m = 0;
  for (const r of ratings) {
    const v = r[u];
    if (v == null) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    m++;
  }
  return { counts, m };
}

/**
 * Mean over units coded by 2 or more raters of the share of agreeing rater pairs among the unit's pairs (for two
 * raters: the share of units where both gave the same label). NaN when no unit has 2 labels.
 */
export function percentAgreement(ratings: NominalRatings): number {
  const n = checkShape(ratings, 2);
  let sum = 0;
  let units = 0;
  for (let u = 0; u < n; u++) {
    const { counts, m } = labelCounts(ratings, u);
    if (m < 2) continue;
    let same = 0;
    for (const k of counts.values()) same += (k * (k - 1)) / 2;
    sum += same / ((m * (m - 1)) / 2);
    units++;
  }
  return units ? sum / units : NaN;
}

/**
 * Cohen's (unweighted) kappa over the units both raters coded, categories = labels either used; statsmodels
 * `cohens_kappa(table)`. NaN when chance agreement is 1 (both raters used one and the same label throughout).
 */
export function cohenKappa(a: readonly (string | null | undefined)[], b: readonly (string | null | undefined)[]): number {
  checkShape([a, b], 2);
  const pairs: [string, string][] = [];
  for (let u = 0; u < a.length; u++) if (a[u] != null && b[u] != null) pairs.push([a[u]!, b[u]!]);
  if (pairs.length === 0) throw new AnalysisDataError("Cohen's kappa: no unit coded by both coders");
  const cats = [...new Set(pairs.flat())].sort();
  const pos = new Map(cats.map((c, i) => [c, i]));
  const table = cats.map(() => new Array<number>(cats.length).fill(0));
  for (const [x, y] of pairs) table[pos.get(x)!][pos.get(y)!]++;
  return weightedKappa(table, cats.map((_, i) => cats.map((__, j) => (i === j ? 0 : 1))));
}

/**
 * Fleiss' kappa (statsmodels `fleiss_kappa(aggregate_raters(data)[0])`), which needs the same number of raters on
 * every unit: units some rater left uncoded are dropped (`units` says how many remain). NaN when every rating
 * is the same label.
 */
export function fleissKappa(ratings: NominalRatings): { kappa: number; units: number } {
  const n = checkShape(ratings, 2);
  const m = ratings.length;
  const rows: Map<string, number>[] = [];
  for (let u = 0; u < n; u++) {
    if (ratings.some((r) => r[u] == null)) continue;
    const counts = new Map<string, number>();
    for (const r of ratings) counts.set(r[u]!, (counts.get(r[u]!) ?? 0) + 1);
    rows.push(counts);
  }
  if (rows.length === 0) throw new AnalysisDataError("Fleiss' kappa: no unit coded by every coder");
  const total = new Map<string, number>();
  let pBar = 0;
  for (const counts of rows) {
    let sq = 0;
    for (const [c, k] of counts) {
      sq += k * k;
      total.set(c, (total.get(c) ?? 0) + k);
    }
    pBar += (sq - m) / (m * (m - 1));
  }
  pBar /= rows.length;
  let pe = 0;
  for (const k of total.values()) pe += (k / (rows.length * m)) ** 2;
  return { kappa: pe < 1 ? (pBar - pe) / (1 - pe) : NaN, units: rows.length };
}
