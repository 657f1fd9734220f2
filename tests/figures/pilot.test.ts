// The agreement report on the real Lend an Ear pilot (../shared/corpora): Gemini against the median of the three
// experts, and the expert pairs, through `workbench analyze agreement`, against the engine's functions applied directly
// to the rating files and against the statsmodels / published-method fixture (tests/golden/pilot_agreement.json).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli.js';
import { analyzeCommand, figuresCommand } from '../../main/analysis-cli.js';
import { agreement, medianOfRaters } from '../../main/analysis/index.js';
import type { AgreementMatrixResult, AgreementResult } from '../../main/api/contract/index.js';
import { close, fixture, pilotRatings, SHARED } from '../golden/helpers.js';
import { capture, tempDir } from './helpers.js';

const tmp = tempDir('workbench-figures-pilot-');
const db = join(tmp.path, 'pilot.duckdb');
const DIMS = ['encouraging_elaboration', 'validating_emotions', 'demonstrating_understanding', 'advice_giving', 'self_oriented', 'dismissing_emotions'];
const EXPERTS = ['expert1', 'expert2', 'expert3'];
const GOLDEN = fixture('pilot_agreement.json');
const LOO = fixture('pilot_agreement_loo.json');

beforeAll(async () => {
  const r = await capture(() => main(['import', join(SHARED, 'corpora', 'lend-an-ear-pilot'), '--format', 'lend-an-ear', '--db', db, '--quiet']));
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

const run = async (a: string, b: string): Promise<AgreementResult> => {
  const r = await capture(() => analyzeCommand(['agreement', '--db', db, '--a', a, '--b', b, '--json']));
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as AgreementResult;
};

// The rating files themselves, aligned on the conversations every rater scored.
const data = Object.fromEntries([...EXPERTS, 'gemini'].map((r) => [r, pilotRatings(r)]));
const ids = [...data.expert1.keys()].filter((id) => Object.values(data).every((m) => m.has(id))).sort();
const vec = (rater: string, d: string) => ids.map((id) => data[rater].get(id)![d]);
const median = (d: string) => medianOfRaters(EXPERTS.map((e) => vec(e, d)));

function expectSame(row: AgreementResult['rows'][number], direct: ReturnType<typeof agreement>) {
  expect(row.n).toBe(direct.n);
  for (const k of ['kappa_scale', 'kappa_observed', 'alpha', 'rho', 'rho_p', 'exact'] as const) close(row[k], direct[k], `${row.dimension} ${k}`, 1e-12, 1e-15);
  close(row.alpha_ci[0], direct.alpha_ci[0], 'alpha_ci lo', 1e-12, 1e-15);
  close(row.alpha_ci[1], direct.alpha_ci[1], 'alpha_ci hi', 1e-12, 1e-15);
  close(row.rho_ci![0], direct.rho_ci![0], 'rho_ci lo', 1e-12, 1e-15);
}

describe('Lend an Ear pilot agreement report', () => {
  it('Gemini vs median(expert1,expert2,expert3): the issue JSON shape, equal to the engine on the rating files', async () => {
    const r = await run('gemini', 'median(expert1,expert2,expert3)');
    expect(r.b).toEqual({ spec: 'median(expert1,expert2,expert3)', sets: EXPERTS });
    expect(r.rows.map((x) => x.dimension)).toEqual(DIMS);
    for (const row of r.rows) {
      for (const k of ['dimension', 'n', 'kappa_scale', 'kappa_observed', 'alpha', 'alpha_ci', 'rho', 'rho_ci', 'exact']) expect(row).toHaveProperty(k);
      expect(row.n).toBe(50);
      expectSame(row, agreement(vec('gemini', row.dimension), median(row.dimension)));
      // The flag compares like with like (leave-one-out), checked against the Python computation.
      const g = LOO.rows.find((x: { dimension: string; candidate: string }) => x.dimension === row.dimension && x.candidate === 'gemini');
      close(row.experts_mean!, g.experts_kappa_scale, 'experts (leave-one-out)');
      close(row.candidate_loo!, g.candidate_kappa_scale, 'gemini (leave-one-out)');
      expect(row.below_experts).toBe(g.flagged_kappa_scale);
    }
    // Dismissing emotions is the dimension where Gemini agrees with the experts less than they agree with each other.
    expect(r.rows.filter((x) => x.below_experts).map((x) => x.dimension)).toEqual(['dismissing_emotions']);
  });

  it('the agreement table shows both leave-one-out numbers, and the flag follows the chosen statistic', async () => {
    const r = await capture(() => analyzeCommand(['agreement', '--db', db, '--a', 'gpt', '--b', 'median(expert1,expert2,expert3)', '--flag-metric', 'alpha', '--reps', '0', '--json']));
    const res = JSON.parse(r.stdout) as AgreementResult;
    for (const row of res.rows) {
      const g = LOO.rows.find((x: { dimension: string; candidate: string }) => x.dimension === row.dimension && x.candidate === 'gpt');
      close(row.experts_mean!, g.experts_alpha, 'experts alpha');
      close(row.candidate_loo!, g.candidate_alpha, 'gpt alpha');
      expect(row.below_experts).toBe(g.candidate_alpha < g.experts_alpha);
    }
    const text = await capture(() => analyzeCommand(['agreement', '--db', db, '--a', 'gpt', '--b', 'median(expert1,expert2,expert3)', '--reps', '0']));
    const de = LOO.rows.find((x: { dimension: string; candidate: string }) => x.dimension === 'dismissing_emotions' && x.candidate === 'gpt');
    expect(text.stdout).toContain(`below (${de.candidate_kappa_scale.toFixed(3)} vs ${de.experts_kappa_scale.toFixed(3)})`);
    expect(text.stdout).toContain('leave-one-out');
  });

  it('matches the published-method fixture (statsmodels cohens_kappa, sklearn, scipy) to 6 significant digits', async () => {
    const r = await run('gemini', 'median(expert1,expert2,expert3)');
    for (const row of r.rows) {
      const g = GOLDEN.rows.find((x: { dimension: string; a: string; b: string }) => x.dimension === row.dimension && x.a === 'gemini' && x.b === 'experts');
      close(row.kappa_scale, g.kappa_scale, 'kappa_scale');
      close(row.kappa_observed, g.kappa_observed.kappa, 'kappa_observed');
      close(row.alpha, g.alpha, 'alpha');
      close(row.rho, g.rho, 'rho');
      close(row.rho_ci![0], g.rho_ci[0], 'rho_ci');
      close(row.rho_ci![1], g.rho_ci[1], 'rho_ci');
      close(row.exact, g.exact, 'exact');
      close(row.alpha_ci[0], g.alpha_ci[0], 'alpha_ci');
      close(row.alpha_ci[1], g.alpha_ci[1], 'alpha_ci');
    }
  });

  for (const [a, b] of [['expert1', 'expert2'], ['expert2', 'expert3'], ['expert3', 'expert1']]) {
    it(`expert pair ${a} vs ${b}`, async () => {
      const r = await run(a, b);
      for (const row of r.rows) {
        expectSame(row, agreement(vec(a, row.dimension), vec(b, row.dimension)));
        const g = GOLDEN.rows.find((x: { dimension: string; a: string; b: string }) => x.dimension === row.dimension && x.a === a && x.b === b);
        close(row.kappa_observed, g.kappa_observed.kappa, 'kappa_observed');
        close(row.rho, g.rho, 'rho');
        expect(row.below_experts).toBeNull();
      }
    });
  }

  it('the agreement matrix: every rater against the expert median, and the expert pairs', async () => {
    const r = await capture(() => analyzeCommand(['agreement', '--matrix', '--db', db, '--json', '--reps', '200']));
    const m = JSON.parse(r.stdout) as AgreementMatrixResult;
    expect(m.reference).toBe('median(expert1,expert2,expert3)');
    expect(m.pairs.map((p) => p.label)).toEqual(['claude vs median', 'crowd vs median', 'gemini vs median', 'gpt vs median', 'expert1 vs expert2', 'expert1 vs expert3', 'expert2 vs expert3']);
    expect(m.rows.length).toBe(7 * 6);
    const f = await capture(() => figuresCommand(['--db', db, '--out', join(tmp.path, 'figs'), '--json']));
    const made = (JSON.parse(f.stdout) as { figures: { id: string; skipped: string | null }[] }).figures.filter((x) => !x.skipped).map((x) => x.id);
    expect(made).toEqual(['agreement-matrix']);
  });
});
