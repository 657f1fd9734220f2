import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workspace } from '../db/workspace.js';
import { runImport } from '../import/run-import.js';
import { buildWordIndex } from '../search/word-index.js';
import type { JobContext } from '../jobs/runner.js';

export const DEMO_SEED = 20241031;
export const DEMO_FILE = 'demo-lend-an-ear-simulated-v8.duckdb';

/** What building the demo needs of the backend: where it lives, and opening/closing a workspace. */
export interface DemoHost {
  readonly home: string;
  open(path: string): Promise<Workspace>;
  close(): void;
}

let pending: Promise<void> | null = null;

type Ctx = Pick<JobContext, 'progress' | 'checkCancelled'>;
const quiet: Ctx = { progress: () => {}, checkCancelled: () => {} };

/**
 * Opens the embedded simulated study, generating it on first use (seeded: every machine gets the
 * same study). A half-built file from an interrupted first run is discarded and rebuilt.
 */
export function openDemoStudy(b: DemoHost, ctx: Ctx = quiet): Promise<void> {
  pending ??= build(b, ctx).finally(() => { pending = null; });
  return pending;
}

async function build(b: DemoHost, ctx: Ctx): Promise<void> {
  const path = join(b.home, DEMO_FILE);
  if (existsSync(path)) {
    const ws = await b.open(path);
    const complete = await ws.db.value<number>(`SELECT count(*) FROM study_meta WHERE key = 'demo_complete'`);
    if (complete) return;
    b.close();
    rmSync(path, { force: true });
    rmSync(path + '.wal', { force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), 'workbench-demo-'));
  try {
    ctx.progress(0, 1, 'Generating the simulated Lend an Ear study');
    const { writeDemoStudy } = await import('../../data/generate-demo-study.js');
    await writeDemoStudy(dir, { seed: DEMO_SEED, scale: 1 });
    const ws = await b.open(path);
    await runImport(ws.db, { path: dir, format: 'study', mode: 'refuse' }, ctx);
    ctx.progress(0, 1, 'Building the word index for text search');
    await buildWordIndex(ws.db);
    await ws.db.run(`INSERT OR REPLACE INTO study_meta VALUES ('demo_complete', 'true')`);
    await ws.db.run(`INSERT OR REPLACE INTO study_meta VALUES ('source', ?)`, [JSON.stringify('simulated (built-in demo generator)')]);
    await ws.db.run('CHECKPOINT');
  } catch (e) {
    b.close();
    rmSync(path, { force: true });
    rmSync(path + '.wal', { force: true });
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
