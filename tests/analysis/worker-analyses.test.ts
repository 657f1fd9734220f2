// Trait, shifts, preference, Elo, scenario types and agreement off the serving thread: on a study large enough for
// the analysis worker (the simulated demo study copied 10 times in SQL: 29,040 conversations), each analysis gives
// the same result in the worker as in this thread, and the API answers study-info while the worker fits. Agreement
// from the database's pair counts equals the previous path (score vectors read into JS).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import type { MethodName } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import type { Db } from '../../main/db/workspace.js';
import {
  computeAgreement, computeAgreementMatrix, computeElo, computePreference, computeScenarioTypes, computeShifts, computeTrait,
} from '../../main/services/analysis/index.js';
import { loadAlignedScores } from '../../main/studydata/agreement.js';
import { orderDimensions } from '../../main/studydata/common.js';
import { agreementRows } from '../../workers/analysis/agreement.js';
import { analysisFitsSent, setWorkerMinRows } from '../../workers/analysis/handle.js';
import { tempDir } from '../helpers/tiny-study.js';

const COPIES = 10;
const tmp = tempDir('workbench-analyses-worker-');
let b: Backend;
let db: Db;

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { scale: 1 });
  b = new Backend({ home: tmp.path });
  db = (await b.open(join(tmp.path, 'grown.duckdb'))).db;
  // The analysis tables of the demo study (not its messages), each row copied COPIES times with ids suffixed ~k.
  const csv = (f: string) => `read_csv('${join(dir, f).replaceAll("'", "''")}', header = true, all_varchar = true)`;
  const k = `range(${COPIES}) copy(k)`;
  const id = (col: string) => `${col} || '~' || k`;
  await db.run(`INSERT INTO participants (participant_id, condition, jordan_empathy, sites, import_id)
    SELECT ${id('participant_id')}, condition, TRY_CAST(jordan_empathy AS DOUBLE), TRY_CAST(sites AS DOUBLE), 'grown' FROM ${csv('participants.csv')}, ${k}`);
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, scenario_type, import_id)
    SELECT ${id('conversation_id')}, ${id('participant_id')}, CAST(round AS INTEGER), scenario, scenario_type, 'grown' FROM ${csv('conversations.csv')}, ${k}`);
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
    SELECT rater, ${id('conversation_id')}, dimension, TRY_CAST(score AS DOUBLE), 'grown' FROM ${csv('scores.csv')}, ${k}`);
  await db.run(`INSERT INTO score_sets SELECT DISTINCT score_set_id, score_set_id, 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'grown' FROM scores`);
  await db.run(`INSERT INTO self_reports SELECT ${id('conversation_id')}, item, TRY_CAST(value AS DOUBLE), 'grown' FROM ${csv('self_reports.csv')}, ${k}`);
  await db.run(`INSERT INTO pairwise SELECT judge_id, judge_kind, CAST(trial AS INTEGER) + 1000000 * k, ${id('conversation_a')}, ${id('conversation_b')}, choice, 'grown'
    FROM ${csv('pairwise.csv')}, ${k}`);
  await db.run(`INSERT INTO taxonomy SELECT category, level1, level2, level3, label, scenario_type, 'grown' FROM ${csv('taxonomy.csv')}`);
  await db.run(`INSERT INTO sentence_labels SELECT 'ground-truth', ${id('conversation_id')}, CAST(turn AS INTEGER), CAST(sentence_index AS INTEGER), category, 1, 'grown'
    FROM ${csv('sentence_labels.csv')}, ${k}`);
  // Two more raters for agreement: the judge moved by -1, 0 or +1 (a fixed hash), clamped; rater c skips every 7th.
  for (const [rater, salt] of [['rater-b', 'b'], ['rater-c', 'c']]) {
    await db.run(`INSERT INTO score_sets VALUES (?, ?, 'human', 1, 5, TIMESTAMP '2001-01-01', NULL, NULL)`, [rater, rater]);
    await db.run(
      `INSERT INTO scores SELECT ?, conversation_id, dimension, greatest(1, least(5, score + CAST(hash(conversation_id || dimension || ?) % 3 AS INTEGER) - 1)), NULL, NULL, 'grown'
       FROM scores WHERE score_set_id = 'simulated-judge' AND (? = 'b' OR hash(conversation_id) % 7 <> 0)`,
      [rater, salt, salt],
    );
  }
}, 600_000);
afterAll(() => {
  setWorkerMinRows();
  b?.close();
  tmp.cleanup();
});

type Case = { name: string; method: MethodName; args: Record<string, unknown>; compute: (db: Db, args: never) => Promise<unknown>; inThread?: true };
const CASES: Case[] = [
  { name: 'trait', method: 'analysis-trait', args: {}, compute: computeTrait },
  // The clustered logit is fitted from one row of sums per scenario type and label (DuckDB aggregates them), as the z
  // tests from their counts: too little to be worth a worker, so it stays in this thread.
  { name: 'shifts (clustered logit)', method: 'analysis-shifts', args: { test: 'clustered-logit' }, compute: computeShifts, inThread: true },
  { name: 'preference', method: 'analysis-preference', args: {}, compute: computePreference },
  { name: 'elo', method: 'analysis-elo', args: { ratings: true }, compute: computeElo },
  { name: 'scenario types', method: 'analysis-scenario-types', args: {}, compute: computeScenarioTypes },
  { name: 'agreement', method: 'analysis-agreement', args: { a: 'simulated-judge', b: 'median(rater-b,rater-c)', reps: 200 }, compute: computeAgreement },
];

