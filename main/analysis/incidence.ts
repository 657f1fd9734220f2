// Theme / taxonomy-node incidence shifts between pre and post sentences (methods §5; Fig. 2B, 2C).

import { benjaminiHochberg } from './multiple.js';
import { twoProportionTest } from './proportions.js';
import { AnalysisDataError } from './errors.js';

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
    const labels = [...new Set([...pre.keys(), ...post.keys()])].sort();
    const rows = labels.map((label) => {
      const cPre = pre.get(label) ?? 0;
      const cPost = post.get(label) ?? 0;
      const t = twoProportionTest(cPost, nPost, cPre, nPre);
      return { scenarioType: type, label, nPre, nPost, countPre: cPre, countPost: cPost, pre: t.p2, post: t.p1, diff: t.diff, ci: t.ci, z: t.z, p: t.p, q: 0 };
    });
    const q = benjaminiHochberg(rows.map((r) => r.p));
    rows.forEach((r, i) => (r.q = q[i]));
    out.push(...rows);
  }
  return out;
}
