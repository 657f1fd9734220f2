// Rater agreement for every dimension of one comparison (one side against another, either a score set or the
// median of several): the statistics with the alpha bootstrap, and the leave-one-out comparison with the experts
// when one side is a panel the other is not part of. What the analysis worker runs on the aligned score vectors.

import type { AgreementResultRow, AgreementStat } from '../../main/api/contract/index.js';
import { agreement, flagBelowExpertsLoo, medianOfRaters } from '../../main/analysis/index.js';
import { agreementFromTable, agreementStatFromTable, type PairTable } from '../../main/analysis/agreement-table.js';
import type { PairCounts } from '../../main/studydata/agreement.js';

export interface AgreementInput {
  /** Per dimension, each score set's scores over the same conversations (NaN where it scored none). */
  dims: { dimension: string; bySet: Record<string, Float64Array> }[];
  a: string[];
  b: string[];
  reps?: number;
  seed?: number;
  flagMetric: AgreementStat;
}

export function agreementBuffers(input: AgreementInput): ArrayBufferLike[] {
  return [...new Set(input.dims.flatMap((d) => Object.values(d.bySet).map((v) => v.buffer)))];
}

export function agreementValues(input: AgreementInput): number {
  return input.dims.reduce((n, d) => n + Object.values(d.bySet).reduce((m, v) => m + v.length, 0), 0);
}

function side(bySet: Record<string, Float64Array>, sets: string[]): Float64Array {
  return sets.length === 1 ? bySet[sets[0]] : Float64Array.from(medianOfRaters(sets.map((s) => bySet[s])));
}

export function agreementRows(input: AgreementInput): AgreementResultRow[] {
  const { a, b } = input;
  const medianSide = b.length > 1 ? b : a.length > 1 ? a : null;
  const otherSide = medianSide === b ? a : b;
  return input.dims.map(({ dimension, bySet }) => {
    const r = agreement(side(bySet, a), side(bySet, b), { reps: input.reps, seed: input.seed });
    let expertsMean: number | null = null;
    let candidateLoo: number | null = null;
    let below: boolean | null = null;
    // Like with like: each expert and the other side against the median of the remaining experts, averaged.
    if (medianSide && !otherSide.some((s) => medianSide.includes(s))) {
      const [flag] = flagBelowExpertsLoo([{ dimension, candidate: side(bySet, otherSide), experts: medianSide.map((s) => bySet[s]) }], input.flagMetric);
      expertsMean = flag.experts;
      candidateLoo = flag.candidate;
      below = flag.flagged;
    }
    return { dimension, ...r, experts_mean: expertsMean, candidate_loo: candidateLoo, below_experts: below };
  });
}

/**
 * The comparisons one agreement row needs, as sides over `sets` (indexes): a against b, then, when one side is a
 * panel the other is not part of, each panel member and the other side against the median of the remaining
 * members (flagBelowExpertsLoo's folds). loadPairCounts counts them; agreementTableRows reads them in this order.
 */
export function agreementComparisons(sets: string[], a: string[], b: string[]): { a: number[]; b: number[] }[] {
  const idx = (s: string[]) => s.map((x) => sets.indexOf(x));
  const out = [{ a: idx(a), b: idx(b) }];
  const medianSide = b.length > 1 ? b : a.length > 1 ? a : null;
  const otherSide = medianSide === b ? a : b;
  if (medianSide && !otherSide.some((s) => medianSide.includes(s))) {
    medianSide.forEach((e, i) => {
      const ref = idx(medianSide.filter((_, j) => j !== i));
      out.push({ a: idx([e]), b: ref }, { a: idx(otherSide), b: ref });
    });
  }
  return out;
}

/** What agreementTableRows takes: the pair counts of agreementComparisons' comparisons for every dimension. */
export interface AgreementTableInput {
  dimensions: string[];
  /** How many comparisons agreementComparisons gave (1, or 1 + 2 per panel member). */
  comparisons: number;
  counts: PairCounts;
  reps?: number;
  seed?: number;
  flagMetric: AgreementStat;
}

/** agreementRows from the pair counts: the same rows, from a few dozen table rows per comparison. */
export function agreementTableRows(input: AgreementTableInput): AgreementResultRow[] {
  const { counts } = input;
  const table = (comparison: number, dimension: number): PairTable => {
    const t = { a: [] as number[], b: [] as number[], count: [] as number[] };
    for (let i = 0; i < counts.length; i++) {
      if (counts.comparison[i] !== comparison || counts.dimension[i] !== dimension) continue;
      t.a.push(counts.a[i]);
      t.b.push(counts.b[i]);
      t.count.push(counts.count[i]);
    }
    return t;
  };
  return input.dimensions.map((dimension, d) => {
    const r = agreementFromTable(table(0, d), { reps: input.reps, seed: input.seed });
    let expertsMean: number | null = null;
    let candidateLoo: number | null = null;
    let below: boolean | null = null;
    const folds = (input.comparisons - 1) / 2;
    if (folds > 0) {
      let experts = 0;
      let candidate = 0;
      for (let f = 0; f < folds; f++) {
        experts += agreementStatFromTable(table(1 + 2 * f, d), input.flagMetric);
        candidate += agreementStatFromTable(table(2 + 2 * f, d), input.flagMetric);
      }
      expertsMean = experts / folds;
      candidateLoo = candidate / folds;
      below = candidateLoo < expertsMean;
    }
    return { dimension, ...r, experts_mean: expertsMean, candidate_loo: candidateLoo, below_experts: below };
  });
}
