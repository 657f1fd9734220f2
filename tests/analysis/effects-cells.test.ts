// Effects and contrasts from DuckDB's cell statistics (loadEffectsCells + conditionEffectsCells) against the row-wise
// fit they replaced (loadEffectsData / loadOverallEffectsData rows into fitEffectsOutcomes), on a real workspace: the
// tiny study grown in SQL with unbalanced rounds, missing scores, a conversation lacking a dimension, scenario types,
// conversations outside the model, and then a duplicated score. Plus the score-set summary staying right after a
// judge-like append and an edit in place.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import type { Db } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { computeContrasts, computeEffects, computeRci } from '../../main/services/analysis/index.js';
import { reliableChangeColumns } from '../../main/analysis/index.js';
import { loadOverall } from '../../main/studydata/overall.js';
import { orderDimensions, participantIds, resolveScoreSet, studyConditions } from '../../main/studydata/common.js';
import { loadEffectsData, loadOverallEffectsData, roundsOf } from '../../main/studydata/effects.js';
import { fitEffectsOutcomes } from '../../workers/analysis/effects.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-effects-cells-');
let b: Backend;
let db: Db;
let scoreSet: string;
let DIMS: string[];

beforeAll(async () => {
  writeTinyStudy(join(tmp.path, 'tiny'));
  b = new Backend({ home: tmp.path });
  const ws = await b.open(join(tmp.path, 'cells.duckdb'));
  db = ws.db;
  await runImport(db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  ({ id: scoreSet, dimensions: DIMS } = await resolveScoreSet(db));
  // 400 more participants; participant i has 1 + i % 4 conversations over rounds 1-4 (some start at round 2), two
  // scenario types; one in an unlisted condition, conversations of nobody.
  await db.run(`INSERT INTO participants (participant_id, condition, import_id)
    SELECT 'g' || lpad(i::VARCHAR, 4, '0'), CASE WHEN i = 7 THEN 'other' ELSE ['control', 'video', 'coach', 'combined'][1 + (i * 7) % 4] END, 'grown' FROM range(400) t(i)`);
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, scenario_type, import_id)
    SELECT 'g' || lpad(i::VARCHAR, 4, '0') || '-' || r, CASE WHEN i % 97 = 5 THEN NULL ELSE 'g' || lpad(i::VARCHAR, 4, '0') END,
      r + CASE WHEN i % 9 = 0 THEN 1 ELSE 0 END, 's' || (i % 5), CASE WHEN (i + r) % 3 = 0 THEN 'hard' ELSE 'easy' END, 'grown'
    FROM range(400) t(i), range(1, 5) u(r) WHERE r <= 1 + i % 4`);
  await db.run(
    `INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
     SELECT $1, c.conversation_id, d.dim,
       CASE WHEN hash(c.conversation_id || d.dim) % 31 = 0 THEN NULL
         ELSE least(5, 1 + (hash(c.conversation_id || d.dim) % 4) + CASE WHEN c.round > 1 AND p.condition <> 'control' THEN 1 ELSE 0 END) END, 'grown'
     FROM conversations c LEFT JOIN participants p USING (participant_id), (SELECT unnest(${JSON.stringify(DIMS).replaceAll('"', "'")}) AS dim) d
     WHERE c.import_id = 'grown' AND NOT (c.conversation_id = 'g0013-1' AND d.dim = $2)`,
    [scoreSet, DIMS[0]],
  );
}, 120_000);
afterAll(() => {
  b.close();
  tmp.cleanup();
});

interface Args { conditions?: string[]; reference?: string; postRounds?: number[]; baselineRound?: number; scenarioType?: string; dimensions?: string[]; includeOverall?: boolean }

/** The previous path: the rows, read in SQL order, fitted row by row (its 'overall' goes last, as the service did). */
async function rowWise(args: Args) {
  const conditions = args.conditions ?? (await studyConditions(db));
  const set = await resolveScoreSet(db);
  const base = args.baselineRound ?? 1;
  const post = args.postRounds ?? (await roundsOf(db, set.id)).filter((r) => r > base);
  const dims = args.dimensions ?? orderDimensions(set.dimensions);
  const q = { scoreSetId: set.id, conditions, rounds: [base, ...post], scenarioType: args.scenarioType ?? null };
  const data = await loadEffectsData(db, { ...q, dimensions: dims });
  const parts = [data];
  if (args.includeOverall) parts.push(await loadOverallEffectsData(db, { ...q, dimension: dims.length }));
  const fits = fitEffectsOutcomes({
    outcomes: dims.length + (args.includeOverall ? 1 : 0),
    parts: parts.map((p) => ({ outcome: p.dimension, participant: p.participant, condition: p.condition, round: p.round, score: p.score })),
    conditions, reference: args.reference ?? (conditions.includes('control') ? 'control' : conditions[0]), postFrom: post[0],
  });
  return new Map([...dims, ...(args.includeOverall ? ['overall'] : [])].map((d, k) => [d, fits[k]]));
}

const near = (a: number, e: number, what: string) => expect(Math.abs(a - e) <= 1e-9 * Math.abs(e) + 1e-13, `${what}: ${a} vs ${e}`).toBe(true);

async function expectSame(args: Args) {
  const ours = await computeEffects(db, args);
  const theirs = await rowWise(args);
  expect(Object.keys(ours.dimensions).length + ours.skipped.length).toBe(theirs.size);
  for (const [d, o] of theirs) {
    if ('skipped' in o) {
      expect(ours.skipped.find((s) => s.dimension === d)?.reason).toBe(o.skipped);
      continue;
    }
    const r = ours.dimensions[d];
    expect([r.n, r.clusters]).toEqual([o.fit.n, o.fit.nClusters]);
    near(r.sd, o.fit.sd, `${d} sd`);
    near(r.rsquared, o.fit.rsquared, `${d} R²`);
    if (o.baselineSd === null) expect(r.baselineSd).toBeNull();
    else near(r.baselineSd!, o.baselineSd, `${d} baseline sd`);
    for (const nm of o.fit.names) {
      near(r.terms[nm].coef, o.fit.terms[nm].coef, `${d} ${nm} coef`);
      near(r.terms[nm].se, o.fit.terms[nm].se, `${d} ${nm} se`);
    }
  }
  return ours;
}

describe('effects from cell statistics in DuckDB equal the row-wise fit', () => {
  it('default arguments, with the overall score', async () => {
    const r = await expectSame({ includeOverall: true });
    expect(r.dimensions.overall.n).toBeGreaterThan(300);
  });

  it('a subset of conditions with another reference, fewer post rounds, another baseline', async () => {
    await expectSame({ conditions: ['video', 'coach', 'combined'], reference: 'coach', postRounds: [3] });
    await expectSame({ baselineRound: 2, postRounds: [3, 4], dimensions: [DIMS[2], DIMS[0]], includeOverall: true });
  });

  it('one scenario type', async () => {
    await expectSame({ scenarioType: 'easy', conditions: ['control', 'video', 'coach', 'combined'], includeOverall: true });
    // In 'hard' conversations control has no post rows and 'other' no pre rows: singular in both, said the same way.
    const theirs = [...(await rowWise({ scenarioType: 'hard' })).values()];
    expect(theirs.every((o) => 'skipped' in o)).toBe(true);
    await expect(computeEffects(db, { scenarioType: 'hard' })).rejects.toThrow((theirs[0] as { skipped: string }).skipped);
  });

  it('contrasts come from the same fits', async () => {
    const c = await computeContrasts(db, {});
    const e = await computeEffects(db, {});
    const first = c.rows.find((x) => x.a === 'coach' && x.b === 'video')!;
    near(first.estimate, e.dimensions[first.dimension].terms['coach:post'].coef - e.dimensions[first.dimension].terms['video:post'].coef, 'delta');
  });

  it('a conversation with two scores on one dimension is counted twice, as row by row (the exact query)', async () => {
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id) VALUES ($1, 'g0021-2', $2, 1, 'dup'), ($1, 'g0022-1', $3, 5, 'dup')`, [scoreSet, DIMS[1], DIMS[3]]);
    await expectSame({ includeOverall: true });
    await db.run(`DELETE FROM scores WHERE import_id = 'dup'`);
  });
});

