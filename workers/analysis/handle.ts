// The caller's handle on the analysis worker (style E2): fits run in one long-lived worker thread, so the thread
// that serves the UI only reads the data and shapes the answer. The worker starts with the first large fit and
// stays (starting one costs more than a demo-sized fit); while idle it does not keep the process alive, so the CLI
// exits when its work is done. Small inputs are fitted in the caller's thread. A fit with two independent parts may
// send the second to a second worker (lane 1), started and kept the same way, so that both run at once on two cores
// (the preference logits beside its Bradley-Terry); fits on one lane queue.

import { WorkerProxy } from '../rpc.js';
import type { AnalysisWorker } from '../analysis.worker.js';
import { AnalysisDataError } from '../../main/analysis/index.js';
import { analysisApi } from './remote.js';

/** Below this many rows a fit runs in the calling thread (the demo study's effects: ≈ 17,000 rows, ≈ 0.1 s). */
export const WORKER_MIN_ROWS = 50_000;

/** Rows from which a fit goes to the worker when the caller does not say; tests move it to run both places on one study. */
let defaultMinRows = WORKER_MIN_ROWS;
export function setWorkerMinRows(rows: number = WORKER_MIN_ROWS): void {
  defaultMinRows = rows;
}

type Api = AnalysisWorker;
const local = analysisApi();

/** The warm worker of each lane. */
const warm: (WorkerProxy<Api> | null)[] = [null, null];
/** Fits in flight on each lane: a worker is kept alive while it has one. */
const laneInFlight = [0, 0];
/** Fits sent to a worker and not yet settled (tests wait for one to start). */
let inFlight = 0;
export const analysisFitsInFlight = () => inFlight;
/**
 * Fits sent to the worker since the process started: a test that asks whether a call used the worker compares it
 * before and after, since a small fit can go and come back between two looks at `analysisFitsInFlight`.
 */
let sent = 0;
export const analysisFitsSent = () => sent;

/**
 * Runs `method` of the analysis worker on `args`: in the worker thread of `lane` (0, or 1 for a part run beside a
 * fit on lane 0), moving `buffers` (the caller's typed arrays are detached afterwards), when `rows` reaches
 * `minRows`; in this thread otherwise. The same function runs in both places, so the answer does not depend on where
 * it ran; a data error is thrown as an AnalysisDataError either way.
 */
export async function fitInWorker<K extends keyof Api & string>(
  method: K, args: Parameters<Api[K]>, buffers: ArrayBufferLike[], rows: number, minRows = defaultMinRows, lane: 0 | 1 = 0,
): Promise<Value<ReturnType<Api[K]>>> {
  const out = rows < minRows
    ? (local[method] as unknown as (...a: Parameters<Api[K]>) => ReturnType<Api[K]>)(...args)
    : await inWorker(method, args, buffers, lane);
  if ('dataError' in out) throw new AnalysisDataError(out.dataError);
  return out.value as Value<ReturnType<Api[K]>>;
}

type Value<G> = G extends { value: infer T } ? T : never;

async function inWorker<K extends keyof Api & string>(method: K, args: Parameters<Api[K]>, buffers: ArrayBufferLike[], lane: 0 | 1): Promise<ReturnType<Api[K]>> {
  const worker = (warm[lane] ??= new WorkerProxy<Api>('analysis'));
  sent++;
  inFlight++;
  if (laneInFlight[lane]++ === 0) worker.keepAlive(true);
  try {
    return (await worker.call(method, args, buffers)) as ReturnType<Api[K]>;
  } catch (e) {
    // A worker that failed (or died) is not reused: the next fit on its lane starts a fresh one.
    if (warm[lane] === worker) warm[lane] = null;
    void worker.terminate();
    throw e;
  } finally {
    inFlight--;
    if (--laneInFlight[lane] === 0 && warm[lane] === worker) worker.keepAlive(false);
  }
}
