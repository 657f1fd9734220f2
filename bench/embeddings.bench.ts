// Offline embedder benchmark: `npx tsx bench/embeddings.bench.ts [--db DEMO.duckdb] [--dimensions 256]`.
// Without --db it generates the demo study (seeded) first. Works on a copy of the file. Times TF-IDF, the
// randomized SVD and the projection in this process, then the whole job as the app runs it (worker thread, vector
// table written through Db.appendVectors) and loadMatrix; reports peak RSS. Prints a Markdown table.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Workspace } from '../main/db/workspace.js';
import { JobRunner } from '../main/jobs/runner.js';
import { runImport } from '../main/import/run-import.js';
import { EmbeddingService } from '../main/embeddings/service.js';
import { fitTfidf } from '../main/embeddings/tfidf.js';
import { randomizedSvd } from '../main/embeddings/randomized-svd.js';
import { embedOffline, OFFLINE_DEFAULTS } from '../main/embeddings/offline.js';
import { loadMatrix } from '../main/embeddings/load-matrix.js';
import { sentenceUnits } from '../main/embeddings/store.js';
import { envKeyProvider } from '../main/judge/keys.js';
import { writeDemoStudy } from '../data/generate-demo-study.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, dimensions: { type: 'string', default: String(OFFLINE_DEFAULTS.dimensions) } } });
const D = Number(values.dimensions);
const log = (s: string) => process.stderr.write(s + '\n');
const dir = mkdtempSync(join(tmpdir(), 'embeddings-bench-'));
const file = join(dir, 'bench.duckdb');
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const time = async <T>(label: string, fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await fn();
  const s = (performance.now() - t0) / 1000;
  log(`${label}: ${s.toFixed(2)} s (peak RSS so far ${rssMb()} MB)`);
  return [out, s];
};

try {
  if (values.db) copyFileSync(values.db, file);
  else {
    log('generating the demo study…');
    const study = join(dir, 'study');
    await writeDemoStudy(study, {});
    const ws = await Workspace.open(file);
    await runImport(ws.db, { path: study, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
    ws.close();
  }
  const ws = await Workspace.open(file);
  const [units, tRead] = await time('read sentences', () => sentenceUnits(ws.db));
  const [tf, tTfidf] = await time('TF-IDF', () => fitTfidf(units.texts));
  const [, tSvd] = await time(`randomized SVD to ${D}`, () => randomizedSvd(tf.matrix, D));
  const [, tAll] = await time('embedOffline (TF-IDF + SVD + projection)', () => embedOffline(units.texts, { dimensions: D }));
  const jobs = new JobRunner(() => {});
  const svc = new EmbeddingService({ workspace: () => ws, jobs, keys: () => envKeyProvider({}) });
  const [set, tJob] = await time('job: worker + vector table', async () => {
    const s = await svc.create({ provider: 'offline', dimensions: D });
    const j = await jobs.wait(s.jobId);
    if (j.state !== 'done') throw new Error(`job ${j.state}: ${j.error}`);
    return s;
  });
  const [m, tLoad] = await time('loadMatrix', () => loadMatrix(ws.db, set.embeddingSetId));
  ws.close();
  log('');
  const row = (a: string, b: string) => `| ${a} | ${b} |`;
  console.log([
    `Offline embedder on ${units.texts.length.toLocaleString('en')} sentence units, vocabulary ${tf.matrix.cols.toLocaleString('en')} terms, ${tf.matrix.indices.length.toLocaleString('en')} non-zeros, ${m.d} dimensions (${cpus().length} cores, Node ${process.version})`,
    '', '| step | seconds |', '|---|---|',
    row('read sentences', tRead.toFixed(2)), row('TF-IDF', tTfidf.toFixed(2)), row(`randomized SVD (${OFFLINE_DEFAULTS.powerIterations} power iterations)`, tSvd.toFixed(2)),
    row('embedOffline total (in process)', tAll.toFixed(2)), row('whole job (worker, write vectors)', tJob.toFixed(2)), row(`loadMatrix (${m.n} × ${m.d} Float32Array)`, tLoad.toFixed(2)),
    row('peak RSS (MB)', String(rssMb())),
  ].join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
