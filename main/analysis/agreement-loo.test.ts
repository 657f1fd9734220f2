// The like-with-like "below the experts" benchmark on the real Lend an Ear pilot (../shared/corpora): each expert and
// each LLM (or the crowd) against the median of the other experts, averaged over the left-out expert, against the
// Python computation in tests/golden/pilot_agreement_loo.json (sklearn / statsmodels / scipy).

import { describe, expect, it } from 'vitest';
import { close, fixture, pilotRatings } from '../../tests/golden/helpers.js';
import { type AgreementMetric, flagBelowExpertsLoo } from './agreement.js';

const P = fixture('pilot_agreement_loo.json');
const EXPERTS = ['expert1', 'expert2', 'expert3'];
const raters = [...EXPERTS, 'gemini', 'gpt', 'claude', 'crowd'];
const data = Object.fromEntries(raters.map((r) => [r, pilotRatings(r)]));
const ids = [...data.expert1.keys()].filter((id) => raters.every((r) => data[r].has(id))).sort();
const vec = (rater: string, dim: string) => ids.map((id) => data[rater].get(id)![dim]);

describe('leave-one-out expert benchmark on the Lend an Ear pilot', () => {
  it('reads the 50 conversations every rater scored', () => expect(ids.length).toBe(P.n_items));

  for (const metric of ['kappa_scale', 'kappa_observed', 'alpha', 'rho', 'exact'] as AgreementMetric[]) {
    it(`${metric}: every fold, both means and the flag`, () => {
      for (const row of P.rows) {
        const [f] = flagBelowExpertsLoo([{ dimension: row.dimension, candidate: vec(row.candidate, row.dimension), experts: EXPERTS.map((e) => vec(e, row.dimension)) }], metric);
        f.folds.forEach((fold, i) => {
          close(fold.expert, row.folds[i][`expert_${metric}`], `${row.dimension} ${row.candidate} fold ${i} expert`);
          close(fold.candidate, row.folds[i][`candidate_${metric}`], `${row.dimension} ${row.candidate} fold ${i} candidate`);
        });
        close(f.experts, row[`experts_${metric}`], `${row.dimension} experts`);
        close(f.candidate, row[`candidate_${metric}`], `${row.dimension} ${row.candidate}`);
        if (metric === 'kappa_scale') expect(f.flagged).toBe(row.flagged_kappa_scale);
      }
    });
  }

  it('on κ (1-5) Gemini falls below the experts on dismissing emotions only; the crowd on every dimension', () => {
    const below = (cand: string) => P.rows.filter((r: { candidate: string; flagged_kappa_scale: boolean }) => r.candidate === cand && r.flagged_kappa_scale).map((r: { dimension: string }) => r.dimension);
    expect(below('gemini')).toEqual(['dismissing_emotions']);
    expect(below('crowd').length).toBe(6);
  });

  it('needs two experts', () => {
    expect(() => flagBelowExpertsLoo([{ dimension: 'x', candidate: [1, 2], experts: [[1, 2]] }])).toThrow(/at least 2 expert/);
  });
});
