// The training job of one grid: for each scenario type, load its sentence vectors once, move them to a kSAE
// worker, and train the type's models one after another; after every epoch the curve and a checkpoint are
// stored, so cancel (which terminates the worker) and a restart both resume from the last finished epoch.
import type { ThemeScenarioType } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { loadMatrix } from '../embeddings/load-matrix.js';
import { JobCancelled, type JobContext } from '../jobs/runner.js';
import { WorkerProxy } from '../../workers/rpc.js';
import type { KsaeWorker } from '../../workers/ksae.worker.js';
import type { KsaeOptions } from '../../workers/ksae/options.js';
import { finishModel, gridModels, readCheckpoint, saveEpoch, setModelState, type GridModel } from './store.js';

export interface GridRunOptions {
  /** GEMM kernel: 'auto' (ONNX Runtime when it loads, default) or 'js' (the fallback, for tests). */
  kernel?: 'auto' | 'js';
}

export interface GridRunResult {
  gridId: string;
  modelIds: string[];
}

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(4));

/** Trains every model of the grid that is not done yet. */
export async function runGrid(db: Db, gridId: string, ctx: JobContext, opts: GridRunOptions = {}): Promise<GridRunResult> {
  const models = await gridModels(db, gridId);
  const todo = models.filter((m) => m.state !== 'done');
  const groups = new Map<ThemeScenarioType, GridModel[]>();
  for (const m of todo) groups.set(m.scenarioType, [...(groups.get(m.scenarioType) ?? []), m]);
  let finished = 0;
  ctx.progress(0, todo.length, `Training ${todo.length} model${todo.length === 1 ? '' : 's'}`);
  for (const [scenarioType, group] of groups) {
    ctx.checkCancelled();
    const matrix = await loadMatrix(db, group[0].embeddingSetId, scenarioType === 'all' ? {} : { scenarioType });
    if (matrix.n < 2) {
      for (const m of group) await setModelState(db, m.modelId, 'failed', `Only ${matrix.n} sentence units of scenario type ${scenarioType}`);
      finished += group.length;
      continue;
    }
    const keys = { conversationIds: matrix.conversationIds, turns: matrix.turns, sentenceIndex: matrix.sentenceIndex };
    const worker = new WorkerProxy<KsaeWorker>('ksae');
    const stop = () => void worker.terminate();
    ctx.signal.addEventListener('abort', stop);
    let current: GridModel | null = null;
    try {
      const { kernel } = await worker.call('load', [matrix.data, matrix.n, matrix.d, opts.kernel ?? 'auto'], [matrix.data.buffer]);
      for (const m of group) {
        ctx.checkCancelled();
        current = m;
        const checkpoint = m.hasCheckpoint ? await readCheckpoint(db, m.modelId) : null;
        const made = await worker.call('create', [m.params as Partial<KsaeOptions>, checkpoint ?? undefined]);
        await setModelState(db, m.modelId, 'running', null);
        const label = `Model ${finished + 1} of ${todo.length} (M=${m.latents}, K=${m.k}, ${scenarioType}, ${matrix.n} units, ${kernel})`;
        let done = made.done;
        while (!done) {
          const step = await worker.call('epoch', [made.id]);
          await saveEpoch(db, m.modelId, { history: step.history, checkpoint: step.checkpoint, sentences: matrix.n });
          const r = step.record;
          ctx.progress(finished, todo.length, `${label}: epoch ${r.epoch}, loss ${fmt(r.loss)}, val ${fmt(r.valLoss)}, dead ${r.dead}`);
          done = step.done;
        }
        ctx.progress(finished, todo.length, `${label}: activations and silhouettes`);
        const out = await worker.call('finish', [made.id]);
        await finishModel(db, m.modelId, { ...out, keys, k: m.k });
        await worker.call('destroy', [made.id]);
        finished++;
        current = null;
        ctx.progress(finished, todo.length, `${label}: done, silhouette ${fmt(out.silhouette)}`);
      }
    } catch (e) {
      if (current) {
        if (ctx.signal.aborted) await setModelState(db, current.modelId, 'paused', 'Cancelled; resume continues from the last finished epoch');
        else await setModelState(db, current.modelId, 'failed', e instanceof UserError ? e.message : 'Training failed (see the job\'s error)');
      }
      if (ctx.signal.aborted) throw new JobCancelled();
      throw e;
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      await worker.terminate();
    }
  }
  return { gridId, modelIds: models.map((m) => m.modelId) };
}
