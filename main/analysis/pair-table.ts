// Unordered pairs of non-negative integer codes, numbered in order of first appearance, in an open-addressing table
// over the two Int32 codes. Bradley-Terry counts its choices per pair with it and the preference model tallies the LLM
// judge's votes on the humans' pairs: at 100x a Map keyed by lower * 2^32 + higher held tens of thousands of heap
// numbers and cost more than the sums over the pairs.

/** Where a table keeps its arrays: fresh ones by default, or a caller's scratch slots (scratch.ts). */
export type PairTableArrays = (part: 'slot' | 'lo' | 'hi', length: number) => Int32Array;

const freshArrays: PairTableArrays = (_, length) => new Int32Array(length);

export class PairTable {
  /** Each pair's lower and higher code, by pair number (the first `size` entries). */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  size = 0;
  private readonly slot: Int32Array;
  private readonly mask: number;

  /** A table with room for `capacity` pairs. */
  constructor(capacity: number, arrays: PairTableArrays = freshArrays) {
    let cap = 16;
    while (cap < 2 * capacity) cap *= 2;
    this.mask = cap - 1;
    this.slot = arrays('slot', cap).fill(-1);
    this.lo = arrays('lo', capacity);
    this.hi = arrays('hi', capacity);
  }

  /** The number of the pair (lo < hi), -1 when it is not in the table; with `add`, added first when it is not. */
  find(lo: number, hi: number, add = false): number {
    let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77)) & this.mask;
    for (;;) {
      const p = this.slot[h];
      if (p < 0) {
        if (!add) return -1;
        this.lo[this.size] = lo;
        this.hi[this.size] = hi;
        return (this.slot[h] = this.size++);
      }
      if (this.lo[p] === lo && this.hi[p] === hi) return p;
      h = (h + 1) & this.mask;
    }
  }
}
