// The referee analyses end to end: a study folder written from the statsmodels fixtures (effects_overall.json,
// incidence_clustered.json), imported into a real DuckDB workspace, analysed through the API (Backend + App) and
// the CLI, and compared with the Python numbers: the overall score as an effects outcome (SD units, points,
// baseline SDs) and the participant-clustered logit of incidence beside the z test.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../main/analysis-cli.js';
import type { EffectsResult, ShiftsResult } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { close, closeAll, fixture } from '../golden/helpers.js';
import { capture, tempDir } from '../figures/helpers.js';

const EFF = fixture('effects_overall.json');
const INC = fixture('incidence_clustered.json');
const tmp = tempDir('workbench-referee-');
const dbPath = join(tmp.path, 'referee.duckdb');
let b: Backend;

const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

/** Effects rows as scored conversations; incidence units as labelled sentences of coach participants' conversations. */
function writeStudy(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const participants: (string | number)[][] = [['participant_id', 'condition']];
  const conversations: (string | number)[][] = [['conversation_id', 'participant_id', 'round', 'scenario', 'scenario_type']];
  const messages: (string | number)[][] = [['conversation_id', 'turn', 'role', 'text']];
  const scores: (string | number)[][] = [['conversation_id', 'dimension', 'score', 'rater']];
  const labels: (string | number)[][] = [['conversation_id', 'turn', 'sentence_index', 'category']];
  const seen = new Set<string>();
  EFF.rows.forEach((r: Record<string, string | number | null>, i: number) => {
    if (!seen.has(r.participant as string)) participants.push([r.participant as string, r.condition as string]);
    seen.add(r.participant as string);
    const id = `e${i}`;
    conversations.push([id, r.participant as string, r.round as number, 'job_loss', 'workplace']);
    messages.push([id, 0, 'seeker', 'I lost my job.'], [id, 1, 'supporter', 'That sounds hard.']);
    for (const d of EFF.dimensions) if (r[d] != null) scores.push([id, d, r[d] as number, 'judge']);
  });
  const sentence = new Map<string, number>();
  for (const u of INC.units as { group: string; scenarioType: string; participant: string; labels: string[] }[]) {
    const pid = `i-${u.participant}`;
    if (!seen.has(pid)) participants.push([pid, 'coach']);
    seen.add(pid);
    const id = `${pid}-${u.group}`;
    if (!sentence.has(id)) {
      sentence.set(id, 0);
      conversations.push([id, pid, u.group === 'pre' ? 1 : 2, u.scenarioType === 'personal' ? 'parent_death' : 'job_loss', u.scenarioType]);
      messages.push([id, 0, 'seeker', 'Hello.'], [id, 1, 'supporter', 'Hi.']);
    }
    const k = sentence.get(id)!;
    sentence.set(id, k + 1);
    for (const l of u.labels) labels.push([id, 1, k, l]);
  }
  writeFileSync(join(dir, 'participants.csv'), csv(participants));
  writeFileSync(join(dir, 'conversations.csv'), csv(conversations));
  writeFileSync(join(dir, 'messages.csv'), csv(messages));
  writeFileSync(join(dir, 'scores.csv'), csv(scores));
  writeFileSync(join(dir, 'sentence_labels.csv'), csv(labels));
}

