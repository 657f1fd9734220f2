// Trait, incidence shifts and scenario types from what DuckDB summarizes (per-participant sums, counted self-report
// pairs, per-cell moments, per-cell label counts, sums over participants) equal the previous paths, which read every row into JavaScript
// (tests/analysis/previous-readers.ts), on a grown and deliberately unbalanced workspace: the simulated demo study
// copied three times, with scores dropped and made fractional, conditions, traits, rounds, scenario types
// and participants missing, self-reports dropped and duplicated.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import { type ClusteredShiftSums, clusteredShiftSums, scenarioProfiles, type ScenarioScoreRow } from '../../main/analysis/index.js';
import { Backend } from '../../main/backend.js';
import type { Db } from '../../main/db/workspace.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { computeScenarioTypes, computeShifts, computeTrait } from '../../main/services/analysis/index.js';
import { orderDimensions, participantIds, resolveScoreSet, studyConditions } from '../../main/studydata/common.js';
import { labelsPerSentence, loadClusteredShiftSums, loadShiftCounts, type ShiftQuery } from '../../main/studydata/shifts.js';
import { tempDir } from '../helpers/tiny-study.js';
import { rowwiseClusteredIncidenceShifts } from './previous-clustered-fit.js';
import { loadScenarioData, previousLabelsPerSentence, previousShiftCells, previousShiftCounts, previousTrait } from './previous-readers.js';

const COPIES = 3;
const tmp = tempDir('workbench-aggregate-readers-');
let b: Backend;
let db: Db;

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { scale: 1 });
  b = new Backend({ home: tmp.path });
  db = (await b.open(join(tmp.path, 'grown.duckdb'))).db;
  const csv = (f: string) => `read_csv('${join(dir, f).replaceAll("'", "''")}', header = true, all_varchar = true)`;
  const k = `range(${COPIES}) copy(k)`;
  const id = (col: string) => `${col} || '~' || k`;
  const every = (col: string, n: number, salt: string) => `hash(${col} || '${salt}') % ${n} = 0`;
  await db.run(`INSERT INTO participants (participant_id, condition, jordan_empathy, sites, import_id)
    SELECT ${id('participant_id')}, CASE WHEN ${every(id('participant_id'), 17, 'c')} THEN NULL ELSE condition END,
      CASE WHEN ${every(id('participant_id'), 11, 't')} THEN NULL ELSE TRY_CAST(jordan_empathy AS DOUBLE) END, TRY_CAST(sites AS DOUBLE), 'grown'
    FROM ${csv('participants.csv')}, ${k}`);
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, scenario_type, import_id)
    SELECT ${id('conversation_id')}, CASE WHEN ${every(id('conversation_id'), 23, 'p')} THEN NULL ELSE ${id('participant_id')} END,
      CASE WHEN ${every(id('conversation_id'), 29, 'r')} THEN NULL ELSE CAST(round AS INTEGER) END, scenario,
      CASE WHEN ${every(id('conversation_id'), 19, 's')} THEN NULL ELSE scenario_type END, 'grown'
    FROM ${csv('conversations.csv')}, ${k}`);
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
    SELECT rater, ${id('conversation_id')}, dimension,
      TRY_CAST(score AS DOUBLE) + CASE WHEN ${every(`${id('conversation_id')} || dimension`, 13, 'f')} THEN 0.25 ELSE 0 END, 'grown'
    FROM ${csv('scores.csv')}, ${k} WHERE NOT ${every(`${id('conversation_id')} || dimension`, 9, 'd')}`);
  await db.run(`INSERT INTO score_sets SELECT DISTINCT score_set_id, score_set_id, 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'grown' FROM scores`);
  await db.run(`INSERT INTO self_reports SELECT ${id('conversation_id')}, item, TRY_CAST(value AS DOUBLE), 'grown' FROM ${csv('self_reports.csv')}, ${k}
    WHERE NOT ${every(`${id('conversation_id')} || item`, 5, 'x')}`);
  await db.run(`INSERT INTO self_reports SELECT conversation_id, item, 6 - value, import_id FROM self_reports WHERE ${every('conversation_id || item', 29, 'y')}`);
  await db.run(`INSERT INTO taxonomy SELECT category, level1, level2, level3, label, scenario_type, 'grown' FROM ${csv('taxonomy.csv')}`);
  await db.run(`INSERT INTO sentence_labels SELECT 'ground-truth', ${id('conversation_id')}, CAST(turn AS INTEGER), CAST(sentence_index AS INTEGER), category, 1, 'grown'
    FROM ${csv('sentence_labels.csv')}, ${k}`);
  // Second labels: another category at rank 2 for a third of the sentences, the same one again for some; a second
  // labelling whose sentences carry two or three ranked categories, some only at rank 3.
  const cats = (await db.all<{ c: string }>(`SELECT category AS c FROM taxonomy ORDER BY 1`)).map((r) => r.c);
  const pick = (salt: string) => `(SELECT list(category ORDER BY category) FROM taxonomy)[1 + CAST(hash(conversation_id || turn || sentence_index || '${salt}') % ${cats.length} AS INTEGER)]`;
  const sentence = (n: number, salt: string) => every(`conversation_id || turn || sentence_index`, n, salt);
  await db.run(`INSERT INTO sentence_labels SELECT labelling, conversation_id, turn, sentence_index, ${pick('a')}, 2, import_id
    FROM sentence_labels WHERE labelling = 'ground-truth' AND ${sentence(3, 'a')}`);
  await db.run(`INSERT INTO sentence_labels SELECT labelling, conversation_id, turn, sentence_index, category, 2, import_id
    FROM sentence_labels WHERE labelling = 'ground-truth' AND rank = 1 AND ${sentence(11, 'b')}`);
  await db.run(`INSERT INTO sentence_labels SELECT 'themes', conversation_id, turn, sentence_index, ${pick('c')}, CASE WHEN ${sentence(7, 'd')} THEN 3 ELSE 1 END, import_id
    FROM sentence_labels WHERE labelling = 'ground-truth' AND rank = 1`);
  await db.run(`INSERT INTO sentence_labels SELECT 'themes', conversation_id, turn, sentence_index, ${pick('e')}, 2, import_id
    FROM sentence_labels WHERE labelling = 'ground-truth' AND rank = 1 AND NOT ${sentence(2, 'f')}`);
}, 600_000);
afterAll(() => {
  b?.close();
  tmp.cleanup();
});