describe('reliable change from per-participant sums equals the row-wise computation', () => {
  for (const args of [{}, { conditions: ['video', 'combined'], postRounds: [3] }, { baselineRound: 2, control: 'video' }]) {
    it(`arguments ${JSON.stringify(args)}`, async () => {
      const ours = await computeRci(db, args);
      // The previous path: every conversation's overall score (loadOverall), filtered here, fitted row by row.
      const labels = { conditions: await studyConditions(db), scenarios: [], scenarioTypes: [] };
      const data = await loadOverall(db, scoreSet, labels);
      const control = args.control ?? 'control';
      const shown = args.conditions ?? labels.conditions;
      const rounds = new Set([ours.baselineRound, ...ours.postRounds]);
      const keep = [...Array(data.length).keys()].filter((i) => {
        const c = labels.conditions[data.condition[i]];
        return data.participant[i] >= 0 && c !== undefined && data.round[i] != null && rounds.has(data.round[i]!) && (c === control || shown.includes(c));
      });
      const theirs = reliableChangeColumns({
        participant: keep.map((i) => data.participant[i]), condition: keep.map((i) => data.condition[i]), conditions: labels.conditions,
        round: keep.map((i) => data.round[i]!), overall: keep.map((i) => data.overall[i] ?? NaN),
      }, { control, baselineRound: ours.baselineRound });
      near(ours.model.s2Residual, theirs.model.s2Residual, 's2e');
      near(ours.model.s2Between, theirs.model.s2Between, 's2b');
      expect(ours.model.groups).toBe(theirs.model.nGroups);
      const kept = theirs.participants.filter((p) => shown.includes(p.condition));
      expect(ours.participants.length).toBe(kept.length);
      const ids = await participantIds(db);
      ours.participants.forEach((p, i) => {
        expect([p.participant, p.condition, p.nPost, p.category]).toEqual([ids.get(kept[i].participant as number), kept[i].condition, kept[i].nPost, kept[i].category]);
        near(p.z, kept[i].z, 'z');
        near(p.change, kept[i].change, 'change');
      });
      for (const c of ours.conditions) {
        const e = theirs.conditions.find((x) => x.condition === c.condition)!;
        expect([c.n, c.nImproved, c.nDeclined]).toEqual([e.n, e.nImproved, e.nDeclined]);
        near(c.meanChange, e.meanChange, 'mean change');
      }
    });
  }
});

