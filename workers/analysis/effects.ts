// The effects model's fits for every outcome at once (methods §1-2), from the typed columns the service read: what
// the analysis worker runs, and what the service runs in its own thread for small studies. Row order within an
// outcome is kept, so the fits are the ones conditionEffects gives on the same rows, bit for bit.

import {
  AnalysisDataError, baselineSdColumns, conditionEffectsColumns, type EffectsResult,
} from '../../main/analysis/index.js';

/** Rows of one read: row i belongs to outcome `outcome[i]` (an index into the outcomes being fitted). */
export interface EffectsPart {
  outcome: Int32Array;
  participant: Int32Array;
  /** Index into `conditions`. */
  condition: Int32Array;
  round: Int32Array;
  score: Float64Array;
}

export interface EffectsFitInput {
  /** How many outcomes there are; one fit (or skip) comes back for each. */
  outcomes: number;
  /** The reads in order; an outcome's rows are taken from each part in turn, in row order. */
  parts: EffectsPart[];
  conditions: string[];
  reference: string;
  postFrom: number;
}

/** An outcome's fit with the SD of its baseline scores (null below two), or why the data cannot support it. */
export type OutcomeFit = { fit: EffectsResult; baselineSd: number | null } | { skipped: string };

/** Every typed array of the input, for moving it to a worker instead of copying it. */
export function effectsBuffers(input: EffectsFitInput): ArrayBufferLike[] {
  return input.parts.flatMap((p) => [p.outcome.buffer, p.participant.buffer, p.condition.buffer, p.round.buffer, p.score.buffer]);
}

export function effectsRows(input: EffectsFitInput): number {
  return input.parts.reduce((n, p) => n + p.score.length, 0);
}

/**
 * One fit per outcome. A data error (singular design, one cluster, no variation…) skips that outcome with the
 * engine's message; anything else is a bug and fails the whole call.
 */
export function fitEffectsOutcomes(input: EffectsFitInput): OutcomeFit[] {
  const counts = new Int32Array(input.outcomes);
  for (const p of input.parts) for (let i = 0; i < p.outcome.length; i++) counts[p.outcome[i]]++;
  const cols = Array.from(counts, (n) => ({ participant: new Int32Array(n), condition: new Int32Array(n), round: new Int32Array(n), score: new Float64Array(n) }));
  const at = new Int32Array(input.outcomes);
  for (const p of input.parts) {
    for (let i = 0; i < p.outcome.length; i++) {
      const k = p.outcome[i];
      const c = cols[k];
      const j = at[k]++;
      c.participant[j] = p.participant[i];
      c.condition[j] = p.condition[i];
      c.round[j] = p.round[i];
      c.score[j] = p.score[i];
    }
  }
  return cols.map((c): OutcomeFit => {
    try {
      const fit = conditionEffectsColumns(c, { conditions: input.conditions, reference: input.reference, postFrom: input.postFrom });
      let baselineSd: number | null = null;
      try {
        baselineSd = baselineSdColumns(c, input.postFrom);
      } catch (e) {
        if (!(e instanceof AnalysisDataError)) throw e;
      }
      return { fit, baselineSd };
    } catch (e) {
      if (!(e instanceof AnalysisDataError)) throw e;
      return { skipped: e.message };
    }
  });
}
