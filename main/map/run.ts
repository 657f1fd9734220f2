// The projection job: load the set's vectors as one Float32Array, move them to a UMAP worker (PCA, kNN, fuzzy
// graph there), step the layout a few epochs at a time (each frame handed to `onFrame` for map-preview), score
// neighbourhood preservation in the original space, and write every point in one transaction. The first frame is
// the worker's cheap 2-D picture of the vectors (marked preliminary), sent before the PCA and kNN start; for a large
// set, the same picture of its first rows comes before that, while the rest is still read (loadWithPreview). Cancel
// stops the worker between blocks of the PCA or kNN, or terminates it while it steps, and removes the projection's
// row, so nothing half-written is left. The worker threads are started before the read, so that their start-up
// overlaps it.
import type { ProjectionEngine, ProjectionParams } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { loadMatrix, type EmbeddingMatrix } from '../embeddings/load-matrix.js';
import { JobCancelled, type JobContext } from '../jobs/runner.js';
import { UmapHandle, type UmapThreads } from '../../workers/umap/handle.js';
import { deleteProjection, finishProjection, setProjectionState } from './store.js';

export const RUN_DEFAULTS = {
  /** Epochs per worker call: each brings one frame back for the preview. */
  epochsPerFrame: 10,
  /** Layout threads (workers/umap/layout-shard.ts): two, sharing its shards, still deterministic for a seed. */
  layoutThreads: 2,
  /** The issue's quality measure: 15 neighbours on a sample of 5,000 points, exact. */
  preservationK: 15,
  preservationSample: 5000,
  /**
   * A set this wide and long (rows × dims, floats) gets a preview of its first `previewRows` rows while the rest is
   * read: 29,520 × 3072 floats took 2.8–3.4 s to read on a quiet machine, 29,520 × 256 0.7 s.
   */
  samplePreviewFromFloats: 2 ** 24,
  /** Rows of that preview (one DuckDB chunk; their copy to the worker is 25 MB at 3072 dims). */
  previewRows: 2048,
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

/**
 * Reads the set's vectors (loadMatrix) while the layout's threads start; for a large set, once its first
 * `previewRows` rows are in, a copy of them goes to the layout's thread, and their picture (as the first frame's,
 * initial.ts) comes back through `onPreview` while the rest is still read. Best effort: a preview that fails or
 * comes after `create`'s own first frame is dropped (`isLate`).
 */
export async function loadWithPreview(
  db: Db, embeddingSetId: string, threads: UmapThreads, seed: number,
  onPreview: (positions: Float32Array) => void, isLate: () => boolean = () => false,
): Promise<{ matrix: EmbeddingMatrix; preview: Promise<void> }> {
  let preview: Promise<void> = Promise.resolve();
  let sent = false;
  const matrix = await loadMatrix(db, embeddingSetId, {
    onRows: (partial, rows, total) => {
      if (sent || rows < RUN_DEFAULTS.previewRows || rows === total) return;
      const d = partial.length / total;
      if (total * d < RUN_DEFAULTS.samplePreviewFromFloats) return;
      sent = true;
      const m = RUN_DEFAULTS.previewRows;
      preview = threads.preview(partial.slice(0, m * d), m, d, seed)
        .then((positions) => { if (!isLate()) onPreview(positions); }, () => {});
    },
  });
  return { matrix, preview };
}

export interface ProjectionResult { projectionId: string; points: number; seconds: number; neighborhoodPreservation: number | null }

export async function runProjection(db: Db, run: ProjectionRun, ctx: JobContext, onFrame: (f: ProjectionFrame) => void): Promise<ProjectionResult> {
  const t0 = performance.now();
  const { params } = run;
  let handle: UmapHandle | null = null;
  const stop = () => void handle?.destroy();
  ctx.signal.addEventListener('abort', stop);
  const layoutThreads = run.engine === 'umap-js' ? 1 : RUN_DEFAULTS.layoutThreads;
  let threads: UmapThreads | null = UmapHandle.spawn(layoutThreads);
  try {
    ctx.progress(0, params.epochs, 'Loading vectors');
    let framed = false;
    const frame = (f: ProjectionFrame) => { framed = true; onFrame(f); };
    const { matrix } = await loadWithPreview(db, run.embeddingSetId, threads, params.seed,
      (positions) => frame({ epoch: 0, epochs: params.epochs, positions, preliminary: true }), () => framed);
    if (matrix.n < 3) throw new UserError(`Embedding set ${run.embeddingSetId} has only ${matrix.n} sentence units; a map needs at least 3`, 'bad-request');
    ctx.checkCancelled();
    const { n, d } = matrix;
    const pca = params.pca > 0 && params.pca < d ? params.pca : 0;
    ctx.progress(0, params.epochs, `${pca ? `PCA ${d} → ${pca}, then ` : ''}${Math.min(params.neighbors, n)} nearest neighbours of ${n} points`);
    const spawned = threads;
    threads = null; // `create` owns them from here and ends them if it fails
    handle = await UmapHandle.create(matrix.data, n, d, {
      nNeighbors: Math.min(params.neighbors, n), metric: params.metric, pca, kernel: run.kernel ?? 'auto',
      engine: run.engine === 'umap-js' ? 'umap-js' : 'workbench',
      layout: { nEpochs: params.epochs, minDist: params.minDist, seed: params.seed, threads: layoutThreads },
    }, {
      signal: ctx.signal, threads: spawned,
      onInitial: (positions) => frame({ epoch: 0, epochs: params.epochs, positions, preliminary: true }),
    });
    if (ctx.signal.aborted) throw new JobCancelled();
    const epochs = handle.nEpochs;
    let positions: Float32Array = new Float32Array(0);
    for (let done = false; !done;) {
      const step = await handle.step(RUN_DEFAULTS.epochsPerFrame);
      positions = step.positions;
      done = step.done;
      frame({ epoch: step.epoch, epochs, positions, preliminary: false });
      ctx.progress(step.epoch, epochs, `Layout: epoch ${step.epoch} of ${epochs} (${n} points)`);
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
    await threads?.terminate();
    await handle?.destroy();
  }
}
