// Fixed-size neighbour lists for NN-descent, n rows of k slots each in flat typed arrays: a max-heap per row on
// (distance, id), so the worst kept neighbour is at the root and most candidates are rejected by one comparison,
// plus a "new" flag per slot (NN-descent only joins neighbours that arrived since the last round).

export class NeighborHeap {
  readonly ids: Int32Array;
  readonly dist: Float64Array;
  /** 1 = arrived since this row's last local join. */
  readonly isNew: Uint8Array;
  readonly size: Int32Array;

  constructor(readonly n: number, readonly k: number) {
    this.ids = new Int32Array(n * k).fill(-1);
    this.dist = new Float64Array(n * k).fill(Infinity);
    this.isNew = new Uint8Array(n * k);
    this.size = new Int32Array(n);
  }

  /** The distance a candidate must beat to enter row i (Infinity while the row is not full). */
  threshold(i: number): number {
    return this.size[i] < this.k ? Infinity : this.dist[i * this.k];
  }

  /** Offers (dv, id) to row i; returns 1 when it entered (it was better than the worst and not already there). */
  push(i: number, dv: number, id: number, isNew: number): number {
    const { k, ids, dist } = this;
    const base = i * k;
    const size = this.size[i];
    if (size === k && (dv > dist[base] || (dv === dist[base] && id >= ids[base]))) return 0;
    for (let s = base, end = base + size; s < end; s++) if (ids[s] === id) return 0;
    let pos: number;
    if (size < k) {
      pos = base + size;
      this.size[i] = size + 1;
      this.set(pos, dv, id, isNew);
      while (pos > base) {
        const parent = base + ((pos - base - 1) >> 1);
        if (!this.worse(pos, parent)) break;
        this.swap(pos, parent);
        pos = parent;
      }
      return 1;
    }
    this.set(base, dv, id, isNew);
    pos = base;
    for (;;) {
      const l = base + 2 * (pos - base) + 1;
      if (l >= base + k) break;
      const r = l + 1;
      const child = r < base + k && this.worse(r, l) ? r : l;
      if (!this.worse(child, pos)) break;
      this.swap(pos, child);
      pos = child;
    }
    return 1;
  }

  /** Row i's kept neighbours, nearest first (ties by id), into ids/dists at offset i·k. */
  sortedRow(i: number, outIds: Int32Array, outDist: Float32Array, transform: (d: number) => number): void {
    const { k } = this;
    const base = i * k;
    const order = Array.from({ length: this.size[i] }, (_, s) => base + s);
    order.sort((a, b) => this.dist[a] - this.dist[b] || this.ids[a] - this.ids[b]);
    for (let s = 0; s < order.length; s++) {
      outIds[base + s] = this.ids[order[s]];
      outDist[base + s] = transform(this.dist[order[s]]);
    }
  }

  private worse(a: number, b: number): boolean {
    return this.dist[a] > this.dist[b] || (this.dist[a] === this.dist[b] && this.ids[a] > this.ids[b]);
  }

  private set(pos: number, dv: number, id: number, isNew: number): void {
    this.dist[pos] = dv;
    this.ids[pos] = id;
    this.isNew[pos] = isNew;
  }

  private swap(a: number, b: number): void {
    const { dist, ids, isNew } = this;
    const t = dist[a]; dist[a] = dist[b]; dist[b] = t;
    const u = ids[a]; ids[a] = ids[b]; ids[b] = u;
    const f = isNew[a]; isNew[a] = isNew[b]; isNew[b] = f;
  }
}
