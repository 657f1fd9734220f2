import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { reliableChange } from './rci.js';

const F = fixture('rci.json');

describe('Reliable Change Index vs statsmodels MixedLM + scipy t interval', () => {
  const res = reliableChange(F.rows);
  it('measurement model on the control group', () => {
    close(res.model.s2Residual, F.model.tight.s2_residual, 's2_e');
    close(res.model.s2Between, F.model.tight.s2_between, 's2_b');
    close(res.reliability, F.reliability, 'reliability');
    close(res.sDiff, F.s_diff, 'S_diff = sqrt(1.5 s2_e)');
  });
  it('per participant change, z and category', () => {
    expect(res.participants.length).toBe(F.participants.length);
    const byId = new Map(res.participants.map((p) => [p.participant, p]));
    for (const e of F.participants) {
      const p = byId.get(e.participant)!;
      expect(p, e.participant).toBeDefined();
      expect(p.condition).toBe(e.condition);
      expect(p.nPost).toBe(e.n_post);
      expect(p.category).toBe(e.category);
      close(p.baseline, e.baseline, 'baseline');
      close(p.post, e.post, 'post');
      close(p.change, e.change, 'change');
      close(p.sDiff, e.s_diff, 's_diff');
      close(p.z, e.z, 'z');
    }
    expect(byId.has('p003')).toBe(false); // no baseline
    expect(byId.get('p001')!.nPost).toBe(1); // one post round missing
  });
  it('per condition summaries', () => {
    expect(res.conditions.map((c) => c.condition)).toEqual(F.conditions.map((c: { condition: string }) => c.condition));
    res.conditions.forEach((c, i) => {
      const e = F.conditions[i];
      expect([c.n, c.nImproved, c.nDeclined]).toEqual([e.n, e.n_improved, e.n_declined]);
      close(c.pctImproved, e.pct_improved, 'pct improved');
      close(c.pctDeclined, e.pct_declined, 'pct declined');
      close(c.meanChange, e.mean_change, 'mean change');
      close(c.sdChange, e.sd_change, 'sd change');
      closeAll(c.ci!, e.ci, 'ci');
    });
  });
  it('errors: no control rows, duplicate baseline, participant in two conditions', () => {
    expect(() => reliableChange([])).toThrow(/no scored conversations in the control condition/);
    expect(() => reliableChange(F.rows, { control: 'placebo' })).toThrow(/'placebo'/);
    const dup = [...F.rows, { ...F.rows[0] }];
    expect(() => reliableChange(dup)).toThrow(/two baseline/);
    const two = [...F.rows, { ...F.rows[1], condition: 'video' }];
    expect(() => reliableChange(two)).toThrow(/appears in conditions/);
  });
});
