// Theme / taxonomy-node incidence shifts between pre and post sentences (methods §5; Fig. 2B, 2C).

import { benjaminiHochberg } from './multiple.js';
import { twoProportionTest } from './proportions.js';
import { AnalysisDataError } from './errors.js';
import { Z975 } from './distributions.js';
import { logisticRegression } from './logit.js';

/** One sentence unit: which comparison group it belongs to, its scenario type, and its labels. */
export interface LabelledUnit {
  group: 'pre' | 'post';
  scenarioType: string;
  /** Labels present in this unit (e.g. its top-2 themes, or the taxonomy nodes they map to); duplicates count once. */
  labels: readonly string[];
}

/** Incidence shift of one label within one scenario type. */
export interface IncidenceShift {
  scenarioType: string;
  label: string;
  nPre: number;
  nPost: number;
  countPre: number;
  countPost: number;
  pre: number;
  post: number;
  /** post - pre (a share; multiply by 100 for percentage points). */
  diff: number;
  /** 95% unpooled Wald CI of post - pre. */
  ci: [number, number];
  /** Pooled two-proportion z (post vs pre) and its two-sided p. */
  z: number;
  p: number;
  /** Benjamini-Hochberg q over all labels of this scenario type. */
  q: number;
}

/**
 * Incidence of every label among pre and post units, per scenario type: share of units carrying the label, pooled
 * two-proportion z test of post vs pre (statsmodels proportions_ztest), unpooled 95% CI of the difference, and BH
 * q-values across the labels that occur in that scenario type. Results are sorted by scenario type, then label.
 */
export function incidenceShifts(units: readonly LabelledUnit[]): IncidenceShift[] {
  const types = [...new Set(units.map((u) => u.scenarioType))].sort();
  const out: IncidenceShift[] = [];
  for (const type of types) {
    let nPre = 0;
    let nPost = 0;
    const pre = new Map<string, number>();
    const post = new Map<string, number>();
    for (const u of units) {
      if (u.scenarioType !== type) continue;
      if (u.group !== 'pre' && u.group !== 'post') throw new Error(`incidence shifts: unit group must be 'pre' or 'post', got '${String(u.group)}'`);
      const target = u.group === 'pre' ? pre : post;
      if (u.group === 'pre') nPre++;
      else nPost++;
      for (const l of new Set(u.labels)) target.set(l, (target.get(l) ?? 0) + 1);
    }
    if (nPre === 0 || nPost === 0) throw new AnalysisDataError(`incidence shifts: scenario type '${type}' has ${nPre} pre and ${nPost} post units; both are needed`);
    out.push(...incidenceShiftsFromCounts(type, nPre, nPost, pre, post));
  }
  return out;
}

/**
 * One scenario type's rows of incidenceShifts() from its counts: units pre and post, and per label how many units
 * carry it in each group. The analysis worker calls it on the counts DuckDB aggregated.
 */
export function incidenceShiftsFromCounts(scenarioType: string, nPre: number, nPost: number,
  pre: ReadonlyMap<string, number>, post: ReadonlyMap<string, number>): IncidenceShift[] {
  const labels = [...new Set([...pre.keys(), ...post.keys()])].sort();
  const rows = labels.map((label) => {
    const cPre = pre.get(label) ?? 0;
    const cPost = post.get(label) ?? 0;
    const t = twoProportionTest(cPost, nPost, cPre, nPre);
    return { scenarioType, label, nPre, nPost, countPre: cPre, countPost: cPost, pre: t.p2, post: t.p1, diff: t.diff, ci: t.ci, z: t.z, p: t.p, q: 0 };
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  rows.forEach((r, i) => (r.q = q[i]));
  return rows;
}

/** Units of one cluster (participant) in one group and scenario type, and how many of them carry each label. */
export interface IncidenceCell {
  scenarioType: string;
  group: 'pre' | 'post';
  cluster: string | number;
  /** Units in the cell (the denominator). */
  n: number;
  /** Label -> units of the cell carrying it (0 when absent). */
  counts: Readonly<Record<string, number>>;
}

/** Incidence shift of one label from the participant-clustered logit of occurrence on post. */
export interface ClusteredIncidenceShift extends IncidenceShift {
  /** The post coefficient: log odds ratio of occurrence, post vs pre, with its clustered SE and 95% CI. */
  logOdds: number;
  logOddsSe: number;
  logOddsCi: [number, number];
  /** Delta-method SE of post - pre from the clustered covariance (ci is diff -+ 1.96 seDiff). */
  seDiff: number;
  clusters: number;
}

/** A label whose model cannot be fitted (it never or always occurs in one group: the MLE does not exist). */
export interface UnfittedShift { scenarioType: string; label: string; reason: string }

const expit = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Methods §5 with the nesting the z test ignores: per scenario type and label, logit P(unit carries the label) =
 * b0 + b1 post, fitted on every unit, with CR1 covariance clustered by participant, as statsmodels
 * `smf.logit("y ~ post").fit(cov_type="cluster", cov_kwds={"groups": participant})`. With one binary predictor
 * the fitted probabilities are the observed shares, so the point estimates are those of the z test and only the
 * uncertainty changes: z and p are the clustered Wald test of b1, the CI of post - pre is the delta method on
 * (b0, b1). BH over the fitted labels of each scenario type. (Cluster-robust logit rather than an exchangeable
 * GEE: it keeps the paper's estimand, the difference of marginal shares, and weights units as the z test does.)
 */
export function clusteredIncidenceShifts(cells: readonly IncidenceCell[]): { rows: ClusteredIncidenceShift[]; unfitted: UnfittedShift[] } {
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
