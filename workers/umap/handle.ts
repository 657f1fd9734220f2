// The caller's typed handle on one UMAP layout in its own worker thread (style E2): create → step(n) … →
// destroy. The worker is private to the handle, so destroying it is terminating it. `create` hands the first
// frame's picture to `onInitial` as soon as the worker has it, and an abort signal stops it between blocks of the
// PCA or the kNN (a shared flag the worker reads, cancel.ts), not only after them. A caller that still has to
// read its matrix can `spawn` the threads first, so that their start-up overlaps the read; otherwise `create`
// starts the second layout thread with the first, and it is ready when the first epoch needs it.
import { WorkerProxy } from '../rpc.js';
import type { UmapWorker } from '../umap.worker.js';
import type { PreservationOptions } from './quality.js';
import type { UmapCreateOptions, UmapFrame, UmapPrepared } from './remote.js';
import { CANCELLED_MESSAGE, Cancelled, cancelFlag } from './cancel.js';
import { CTRL } from './layout-shard.js';

/** The worker threads of one layout, started before its data is at hand (`UmapHandle.spawn`). */
export class UmapThreads {
  constructor(readonly main: WorkerProxy<UmapWorker>, readonly helper: WorkerProxy<UmapWorker> | null) {}

  /**
   * The first frame's kind of picture (initial.ts) of `m` rows alone (moved, so pass a copy), on the layout's own
   * thread before it gets the whole matrix: the preview a caller can show while it reads the rest.
   */
  preview(rows: Float32Array, m: number, d: number, seed: number): Promise<Float32Array> {
    return this.main.call('preview', [rows, m, d, seed], [rows.buffer]);
  }

  /** Ends both threads (a handle made from them does this itself on destroy). */
  async terminate(): Promise<void> {
    await Promise.all([this.main.terminate(), this.helper?.terminate()]);
  }
}

export class UmapHandle {
  private constructor(
    private readonly worker: WorkerProxy<UmapWorker>,
    private readonly id: number,
    /** Epochs the layout will run in all. */
    readonly nEpochs: number,
    /** The GEMM kernel, the kNN method and the seconds `create` spent on the PCA, the kNN and the fuzzy graph. */
    readonly prepared: UmapPrepared,
    /** The second layout thread (layout threads: 2) and the handshake that stops it. */
    private readonly helper: { worker: WorkerProxy<UmapWorker>; ctrl: Int32Array } | null = null,
  ) {}

  /** Starts the threads of a layout on `layoutThreads` threads (1 or 2), to be handed to `create`. */
  static spawn(layoutThreads = 1): UmapThreads {
    return new UmapThreads(new WorkerProxy<UmapWorker>('umap'), layoutThreads === 2 ? new WorkerProxy<UmapWorker>('umap') : null);
  }

  /**
   * Moves `data` (n × d, row-major) into a new worker (or the first of `threads`, which the handle then owns):
   * the caller's buffer is detached afterwards. Rejects with `Cancelled` when `signal` aborts before the layout is
   * ready; the threads are ended then.
   */
  static async create(
    data: Float32Array, n: number, d: number, options: Omit<UmapCreateOptions, 'cancel'> = {},
    hooks: { onInitial?: (positions: Float32Array) => void; signal?: AbortSignal; threads?: UmapThreads } = {},
  ): Promise<UmapHandle> {
    const { signal, onInitial } = hooks;
    const twoThreads = options.layout?.threads === 2 && (options.engine ?? 'workbench') === 'workbench';
    const threads = hooks.threads ?? UmapHandle.spawn(twoThreads ? 2 : 1);
    const { main: worker } = threads;
    let helper = threads.helper;
    if (helper && !twoThreads) {
      await helper.terminate();
      helper = null;
    }
    if (signal?.aborted) {
      await threads.terminate();
      throw new Cancelled('the start');
    }
    const cancel = cancelFlag();
    const abort = () => Atomics.store(cancel, 0, 1);
    signal?.addEventListener('abort', abort);
    try {
      const { id, initial } = await worker.call('load', [data, n, d, { ...options, cancel }], [data.buffer]);
      onInitial?.(initial);
      const prepared = await worker.call('prepare', [id]);
      if (signal?.aborted) throw new Cancelled('the fuzzy graph');
      const shared = await worker.call('share', [id]);
      if (!shared) {
        await helper?.terminate();
        return new UmapHandle(worker, id, prepared.nEpochs, prepared);
      }
      helper ??= new WorkerProxy<UmapWorker>('umap');
      // The helper blocks in its loop until stopped; its call only settles then (or fails when terminated).
      helper.call('serve', [shared]).catch(() => {});
      return new UmapHandle(worker, id, prepared.nEpochs, prepared, { worker: helper, ctrl: shared.ctrl });
    } catch (e) {
      await Promise.all([worker.terminate(), helper?.terminate()]);
      const during = e instanceof Error && !(e instanceof Cancelled) ? new RegExp(`^${CANCELLED_MESSAGE} during (.*)$`).exec(e.message) : null;
      throw during ? new Cancelled(during[1]) : e;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** The GEMM kernel the PCA and kNN ran on ('onnxruntime' or 'js'). */
  get kernel(): string {
    return this.prepared.kernel;
  }

  /** Seconds `create` spent on the PCA, the kNN and the fuzzy graph. */
  get seconds(): UmapPrepared['seconds'] {
    return this.prepared.seconds;
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
