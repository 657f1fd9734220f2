// UMAP speed and quality at the corpus's scale (issue 10): 29,520 × 256 seeded clustered unit vectors (30
// clusters, each a 3-D Gaussian patch plus N(0, 0.1²) noise; tests/umap/clustered.ts). Ours: exact kNN (k = 15, cosine, the kSAE GEMM: ONNX Runtime
// with 2 threads, or --js) + fuzzy graph + 200 epochs, single-threaded; umap-js: `fit` on the same rows with its
// own NN-descent, 200 epochs, same run. Both scored by neighbourhood preservation (15 neighbours, 5,000 seeded
// points, exact) and 2-D nearest-neighbour cluster purity on a sample.
// Usage: npx tsx bench/umap.bench.ts [--n 29520] [--d 256] [--clusters 30] [--noise 0.1] [--intrinsic 3] [--epochs 200] [--js] [--no-umap-js]
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { UMAP } from 'umap-js';
import { mulberry32 } from '../main/analysis/random.js';
import { clusteredUnitVectors } from '../tests/umap/clustered.js';
import { loadGemm } from '../workers/ksae/gemm.js';
import { exactKnn } from '../workers/umap/knn.js';
import { UmapLayout } from '../workers/umap/layout.js';
import { neighbourhoodPreservation, samplePoints } from '../workers/umap/quality.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '29520' }, d: { type: 'string', default: '256' }, clusters: { type: 'string', default: '30' },
  noise: { type: 'string', default: '0.1' }, intrinsic: { type: 'string', default: '3' },
  epochs: { type: 'string', default: '200' }, js: { type: 'boolean' }, 'no-umap-js': { type: 'boolean' },
} });
const [n, d, clusters, epochs] = [Number(values.n), Number(values.d), Number(values.clusters), Number(values.epochs)];
const log = (s: string) => process.stdout.write(s + '\n');
const sec = (t0: number) => (performance.now() - t0) / 1000;

/** Share of sampled points whose nearest other point in the layout is in the same cluster. */
function purity(positions: Float32Array, labels: Int32Array): number {
  const sample = samplePoints(n, 2000, 11);
  let same = 0;
  for (const i of sample) {
    let best = Infinity, bestId = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = positions[2 * i] - positions[2 * j], dy = positions[2 * i + 1] - positions[2 * j + 1];
      if (dx * dx + dy * dy < best) { best = dx * dx + dy * dy; bestId = j; }
    }
    if (labels[bestId] === labels[i]) same++;
  }
  return same / sample.length;
}

log(`UMAP bench: n=${n}, d=${d}, ${clusters} clusters (noise ${values.noise}, intrinsic ${values.intrinsic}), ${epochs} epochs, ${cpus().length} CPUs, node ${process.version}`);
const { x, labels } = clusteredUnitVectors(n, d, clusters, 2026, Number(values.noise), Number(values.intrinsic));
const gemm = await loadGemm(values.js ? 'js' : 'auto');

let t0 = performance.now();
const knn = await exactKnn(x, n, d, 15, { gemm });
const knnSeconds = sec(t0);
t0 = performance.now();
const layout = UmapLayout.create(knn, { nEpochs: epochs, seed: 42 });
const graphSeconds = sec(t0);
t0 = performance.now();
layout.step(epochs);
const layoutSeconds = sec(t0);
const ours = knnSeconds + graphSeconds + layoutSeconds;
const oursPreservation = await neighbourhoodPreservation(x, n, d, layout.positions, { gemm });
log(`ours (${gemm.kind}): kNN ${knnSeconds.toFixed(1)} s + graph ${graphSeconds.toFixed(1)} s + layout ${layoutSeconds.toFixed(1)} s = ${ours.toFixed(1)} s; `
  + `preservation ${oursPreservation.toFixed(3)}, 1-NN purity ${purity(layout.positions, labels).toFixed(3)}`);

if (!values['no-umap-js']) {
  const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * d, i * d + d)));
  t0 = performance.now();
  const reference = new UMAP({ nNeighbors: 15, minDist: 0.1, nEpochs: epochs, random: mulberry32(42) });
  const theirs = Float32Array.from(reference.fit(rows).flat());
  const theirSeconds = sec(t0);
  const theirPreservation = await neighbourhoodPreservation(x, n, d, theirs, { gemm });
  log(`umap-js fit: ${theirSeconds.toFixed(1)} s; preservation ${theirPreservation.toFixed(3)}, 1-NN purity ${purity(theirs, labels).toFixed(3)}`);
  log(`speed-up ${(theirSeconds / ours).toFixed(1)}×; preservation difference ${(oursPreservation - theirPreservation).toFixed(3)}`);
}
await gemm.release();
