// What the UMAP worker serves: layouts as remote instances (load → prepare → step … → destroy). `load` takes the
// matrix (transfer its buffer) and answers at once with a cheap 2-D picture of it (initial.ts) for the first frame;
// `prepare` runs the PCA, the kNN (exact by dense GEMM for small n, NN-descent beyond) and the fuzzy graph, looking
// at the caller's cancel flag between blocks; each `step` runs some epochs and sends back a copy of the positions.
import { transfer } from '../rpc.js';
import { loadGemm, type Gemm } from '../ksae/gemm.js';
import { cancelCheck } from './cancel.js';
import { initialLayout } from './initial.js';
import { exactKnn, type KnnMetric } from './knn.js';
import { UmapLayout, type UmapOptions } from './layout.js';
import { nnDescent } from './nn-descent.js';
import { neighbourhoodPreservation, type PreservationOptions } from './quality.js';
import { densePca } from './pca.js';
import { UmapJsLayout } from './umap-js-engine.js';
import { serveShard, type SharedLayout } from './layout-shard.js';
import { checkShape } from './shape.js';

/**
 * Largest n searched exactly when `knn` is 'auto', by the width of the rows searched. Measured (bench/knn.bench.ts,
 * bench/map.bench.ts --knn, BENCHMARKS.md): at 50 dims the exact search costs about 1 s of CPU at 5,000 points and
 * 3× NN-descent at 10,000 (in the projection of 29,520 points, 3.7 s NN-descent against 21.8 s exact); at 256 dims
 * the GEMM's SIMD products keep it ahead of NN-descent's scalar distances up to about 30,000 points (29,520 × 256:
 * 18.6 s exact, 24.0 s NN-descent, same load), and its n² takes over beyond.
 */
export const EXACT_KNN_MAX_N = { narrow: 5_000, wide: 30_000, wideFromDims: 200 };

export function searchesExactly(n: number, d: number): boolean {
  return n <= (d >= EXACT_KNN_MAX_N.wideFromDims ? EXACT_KNN_MAX_N.wide : EXACT_KNN_MAX_N.narrow);
}

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
  /** 'exact' (blocked GEMM), 'nn-descent' (approximate) or 'auto' (`searchesExactly`: by n and width); default 'auto'. */
  knn?: 'auto' | 'exact' | 'nn-descent';
  /** 'pca' (start the layout from the first frame's picture, as umap-learn's init='pca') or 'random'; default 'pca'. */
  init?: 'pca' | 'random';
  /** Int32Array(1) on a SharedArrayBuffer (cancel.ts): 1 stops `load` and `prepare` between blocks. */
  cancel?: Int32Array;
  /** Layout options (epochs, min_dist, seed, …; defaults in layout.ts). */
  layout?: Partial<UmapOptions>;
}

export interface UmapPrepared {
  nEpochs: number;
  /** The GEMM kernel ('onnxruntime' or 'js'). */
  kernel: string;
  /** How the neighbours were found. */
  knn: 'exact' | 'nn-descent' | 'umap-js';
  seconds: { pca: number; knn: number; graph: number };
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
  const loaded = new Map<number, { data: Float32Array; n: number; d: number; options: UmapCreateOptions; initial: Float32Array }>();
  let next = 1;
  const entry = (id: number) => {
    const e = layouts.get(id);
    if (!e) throw new Error(`no UMAP layout ${id}`);
    return e;
  };
  return {
    /** Keeps the matrix (moved here) and answers with the first frame's 2-D picture of it. */
    load(data: Float32Array, n: number, d: number, options: UmapCreateOptions = {}) {
      checkShape(data, n, d);
      const id = next++;
      const check = cancelCheck(options.cancel, () => 'the first frame');
      const initial = initialLayout(data, n, d, options.layout?.seed ?? 42, check);
      loaded.set(id, { data, n, d, options, initial });
      const copy = initial.slice();
      return transfer({ id, initial: copy }, [copy.buffer]);
    },
    /**
     * The same quick picture of some rows only (moved here, then dropped), for a preview while the caller is still
     * reading the rest: the map's first frame need not wait for a read of hundreds of MB.
     */
    preview(rows: Float32Array, m: number, d: number, seed: number) {
      checkShape(rows, m, d);
      const positions = initialLayout(rows, m, d, seed);
      return transfer(positions, [positions.buffer]);
    },
    /** PCA, kNN and fuzzy graph of a loaded matrix; the layout is ready to step afterwards. */
    async prepare(id: number): Promise<UmapPrepared> {
      const src = loaded.get(id);
      if (!src) throw new Error(`no loaded matrix ${id}`);
      loaded.delete(id);
      const { data, n, d, options, initial } = src;
      const { nNeighbors = 15, metric = 'cosine', kernel = 'auto', pca = 0, engine = 'workbench', knn: knnChoice = 'auto', init = 'pca' } = options;
      const layoutOptions = options.layout ?? {};
      const seed = layoutOptions.seed ?? 42;
      let phase = 'the PCA';
      const check = cancelCheck(options.cancel, () => phase);
      gemm ??= await loadGemm(kernel);
      const t0 = performance.now();
      // The neighbourhood check stays in the original space, so `data` is kept and the PCA scores are a copy.
      const reduced = pca > 0 && pca < d ? await densePca(data, n, d, pca, seed, gemm, check) : null;
      const t1 = performance.now();
      phase = 'the nearest-neighbour search';
      const [x, dx] = [reduced?.data ?? data, reduced?.k ?? d];
      const k = Math.min(nNeighbors, n);
      let layout: UmapLayout | UmapJsLayout, t2: number, method: UmapPrepared['knn'];
      if (engine === 'umap-js') {
        // umap-js finds its neighbours and builds its graph inside initializeFit: all of it counts as kNN here.
        layout = new UmapJsLayout(x, n, dx, { nNeighbors, minDist: layoutOptions.minDist ?? 0.1, nEpochs: layoutOptions.nEpochs, seed });
        t2 = performance.now();
        method = 'umap-js';
      } else {
        const exact = knnChoice === 'exact' || (knnChoice === 'auto' && searchesExactly(n, dx));
        const graph = exact
          ? await exactKnn(x, n, dx, k, { metric, gemm, checkCancelled: check })
          : nnDescent(x, n, dx, k, { metric, seed, checkCancelled: check });
        method = exact ? 'exact' : 'nn-descent';
        t2 = performance.now();
        phase = 'the fuzzy graph';
        layout = UmapLayout.create(graph, { ...(init === 'pca' ? { initial } : {}), ...layoutOptions });
      }
      const t3 = performance.now();
      layouts.set(id, { layout, data, d, metric });
      const seconds = { pca: (t1 - t0) / 1000, knn: (t2 - t1) / 1000, graph: (t3 - t2) / 1000 };
      const nEpochs = layout instanceof UmapJsLayout ? layout.nEpochs : layout.options.nEpochs;
      return { nEpochs, kernel: gemm.kind, knn: method, seconds };
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
      serveShard(shared);
    },
    destroy(id: number): void {
      const e = layouts.get(id);
      if (e?.layout instanceof UmapLayout) e.layout.stop();
      layouts.delete(id);
      loaded.delete(id);
    },
  };
}
