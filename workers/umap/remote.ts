// What the UMAP worker serves: layouts as remote instances (create → step … → destroy). `create` takes the
// matrix (transfer its buffer), finds the exact kNN with the fastest GEMM here and builds the fuzzy graph;
// each `step` runs some epochs and sends back a copy of the positions, moved, so a caller can draw as it goes.
import { transfer } from '../rpc.js';
import { loadGemm, type Gemm } from '../ksae/gemm.js';
import { exactKnn, type KnnMetric } from './knn.js';
import { UmapLayout, type UmapOptions } from './layout.js';
import { neighbourhoodPreservation, type PreservationOptions } from './quality.js';

export interface UmapCreateOptions {
  /** Neighbours per point, the point itself included (umap-learn's n_neighbors); default 15. */
  nNeighbors?: number;
  /** Distance in the original space; default 'cosine'. */
  metric?: KnnMetric;
  /** 'js' forces the pure-JS GEMM; default 'auto' (ONNX Runtime when it loads). */
  kernel?: 'auto' | 'js';
  /** Layout options (epochs, min_dist, seed, …; defaults in layout.ts). */
  layout?: Partial<UmapOptions>;
}

export interface UmapFrame {
  /** n × 2 positions after `epoch` epochs. */
  positions: Float32Array;
  epoch: number;
  done: boolean;
}

export function umapApi() {
  let gemm: Gemm | null = null;
  const layouts = new Map<number, { layout: UmapLayout; data: Float32Array; d: number; metric: KnnMetric }>();
  let next = 1;
  const entry = (id: number) => {
    const e = layouts.get(id);
    if (!e) throw new Error(`no UMAP layout ${id}`);
    return e;
  };
  return {
    async create(data: Float32Array, n: number, d: number, options: UmapCreateOptions = {}) {
      const { nNeighbors = 15, metric = 'cosine', kernel = 'auto', layout: layoutOptions = {} } = options;
      gemm ??= await loadGemm(kernel);
      const knn = await exactKnn(data, n, d, Math.min(nNeighbors, n), { metric, gemm });
      const layout = UmapLayout.create(knn, layoutOptions);
      const id = next++;
      layouts.set(id, { layout, data, d, metric });
      return { id, nEpochs: layout.options.nEpochs, kernel: gemm.kind };
    },
    step(id: number, epochs: number) {
      const { layout } = entry(id);
      layout.step(epochs);
      const frame: UmapFrame = { positions: layout.positions.slice(), epoch: layout.epoch, done: layout.done };
      return transfer(frame, [frame.positions.buffer]);
    },
    /** Neighbourhood preservation of the current positions (quality.ts). */
    preservation(id: number, options: Omit<PreservationOptions, 'gemm' | 'metric'> = {}): Promise<number> {
      const { layout, data, d, metric } = entry(id);
      return neighbourhoodPreservation(data, layout.n, d, layout.positions, { ...options, metric, gemm: gemm ?? undefined });
    },
    destroy(id: number): void {
      layouts.delete(id);
    },
  };
}
