// The projection job: load the set's vectors as one Float32Array, move them to a UMAP worker (PCA, kNN, fuzzy
// graph there), step the layout a few epochs at a time (each frame handed to `onFrame` for map-preview), score
// neighbourhood preservation in the original space, and write every point in one transaction. The first frame is
// the worker's cheap 2-D picture of the vectors (marked preliminary), sent before the PCA and kNN start. Cancel
// stops the worker between blocks of the PCA or kNN, or terminates it while it steps, and removes the projection's
// row, so nothing half-written is left.
import type { ProjectionEngine, ProjectionParams } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { loadMatrix } from '../embeddings/load-matrix.js';
import { JobCancelled, type JobContext } from '../jobs/runner.js';
import { UmapHandle } from '../../workers/umap/handle.js';
import { deleteProjection, finishProjection, setProjectionState } from './store.js';

export const RUN_DEFAULTS = {
  /** Epochs per worker call: each brings one frame back for the preview. */
  epochsPerFrame: 10,
  /** Layout threads (workers/umap/layout-shard.ts): two shards, still deterministic for a seed. */
  layoutThreads: 2,
  /** The issue's quality measure: 15 neighbours on a sample of 5,000 points, exact. */
  preservationK: 15,
  preservationSample: 5000,
};

export interface ProjectionRun {
  id: string;
  embeddingSetId: string;
  engine: ProjectionEngine;
  params: ProjectionParams;
  /** GEMM kernel ('js' in tests that check the fallback); default the fastest here. */
  kernel?: 'auto' | 'js';
}

export interface ProjectionFrame {
  epoch: number;
  epochs: number;
  positions: Float32Array;
  /** The picture before the layout (first two principal directions of a sample), not yet UMAP. */
  preliminary: boolean;
}

export interface ProjectionResult { projectionId: string; points: number; seconds: number; neighborhoodPreservation: number | null }

export async function runProjection(db: Db, run: ProjectionRun, ctx: JobContext, onFrame: (f: ProjectionFrame) => void): Promise<ProjectionResult> {
  const t0 = performance.now();
  const { params } = run;
  let handle: UmapHandle | null = null;
  const stop = () => void handle?.destroy();
  ctx.signal.addEventListener('abort', stop);
  try {
    ctx.progress(0, params.epochs, 'Loading vectors');
    const matrix = await loadMatrix(db, run.embeddingSetId);
    if (matrix.n < 3) throw new UserError(`Embedding set ${run.embeddingSetId} has only ${matrix.n} sentence units; a map needs at least 3`, 'bad-request');
    ctx.checkCancelled();
    const { n, d } = matrix;
    const pca = params.pca > 0 && params.pca < d ? params.pca : 0;
    ctx.progress(0, params.epochs, `${pca ? `PCA ${d} → ${pca}, then ` : ''}${Math.min(params.neighbors, n)} nearest neighbours of ${n} points`);
    handle = await UmapHandle.create(matrix.data, n, d, {
      nNeighbors: Math.min(params.neighbors, n), metric: params.metric, pca, kernel: run.kernel ?? 'auto',
      engine: run.engine === 'umap-js' ? 'umap-js' : 'workbench',
      layout: { nEpochs: params.epochs, minDist: params.minDist, seed: params.seed, threads: run.engine === 'umap-js' ? 1 : RUN_DEFAULTS.layoutThreads },
    }, {
      signal: ctx.signal,
      onInitial: (positions) => onFrame({ epoch: 0, epochs: params.epochs, positions, preliminary: true }),
    });
    if (ctx.signal.aborted) throw new JobCancelled();
    const epochs = handle.nEpochs;
    let positions: Float32Array = new Float32Array(0);
    for (let done = false; !done;) {
      const frame = await handle.step(RUN_DEFAULTS.epochsPerFrame);
      positions = frame.positions;
      done = frame.done;
      onFrame({ epoch: frame.epoch, epochs, positions, preliminary: false });
      ctx.progress(frame.epoch, epochs, `Layout: epoch ${frame.epoch} of ${epochs} (${n} points)`);
    }
    const k = Math.min(RUN_DEFAULTS.preservationK, n - 2);
    ctx.progress(epochs, epochs, 'Neighbourhood preservation');
    const preservation = k >= 1 ? await handle.preservation({ k, sample: RUN_DEFAULTS.preservationSample }) : null;
    ctx.checkCancelled();
    const seconds = (performance.now() - t0) / 1000;
    await finishProjection(db, run.id, {
      keys: { conversationIds: matrix.conversationIds, turns: matrix.turns, sentenceIndex: matrix.sentenceIndex },
      positions, seconds, preservation,
    });
    return { projectionId: run.id, points: n, seconds, neighborhoodPreservation: preservation };
  } catch (e) {
    if (ctx.signal.aborted) {
      await deleteProjection(db, run.id);
      throw new JobCancelled();
    }
    await setProjectionState(db, run.id, 'failed', e instanceof UserError ? e.message : 'Projection failed (see the job\'s error)');
    throw e;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    await handle?.destroy();
  }
}
