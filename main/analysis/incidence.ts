// Theme / taxonomy-node incidence shifts between pre and post sentences (methods §5; Fig. 2B, 2C).

import { benjaminiHochberg } from './multiple.js';
import { twoProportionTest } from './proportions.js';
import { AnalysisDataError } from './errors.js';
import { normalTwoSidedP, Z975 } from './distributions.js';

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

/**
 * One scenario type's input to the clustered logit, as exact integer sums over its clusters (participants): what the
 * fit of every label needs, since the model's only regressor (post) is constant within a cluster's pre and post units.
 * A and B are a cluster's pre and post units; K and L its pre and post units carrying the label. loadClusteredShiftSums
 * (main/studydata/shifts.ts) aggregates them in DuckDB; clusteredShiftSums() from cells.
 */
export interface ClusteredShiftSums {
  scenarioType: string;
  nPre: number;
  nPost: number;
  /** Clusters with at least one unit of the type. */
  clusters: number;
  /** Σ A², Σ B², Σ A·B. */
  aa: number;
  bb: number;
  ab: number;
  labels: ClusteredLabelSums[];
}

/** One label's counts and sums over the type's clusters: Σ K², Σ K·A, Σ L², Σ L·B, Σ K·L, Σ K·B, Σ A·L. */
export interface ClusteredLabelSums {
  label: string;
  countPre: number;
  countPost: number;
  kk: number;
  ka: number;
  ll: number;
  lb: number;
  kl: number;
  kb: number;
  al: number;
}

/** The sums clusteredIncidenceShiftsFromSums() needs, from cells (a cell's cluster, group and scenario type may repeat). */
export function clusteredShiftSums(cells: readonly IncidenceCell[]): ClusteredShiftSums[] {
  type Cluster = { a: number; b: number; k: Map<string, number>; l: Map<string, number> };
  const byType = new Map<string, Map<string | number, Cluster>>();
  for (const c of cells) {
    if (c.group !== 'pre' && c.group !== 'post') throw new Error(`incidence shifts: cell group must be 'pre' or 'post', got '${String(c.group)}'`);
    if (!(c.n > 0)) continue;
    let clusters = byType.get(c.scenarioType);
    if (!clusters) byType.set(c.scenarioType, (clusters = new Map()));
    let g = clusters.get(c.cluster);
    if (!g) clusters.set(c.cluster, (g = { a: 0, b: 0, k: new Map(), l: new Map() }));
    if (c.group === 'pre') g.a += c.n;
    else g.b += c.n;
    const into = c.group === 'pre' ? g.k : g.l;
    for (const [label, k] of Object.entries(c.counts)) {
      if (k < 0 || k > c.n) throw new Error(`incidence shifts: label '${label}' counts ${k} of ${c.n} units`);
      if (k > 0) into.set(label, (into.get(label) ?? 0) + k);
    }
  }
  return [...byType.entries()].map(([scenarioType, clusters]) => {
    const out: ClusteredShiftSums = { scenarioType, nPre: 0, nPost: 0, clusters: clusters.size, aa: 0, bb: 0, ab: 0, labels: [] };
    const labels = new Map<string, ClusteredLabelSums>();
    for (const g of clusters.values()) {
      out.nPre += g.a;
      out.nPost += g.b;
      out.aa += g.a * g.a;
      out.bb += g.b * g.b;
      out.ab += g.a * g.b;
      for (const label of new Set([...g.k.keys(), ...g.l.keys()])) {
        let s = labels.get(label);
        if (!s) labels.set(label, (s = { label, countPre: 0, countPost: 0, kk: 0, ka: 0, ll: 0, lb: 0, kl: 0, kb: 0, al: 0 }));
        const k = g.k.get(label) ?? 0;
        const l = g.l.get(label) ?? 0;
        s.countPre += k;
        s.countPost += l;
        s.kk += k * k;
        s.ka += k * g.a;
        s.ll += l * l;
        s.lb += l * g.b;
        s.kl += k * l;
        s.kb += k * g.b;
        s.al += g.a * l;
      }
    }
    out.labels = [...labels.values()];
    return out;
  });
}

/**
 * Methods §5 with the nesting the z test ignores: per scenario type and label, logit P(unit carries the label) =
 * b0 + b1 post, fitted on every unit, with CR1 covariance clustered by participant, as statsmodels
 * `smf.logit("y ~ post").fit(cov_type="cluster", cov_kwds={"groups": participant})`. With one binary predictor
 * the fitted probabilities are the observed shares, so the point estimates are those of the z test and only the
 * uncertainty changes: z and p are the clustered Wald test of b1, the CI of post - pre is the delta method on
 * (b0, b1). BH over the fitted labels of each scenario type. (Cluster-robust logit rather than an exchangeable
 * GEE: it keeps the paper's estimand, the difference of marginal shares, and weights units as the z test does.)
 * Fitted from per-cluster counts (clusteredIncidenceShiftsFromSums), not one row per unit.
 */
export function clusteredIncidenceShifts(cells: readonly IncidenceCell[]): { rows: ClusteredIncidenceShift[]; unfitted: UnfittedShift[] } {
  return clusteredIncidenceShiftsFromSums(clusteredShiftSums(cells));
}

