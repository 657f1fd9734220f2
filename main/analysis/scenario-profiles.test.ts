// Extended Data Figs. 3-4 (mean standardized scores by scenario type) against pandas / statsmodels
// (tests/golden/make_scenario_golden.py).

import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { AnalysisDataError } from './errors.js';
import { meanSummary, type ScenarioCell, scenarioProfiles, type ScenarioScoreRow, standardScale, welchTest } from './scenario-profiles.js';

const F = fixture('scenario_profiles.json');
const rows = F.rows as ScenarioScoreRow[];

type Expected = { dimension: string; scenarioType: string; round: number; n: number; mean: number; sd: number; se: number; ci: [number, number]; rawMean: number };
function sameCells(actual: ScenarioCell[], expected: Expected[], what: string) {
  expect(actual.map((c) => `${c.dimension}/${c.scenarioType}/${c.round}`), what).toEqual(expected.map((c) => `${c.dimension}/${c.scenarioType}/${c.round}`));
  expected.forEach((e, i) => {
    const a = actual[i];
    const at = `${what} ${e.dimension}/${e.scenarioType}/${e.round}`;
    expect(a.n, `${at} n`).toBe(e.n);
    close(a.mean, e.mean, `${at} mean`);
    close(a.sd, e.sd, `${at} sd`);
    close(a.se, e.se, `${at} se`);
    closeAll(a.ci!, e.ci, `${at} ci`);
    close(a.rawMean, e.rawMean, `${at} raw mean`);
  });
}

describe('scenario profiles vs pandas / statsmodels', () => {
  const r = scenarioProfiles(rows, F.options);

  it('standardizes each dimension over every scored conversation (rows without a design field included)', () => {
    for (const [d, s] of Object.entries(F.scales as Record<string, { n: number; mean: number; sd: number }>)) {
      expect(r.scales[d].n).toBe(s.n);
      close(r.scales[d].mean, s.mean, `${d} mean`);
      close(r.scales[d].sd, s.sd, `${d} sd`);
    }
    expect(r.skipped).toEqual([]);
  });

  it('first conversation: mean, SD, SE and 95% t CI of z per dimension × scenario type (DescrStatsW)', () => {
    sameCells(r.baseline, F.baseline, 'baseline');
  });

  it('workplace − personal at baseline: Welch t test and CI (CompareMeans, usevar="unequal")', () => {
    expect(r.differences.length).toBe(F.differences.length);
    F.differences.forEach((e: { dimension: string; a: string; b: string; nA: number; nB: number; diff: number; se: number; df: number; t: number; p: number; ci: [number, number] }, i: number) => {
      const a = r.differences[i];
      expect([a.dimension, a.a, a.b, a.nA, a.nB]).toEqual([e.dimension, e.a, e.b, e.nA, e.nB]);
      for (const k of ['diff', 'se', 'df', 't', 'p'] as const) close(a[k], e[k], `${e.dimension} ${k}`);
      closeAll(a.ci, e.ci, `${e.dimension} ci`);
    });
  });

  it('trajectories: the chosen conditions pooled, per round', () => {
    sameCells(r.trajectories, F.trajectories, 'trajectories');
  });

  it('skips a dimension without variation and keeps the others', () => {
    const flat = rows.map((x) => (x.dimension === 'self_oriented' ? { ...x, score: 3 } : x));
    const s = scenarioProfiles(flat, F.options);
    expect(s.skipped).toEqual([{ dimension: 'self_oriented', reason: expect.stringMatching(/vary/) }]);
    expect(s.baseline.some((c) => c.dimension === 'self_oriented')).toBe(false);
    expect(s.baseline.some((c) => c.dimension === 'advice_giving')).toBe(true);
  });

  it('a single value has a mean but no spread; too little data is a data error', () => {
    const one = meanSummary([2]);
    expect(one.mean).toBe(2);
    expect(one.ci).toBeNull();
    expect(Number.isNaN(one.se)).toBe(true);
    expect(() => meanSummary([])).toThrow(AnalysisDataError);
    expect(() => standardScale([1])).toThrow(AnalysisDataError);
    expect(() => welchTest([1], [1, 2])).toThrow(AnalysisDataError);
    expect(() => welchTest([1, 1], [2, 2])).toThrow(/variation/);
  });
});
