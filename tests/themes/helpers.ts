// A real Backend over the tiny study in a DuckDB file, with an offline embedding set, for the kSAE tests.
import { join } from 'node:path';
import { Backend } from '../../main/backend.js';
import { runImport } from '../../main/import/run-import.js';
import { tempDir, writeTinyStudy } from '../helpers/tiny-study.js';

export async function themesBackend(prefix: string, dimensions = 16) {
  const tmp = tempDir(prefix);
  writeTinyStudy(join(tmp.path, 'tiny'), 12);
  const b = new Backend({ home: tmp.path });
  const dbPath = join(tmp.path, 'study.duckdb');
  const ws = await b.open(dbPath);
  await runImport(ws.db, { path: join(tmp.path, 'tiny'), format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  const started = await b.app.call('embeddings-create', { provider: 'offline', dimensions, seed: 1 });
  const job = await b.jobs.wait(started.jobId);
  if (job.state !== 'done') throw new Error(`offline embeddings: ${job.state} ${job.error ?? ''}`);
  return {
    b, tmp, dbPath, embeddingSetId: started.embeddingSetId,
    close() {
      b.close();
      tmp.cleanup();
    },
  };
}
