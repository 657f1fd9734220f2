// The analyses of issue 12's second part at 100x, end to end (the service functions the API calls, cache bypassed),
// beside the previous path measured in the same run. Usage: nice npx tsx bench/analyses-100x.bench.ts [--scale 100] [--runs 3]
// [--only NAME] [--after-only] [--db FILE] (--after-only: the current code alone, to alternate with an older tree's run of
// it; --db: a copy of the workspace below, for a run while another bench holds that file).
//
// The workspace bench/.tmp/analyses/x<scale>.duckdb is loaded once from the generated study folder
// (bench/.tmp/study-x<scale>) with DuckDB's read_csv — every table the analyses read, not the messages — rather than
// through the import (13 minutes at 100x), and reused. Two perturbed copies of the judge's scores (bench-rater-b/-c)
// give agreement a median side, as in analysis.bench.ts. Timed, median of --runs after a warm-up:
//   agreement  computeAgreement (judge vs median of b and c, 6 dimensions, 1,000 replicates) — before: the aligned
//              score vectors read into JS and agreementRows over them (the previous path, still exported)
//   trait / shifts / preference / elo / scenario types: compute*() end to end with their fits in the analysis
//              worker — before: the same with every fit in this thread (setWorkerMinRows(Infinity)), as until now.

import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace } from '../main/db/workspace.js';
import {
  computeAgreement, computeElo, computePreference, computeScenarioTypes, computeShifts, computeTrait,
} from '../main/services/analysis/index.js';
import { loadAlignedScores } from '../main/studydata/agreement.js';
import { orderDimensions } from '../main/studydata/common.js';
import { agreementRows } from '../workers/analysis/agreement.js';
import { setWorkerMinRows } from '../workers/analysis/handle.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '100' }, runs: { type: 'string', default: '3' }, only: { type: 'string' }, 'after-only': { type: 'boolean', default: false }, db: { type: 'string' } } });
const scale = Number(values.scale);
const RUNS = Math.max(1, Number(values.runs));
const root = resolve(import.meta.dirname, '.tmp');
const log = (s: string) => process.stderr.write(s + '\n');

async function workspace(): Promise<Workspace> {
  mkdirSync(join(root, 'analyses'), { recursive: true });
  const path = values.db ?? join(root, 'analyses', `x${scale}.duckdb`);
  if (existsSync(path)) return Workspace.open(path);
  const dir = join(root, `study-x${scale}`);
  if (!existsSync(join(dir, 'scores.csv'))) throw new Error(`no generated study in ${dir} (npx tsx bench/analysis.bench.ts --scale ${scale} makes one)`);
  log(`loading ${dir} into ${path} ...`);
  const ws = await Workspace.open(path);
  const db = ws.db;
  const csv = (f: string) => `read_csv('${join(dir, f).replaceAll("'", "''")}', header = true, all_varchar = true)`;
  await db.run(`INSERT INTO participants (participant_id, condition, age, sex, ethnicity, jordan_empathy, sites, import_id)
    SELECT participant_id, condition, TRY_CAST(age AS DOUBLE), sex, ethnicity, TRY_CAST(jordan_empathy AS DOUBLE), TRY_CAST(sites AS DOUBLE), 'bench' FROM ${csv('participants.csv')}`);
  await db.run(`INSERT INTO conversations (conversation_id, participant_id, round, scenario, scenario_type, import_id)
    SELECT conversation_id, participant_id, CAST(round AS INTEGER), scenario, scenario_type, 'bench' FROM ${csv('conversations.csv')}`);
  await db.run(`INSERT INTO scores (score_set_id, conversation_id, dimension, score, import_id)
    SELECT rater, conversation_id, dimension, TRY_CAST(score AS DOUBLE), 'bench' FROM ${csv('scores.csv')}`);
  await db.run(`INSERT INTO score_sets SELECT DISTINCT score_set_id, score_set_id, 'llm', 1, 5, TIMESTAMP '2000-01-01', NULL, 'bench' FROM scores`);
  await db.run(`INSERT INTO self_reports SELECT conversation_id, item, TRY_CAST(value AS DOUBLE), 'bench' FROM ${csv('self_reports.csv')}`);
  await db.run(`INSERT INTO pairwise SELECT judge_id, judge_kind, CAST(trial AS INTEGER), conversation_a, conversation_b, choice, 'bench' FROM ${csv('pairwise.csv')}`);
  await db.run(`INSERT INTO taxonomy SELECT category, level1, level2, level3, label, scenario_type, 'bench' FROM ${csv('taxonomy.csv')}`);
  await db.run(`INSERT INTO sentence_labels SELECT 'ground-truth', conversation_id, CAST(turn AS INTEGER), CAST(sentence_index AS INTEGER), category, 1, 'bench' FROM ${csv('sentence_labels.csv')}`);
  for (const [id, salt] of [['bench-rater-b', 'b'], ['bench-rater-c', 'c']]) {
    await db.run(`INSERT INTO score_sets VALUES (?, ?, 'bench', 1, 5, TIMESTAMP '2999-01-01', NULL, NULL)`, [id, id]);
    await db.run(
      `INSERT INTO scores SELECT ?, conversation_id, dimension, greatest(1, least(5, score + CAST(hash(conversation_id || dimension || ?) % 3 AS INTEGER) - 1)), NULL, NULL, NULL
       FROM scores WHERE score_set_id = 'simulated-judge'`,
      [id, salt],
    );
  }
  await db.run('CHECKPOINT');
  return ws;
}

