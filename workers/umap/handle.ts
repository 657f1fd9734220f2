// The caller's typed handle on one UMAP layout in its own worker thread (style E2): create → step(n) … →
// destroy. The worker is private to the handle, so destroying it (or cancelling a job) is terminating it.
import { WorkerProxy } from '../rpc.js';
import type { UmapWorker } from '../umap.worker.js';
import type { PreservationOptions } from './quality.js';
import type { UmapCreateOptions, UmapFrame } from './remote.js';
import { CTRL } from './layout-shard.js';

export class UmapHandle {
  private constructor(
    private readonly worker: WorkerProxy<UmapWorker>,
    private readonly id: number,
    /** Epochs the layout will run in all. */
    readonly nEpochs: number,
    /** The GEMM kernel the kNN ran on ('onnxruntime' or 'js'). */
    readonly kernel: string,
    /** Seconds `create` spent on the PCA, the kNN and the fuzzy graph. */
    readonly seconds: { pca: number; knn: number; graph: number },
    /** The second layout thread (layout threads: 2) and the handshake that stops it. */
    private readonly helper: { worker: WorkerProxy<UmapWorker>; ctrl: Int32Array } | null = null,
  ) {}

  /** Moves `data` (n × d, row-major) into a new worker: the caller's buffer is detached afterwards. */
  static async create(data: Float32Array, n: number, d: number, options: UmapCreateOptions = {}): Promise<UmapHandle> {
    const worker = new WorkerProxy<UmapWorker>('umap');
    try {
      const { id, nEpochs, kernel, seconds } = await worker.call('create', [data, n, d, options], [data.buffer]);
      const shared = await worker.call('share', [id]);
      if (!shared) return new UmapHandle(worker, id, nEpochs, kernel, seconds);
      // The helper blocks in its loop until stopped; its call only settles then (or fails when terminated).
      const helper = new WorkerProxy<UmapWorker>('umap');
      helper.call('serve', [shared]).catch(() => {});
      return new UmapHandle(worker, id, nEpochs, kernel, seconds, { worker: helper, ctrl: shared.ctrl });
    } catch (e) {
      await worker.terminate();
      throw e;
    }
  }

  /** Runs up to `epochs` more epochs; the positions come back as a fresh Float32Array (n × 2). */
  step(epochs: number): Promise<UmapFrame> {
    return this.worker.call('step', [this.id, epochs]);
  }

  preservation(options: Omit<PreservationOptions, 'gemm' | 'metric'> = {}): Promise<number> {
    return this.worker.call('preservation', [this.id, options]);
  }

  async destroy(): Promise<void> {
    if (this.helper) {
      Atomics.store(this.helper.ctrl, CTRL.STOP, 1);
      Atomics.notify(this.helper.ctrl, CTRL.GO);
      await this.helper.worker.terminate();
    }
    await this.worker.terminate();
  }
}