describe('analyses in the worker thread', () => {
  for (const c of CASES) {
    it(`${c.name}: study-info is answered while it runs, its fit runs in the worker${c.inThread ? ' (or here, when small)' : ''} and equals this thread's`, async () => {
      const order: string[] = [];
      let settled = false;
      const sentBefore = analysisFitsSent();
      const viaApi = b.app.call(c.method, c.args as never).finally(() => (settled = true));
      const info = b.app.call('study-info', undefined).then((r) => (order.push('study-info'), r));
      // Let the event loop turn until the analysis settles. Whether its fit went to the worker is counted, not watched
      // for: a small fit can go and come back between two turns (a CI run missed the scenario types' that way).
      while (!settled) await new Promise((ok) => setImmediate(ok));
      const sawWorker = analysisFitsSent() > sentBefore;
      const there = await viaApi.then((r) => (order.push(c.name), r));
      await info;
      expect(order).toEqual(['study-info', c.name]);
      expect(sawWorker).toBe(!c.inThread);
      setWorkerMinRows(Infinity);
      try {
        expect(await c.compute(db, c.args as never)).toEqual(there);
      } finally {
        setWorkerMinRows();
      }
    }, 300_000);
  }
});

describe('agreement from pair counts', () => {
  it('equals the previous path (the aligned score vectors in JS) on every dimension, with the leave-one-out flags', async () => {
    const a = ['simulated-judge'];
    const side = ['rater-b', 'rater-c'];
    const r = await computeAgreement(db, { a: a[0], b: `median(${side.join(',')})`, reps: 300, seed: 4 });
    const dims = orderDimensions(r.rows.map((x) => x.dimension));
    const aligned = await loadAlignedScores(db, [...a, ...side], dims);
    const before = agreementRows({ dims: dims.map((d) => ({ dimension: d, bySet: aligned[d].bySet })), a, b: side, reps: 300, seed: 4, flagMetric: 'kappa_scale' });
    expect(r.rows).toHaveLength(6);
    r.rows.forEach((row, i) => {
      const want = before[i];
      expect(row.dimension).toBe(want.dimension);
      expect(row.n).toBe(want.n);
      expect(row.n).toBeGreaterThan(20_000);
      for (const k of ['kappa_scale', 'kappa_observed', 'exact', 'below_experts'] as const) expect(row[k]).toBe(want[k]);
      expect(row.alpha_ci).toEqual(want.alpha_ci);
      for (const k of ['alpha', 'rho', 'experts_mean', 'candidate_loo'] as const) expect(Math.abs(row[k]! - want[k]!)).toBeLessThan(1e-12);
      expect(row.below_experts).not.toBeNull();
    });
    // The matrix runs the same rows per pair: its judge-vs-rater-b row is the direct comparison's.
    const m = await computeAgreementMatrix(db, { raters: ['simulated-judge', 'rater-b'], reps: 100 });
    const direct = await computeAgreement(db, { a: 'simulated-judge', b: 'rater-b', reps: 100 });
    expect(m.rows.filter((x) => x.pair === 'simulated-judge vs rater-b').map(({ pair, a: _a, b: _b, ...x }) => x)).toEqual(direct.rows);
  }, 300_000);
});

describe('preference reads and fits interleaved', () => {
  it('a bad argument found after Bradley-Terry has gone to the worker is the user error, and the workers serve the next call', async () => {
    // Every part to a worker: Bradley-Terry starts right after the trials are read, before the LLM judge is looked up.
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    setWorkerMinRows(1);
    try {
      const sentBefore = analysisFitsSent();
      await expect(computePreference(db, { llmJudgeId: 'no-such-judge' })).rejects.toThrow('No pairwise judge "no-such-judge"');
      expect(analysisFitsSent()).toBeGreaterThan(sentBefore);
      // Its worker fits settled before the error came back, and the next call gets the whole fit from the workers.
      const after = await computePreference(db, {});
      setWorkerMinRows(Infinity);
      expect(after).toEqual(await computePreference(db, {}));
      await new Promise((ok) => setImmediate(ok));
      expect(unhandled).toEqual([]);
    } finally {
      setWorkerMinRows();
      process.off('unhandledRejection', onUnhandled);
    }
  }, 300_000);

  it("lists each bin's conversations sorted by id, each once (the worker sends their codes ascending)", async () => {
    const r = await computePreference(db, {});
    expect(r.bins.length).toBeGreaterThan(1);
    for (const bin of r.bins) {
      expect(bin.conversationIds.length).toBeGreaterThan(0);
      expect(bin.conversationIds).toEqual([...new Set(bin.conversationIds)].sort());
    }
  }, 300_000);
});
