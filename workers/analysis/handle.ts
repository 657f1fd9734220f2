// The caller's handle on the analysis worker (style E2): a fit runs in a worker thread of its own, started for the
// call and ended with it, so the thread that serves the UI only reads the data and shapes the answer. Small inputs
// are fitted in the caller's thread instead: starting a thread costs more than their fit.

import { WorkerProxy } from '../rpc.js';
import type { AnalysisWorker } from '../analysis.worker.js';
import { analysisApi } from './remote.js';

/** Below this many rows a fit runs in the calling thread (the demo study's effects: ≈ 17,000 rows, ≈ 0.1 s). */
export const WORKER_MIN_ROWS = 50_000;

type Api = AnalysisWorker;
const local = analysisApi();

/** Fits started in a worker and not yet settled (the service reports it; tests wait on it). */
let inFlight = 0;
export const analysisFitsInFlight = () => inFlight;

/**
 * Runs `method` of the analysis worker on `args`: in a fresh worker thread, moving `buffers` (the caller's typed
 * arrays are detached afterwards), when `rows` reaches `minRows`; in this thread otherwise. The same function runs
 * in both places, so the answer does not depend on where it ran.
 */
export async function fitInWorker<K extends keyof Api & string>(
  method: K, args: Parameters<Api[K]>, buffers: ArrayBufferLike[], rows: number, minRows = WORKER_MIN_ROWS,
): Promise<ReturnType<Api[K]>> {
  if (rows < minRows) return (local[method] as unknown as (...a: Parameters<Api[K]>) => ReturnType<Api[K]>)(...args);
  const worker = new WorkerProxy<Api>('analysis');
  inFlight++;
  try {
    return (await worker.call(method, args, buffers)) as ReturnType<Api[K]>;
  } finally {
    inFlight--;
    await worker.terminate();
  }
}
