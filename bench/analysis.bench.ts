// Analysis latency: every analysis of issue 2 (the API functions the app, CLI and figures call) on the demo study
// and on a larger one. Usage: npx tsx bench/analysis.bench.ts [--scale 100] [--quick] [--runs 5] [--fresh]
//
// The studies are generated with the demo generator into bench/.tmp/study-x<scale> (reused when present, e.g. from
// `npm run bench`) and imported into bench/.tmp/analysis/x<scale>.duckdb (reused unless --fresh). Two perturbed copies
// of the score set are added there so that agreement (one set against the median of others) has something to
// compare. Prints a Markdown table: median and min wall time over the runs, after one warm-up run.

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoStudy } from '../data/generate-demo-study.js';
import { Workspace } from '../main/db/workspace.js';
import {
  computeAgreement, computeContrasts, computeEffects, computeElo, computePreference, computeRci, computeShifts, computeTrait,
} from '../main/services/analysis/index.js';
import { runImport } from '../main/import/run-import.js';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '100' }, quick: { type: 'boolean' }, runs: { type: 'string', default: '5' }, fresh: { type: 'boolean' } },
});
const root = resolve(import.meta.dirname, '.tmp');
mkdirSync(root, { recursive: true });
const log = (s: string) => process.stderr.write(s + '\n');
const RUNS = Math.max(1, Number(values.runs));
const GOAL_MS = 200;

async function workspace(scale: number): Promise<Workspace> {
  const dir = join(root, `study-x${scale}`);
  mkdirSync(join(root, 'analysis'), { recursive: true });
  const dbPath = join(root, 'analysis', `x${scale}.duckdb`);
  if (values.fresh) for (const f of [dbPath, `${dbPath}.wal`]) rmSync(f, { force: true });
  if (existsSync(dbPath)) return Workspace.open(dbPath);
  if (!existsSync(join(dir, 'study.json'))) {
    log(`generating the ${scale}x demo study into ${dir} ...`);
    await writeDemoStudy(dir, { scale });
  }
  log(`importing ${dir} into ${dbPath} ...`);
  const ws = await Workspace.open(dbPath);
  const t0 = performance.now();
  await runImport(ws.db, { path: dir, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  log(`  imported in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Two more raters: the judge's scores moved by -1, 0 or +1 (a fixed hash of conversation and dimension), clamped.
  for (const [id, salt] of [['bench-rater-b', 'b'], ['bench-rater-c', 'c']]) {
    await ws.db.run(`INSERT INTO score_sets VALUES (?, ?, 'bench', 1, 5, TIMESTAMP '2999-01-01', NULL, NULL)`, [id, id]);
    await ws.db.run(
      `INSERT INTO scores SELECT ?, conversation_id, dimension, greatest(1, least(5, score + CAST(hash(conversation_id || dimension || ?) % 3 AS INTEGER) - 1)), NULL, NULL, NULL
       FROM scores WHERE score_set_id = 'simulated-judge'`,
      [id, salt],
    );
  }
  await ws.db.run('CHECKPOINT');
  return ws;
}

type Case = [name: string, run: (ws: Workspace) => Promise<unknown>];
const CASES: Case[] = [
  ['effects (6 dimensions, clustered OLS)', (ws) => computeEffects(ws.db)],
  ['contrasts (18 Wald tests, Holm)', (ws) => computeContrasts(ws.db)],
  ['rci (REML + per participant)', (ws) => computeRci(ws.db)],
  ['trait (trait + self-report OLS)', (ws) => computeTrait(ws.db)],
  ['shifts, level-2 nodes', (ws) => computeShifts(ws.db, { level: 'level2' })],
  ['shifts, categories', (ws) => computeShifts(ws.db, { level: 'category' })],
  ['agreement (judge vs median of 2, 6 dims, 1000 bootstrap)', (ws) => computeAgreement(ws.db, { a: 'simulated-judge', b: 'median(bench-rater-b,bench-rater-c)' })],
  ['preference (4 logits, Bradley-Terry, Elo)', (ws) => computePreference(ws.db)],
  ['elo (all LLM judgments)', (ws) => computeElo(ws.db)],
];

async function time(ws: Workspace, run: Case[1]): Promise<{ median: number; min: number }> {
  await run(ws); // warm-up: DuckDB caches, JIT
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run(ws);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0] };
}

async function bench(scale: number): Promise<Map<string, { median: number; min: number }>> {
  const ws = await workspace(scale);
  const counts = await ws.db.one<Record<string, number>>(
    `SELECT (SELECT count(*) FROM participants) AS participants, (SELECT count(*) FROM conversations) AS conversations,
       (SELECT count(*) FROM scores) AS scores, (SELECT count(*) FROM sentence_labels) AS labels, (SELECT count(*) FROM pairwise) AS pairwise`,
  );
  log(`${scale}x: ${JSON.stringify(counts)}`);
  const out = new Map<string, { median: number; min: number }>();
  try {
    for (const [name, run] of CASES) {
      const t = await time(ws, run);
      out.set(name, t);
      log(`  ${name}: ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)})`);
    }
  } finally {
    ws.close();
  }
  return out;
}

const scale = Number(values.scale);
const small = await bench(1);
const large = values.quick ? null : await bench(scale);
const fmt = (t?: { median: number; min: number }) => (t ? `${t.median.toFixed(1)} (${t.min.toFixed(1)})` : '–');
const lines = [
  `Analysis latency, ms: median (min) of ${RUNS} runs after a warm-up; Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB.`,
  '',
  `| analysis | demo study (1x) | ${large ? `${scale}x study` : '(large study skipped)'} | 1x under ${GOAL_MS} ms |`,
  '| --- | ---: | ---: | :---: |',
  ...CASES.map(([name]) => `| ${name} | ${fmt(small.get(name))} | ${fmt(large?.get(name))} | ${small.get(name)!.median < GOAL_MS ? 'yes' : 'no'} |`),
];
process.stdout.write(lines.join('\n') + '\n');
