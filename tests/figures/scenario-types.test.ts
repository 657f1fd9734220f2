// Extended Data Figs. 3-4 (standardized scores by trouble type): SVG/CSV snapshots on a fixed hand-written result, the
// SIMULATED DATA stamp, click-through filters and the tables; then the analysis through the API of a real Backend on
// the small hand-written study (tests/helpers/tiny-study.ts), checked against the engine on the same rows.

import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { AnalysisProvenance, ScenarioTypeCell, ScenarioTypesResult } from '../../main/api/contract/index.js';
import { renderSvg } from '../../main/figures/headless.js';
import { SIMULATED_MARK } from '../../main/figures/render.js';
import { rowsToCsv, scenarioBaselineFigure, scenarioBaselineTable, scenarioTrajectoriesFigure, scenarioTrajectoryTable, tableToText } from '../../main/figures/index.js';

const prov: AnalysisProvenance = { analysis: 'scenario-types', study: 'Fixture study', simulated: true, scoreSet: 'judge-a', parameters: { baselineRound: 1 }, appVersion: '0.0.0-test' };
const cell = (dimension: string, scenarioType: string, round: number, mean: number, se: number, n: number): ScenarioTypeCell => ({
  dimension, scenarioType, round, n, mean, sd: se * Math.sqrt(n), se, ci: [mean - 2 * se, mean + 2 * se], rawMean: 3 + mean,
});
const DIMS = ['encouraging_elaboration', 'advice_giving'];
export const fixtureResult: ScenarioTypesResult = {
  provenance: prov, scoreSetId: 'judge-a', dimensions: DIMS, scenarioTypes: ['personal', 'workplace'],
  scenariosByType: { personal: ['parent_cancer', 'parent_death'], workplace: ['job_loss', 'undervalued_at_work'] },
  scales: { encouraging_elaboration: { n: 300, mean: 3, sd: 1 }, advice_giving: { n: 300, mean: 3.2, sd: 1.1 } },
  baselineRound: 1, conditions: ['control', 'coach', 'combined'],
  baseline: [cell(DIMS[0], 'personal', 1, 0.1, 0.1, 40), cell(DIMS[0], 'workplace', 1, -0.2, 0.1, 60), cell(DIMS[1], 'personal', 1, -0.1, 0.12, 40), cell(DIMS[1], 'workplace', 1, 0.35, 0.1, 60)],
  differences: [
    { dimension: DIMS[0], a: 'workplace', b: 'personal', nA: 60, nB: 40, diff: -0.3, se: 0.14, df: 85.2, t: -2.14, p: 0.035, ci: [-0.58, -0.02] },
    { dimension: DIMS[1], a: 'workplace', b: 'personal', nA: 60, nB: 40, diff: 0.45, se: 0.156, df: 80.1, t: 2.88, p: 0.005, ci: [0.14, 0.76] },
  ],
  trajectoryConditions: ['coach', 'combined'], rounds: [1, 2, 3],
  trajectories: [1, 2, 3].flatMap((r) => [
    cell(DIMS[0], 'personal', r, -0.1 + 0.25 * (r - 1), 0.09, 30), cell(DIMS[0], 'workplace', r, -0.25 + 0.3 * (r - 1), 0.08, 35),
    cell(DIMS[1], 'personal', r, 0.2 - 0.3 * (r - 1), 0.1, 30), cell(DIMS[1], 'workplace', r, 0.4 - 0.25 * (r - 1), 0.09, 35),
  ]),
  skipped: [],
};

const figures = [
  ['scenario-baseline', () => scenarioBaselineFigure(fixtureResult)],
  ['scenario-trajectories', () => scenarioTrajectoriesFigure(fixtureResult)],
] as const;

type Datum = { filter?: { conditions: string[]; rounds: number[]; scenarioTypes: string[] }; tip?: unknown };
const linked = (spec: ReturnType<typeof scenarioBaselineFigure>) =>
  (spec.plot.marks as { data?: Datum[] }[]).filter((m) => Array.isArray(m.data) && m.data[0]?.filter).map((m) => m.data!);

describe('Extended Data Figs. 3-4 render to stable SVG', () => {
  for (const [name, make] of figures) {
    it(name, async () => {
      const spec = make();
      expect(spec.id).toBe(name);
      const svg = renderSvg(spec);
      expect(renderSvg(make())).toBe(svg);
      await expect(svg).toMatchFileSnapshot(`./__snapshots__/${name}.svg`);
      await expect(rowsToCsv(spec.data)).toMatchFileSnapshot(`./__snapshots__/${name}.csv`);
      // one stamp per dimension panel, none for a real study
      const { document } = parseHTML(svg);
      expect([...document.querySelector('svg svg')!.querySelectorAll('text')].filter((t) => t.textContent === SIMULATED_MARK).length).toBe(DIMS.length);
      expect(renderSvg({ ...spec, simulated: false }).includes(`>${SIMULATED_MARK}<`)).toBe(false);
    });
  }

  it('Fig. 3: 95% CI whiskers and the Welch difference per panel; a click opens that trouble type\'s first conversations', () => {
    const spec = scenarioBaselineFigure(fixtureResult);
    const svg = renderSvg(spec);
    expect(svg).toContain('Δ -0.30*');
    expect(svg).toContain('Δ 0.45**');
    const [bars] = linked(spec);
    expect(bars.length).toBe(4);
    expect(bars[1].filter).toEqual({ conditions: ['control', 'coach', 'combined'], rounds: [1], scenarioTypes: ['workplace'] });
    expect(spec.data[0]).toMatchObject({ dimension: DIMS[0], scenarioType: 'personal', n: 40, ciLo: -0.1, ciHi: 0.30000000000000004 });
    expect(spec.caption).toContain('Workplace troubles: Job loss, Undervalued at work');
  });

  it('Fig. 4: mean ± SE per conversation; a click opens the trained conditions\' conversations of that round and type', () => {
    const spec = scenarioTrajectoriesFigure(fixtureResult);
    const [dots] = linked(spec);
    expect(dots.length).toBe(12);
    expect(dots.find((d) => (d as { round?: number }).round === 3 && d.filter!.scenarioTypes[0] === 'personal')!.filter)
      .toEqual({ conditions: ['coach', 'combined'], rounds: [3], scenarioTypes: ['personal'] });
    expect(spec.subtitle).toContain('AI coach and Combined training');
  });

  it('tables: means with CIs and the difference; means ± SE (n) per conversation', () => {
    const t3 = tableToText(scenarioBaselineTable(fixtureResult));
    expect(t3).toContain('Workplace − Personal [95% CI]');
    expect(t3).toContain('-0.300* [-0.580, -0.020]');
    const t4 = tableToText(scenarioTrajectoryTable(fixtureResult));
    expect(t4).toContain('0.400 ± 0.090 (30)'); // encouraging elaboration, personal, conversation 3
  });

  it('says so when there is nothing to draw', () => {
    expect(scenarioBaselineFigure({ ...fixtureResult, baseline: [], differences: [] }).empty).toMatch(/No conversation 1/);
    expect(scenarioTrajectoriesFigure({ ...fixtureResult, trajectories: [] }).empty).toMatch(/No conversations of AI coach and Combined training/);
  });
});
