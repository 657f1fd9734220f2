// Fits off the serving thread: a large study's effects are aggregated in DuckDB (no rows reach JavaScript) while
// another API call is answered; and the worker gives the same fits as the same function in this thread. The study is
// the tiny one (tests/helpers/tiny-study.ts) grown in SQL past the worker threshold: 12,000 more participants, 3 rounds
// each, six scores per conversation.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { loadEffectsData } from '../../main/studydata/effects.js';
import { resolveScoreSet, studyConditions } from '../../main/studydata/common.js';
import { AnalysisDataError, reliableChange, reliableChangeColumns } from '../../main/analysis/index.js';
import { agreementBuffers, type AgreementInput, agreementRows } from '../../workers/analysis/agreement.js';
import { effectsBuffers, type EffectsFitInput, effectsRows, fitEffectsOutcomes } from '../../workers/analysis/effects.js';
import { analysisFitsInFlight, fitInWorker, WORKER_MIN_ROWS } from '../../workers/analysis/handle.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-analysis-worker-');
let b: Backend;
let scoreSet: string;
/** The imported score set's six dimensions. */
let DIMS: string[];

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  b = new Backend({ home: tmp.path });
  const ws = await b.open(join(tmp.path, 'worker.duckdb'));
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  ({ id: scoreSet, dimensions: DIMS } = await resolveScoreSet(ws.db));
  await ws.db.run(`INSERT INTO participants (participant_id, condition, import_id)
    SELECT 'q' || lpad(i::VARCHAR, 5, '0'), ['control', 'video', 'coach', 'combined'][1 + i % 4], 'grown' FROM range(12000) t(i)`);
  await ws.db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, import_id)
    SELECT 'q' || lpad(i::VARCHAR, 5, '0') || '-' || r, 'q' || lpad(i::VARCHAR, 5, '0'), r, 's' || (i % 7), 'grown' FROM range(12000) t(i), range(1, 4) u(r)`);
  // A score that depends on condition, round and a fixed hash, so every term has something to estimate.
  await ws.db.run(
    `INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
     SELECT $1, c.conversation_id, d.dim, least(5, 1 + (hash(c.conversation_id || d.dim) % 4) + CASE WHEN c.round > 1 AND p.condition <> 'control' THEN 1 ELSE 0 END), 'grown'
     FROM conversations c JOIN participants p USING (participant_id), (SELECT unnest(${JSON.stringify(DIMS).replaceAll('"', "'")}) AS dim) d WHERE c.import_id = 'grown'`,
    [scoreSet],
  );
}, 120_000);
afterAll(() => {
  b.close();
  tmp.cleanup();
});

async function effectsInput(): Promise<EffectsFitInput> {
  const db = b.workspace.db;
  const conditions = await studyConditions(db);
  const data = await loadEffectsData(db, { scoreSetId: scoreSet, dimensions: DIMS, conditions, rounds: [1, 2, 3], scenarioType: null });
  const part = { outcome: data.dimension, participant: data.participant, condition: data.condition, round: data.round, score: data.score };
  return { outcomes: DIMS.length, parts: [part], conditions, reference: 'control', postFrom: 2 };
}

describe('analysis fits in a worker thread', () => {
  it('a large study\'s effects are aggregated in DuckDB, not fitted in the worker, and study-info is answered meanwhile', async () => {
    // Effects and contrasts fit from a few cell statistics per condition (main/studydata/effects.ts loadEffectsCells):
    // the rows never reach JavaScript, so no worker fit starts; the query runs on DuckDB's threads.
    let settled = false;
    let workerFits = 0;
    const effects = b.app.call('analysis-effects', {});
    void effects.finally(() => (settled = true)).catch(() => {});
    const info = b.app.call('study-info', undefined);
    while (!settled) {
      workerFits = Math.max(workerFits, analysisFitsInFlight());
      await new Promise((ok) => setImmediate(ok));
    }
    const r = await effects;
    expect(await info).toBeTruthy();
    expect(workerFits).toBe(0);
    expect(Object.keys(r.dimensions).sort()).toEqual([...DIMS].sort());
    expect(r.dimensions[DIMS[0]]).toMatchObject({ n: 36 + 36_000, clusters: 12_012 });
  });

  it('the worker returns the fits this thread computes from the same columns, exactly', async () => {
    const here = fitEffectsOutcomes(await effectsInput());
    const input = await effectsInput();
    expect(effectsRows(input)).toBeGreaterThan(WORKER_MIN_ROWS);
    const there = await fitInWorker('effects', [input], effectsBuffers(input), effectsRows(input));
    // The typed arrays moved to the worker: detached here.
    expect(input.parts[0].score.length).toBe(0);
    expect(there).toEqual(here);
    expect(there.every((o) => 'fit' in o && o.fit.nClusters === 12_012)).toBe(true);
  });

  it('agreement in the worker (alpha bootstrap, leave-one-out against a panel) equals this thread\'s; a data error stays one', async () => {
    // Three raters on 1-5 over 400 items, seeded: a candidate and two experts.
    let state = 7;
    const next = () => ((state = (state * 48271) % 2147483647) % 5) + 1;
    const make = (): AgreementInput => {
      const bySet = { cand: new Float64Array(400), e1: new Float64Array(400), e2: new Float64Array(400) };
      state = 7;
      for (let i = 0; i < 400; i++) {
        const t = next();
        bySet.cand[i] = t;
        bySet.e1[i] = Math.min(5, t + (next() > 3 ? 1 : 0));
        bySet.e2[i] = i % 9 === 0 ? NaN : Math.max(1, t - (next() > 4 ? 1 : 0));
      }
      return { dims: [{ dimension: 'EE', bySet }], a: ['cand'], b: ['e1', 'e2'], reps: 200, seed: 3, flagMetric: 'kappa_scale' };
    };
    const here = agreementRows(make());
    const input = make();
    const there = await fitInWorker('agreement', [input], agreementBuffers(input), 0, 0);
    expect(there).toEqual(here);
    expect(here[0]).toMatchObject({ n: 400, below_experts: expect.any(Boolean) });
    const none: AgreementInput = { dims: [{ dimension: 'EE', bySet: { x: new Float64Array(3).fill(NaN), y: Float64Array.of(1, 2, 3) } }], a: ['x'], b: ['y'], flagMetric: 'alpha' };
    await expect(fitInWorker('agreement', [none], agreementBuffers(none), 0, 0)).rejects.toThrow(AnalysisDataError);
  });

  it('reliable change in the worker equals this thread\'s and the row-object entry point', async () => {
    // 300 participants in two conditions, 3 rounds, a participant effect plus noise (seeded); one score missing.
    let state = 11;
    const u = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const n = 900;
    const make = () => {
      state = 11;
      const cols = { participant: new Int32Array(n), condition: new Int32Array(n), conditions: ['control', 'video'], round: new Int32Array(n), overall: new Float64Array(n) };
      for (let i = 0; i < n; i++) {
        const p = Math.floor(i / 3);
        cols.participant[i] = p;
        cols.condition[i] = p % 2;
        cols.round[i] = 1 + (i % 3);
        cols.overall[i] = i === 5 ? NaN : 2 * Math.sin(p) + (i % 3 > 0 && p % 2 ? 1 : 0) + 3 * u();
      }
      return cols;
    };
    const here = reliableChangeColumns(make(), { control: 'control' });
    const c = make();
    const rows = Array.from(c.overall, (overall, i) => ({ participant: c.participant[i], condition: c.conditions[c.condition[i]], round: c.round[i], overall: Number.isNaN(overall) ? null : overall }));
    expect(reliableChange(rows, { control: 'control' })).toEqual(here);
    const there = await fitInWorker('rci', [c, { control: 'control' }], [c.participant.buffer, c.condition.buffer, c.round.buffer, c.overall.buffer], 0, 0);
    expect(there).toEqual(here);
    expect(here.participants).toHaveLength(300);
  });

  it('a second lane (its own worker): a fit on each lane at once gives this thread\'s answer, a data error on it stays one', async () => {
    const make = (): AgreementInput => ({
      dims: [{ dimension: 'EE', bySet: { x: Float64Array.from({ length: 300 }, (_, i) => 1 + (i % 5)), y: Float64Array.from({ length: 300 }, (_, i) => 1 + ((i * 7) % 5)) } }],
      a: ['x'], b: ['y'], reps: 300, seed: 5, flagMetric: 'alpha',
    });
    const here = agreementRows(make());
    const [i0, i1] = [make(), make()];
    const both = Promise.all([
      fitInWorker('agreement', [i0], agreementBuffers(i0), 0, 0, 0),
      fitInWorker('agreement', [i1], agreementBuffers(i1), 0, 0, 1),
    ]);
    expect(analysisFitsInFlight()).toBe(2);
    expect(await both).toEqual([here, here]);
    expect(analysisFitsInFlight()).toBe(0);
    const none: AgreementInput = { dims: [{ dimension: 'EE', bySet: { x: new Float64Array(3).fill(NaN), y: Float64Array.of(1, 2, 3) } }], a: ['x'], b: ['y'], flagMetric: 'alpha' };
    await expect(fitInWorker('agreement', [none], agreementBuffers(none), 0, 0, 1)).rejects.toThrow(AnalysisDataError);
    // The lane's worker is still usable after a data error.
    const again = make();
    expect(await fitInWorker('agreement', [again], agreementBuffers(again), 0, 0, 1)).toEqual(here);
  });
});
