// Rater agreement for every dimension of one comparison (one side against another, either a score set or the
// median of several): the statistics with the alpha bootstrap, and the leave-one-out comparison with the experts
// when one side is a panel the other is not part of. What the analysis worker runs on the aligned score vectors.

import type { AgreementResultRow, AgreementStat } from '../../main/api/contract/index.js';
import { agreement, flagBelowExpertsLoo, medianOfRaters } from '../../main/analysis/index.js';

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