const big = (x: number, what: string): bigint => {
  if (!Number.isSafeInteger(x)) throw new Error(`incidence shifts: ${what} = ${x} is not an exact integer`);
  return BigInt(x);
};
/** num / den of exact integers, each rounded once (den > 0). */
const ratio = (num: bigint, den: bigint): number => Number(num) / Number(den);

/**
 * clusteredIncidenceShifts() from the sums: the MLE in closed form (the observed shares) and the CR1 sandwich from
 * exact integer sums. With x_g = nPre·K − cPre·A and y_g = nPost·L − cPost·B (a cluster's score, scaled), the
 * inverse Hessian maps cluster g's score to the influence x_g/α on b0 and y_g/β − x_g/α on b1, α = cPre (nPre − cPre),
 * β = cPost (nPost − cPost), and to y_g/nPost² − x_g/nPre² on post − pre (the delta method's gradient). So
 * Var(b1) = (α²Σy² − 2αβΣxy + β²Σx²) / (α²β²) and Var(post − pre) = (nPre⁴Σy² − 2nPre²nPost²Σxy + nPost⁴Σx²) /
 * (nPre⁴nPost⁴), both times G/(G − 1) · (N − 1)/(N − 2), statsmodels' small-sample factor; the numerators are exact in
 * BigInt, so only the final division rounds.
 */
export function clusteredIncidenceShiftsFromSums(types: readonly ClusteredShiftSums[]): { rows: ClusteredIncidenceShift[]; unfitted: UnfittedShift[] } {
  const rows: ClusteredIncidenceShift[] = [];
  const unfitted: UnfittedShift[] = [];
  for (const t of [...types].sort((a, b) => (a.scenarioType < b.scenarioType ? -1 : a.scenarioType > b.scenarioType ? 1 : 0))) {
    const { scenarioType: type, nPre, nPost, clusters: G } = t;
    if (nPre === 0 || nPost === 0) throw new AnalysisDataError(`incidence shifts: scenario type '${type}' has ${nPre} pre and ${nPost} post units; both are needed`);
    const n = nPre + nPost;
    const [NP, NQ, AA, BB, AB] = [big(nPre, 'nPre'), big(nPost, 'nPost'), big(t.aa, 'ΣA²'), big(t.bb, 'ΣB²'), big(t.ab, 'ΣAB')];
    const typeRows: ClusteredIncidenceShift[] = [];
    for (const s of [...t.labels].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))) {
      const { label, countPre, countPost } = s;
      if (countPre + countPost === 0) continue;
      if (countPre === 0 || countPost === 0 || countPre === nPre || countPost === nPost) {
        unfitted.push({ scenarioType: type, label, reason: `occurs in ${countPre} of ${nPre} pre and ${countPost} of ${nPost} post units: the logit has no finite estimate` });
        continue;
      }
      if (G < 2) throw new AnalysisDataError(`clustered covariance needs at least 2 clusters, got ${G} (statsmodels divides by G-1 = 0)`);
      const CP = big(countPre, 'countPre');
      const CQ = big(countPost, 'countPost');
      const X = NP * NP * big(s.kk, 'ΣK²') - 2n * NP * CP * big(s.ka, 'ΣKA') + CP * CP * AA;
      const Y = NQ * NQ * big(s.ll, 'ΣL²') - 2n * NQ * CQ * big(s.lb, 'ΣLB') + CQ * CQ * BB;
      const W = NP * NQ * big(s.kl, 'ΣKL') - NP * CQ * big(s.kb, 'ΣKB') - CP * NQ * big(s.al, 'ΣAL') + CP * CQ * AB;
      const alpha = CP * (NP - CP);
      const beta = CQ * (NQ - CQ);
      const factor = (G / (G - 1)) * ((n - 1) / (n - 2));
      const varB1 = ratio(alpha * alpha * Y - 2n * alpha * beta * W + beta * beta * X, alpha * alpha * beta * beta) * factor;
      const NP2 = NP * NP;
      const NQ2 = NQ * NQ;
      const varDiff = ratio(NP2 * NP2 * Y - 2n * NP2 * NQ2 * W + NQ2 * NQ2 * X, NP2 * NP2 * NQ2 * NQ2) * factor;
      // b1 as one log of exact products: the difference of the two logits would lose digits when it is small.
      const b1 = Math.log((countPost * (nPre - countPre)) / (countPre * (nPost - countPost)));
      const se = Math.sqrt(varB1);
      const seDiff = Math.sqrt(varDiff);
      const z = b1 / se;
      const pre = countPre / nPre;
      const post = countPost / nPost;
      const diff = post - pre;
      typeRows.push({
        scenarioType: type, label, nPre, nPost, countPre, countPost, pre, post, diff, ci: [diff - Z975 * seDiff, diff + Z975 * seDiff],
        z, p: normalTwoSidedP(z), q: 0, logOdds: b1, logOddsSe: se, logOddsCi: [b1 - Z975 * se, b1 + Z975 * se], seDiff, clusters: G,
      });
    }
    const q = benjaminiHochberg(typeRows.map((r) => r.p));
    typeRows.forEach((r, i) => (r.q = q[i]));
    rows.push(...typeRows);
  }
  return { rows, unfitted };
}
