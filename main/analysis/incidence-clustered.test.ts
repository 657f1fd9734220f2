// Incidence shifts from the participant-clustered logit of occurrence against statsmodels
// smf.logit("y ~ post").fit(cov_type="cluster") (tests/golden/incidence_clustered.json), beside the z test.

import { describe, expect, it } from 'vitest';
import { close, closeAll, fixture } from '../../tests/golden/helpers.js';
import { clusteredIncidenceShifts, type IncidenceCell, incidenceShifts } from './incidence.js';

const F = fixture('incidence_clustered.json');
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

describe('clustered logit incidence shifts vs statsmodels', () => {
  const { rows, unfitted } = clusteredIncidenceShifts(cellsOf(F.units));

  it('one row per scenario type and label', () => {
    expect(unfitted).toEqual([]);
    expect(rows.map((r) => `${r.scenarioType}/${r.label}`)).toEqual(F.expected.map((e: { scenarioType: string; label: string }) => `${e.scenarioType}/${e.label}`));
  });

  it('log odds ratio, clustered SE, z, p, BH q, the shares and the delta-method CI of post - pre', () => {
    rows.forEach((r, i) => {
      const e = F.expected[i];
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
});
