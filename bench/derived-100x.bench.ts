// The derived tables at 100x (main/db/derived-table.ts, main/services/derived/service.ts): each table's build on fresh
// data, the background job's total, and the first call of agreement, preference, Elo and shifts after new data,
// before (the analysis builds what it reads, as the first figure after an import did) and after (the background build
// done). Usage: nice npx tsx bench/derived-100x.bench.ts [--scale 100] [--runs 1]
//
// Works on a copy of bench/.tmp/analyses/x<scale>.duckdb (made by bench/analyses-100x.bench.ts), written to
// bench/.tmp/derived/x<scale>.duckdb afresh each run, so other benches can hold the original. "Fresh data" is every
// derived table dropped (dropDerived: rows and bookkeeping), which is what an import leaves them as. Each round, in
// this order, alternating so both sides see the same load:
//   before  for each analysis: drop every derived table, then time its compute*() (cache bypassed), which builds what
//           it reads (each analysis as the first one asked after new data)
//   tables  drop every derived table, then time each step of the background build alone (the service's steps)
//   after   drop every derived table, run the background job (DerivedTablesService.refresh, timed to its end), then
//           time each analysis's compute*() on the fresh tables
// Numbers are the median (min) over --runs rounds.

import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dropDerived, freshDerived } from '../main/db/derived-table.js';
import { Workspace } from '../main/db/workspace.js';
import { JobRunner } from '../main/jobs/runner.js';
import { computeAgreement, computeElo, computePreference, computeShifts } from '../main/services/analysis/index.js';
import { DerivedTablesService, staleSteps } from '../main/services/derived/service.js';
import { CONVERSATION_CODES_TABLE, PARTICIPANT_CODES_TABLE, SELF_REPORT_CODES_TABLE } from '../main/studydata/codes.js';
import { PAIRWISE_CODES } from '../main/studydata/pairwise.js';
import { SCORE_PIVOT } from '../main/studydata/score-pivot.js';
import { SCORE_SET_SUMMARY } from '../main/studydata/score-summary.js';
import { SHIFT_LABEL_CELLS } from '../main/studydata/shift-cells.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '100' }, runs: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
const RUNS = Math.max(1, Number(values.runs));
const root = resolve(import.meta.dirname, '.tmp');
const log = (s: string) => process.stderr.write(s + '\n');

const source = join(root, 'analyses', `x${scale}.duckdb`);
if (!existsSync(source)) throw new Error(`no ${source}: run npx tsx bench/analyses-100x.bench.ts --scale ${scale} first`);
mkdirSync(join(root, 'derived'), { recursive: true });
const path = join(root, 'derived', `x${scale}.duckdb`);
rmSync(path, { force: true });
rmSync(`${path}.wal`, { force: true });
copyFileSync(source, path);

const ws = await Workspace.open(path);
const db = ws.db;
const jobs = new JobRunner(() => {});
const service = new DerivedTablesService({ workspace: ws, jobs });
const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
const loadStart = loadavg()[0];
const conversations = await db.value<number>('SELECT count(*) FROM conversations');

const dropAll = async () => {
  for (const t of [SCORE_PIVOT, PAIRWISE_CODES, SHIFT_LABEL_CELLS, CONVERSATION_CODES_TABLE, PARTICIPANT_CODES_TABLE, SELF_REPORT_CODES_TABLE, SCORE_SET_SUMMARY]) {
    await dropDerived(db, t);
  }
};
const time = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};

const ANALYSES: [string, () => Promise<unknown>][] = [
  ['agreement (judge vs median of 2, 1,000 replicates)', () => computeAgreement(db, { a: 'simulated-judge', b: 'median(bench-rater-b,bench-rater-c)' })],
  ['preference', () => computePreference(db)],
  ['elo', () => computeElo(db)],
  ['shifts, level-2 nodes (z tests)', () => computeShifts(db, { level: 'level2' })],
];
const before = new Map<string, number[]>();
const after = new Map<string, number[]>();
const tables = new Map<string, number[]>();
const job: number[] = [];
const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);

for (let round = 0; round < RUNS; round++) {
  for (const [name, run] of ANALYSES) {
    await dropAll();
    const ms = await time(run);
    push(before, name, ms);
    log(`  round ${round + 1} before: ${name} ${Math.round(ms)} ms (load ${loadavg()[0].toFixed(1)})`);
  }
  await dropAll();
  for (const step of await staleSteps(db)) {
    const ms = await time(() => freshDerived(db, step.table, step.keys));
    push(tables, `${step.what} (${step.keys.length ? step.keys.join(', ') : 'whole table'})`, ms);
    log(`  round ${round + 1} table: ${step.what} ${Math.round(ms)} ms (load ${loadavg()[0].toFixed(1)})`);
  }
  await dropAll();
  const total = await time(async () => {
    const id = await service.refresh();
    if (!id) throw new Error('the background build found nothing to build');
    const end = await jobs.wait(id);
    if (end.state !== 'done') throw new Error(`background build ${end.state}: ${end.error}`);
  });
  job.push(total);
  log(`  round ${round + 1} background build: ${Math.round(total)} ms (load ${loadavg()[0].toFixed(1)})`);
  for (const [name, run] of ANALYSES) {
    const ms = await time(run);
    push(after, name, ms);
    log(`  round ${round + 1} after: ${name} ${Math.round(ms)} ms (load ${loadavg()[0].toFixed(1)})`);
  }
}
ws.close();

const f = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const mid = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return s.length > 1 ? `${n(mid)} (${n(s[0])})` : n(s[0]);
};
process.stdout.write([
  `${scale}x (${conversations.toLocaleString('en-US')} conversations), ms${RUNS > 1 ? `: median (min) of ${RUNS} rounds` : ', one round'}, ${cpus().length} CPUs; ${started} UTC, load ${loadStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  '',
  '| derived table, built on fresh data | ms |',
  '| --- | ---: |',
  ...[...tables].map(([k, v]) => `| ${k} | ${f(v)} |`),
  `| background job, all of them (its total) | ${f(job)} |`,
  '',
  '| first call after new data | before: builds what it reads | after: background build done |',
  '| --- | ---: | ---: |',
  ...ANALYSES.map(([name]) => `| ${name} | ${f(before.get(name)!)} | ${f(after.get(name)!)} |`),
].join('\n') + '\n');
