// Per-row scratch arrays kept between fits. Memory a process has not touched yet costs a page fault per 4 KB page
// on first use, and on this project's VMs a fault costs ~15 µs: a fresh 1.1 MB Float64Array (one column of 140,000
// rows) took 4 ms to fill the first time and 0.03 ms when reused. The preference models allocated ~90 MB of such
// columns per call at 100x (trials, design columns, predictor, probabilities), a third of their time (issue 12).
// A slot is one call site's array, reused by its next call in this thread: it is valid until the next use of the same
// slot, so it may be returned to a caller that is done with it before that (preferenceTrials' columns, a logit's row
// plan), but never kept across an await or sent to another thread, and two live arrays must come from two slots. Its
// contents are whatever the last call left: the caller writes every entry it reads (or fills it first).
// The slots are kept for the thread's life, as large as the largest fit it ran (about 60-70 MB per analysis worker after
// a 100x preference call): the price of not faulting the pages in again on every call.

const slots = new Map<string, ArrayBuffer>();

function buffer(slot: string, bytes: number): ArrayBuffer {
  let b = slots.get(slot);
  if (!b || b.byteLength < bytes) {
    // A little room to grow, so that a study a few rows larger does not allocate again.
    b = new ArrayBuffer(Math.ceil((bytes * 1.125) / 8) * 8);
    slots.set(slot, b);
  }
  return b;
}

/** The Float64Array of `slot`, `n` entries long (contents left from its last use). */
export function scratchF64(slot: string, n: number): Float64Array {
  return new Float64Array(buffer(slot, 8 * n), 0, n);
}

/** The Int32Array of `slot`, `n` entries long (contents left from its last use). */
export function scratchI32(slot: string, n: number): Int32Array {
  return new Int32Array(buffer(slot, 4 * n), 0, n);
}

/** The Uint8Array of `slot`, `n` entries long (contents left from its last use). */
export function scratchU8(slot: string, n: number): Uint8Array {
  return new Uint8Array(buffer(slot, n), 0, n);
}