/** Deep equality with numbers equal to a relative 1e-9 (sums in another order; the estimators are the same). */
function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return void expect(actual, path).toBeNaN();
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (expected === null || typeof expected !== 'object') return void expect(actual, path).toEqual(expected);
  expect(actual !== null && typeof actual === 'object', path).toBe(true);
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
  for (const key of Object.keys(e)) expectClose(a[key], e[key], `${path}.${key}`);
}

describe('trait from per-participant sums and counted self-report pairs', () => {
  for (const args of [{}, { conditions: ['coach', 'combined'] }, { rounds: [1, 3], threshold: 3, maxPoints: 50 }]) {
    it(`equals the row-wise path: ${JSON.stringify(args)}`, async () => {
      const now = await computeTrait(db, args);
      const before = await previousTrait(db, args);
      const ids = await participantIds(db);
      expect(now.regressions.length).toBeGreaterThan(20);
      expect(now.regressions.some((r) => r.level === 'conversation' && r.predictor === 'jordan_empathy')).toBe(true);
      expect(now.selfReportCells.length).toBeGreaterThan(20);
      expectClose(now.regressions, before.regressions, 'regressions');
      expectClose(now.shares, before.shares, 'shares');
      expectClose(now.traitByScore, before.traitByScore, 'traitByScore');
      expectClose(now.selfReportCells, before.selfReportCells, 'selfReportCells');
      expect(now.pointsSampled).toBe(before.pointsSampled);
      expectClose(now.points, before.points.map((p) => ({ ...p, participant: ids.get(p.participant) })), 'points');
    }, 120_000);
  }
});

describe('scenario types from per-cell moments', () => {
  for (const args of [{}, { baselineRound: 2, conditions: ['control', 'video'], trajectoryConditions: ['video'], rounds: [1, 2] }]) {
    it(`equals the engine on every score: ${JSON.stringify(args)}`, async () => {
      const now = await computeScenarioTypes(db, args);
      const set = await resolveScoreSet(db);
      const present = await studyConditions(db);
      const dims = orderDimensions(set.dimensions);
      const data = await loadScenarioData(db, set.id, dims, now.scenarioTypes, present);
      const rows: ScenarioScoreRow[] = [];
      for (let i = 0; i < data.length; i++) {
        const t = data.scenario_type[i];
        const c = data.condition[i];
        rows.push({ dimension: dims[data.dimension[i]], scenarioType: t == null ? null : now.scenarioTypes[t], condition: c == null ? null : present[c], round: data.round[i], score: data.score[i] });
      }
      const before = scenarioProfiles(rows, {
        dimensions: dims, scenarioTypes: now.scenarioTypes, baselineRound: now.baselineRound, baselineConditions: now.conditions, trajectoryConditions: now.trajectoryConditions, rounds: now.rounds,
      });
      expect(now.baseline.length).toBeGreaterThan(5);
      expect(now.differences.length).toBeGreaterThan(2);
      expectClose({ scales: now.scales, baseline: now.baseline, differences: now.differences, trajectories: now.trajectories, skipped: now.skipped }, before, 'profiles');
    }, 120_000);
  }
});

