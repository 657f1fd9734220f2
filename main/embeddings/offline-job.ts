// The offline embedder as a job step: sentence texts to a worker thread, vectors back as one transferred buffer,
// then the vector table, filled and marked done in one transaction.
import type { Db } from '../db/workspace.js';
import type { JobContext } from '../jobs/runner.js';
import type { OfflineEmbeddingSpec } from '../api/contract/embeddings.js';
import { WorkerProxy } from '../../workers/rpc.js';
import type { EmbeddingsWorker } from '../../workers/embeddings.worker.js';
import { createVectorTable, finishSet, sentenceUnits, vectorTable } from './store.js';
import { OFFLINE_DEFAULTS, OFFLINE_LABEL, offlineModelName } from './offline.js';

export async function runOffline(db: Db, id: string, spec: OfflineEmbeddingSpec, ctx: JobContext): Promise<void> {
  ctx.progress(0, 3, 'Reading sentence units');
  const units = await sentenceUnits(db);
  ctx.checkCancelled();
  ctx.progress(1, 3, `TF-IDF and truncated SVD of ${units.texts.length} sentences (${OFFLINE_LABEL})`);
  const opts = {
    dimensions: spec.dimensions ?? OFFLINE_DEFAULTS.dimensions, seed: spec.seed ?? OFFLINE_DEFAULTS.seed,
    minDf: spec.minDf ?? OFFLINE_DEFAULTS.minDf, maxFeatures: spec.maxFeatures ?? OFFLINE_DEFAULTS.maxFeatures,
  };
  const worker = new WorkerProxy<EmbeddingsWorker>('embeddings');
  const aborted = new Promise<never>((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
  let e: Awaited<ReturnType<typeof worker.call<'offline'>>>;
  try {
    e = await Promise.race([worker.call('offline', [units.texts, opts]), aborted]);
  } finally {
    await worker.terminate();
  }
  ctx.checkCancelled();
  ctx.progress(2, 3, 'Writing vectors');
  await db.transaction(async () => {
    await createVectorTable(db, await tableNoOf(db, id), e.dimensions);
    await db.appendVectors(vectorTable(await tableNoOf(db, id)), units, e.data, e.dimensions);
    await db.run(`UPDATE embedding_sets SET model = ? WHERE embedding_set_id = ?`, [offlineModelName(e.dimensions), id]);
    await finishSet(db, id, e.dimensions, units.texts.length,
      `${OFFLINE_LABEL}: ${e.vocabularySize} terms${e.emptyRows ? `, ${e.emptyRows} sentences without a vocabulary word (zero vectors)` : ''}`,
      { spec, vocabularySize: e.vocabularySize, emptyRows: e.emptyRows, singularValues: e.singularValues.slice(0, 16), options: opts });
  });
  ctx.progress(3, 3, 'Done');
}

async function tableNoOf(db: Db, id: string): Promise<number> {
  return Number(await db.value(`SELECT table_no FROM embedding_sets WHERE embedding_set_id = ?`, [id]));
}