describe('score-set summary (dimensions and rounds without a scan)', () => {
  it('follows appended score sets and edits in place', async () => {
    expect(await roundsOf(db, scoreSet)).toEqual([1, 2, 3, 4, 5]);
    // A judge-like run: a new score set on round-5 conversations only, one dimension.
    await db.run(`INSERT INTO score_sets VALUES ('judge-2', 'judge-2', 'llm', 1, 5, now(), NULL, NULL)`);
    await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score) SELECT 'judge-2', conversation_id, 'warmth', 3 FROM conversations WHERE round = 5`);
    expect(await roundsOf(db, 'judge-2')).toEqual([5]);
    expect((await resolveScoreSet(db, 'judge-2')).dimensions).toEqual(['warmth']);
    // An edit in place (row counts unchanged), announced as writers do.
    await db.run(`UPDATE conversations SET round = 6 WHERE round = 5`);
    await bumpDataVersion(db);
    expect(await roundsOf(db, 'judge-2')).toEqual([6]);
    await db.run(`UPDATE scores SET dimension = 'kindness' WHERE score_set_id = 'judge-2'`);
    await bumpDataVersion(db);
    expect((await resolveScoreSet(db, 'judge-2')).dimensions).toEqual(['kindness']);
    expect(await db.value<number>('SELECT count(DISTINCT built_for) FROM score_set_summary')).toBe(1);
  });
});
