// A real Backend over the hand-written tiny study (tests/helpers/tiny-study.ts) in a DuckDB file, for the
// embedding-set tests.
import { join } from 'node:path';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import type { KeyProvider } from '../../main/judge/keys.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

export async function tinyBackend(prefix: string, envKeys?: KeyProvider, participants = 12) {
  const tmp = tempDir(prefix);
  writeTinyStudy(join(tmp.path, 'tiny'), participants);
  const b = new Backend({ home: tmp.path, envKeys });
  const dbPath = join(tmp.path, 'study.duckdb');
  const ws = await b.open(dbPath);
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  return {
    b, tmp, dbPath,
    close() {
      b.close();
      tmp.cleanup();
    },
  };
}

/** Starts a create/resume call and waits for its job; returns the job's final info. */
export async function finish(b: Backend, started: { jobId: string }) {
  return b.jobs.wait(started.jobId);
}