beforeAll(async () => {
  writeStudy(join(tmp.path, 'study'));
  b = new Backend({ home: tmp.path });
  const ws = await b.open(dbPath);
  await runImport(ws.db, { path: join(tmp.path, 'study'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
}, 120_000);
afterAll(() => {
  if (b.hasWorkspace) b.close();
  tmp.cleanup();
});

describe('the overall score as an effects outcome', () => {
  it('API: SD units, points and baseline SDs as statsmodels', async () => {
    const r = await b.app.call('analysis-effects', { dimensions: ['overall'], conditions: EFF.conditions });
    expect(Object.keys(r.dimensions)).toEqual(['overall']);
    const o = r.dimensions.overall;
    expect(o.n).toBe(EFF.sd_units.n);
    expect(o.clusters).toBe(EFF.sd_units.n_clusters);
    close(o.sd, EFF.sd_units.sd, 'sd');
    close(o.baselineSd!, EFF.baseline_sd, 'baseline sd');
    for (const name of EFF.sd_units.names) {
      close(o.terms[name].coef, EFF.sd_units.terms[name].coef, `${name} SD units`);
      close(o.points[name].coef, EFF.points[name].coef, `${name} points`);
      close(o.points[name].se, EFF.points[name].se, `${name} points se`);
      closeAll(o.points[name].ci, EFF.points[name].ci, `${name} points ci`);
      close(o.baselineSds![name].coef, EFF.baseline_sds[name].coef, `${name} baseline SDs`);
      closeAll(o.baselineSds![name].ci, EFF.baseline_sds[name].ci, `${name} baseline SDs ci`);
    }
  });

  it('includeOverall adds it after the six dimensions; contrasts leave it out', async () => {
    const r = await b.app.call('analysis-effects', { includeOverall: true });
    expect(Object.keys(r.dimensions)).toEqual([...EFF.dimensions, 'overall']);
    close(r.dimensions.overall.points['coach:post'].coef, EFF.points['coach:post'].coef, 'coach points');
    const k = await b.app.call('analysis-contrasts', {});
    expect(new Set(k.rows.map((x) => x.dimension)).has('overall')).toBe(false);
  });

  it('refuses the overall score for a score set without all six dimensions', async () => {
    await b.workspace.db.run(`INSERT INTO score_sets VALUES ('two', 'two', 'human', 1, 5, now(), NULL, NULL)`);
    await b.workspace.db.run(`INSERT INTO scores SELECT 'two', conversation_id, dimension, score, NULL, NULL, NULL FROM scores WHERE dimension IN ('advice_giving', 'self_oriented')`);
    await expect(b.app.call('analysis-effects', { scoreSetId: 'two', dimensions: ['overall'] })).rejects.toThrow(/needs all six dimensions; score set two has no encouraging_elaboration/);
  });
});

describe('incidence shifts: clustered logit beside the z test', () => {
  it('API test "clustered-logit": statsmodels smf.logit(cov_type="cluster") for every label and scenario type', async () => {
    const r = await b.app.call('analysis-shifts', { level: 'category', test: 'clustered-logit' });
    expect(r.test).toBe('clustered-logit');
    expect(r.unfitted).toEqual([]);
    expect(r.labelsPerSentence).toBe(2);
    expect(r.rows.map((x) => `${x.scenarioType}/${x.label}`)).toEqual(INC.expected.map((e: { scenarioType: string; label: string }) => `${e.scenarioType}/${e.label}`));
    r.rows.forEach((row, i) => {
      const e = INC.expected[i];
      expect([row.nPre, row.nPost, row.countPre, row.countPost, row.clusters]).toEqual([e.nPre, e.nPost, e.countPre, e.countPost, e.clusters]);
      close(row.logOdds!, e.logOdds, 'log odds');
      close(row.logOddsSe!, e.logOddsSe, 'se');
      close(row.p, e.p, 'p');
      close(row.q, e.q, 'q');
      closeAll(row.ci, e.ci, 'ci');
    });
    expect(r.provenance.parameters).toMatchObject({ test: 'clustered-logit' });
  });

  it('default is the paper\'s z test, with the same shares', async () => {
    const z = await b.app.call('analysis-shifts', { level: 'category' });
    expect(z.test).toBe('z');
    z.rows.forEach((row, i) => close(row.diff, INC.expected[i].diff, 'diff', 1e-9, 1e-12));
  });

});

// The CLI opens the workspace file itself: the backend lets go of it first.
describe('the CLI', () => {
  beforeAll(() => b.close());

  it('CLI: --dimension overall prints its own table in points and baseline SDs', async () => {
    const j = await capture(() => analyzeCommand(['effects', '--db', dbPath, '--dimension', 'overall', '--json']));
    expect(j.code, j.stderr).toBe(0);
    const r = JSON.parse(j.stdout) as EffectsResult;
    close(r.dimensions.overall.points['combined:post'].coef, EFF.points['combined:post'].coef, 'combined points');
    const t = await capture(() => analyzeCommand(['effects', '--db', dbPath, '--dimension', 'overall']));
    expect(t.stdout).toContain('Overall empathy score (EE + VE + DU − AG − SO − DE)');
    expect(t.stdout).toContain(EFF.points['coach:post'].coef.toFixed(2));
    expect(t.stdout).toContain((EFF.baseline_sds['coach:post'].coef as number).toFixed(3));
  });

  it('CLI --test clustered-logit, and a usage error for an unknown test', async () => {
    const j = await capture(() => analyzeCommand(['shifts', '--db', dbPath, '--level', 'category', '--test', 'clustered-logit', '--json']));
    expect(j.code, j.stderr).toBe(0);
    const r = JSON.parse(j.stdout) as ShiftsResult;
    close(r.rows[0].p, INC.expected[0].p, 'p');
    const t = await capture(() => analyzeCommand(['shifts', '--db', dbPath, '--level', 'category', '--test', 'clustered-logit']));
    expect(t.stdout).toContain('clustered by participant');
    const bad = await capture(() => analyzeCommand(['shifts', '--db', dbPath, '--test', 'gee']));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--test must be z or clustered-logit');
  });
});
