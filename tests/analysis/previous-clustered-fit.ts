// The clustered incidence model as it was fitted before it was fitted from counts: every cell expanded to one row per
// unit and a Newton-Raphson logit with the clustered sandwich per label (logisticRegression), kept as the reference
// that the count-based fit (main/analysis/incidence.ts) is compared with.

import { AnalysisDataError, benjaminiHochberg, type ClusteredIncidenceShift, type IncidenceCell, logisticRegression, type UnfittedShift, Z975 } from '../../main/analysis/index.js';

const expit = (x: number) => 1 / (1 + Math.exp(-x));

/** clusteredIncidenceShifts() as it was, row by row. */
export function rowwiseClusteredIncidenceShifts(cells: readonly IncidenceCell[]): { rows: ClusteredIncidenceShift[]; unfitted: UnfittedShift[] } {
  const types = [...new Set(cells.map((c) => c.scenarioType))].sort();
  const rows: ClusteredIncidenceShift[] = [];
  const unfitted: UnfittedShift[] = [];
  for (const type of types) {
    const mine = cells.filter((c) => c.scenarioType === type && c.n > 0);
    let nPre = 0;
    let nPost = 0;
    for (const c of mine) {
      if (c.group !== 'pre' && c.group !== 'post') throw new Error(`incidence shifts: cell group must be 'pre' or 'post', got '${String(c.group)}'`);
      if (c.group === 'pre') nPre += c.n;
      else nPost += c.n;
    }
    if (nPre === 0 || nPost === 0) throw new AnalysisDataError(`incidence shifts: scenario type '${type}' has ${nPre} pre and ${nPost} post units; both are needed`);
    // One row per unit: the design and the clusters are the same for every label, only y changes.
    const n = nPre + nPost;
    const post = new Float64Array(n);
    const ones = new Float64Array(n).fill(1);
    const groups: (string | number)[] = new Array(n);
    let at = 0;
    for (const c of mine) {
      for (let i = 0; i < c.n; i++) {
        post[at + i] = c.group === 'post' ? 1 : 0;
        groups[at + i] = c.cluster;
      }
      at += c.n;
    }
    const labels = [...new Set(mine.flatMap((c) => Object.keys(c.counts).filter((l) => c.counts[l] > 0)))].sort();
    const typeRows: ClusteredIncidenceShift[] = [];
    for (const label of labels) {
      const y = new Float64Array(n);
      let countPre = 0;
      let countPost = 0;
      at = 0;
      for (const c of mine) {
        const k = c.counts[label] ?? 0;
        if (k < 0 || k > c.n) throw new Error(`incidence shifts: label '${label}' counts ${k} of ${c.n} units`);
        y.fill(1, at, at + k);
        if (c.group === 'pre') countPre += k;
        else countPost += k;
        at += c.n;
      }
      if (countPre === 0 || countPost === 0 || countPre === nPre || countPost === nPost) {
        unfitted.push({ scenarioType: type, label, reason: `occurs in ${countPre} of ${nPre} pre and ${countPost} of ${nPost} post units: the logit has no finite estimate` });
        continue;
      }
      const fit = logisticRegression(y, { names: ['intercept', 'post'], columns: [ones, post] }, { groups });
      const [b0, b1] = fit.coef;
      const p0 = expit(b0);
      const p1 = expit(b0 + b1);
      const g = [p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1)];
      const V = fit.cov;
      const seDiff = Math.sqrt(g[0] * g[0] * V[0][0] + 2 * g[0] * g[1] * V[0][1] + g[1] * g[1] * V[1][1]);
      const t = fit.terms.post;
      const diff = p1 - p0;
      typeRows.push({
        scenarioType: type, label, nPre, nPost, countPre, countPost, pre: p0, post: p1, diff, ci: [diff - Z975 * seDiff, diff + Z975 * seDiff],
        z: t.z, p: t.p, q: 0, logOdds: b1, logOddsSe: t.se, logOddsCi: [t.ci[0], t.ci[1]], seDiff, clusters: fit.nClusters ?? 0,
      });
    }
    const q = benjaminiHochberg(typeRows.map((r) => r.p));
    typeRows.forEach((r, i) => (r.q = q[i]));
    rows.push(...typeRows);
  }
  return { rows, unfitted };
}
