// Import bench: a study folder imported beside DuckDB's read_csv of the same files (the floor), in the same run.
// `tsx bench/import.bench.ts --scale 10`; bench/run.ts runs the same measurement for BENCHMARKS.md. Each phase prints
// its wall time and [cpu] seconds of the whole process (DuckDB's threads included); under load, compare the CPU.
// `--search-text` also times the search text that the search-index job builds after an import (main/search/search-text.ts),
// reported beside the import, not in it.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { Workspace } from '../main/db/workspace.js';
import { runImport } from '../main/import/run-import.js';
import { buildSearchText } from '../main/search/search-text.js';
import { writeDemoStudy } from '../data/generate-demo-study.js';
import { splitSentences } from '../main/text/sentences.js';

/** Import phases, by the progress message that starts each: reading, checks, sentence split, the write. */
const PHASES: [RegExp, string][] = [[/^Reading/, 'read CSV'], [/^Checking/, 'checks'], [/^Splitting/, 'split + table writes'], [/^Writing/, 'sentences + stats']];

export async function readCsvFloor(dir: string, scratch: string, timings?: { checkpointMs?: number; cpuMs?: number }): Promise<number> {
  const db = join(scratch, 'floor.duckdb');
  const inst = await DuckDBInstance.create(db);
  const c = await inst.connect();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv'))) {
    await c.run(`CREATE TABLE "${f.replace('.csv', '')}" AS SELECT * FROM read_csv('${join(dir, f)}', header = true)`);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (timings) timings.cpuMs = (cpu.user + cpu.system) / 1000;
  // Reported beside, not in, the floor: what it leaves in the WAL (everything, at 1x) would be written to the
  // file at close; the import's commit checkpoints by itself once its WAL passes 16 MiB.
  if (timings) {
    const t1 = performance.now();
    await c.run('CHECKPOINT');
    timings.checkpointMs = performance.now() - t1;
  }
  c.closeSync();
  inst.closeSync();
  rmSync(db, { force: true });
  rmSync(db + '.wal', { force: true });
  return ms;
}

export async function importStudy(dir: string, dbPath: string): Promise<{ ms: number; ws: Workspace; phases: string }> {
  rmSync(dbPath, { force: true });
  rmSync(dbPath + '.wal', { force: true });
  const ws = await Workspace.open(dbPath);
  const t0 = performance.now();
  const spent = new Map<string, number>();
  const cpu = new Map<string, number>();
  let phase: string | null = null;
  let since = t0;
  let cpuSince = process.cpuUsage();
  const enter = (name: string | null) => {
    const now = performance.now();
    const c = process.cpuUsage(cpuSince);
    if (phase) {
      spent.set(phase, (spent.get(phase) ?? 0) + now - since);
      cpu.set(phase, (cpu.get(phase) ?? 0) + (c.user + c.system) / 1000);
    }
    phase = name;
    since = now;
    cpuSince = process.cpuUsage();
  };
  await runImport(ws.db, { path: dir, format: 'study' }, {
    progress: (_d, _t, m) => { const p = m ? PHASES.find(([re]) => re.test(m))?.[1] : undefined; if (p && p !== phase) enter(p); },
    checkCancelled: () => {},
  });
  enter(null);
  const ms = performance.now() - t0;
  // CPU seconds of the whole process (DuckDB's threads included) beside each phase's wall time: under load, wall time
  // mostly measures the other processes.
  return { ms, ws, phases: [...spent].map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s [cpu ${((cpu.get(k) ?? 0) / 1000).toFixed(1)}]`).join(', ') };
}

/**
 * Sentence units of the folder's supporter messages counted without the importer: an in-memory DuckDB streams
 * messages.csv chunk by chunk (no appender on its connection) into main/text/sentences.ts.
 */
export async function independentSentenceCount(dir: string): Promise<number> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const res = await c.stream(`SELECT text FROM read_csv('${join(dir, 'messages.csv')}', header = true, all_varchar = true,
    max_line_size = 33554432, buffer_size = 33554432) WHERE role = 'supporter' AND text IS NOT NULL AND trim(text) <> ''`);
  let n = 0;
  for (let chunk = await res.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await res.fetchChunk()) {
    for (const t of chunk.getColumnValues(0) as string[]) n += splitSentences(t).length;
  }
  c.closeSync();
  inst.closeSync();
  return n;
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith('import.bench.ts')) {
  const { values } = parseArgs({ options: {
    scale: { type: 'string', default: '1' }, repeat: { type: 'string', default: '1' }, 'count-sentences': { type: 'boolean' },
    // Also time the search text the search-index job builds right after an import (reported beside, not in, the import).
    'search-text': { type: 'boolean' },
  } });
  const root = resolve(import.meta.dirname, '.tmp');
  mkdirSync(root, { recursive: true });
  const scale = Number(values.scale);
  const dir = join(root, `study-x${scale}`);
  if (!existsSync(join(dir, 'messages.csv'))) await writeDemoStudy(dir, { scale });
  for (let r = 0; r < Number(values.repeat); r++) {
    const floorTimes: { checkpointMs?: number; cpuMs?: number } = {};
    const f = await readCsvFloor(dir, root, floorTimes);
    const cpu0 = process.cpuUsage();
    const { ms, ws, phases } = await importStudy(dir, join(root, `import-x${scale}.duckdb`));
    const cpu = process.cpuUsage(cpu0);
    const t1 = performance.now();
    await ws.db.run('CHECKPOINT');
    const importCheckpoint = performance.now() - t1;
    let searchText = '';
    if (values['search-text']) {
      const c0 = process.cpuUsage();
      const t2 = performance.now();
      await ws.db.transaction(() => buildSearchText(ws.db));
      const c = process.cpuUsage(c0);
      searchText = `then the search text (background job) ${((performance.now() - t2) / 1000).toFixed(2)} s [cpu ${((c.user + c.system) / 1e6).toFixed(1)}]; `;
    }
    const n = await ws.db.one<{ c: number; m: number; s: number }>(
      `SELECT (SELECT count(*) FROM conversations) c, (SELECT count(*) FROM messages) m, (SELECT count(*) FROM sentences) s`);
    ws.close();
    rmSync(join(root, `import-x${scale}.duckdb`), { force: true });
    if (values['count-sentences']) console.log(`independent count of sentence units: ${await independentSentenceCount(dir)} (imported: ${n!.s})`);
    console.log(`${scale}x (${n!.c} conversations, ${n!.m} messages, ${n!.s} sentences): import ${(ms / 1000).toFixed(2)} s (${phases}); read_csv ${(f / 1000).toFixed(2)} s → ${(ms / f).toFixed(2)}x; `
      + `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s vs ${(floorTimes.cpuMs! / 1000).toFixed(1)} s; `
      + `with a CHECKPOINT after each: ${((ms + importCheckpoint) / 1000).toFixed(2)} s vs ${((f + floorTimes.checkpointMs!) / 1000).toFixed(2)} s → ${((ms + importCheckpoint) / (f + floorTimes.checkpointMs!)).toFixed(2)}x; `
      + `${searchText}load ${loadavg().map((x) => x.toFixed(1)).join(' ')} at ${new Date().toISOString().slice(11, 19)} UTC`);
  }
}
