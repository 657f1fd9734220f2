// umap-js as a stepped layout with the same surface as UmapLayout (positions, epoch, done, step), so the worker can
// draw a projection with the reference library: its own NN-descent and layout, seeded, cosine distance.
import { UMAP } from 'umap-js';
import { mulberry32 } from '../../main/analysis/random.js';

export interface UmapJsOptions { nNeighbors: number; minDist: number; nEpochs?: number; seed: number }

function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
}

export class UmapJsLayout {
  readonly positions: Float32Array;
  readonly nEpochs: number;
  epoch = 0;
  private readonly umap: UMAP;

  constructor(x: Float32Array, readonly n: number, d: number, o: UmapJsOptions) {
    this.umap = new UMAP({ nNeighbors: o.nNeighbors, minDist: o.minDist, nEpochs: o.nEpochs, random: mulberry32(o.seed), distanceFn: cosine });
    const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, i * d + d)));
    this.nEpochs = this.umap.initializeFit(rows);
    this.positions = new Float32Array(n * 2);
    this.copy();
  }

  get done(): boolean {
    return this.epoch >= this.nEpochs;
  }

  step(epochs = 1): number {
    for (let e = 0; e < epochs && !this.done; e++) this.epoch = this.umap.step();
    this.copy();
    return this.epoch;
  }

  private copy(): void {
    const emb = this.umap.getEmbedding();
    for (let i = 0; i < this.n; i++) { this.positions[2 * i] = emb[i][0]; this.positions[2 * i + 1] = emb[i][1]; }
  }
}
