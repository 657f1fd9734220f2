// Cancelling a projection while the worker is inside one long synchronous step (PCA, kNN): the caller sets a flag in
// shared memory, and the worker's loops look at it between blocks and throw, so a job stops within one block.

export const CANCELLED_MESSAGE = 'projection cancelled';

export class Cancelled extends Error {
  constructor(readonly during: string) {
    super(`${CANCELLED_MESSAGE} during ${during}`);
  }
}

/** A flag both threads see: Int32Array(1) on a SharedArrayBuffer, 1 = cancel. */
export function cancelFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** The check a worker loop calls between blocks; `phase()` names the step for the error. */
export function cancelCheck(flag: Int32Array | undefined, phase: () => string): () => void {
  if (!flag) return () => {};
  return () => {
    if (Atomics.load(flag, 0) !== 0) throw new Cancelled(phase());
  };
}