async function median(run: () => Promise<unknown>, label = ''): Promise<{ median: number; min: number }> {
  // The warm-up is the first call: it builds what is stored on demand (score pivot, pairwise codes), so it is shown.
  const w0 = performance.now();
  await run();
  if (label) log(`    ${label} first call (warm-up): ${Math.round(performance.now() - w0).toLocaleString('en-US')} ms`);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0] };
}

const ws = await workspace();
const db = ws.db;
const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
const loadStart = loadavg()[0];
const counts = await db.one<Record<string, number>>(
  `SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM scores) AS scores,
     (SELECT count(*) FROM sentence_labels) AS labels, (SELECT count(*) FROM pairwise) AS pairwise, (SELECT count(*) FROM self_reports) AS self_reports`);
log(`${scale}x: ${JSON.stringify(counts)}, load ${loadStart.toFixed(1)}`);

const previousAgreement = async () => {
  const a = ['simulated-judge'];
  const b = ['bench-rater-b', 'bench-rater-c'];
  const dims = orderDimensions((await db.all<{ d: string }>(`SELECT DISTINCT dimension AS d FROM scores WHERE score_set_id = 'simulated-judge'`)).map((r) => r.d));
  const aligned = await loadAlignedScores(db, [...a, ...b], dims);
  return agreementRows({ dims: dims.map((d) => ({ dimension: d, bySet: aligned[d].bySet })), a, b, flagMetric: 'kappa_scale' });
};

type Case = [name: string, after: () => Promise<unknown>, before?: () => Promise<unknown>];
const inThisThread = (run: () => Promise<unknown>) => async () => {
  setWorkerMinRows(Infinity);
  try {
    return await run();
  } finally {
    setWorkerMinRows();
  }
};
const CASES: Case[] = [
  ['agreement (judge vs median of 2, 6 dimensions, 1,000 replicates)', () => computeAgreement(db, { a: 'simulated-judge', b: 'median(bench-rater-b,bench-rater-c)' }), previousAgreement],
  ['trait (trait + self-report OLS)', () => computeTrait(db), inThisThread(() => computeTrait(db))],
  ['shifts, level-2 nodes (z tests)', () => computeShifts(db, { level: 'level2' }), inThisThread(() => computeShifts(db, { level: 'level2' }))],
  ['shifts, categories, clustered logit', () => computeShifts(db, { level: 'category', test: 'clustered-logit' }), inThisThread(() => computeShifts(db, { level: 'category', test: 'clustered-logit' }))],
  ['preference (4 logits, Bradley-Terry, Elo)', () => computePreference(db), inThisThread(() => computePreference(db))],
  ['elo (all LLM judgments)', () => computeElo(db), inThisThread(() => computeElo(db))],
  ['scenario types', () => computeScenarioTypes(db), inThisThread(() => computeScenarioTypes(db))],
];

const rows: string[] = [];
const f = (t: { median: number; min: number }) => `${Math.round(t.median).toLocaleString('en-US')} (${Math.round(t.min).toLocaleString('en-US')})`;
for (const [name, after, before] of CASES) {
  if (values.only && !name.startsWith(values.only)) continue;
  // Alternating before and after, so both see the same load.
  const b = before && !values['after-only'] ? await median(before, 'before') : null;
  const a = await median(after, 'after');
  log(`  ${name}: ${b ? `before ${f(b)} ms, ` : ''}after ${f(a)} ms`);
  rows.push(`| ${name} | ${b ? f(b) : '–'} | ${f(a)} | ${a.median <= (name.startsWith('agreement') ? 2000 : 1000) ? 'yes' : 'no'} |`);
}
ws.close();
process.stdout.write([
  `${scale}x (${Number(counts?.conversations).toLocaleString('en-US')} conversations), ms: median (min) of ${RUNS} runs after a warm-up, ${cpus().length} CPUs; ${started} UTC, load ${loadStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  '',
  '| analysis, end to end | before: previous path / fits in this thread (same run) | after: fits in the worker | goal met (≤ 1 s; agreement ≤ 2 s) |',
  '| --- | ---: | ---: | :---: |',
  ...rows,
].join('\n') + '\n');