describe('incidence-shift counts from the labelling cells', () => {
  const base: ShiftQuery = {
    labelling: 'ground-truth', level: 'category', topK: 1, baselineRound: 1, postRounds: [2, 3], preConditions: null, postConditions: ['coach', 'combined'], scenarioTypes: null,
  };
  const QUERIES: ShiftQuery[] = [
    base,
    { ...base, level: 'level2', topK: 2 },
    { ...base, level: 'level1', topK: 3, preConditions: ['control', 'video'], postConditions: ['video'], postRounds: [3] },
    { ...base, level: 'level3', topK: 2, baselineRound: 2, postRounds: [3] },
    { ...base, labelling: 'themes', topK: 2 },
    { ...base, labelling: 'themes', level: 'level2', topK: 1, scenarioTypes: ['workplace'] },
  ];
  it('equal the sentence-by-sentence counts for every level, top k, group and filter, and follow a scenario change', async () => {
    for (const q of QUERIES) {
      const now = await loadShiftCounts(db, q);
      expect(now.counts.length, JSON.stringify(q)).toBeGreaterThan(3);
      expect(now, JSON.stringify(q)).toEqual(await previousShiftCounts(db, q));
    }
    for (const [labelling, k] of [['ground-truth', 1], ['ground-truth', 2], ['themes', 1], ['themes', 2], ['themes', 3]] as const)
      expect(await labelsPerSentence(db, labelling, k), `${labelling} ${k}`).toBe(await previousLabelsPerSentence(db, labelling, k));
    expect(await labelsPerSentence(db, 'themes', 3)).toBe(2);
    // A scenario assignment changes conversations in place and bumps the data version: the cells are counted again.
    await db.run(`UPDATE conversations SET scenario_type = 'workplace' WHERE hash(conversation_id) % 4 = 0`);
    await bumpDataVersion(db);
    expect(await loadShiftCounts(db, base)).toEqual(await previousShiftCounts(db, base));
    const r = await computeShifts(db, { level: 'level2', topK: 2 });
    expect(r.rows.length).toBeGreaterThan(5);
  }, 180_000);
});

describe('clustered incidence shifts from the participant cells', () => {
  const base: ShiftQuery = {
    labelling: 'ground-truth', level: 'category', topK: 1, baselineRound: 1, postRounds: [2, 3], preConditions: null, postConditions: ['coach', 'combined'], scenarioTypes: null,
  };
  const QUERIES: ShiftQuery[] = [
    base,
    { ...base, level: 'level2', topK: 2 },
    { ...base, level: 'level1', topK: 3, preConditions: ['control', 'video'], postConditions: ['video'], postRounds: [3] },
    { ...base, labelling: 'themes', topK: 2 },
    { ...base, labelling: 'themes', level: 'level3', topK: 3, scenarioTypes: ['workplace'] },
    // The baseline among the post rounds, a condition both pre and post: its baseline conversations are pre only.
    { ...base, level: 'level2', topK: 2, baselineRound: 2, postRounds: [2, 3], preConditions: ['coach', 'control'], postConditions: ['coach', 'video'] },
  ];
  const sorted = (sums: ClusteredShiftSums[]) => [...sums].sort((a, b) => (a.scenarioType < b.scenarioType ? -1 : 1))
    .map((t) => ({ ...t, labels: [...t.labels].sort((a, b) => (a.label < b.label ? -1 : 1)) }));

  it('sums over participants equal those of the per-participant counts, and the fit the row-by-row fit, after a scenario change too', async () => {
    for (const q of QUERIES) {
      const now = await loadClusteredShiftSums(db, q);
      expect(now.flatMap((t) => t.labels).length, JSON.stringify(q)).toBeGreaterThan(3);
      expect(sorted(now), JSON.stringify(q)).toEqual(sorted(clusteredShiftSums(await previousShiftCells(db, q))));
    }
    for (const [labelling, k] of [['ground-truth', 1], ['ground-truth', 2], ['themes', 1], ['themes', 3]] as const)
      expect(await labelsPerSentence(db, labelling, k, 'participants'), `${labelling} ${k}`).toBe(await previousLabelsPerSentence(db, labelling, k));
    const r = await computeShifts(db, { level: 'level2', topK: 2, test: 'clustered-logit' });
    const before = rowwiseClusteredIncidenceShifts(await previousShiftCells(db, { ...base, level: 'level2', topK: 2 }));
    expect(r.rows.length).toBeGreaterThan(5);
    expectClose(r.rows.map(({ name: _n, level1: _l, ...x }) => x), before.rows.map(({ logOddsCi: _c, ...x }) => x), 'rows');
    expect(r.unfitted).toEqual(before.unfitted);
    await db.run(`UPDATE conversations SET scenario_type = 'personal' WHERE hash(conversation_id) % 5 = 0`);
    await bumpDataVersion(db);
    expect(sorted(await loadClusteredShiftSums(db, base))).toEqual(sorted(clusteredShiftSums(await previousShiftCells(db, base))));
  }, 300_000);
});
