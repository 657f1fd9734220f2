// Extended Data Figs. 3-4 through the API of a real Backend (analysis-scenario-types) and the CLI, on the small
// hand-written study (tests/helpers/tiny-study.ts), whose every score is known: the service's numbers must equal the
// engine's on rows built here from the study's definition, scenario types come from the importer's mapping.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../main/analysis-cli.js';
import { scenarioProfiles, type ScenarioScoreRow } from '../../main/analysis/index.js';
import { Backend } from '../../main/backend.js';
import { DIMENSIONS, SCENARIO_TYPE, SCENARIOS } from '../../main/domain/study.js';
import type { ScenarioTypesResult } from '../../main/api/contract/index.js';
import { buildCatalog } from '../../main/figures/catalog.js';
import { close } from '../golden/helpers.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';
import { capture } from './helpers.js';

const N = 24;
const CONDS = ['control', 'video', 'coach', 'combined'];
const tmp = tempDir('workbench-scenario-types-');
const dbPath = join(tmp.path, 's.duckdb');
let b: Backend;
beforeAll(async () => {
  b = new Backend({ home: join(tmp.path, 'home') });
  await b.open(dbPath);
  const { jobId } = await b.app.call('import-start', { path: writeTinyStudy(join(tmp.path, 'tiny'), N).dir, format: 'study' });
  expect((await b.app.call('job-wait', { id: jobId })).state).toBe('done');
});
afterAll(() => {
  b.close();
  tmp.cleanup();
});

/** The tiny study's scores as the engine's rows (writeTinyStudy: score = 1 + (i + r + k) % 5, scenario (i + r) % 5). */
function tinyRows(): ScenarioScoreRow[] {
  const rows: ScenarioScoreRow[] = [];
  for (let i = 0; i < N; i++) {
    for (let r = 1; r <= 3; r++) {
      DIMENSIONS.forEach((d, k) => rows.push({ dimension: d, scenarioType: SCENARIO_TYPE[SCENARIOS[(i + r) % SCENARIOS.length]], condition: CONDS[i % 4], round: r, score: 1 + ((i + r + k) % 5) }));
    }
  }
  return rows;
}

/** Deep equality with numbers equal to 1e-12 relative. */
function sameNumbers(a: unknown, b: unknown, at: string): void {
  if (typeof b === 'number') return close(a as number, b, at, 1e-12, 1e-14);
  if (b === null || typeof b !== 'object') return void expect(a, at).toEqual(b);
  expect(Object.keys(a as object), at).toEqual(Object.keys(b));
  for (const [k, v] of Object.entries(b)) sameNumbers((a as Record<string, unknown>)[k], v, `${at}.${k}`);
}

describe('analysis-scenario-types', () => {
  it('equals the engine on the study\'s rows: every condition in conversation 1, coach and combined across rounds', async () => {
    const r = await b.app.call('analysis-scenario-types', {});
    expect(r.scenarioTypes).toEqual(['personal', 'workplace']);
    expect(r.scenariosByType).toEqual({ personal: ['parent_cancer', 'parent_death'], workplace: ['job_loss', 'passed_over_promotion', 'undervalued_at_work'] });
    expect(r.conditions).toEqual(CONDS);
    expect(r.trajectoryConditions).toEqual(['coach', 'combined']);
    expect(r.rounds).toEqual([1, 2, 3]);
    const e = scenarioProfiles(tinyRows(), { dimensions: [...DIMENSIONS], scenarioTypes: r.scenarioTypes, baselineRound: 1, baselineConditions: CONDS, trajectoryConditions: ['coach', 'combined'], rounds: [1, 2, 3] });
    // The same values summed in another order: equal to the last bits.
    sameNumbers(r.scales, e.scales, 'scales');
    sameNumbers(r.baseline, e.baseline, 'baseline');
    sameNumbers(r.differences, e.differences, 'differences');
    sameNumbers(r.trajectories, e.trajectories, 'trajectories');
    expect(r.baseline.reduce((s, c) => s + c.n, 0)).toBe(N * DIMENSIONS.length);
    expect(r.provenance.parameters).toMatchObject({ trajectoryConditions: ['coach', 'combined'] });
  });

  it('pools the conditions asked for', async () => {
    const r = await b.app.call('analysis-scenario-types', { conditions: ['coach'], trajectoryConditions: ['video'], dimensions: ['advice_giving'] });
    expect(r.dimensions).toEqual(['advice_giving']);
    expect(r.baseline.reduce((s, c) => s + c.n, 0)).toBe(N / 4);
    expect(r.trajectories.filter((c) => c.round === 2).reduce((s, c) => s + c.n, 0)).toBe(N / 4);
  });

  it('names a bad condition or dimension as a bad request', async () => {
    await expect(b.app.call('analysis-scenario-types', { conditions: ['coach', 'yoga'] })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('yoga') });
    await expect(b.app.call('analysis-scenario-types', { dimensions: ['warmth'] })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('warmth') });
    await expect(b.app.call('analysis-scenario-types', { rounds: 'all' } as never)).rejects.toMatchObject({ code: 'invalid-args' });
  });

  it('the CLI prints both tables and --json gives the API\'s result; `figures` draws both', async () => {
    const api = await b.app.call('analysis-scenario-types', {});
    const catalog = await buildCatalog(b.workspace.db);
    for (const id of ['scenario-baseline', 'scenario-trajectories']) expect(catalog.find((e) => e.id === id)?.figure?.id, id).toBe(id);
    b.close(); // the CLI opens the file itself
    {
      const text = await capture(() => analyzeCommand(['scenario-types', '--db', dbPath]));
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain('Extended Data Fig. 3: mean standardized scores in conversation 1 by trouble type');
      expect(text.stdout).toContain('Extended Data Fig. 4');
      const json = await capture(() => analyzeCommand(['scenario-types', '--db', dbPath, '--json']));
      const r = JSON.parse(json.stdout) as ScenarioTypesResult;
      expect(r.baseline).toEqual(api.baseline);
      expect(r.trajectories).toEqual(api.trajectories);
    }
  });
});
