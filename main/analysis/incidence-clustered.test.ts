// Incidence shifts from the participant-clustered logit of occurrence against statsmodels
// smf.logit("y ~ post").fit(cov_type="cluster") (tests/golden/incidence_clustered.json, and
// incidence_clustered_unbalanced.json: clusters of 1 to 150 units, participants only pre or only post), beside the z
// test; and the count-based fit against the row-by-row Newton-Raphson fit it replaced (to 1e-9).

import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { rowwiseClusteredIncidenceShifts } from '../../tests/analysis/previous-clustered-fit.js';
import { clusteredIncidenceShifts, clusteredShiftSums, type IncidenceCell, incidenceShifts } from './incidence.js';
import { mulberry32 } from './random.js';

const F = fixture('incidence_clustered.json');
const UNBALANCED = fixture('incidence_clustered_unbalanced.json');
type Unit = { group: 'pre' | 'post'; scenarioType: string; participant: string; labels: string[] };

/** The units as cells: per scenario type, group and participant, the unit count and each label's count. */
function cellsOf(units: Unit[]): IncidenceCell[] {
  const cells = new Map<string, IncidenceCell & { counts: Record<string, number> }>();
  for (const u of units) {
    const key = `${u.scenarioType}|${u.group}|${u.participant}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { scenarioType: u.scenarioType, group: u.group, cluster: u.participant, n: 0, counts: {} }));
    c.n++;
    for (const l of new Set(u.labels)) c.counts[l] = (c.counts[l] ?? 0) + 1;
  }
  return [...cells.values()];
}

describe.each([['balanced', F], ['unbalanced', UNBALANCED]])('clustered logit incidence shifts vs statsmodels (%s)', (_, G) => {
  const { rows, unfitted } = clusteredIncidenceShifts(cellsOf(G.units));

  it('one row per scenario type and label', () => {
    expect(unfitted).toEqual([]);
    expect(rows.map((r) => `${r.scenarioType}/${r.label}`)).toEqual(G.expected.map((e: { scenarioType: string; label: string }) => `${e.scenarioType}/${e.label}`));
  });

  it('log odds ratio, clustered SE, z, p, BH q, the shares and the delta-method CI of post - pre', () => {
    rows.forEach((r, i) => {
      const e = G.expected[i];
      const what = `${r.scenarioType} ${r.label}`;
      expect([r.nPre, r.nPost, r.countPre, r.countPost, r.clusters]).toEqual([e.nPre, e.nPost, e.countPre, e.countPost, e.clusters]);
      close(r.logOdds, e.logOdds, `${what} log odds`);
      close(r.logOddsSe, e.logOddsSe, `${what} se`);
      closeAll(r.logOddsCi, e.logOddsCi, `${what} log-odds ci`);
      close(r.z, e.z, `${what} z`);
      close(r.p, e.p, `${what} p`);
      close(r.q, e.q, `${what} q`);
      close(r.pre, e.pre, `${what} pre`);
      close(r.post, e.post, `${what} post`);
      close(r.diff, e.diff, `${what} diff`, 1e-6, 1e-12);
      close(r.seDiff, e.seDiff, `${what} se diff`);
      closeAll(r.ci, e.ci, `${what} ci`);
    });
  });
});

describe('clustered logit incidence shifts', () => {
  const { rows } = clusteredIncidenceShifts(cellsOf(F.units));

  it('same shares as the z test, wider intervals where participants differ in style', () => {
    const z = incidenceShifts(F.units);
    let wider = 0;
    rows.forEach((r, i) => {
      expect(z[i].label).toBe(r.label);
      close(r.diff, z[i].diff, 'diff', 1e-9, 1e-12);
      if (r.ci[1] - r.ci[0] > z[i].ci[1] - z[i].ci[0]) wider++;
    });
    expect(wider).toBeGreaterThan(rows.length / 2);
  });

  it('a label absent from one group is reported as unfitted, not as a number', () => {
    const cells: IncidenceCell[] = [
      { scenarioType: 'w', group: 'pre', cluster: 'a', n: 5, counts: { x: 2 } },
      { scenarioType: 'w', group: 'pre', cluster: 'b', n: 4, counts: { x: 1 } },
      { scenarioType: 'w', group: 'post', cluster: 'a', n: 6, counts: { x: 3, y: 2 } },
      { scenarioType: 'w', group: 'post', cluster: 'b', n: 3, counts: { x: 1 } },
    ];
    const r = clusteredIncidenceShifts(cells);
    expect(r.rows.map((x) => x.label)).toEqual(['x']);
    expect(r.unfitted).toEqual([{ scenarioType: 'w', label: 'y', reason: expect.stringMatching(/0 of 9 pre/) }]);
  });

  it('equals the row-by-row Newton-Raphson fit it replaced, on both fixtures and on random unbalanced cells', () => {
    const rnd = mulberry32(7);
    const random: IncidenceCell[] = [];
    for (const type of ['a', 'b'])
      for (let g = 0; g < 60; g++) {
        // Sizes from 1 to 400 units, some clusters in one group only, a cell repeated now and then.
        const size = [1, 2, 5, 40, 400][Math.floor(rnd() * 5)];
        for (const group of g % 9 === 0 ? ['pre'] as const : g % 7 === 0 ? ['post'] as const : ['pre', 'post'] as const)
          for (let rep = 0; rep < (g % 11 === 0 ? 2 : 1); rep++) {
            const n = 1 + Math.floor(rnd() * size);
            const counts: Record<string, number> = {};
            for (const l of ['x', 'y', 'z', 'rare']) {
              const share = l === 'rare' ? 0.01 : rnd() * (group === 'post' ? 0.8 : 0.6);
              let k = 0;
              for (let i = 0; i < n; i++) if (rnd() < share) k++;
              if (k > 0) counts[l] = k;
            }
            random.push({ scenarioType: type, group, cluster: g % 13 === 0 ? g : `p${g}`, n, counts });
          }
      }
    for (const cells of [cellsOf(F.units), cellsOf(UNBALANCED.units), random]) {
      const now = clusteredIncidenceShifts(cells);
      const before = rowwiseClusteredIncidenceShifts(cells);
      expect(now.unfitted).toEqual(before.unfitted);
      expect(now.rows.map((r) => r.label)).toEqual(before.rows.map((r) => r.label));
      now.rows.forEach((r, i) => {
        const e = before.rows[i];
        expect([r.scenarioType, r.nPre, r.nPost, r.countPre, r.countPost, r.clusters]).toEqual([e.scenarioType, e.nPre, e.nPost, e.countPre, e.countPost, e.clusters]);
        for (const k of ['logOdds', 'logOddsSe', 'z', 'p', 'q', 'pre', 'post', 'diff', 'seDiff'] as const) close(r[k], e[k], `${r.scenarioType} ${r.label} ${k}`, 1e-9, 1e-15);
        closeAll([...r.ci, ...r.logOddsCi], [...e.ci, ...e.logOddsCi], `${r.scenarioType} ${r.label} cis`, 1e-9, 1e-15);
      });
    }
    expect(clusteredShiftSums(random).map((t) => t.clusters)).toEqual([60, 60]);
  });

  it('needs two clusters for a fitted label, as the row-wise fit did', () => {
    const one: IncidenceCell[] = [
      { scenarioType: 'w', group: 'pre', cluster: 'a', n: 5, counts: { x: 2 } },
      { scenarioType: 'w', group: 'post', cluster: 'a', n: 6, counts: { x: 3 } },
    ];
    expect(() => clusteredIncidenceShifts(one)).toThrow(/at least 2 clusters, got 1/);
    expect(() => rowwiseClusteredIncidenceShifts(one)).toThrow(/at least 2 clusters, got 1/);
  });
});
