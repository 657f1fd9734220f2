// What the UMAP worker serves: layouts as remote instances (create → step … → destroy). `create` takes the
// matrix (transfer its buffer), finds the exact kNN with the fastest GEMM here and builds the fuzzy graph;
// each `step` runs some epochs and sends back a copy of the positions, moved, so a caller can draw as it goes.
import { transfer } from '../rpc.js';
import { loadGemm, type Gemm } from '../ksae/gemm.js';
import { exactKnn, type KnnMetric } from './knn.js';
import { UmapLayout, type UmapOptions } from './layout.js';
import { neighbourhoodPreservation, type PreservationOptions } from './quality.js';
import { densePca } from './pca.js';
import { UmapJsLayout } from './umap-js-engine.js';
import { serveShard, type SharedLayout } from './layout-shard.js';

export interface UmapCreateOptions {
  /** Neighbours per point, the point itself included (umap-learn's n_neighbors); default 15. */
  nNeighbors?: number;
  /** Distance in the original space; default 'cosine'. */
  metric?: KnnMetric;
  /** 'js' forces the pure-JS GEMM; default 'auto' (ONNX Runtime when it loads). */
  kernel?: 'auto' | 'js';
  /** 'workbench' (this folder's kNN and layout, default) or 'umap-js' (the reference library's own fit, cosine, same PCA). */
  engine?: 'workbench' | 'umap-js';
  /** PCA to this many dimensions before the kNN (0 or ≥ d: none; default 0); seeded with the layout's seed. */
  pca?: number;
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
  const layouts = new Map<number, { layout: UmapLayout | UmapJsLayout; data: Float32Array; d: number; metric: KnnMetric }>();
  let next = 1;
  const entry = (id: number) => {
    const e = layouts.get(id);
    if (!e) throw new Error(`no UMAP layout ${id}`);
    return e;
  };
  return {
    async create(data: Float32Array, n: number, d: number, options: UmapCreateOptions = {}) {
      const { nNeighbors = 15, metric = 'cosine', kernel = 'auto', pca = 0, engine = 'workbench', layout: layoutOptions = {} } = options;
      gemm ??= await loadGemm(kernel);
      const t0 = performance.now();
      // The neighbourhood check stays in the original space, so `data` is kept and the PCA scores are a copy.
      const reduced = pca > 0 && pca < d ? await densePca(data, n, d, pca, layoutOptions.seed ?? 42, gemm) : null;
      const t1 = performance.now();
      const [x, dx] = [reduced?.data ?? data, reduced?.k ?? d];
      let layout: UmapLayout | UmapJsLayout, t2: number;
      if (engine === 'umap-js') {
        // umap-js finds its neighbours and builds its graph inside initializeFit: all of it counts as kNN here.
        layout = new UmapJsLayout(x, n, dx, { nNeighbors, minDist: layoutOptions.minDist ?? 0.1, nEpochs: layoutOptions.nEpochs, seed: layoutOptions.seed ?? 42 });
        t2 = performance.now();
      } else {
        const knn = await exactKnn(x, n, dx, Math.min(nNeighbors, n), { metric, gemm });
        t2 = performance.now();
        layout = UmapLayout.create(knn, layoutOptions);
      }
      const t3 = performance.now();
      const id = next++;
      layouts.set(id, { layout, data, d, metric });
      const seconds = { pca: (t1 - t0) / 1000, knn: (t2 - t1) / 1000, graph: (t3 - t2) / 1000 };
      const nEpochs = layout instanceof UmapJsLayout ? layout.nEpochs : layout.options.nEpochs;
      return { id, nEpochs, kernel: gemm.kind, seconds };
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
    /** The shared state a helper thread needs to run the second shard (layout threads: 2), else null. */
    share(id: number): SharedLayout | null {
      const { layout } = entry(id);
      return layout instanceof UmapLayout ? layout.share() : null;
    },
    /** On a helper worker: runs the second shard of every epoch until the layout stops it (blocks this worker). */
    serve(shared: SharedLayout): void {
      serveShard(shared, 1);
    },
    destroy(id: number): void {
      const e = layouts.get(id);
      if (e?.layout instanceof UmapLayout) e.layout.stop();
      layouts.delete(id);
    },
  };
}
