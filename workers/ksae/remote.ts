// What the kSAE worker serves: trainers as remote instances (create → epoch … → finish → destroy) over one
// matrix moved in once as a transferable Float32Array. Cancelling is terminating the worker: the caller keeps
// the checkpoint of the last finished epoch.
import { transfer } from '../rpc.js';
import { loadGemm, type Gemm } from './gemm.js';
import type { KsaeOptions } from './options.js';
import { modelSilhouettes } from './silhouette.js';
import { KsaeTrainer, type EpochRecord } from './trainer.js';

export interface TrainedModel {
  weights: Uint8Array;
  /** n × k top latents and activations, best first. */
  idx: Int32Array;
  act: Float32Array;
  silhouette: number | null;
  silhouetteTop2: number | null;
  deadLatents: number;
  epochs: number;
  history: EpochRecord[];
  /** Last epoch's training and validation loss. */
  loss: number | null;
  valLoss: number | null;
}

export function kSaeApi() {
  let matrix: { data: Float32Array; n: number; d: number } | null = null;
  let gemm: Gemm | null = null;
  const trainers = new Map<number, KsaeTrainer>();
  let next = 1;
  const trainer = (id: number) => {
    const t = trainers.get(id);
    if (!t) throw new Error(`no kSAE trainer ${id}`);
    return t;
  };
  return {
    /** Takes the matrix (transfer its buffer); loads the GEMM kernel ('js' forces the fallback). */
    async load(data: Float32Array, n: number, d: number, kernel: 'auto' | 'js' = 'auto'): Promise<{ kernel: string }> {
      matrix = { data, n, d };
      gemm ??= await loadGemm(kernel);
      return { kernel: gemm.kind };
    },
    create(options: Partial<KsaeOptions>, checkpoint?: Uint8Array): { id: number; epoch: number; done: boolean } {
      if (!matrix || !gemm) throw new Error('kSAE worker: load a matrix first');
      const t = KsaeTrainer.create(matrix.data, matrix.n, matrix.d, options, gemm, checkpoint);
      const id = next++;
      trainers.set(id, t);
      return { id, epoch: t.epoch, done: t.done };
    },
    /** One epoch; the checkpoint after it comes back with the record. */
    async epoch(id: number) {
      const t = trainer(id);
      const record = await t.runEpoch();
      const checkpoint = t.checkpoint();
      return transfer({ record, history: t.history, done: t.done, checkpoint }, [checkpoint.buffer]);
    },
    async finish(id: number) {
      const t = trainer(id);
      const { k, idx, act } = await t.activations();
      const s = await modelSilhouettes(t.data, t.n, t.d, idx, k, t.options.latents, gemm!);
      const last = t.history.at(-1);
      const model: TrainedModel = {
        weights: t.weights(), idx, act, silhouette: s.top1, silhouetteTop2: s.top2, deadLatents: t.dead, epochs: t.epoch,
        history: t.history, loss: last?.loss ?? null, valLoss: last?.valLoss ?? null,
      };
      return transfer(model, [model.weights.buffer, idx.buffer, act.buffer]);
    },
    destroy(id: number): void {
      trainers.delete(id);
    },
  };
}
