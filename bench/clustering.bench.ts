// Clustering metrics at the paper's scale: exact cosine silhouette (29,520 × 3072, M = 256; issue 8's goal is under
// 5 s with a native GEMM plugged into the dot kernel) and the k-means baseline: with the plain-JS float64 kernel of
// main/analysis, and (--onnx) with the rows × clusters products from ONNX Runtime's float32 GEMM
// (workers/ksae/gemm.ts), the way workers/ksae/silhouette.ts plugs it in.
// Usage: npx tsx bench/clustering.bench.ts [--n 29520] [--d 3072] [--m 256] [--onnx] [--no-js] [--kmeans]
// (--kmeans also runs k-means with k = m, one restart, through each selected kernel).
// Prints one line per measurement; data are seeded random clustered unit vectors (mulberry32).

import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { mulberry32 } from '../main/analysis/random.js';
import { clusterSums, silhouetteCosine, type DotKernel } from '../main/analysis/silhouette.js';
import { onnxGemm } from '../workers/ksae/gemm.js';
import { kMeans, kMeansAsync, type AsyncDotKernel } from '../main/analysis/kmeans.js';
import { normalizedMutualInformation } from '../main/analysis/clustering-agreement.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '29520' }, d: { type: 'string', default: '3072' }, m: { type: 'string', default: '256' }, kmeans: { type: 'boolean' }, onnx: { type: 'boolean' }, 'no-js': { type: 'boolean' } } });
const n = Number(values.n);
const d = Number(values.d);
const m = Number(values.m);

const rng = mulberry32(8);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const centres = new Float64Array(m * d).map(gauss);
const x = new Float32Array(n * d);
const labels = new Int32Array(n);
for (let i = 0; i < n; i++) {
  const c = Math.floor(rng() * m);
  labels[i] = c;
  let sq = 0;
  for (let j = 0; j < d; j++) {
    const v = centres[c * d + j] + 1.5 * gauss();
    x[i * d + j] = v;
    sq += v * v;
  }
  const inv = 1 / Math.sqrt(sq);
  for (let j = 0; j < d; j++) x[i * d + j] *= inv;
}

const cpu = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`;
let t0 = performance.now();
let jsScore: number | undefined;
if (!values['no-js']) {
  jsScore = silhouetteCosine(x, n, d, labels, m);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`silhouetteCosine, float64 JS kernel, n=${n} d=${d} M=${m}: ${seconds.toFixed(2)} s (${((2 * n * m * d) / seconds / 1e9).toFixed(2)} GFLOPS), score ${jsScore.toFixed(6)}; ${cpu}`);
}
if (values.onnx) {
  const gemm = await onnxGemm();
  if (!gemm) throw new Error('onnxruntime-node did not load');
  t0 = performance.now();
  const sums = clusterSums(x, n, d, labels, m);
  const sums32 = Float32Array.from(sums.sums);
  const dots = new Float32Array(n * m);
  const chunk = 8192;
  for (let from = 0; from < n; from += chunk) {
    const count = Math.min(chunk, n - from);
    dots.set(await gemm.nt(x.subarray(from * d, (from + count) * d), sums32, new Float32Array(m), count, d, m), from * m);
  }
  const kernel: DotKernel = (_x, _d, start, end, _sums, clusters, out) => { out.set(dots.subarray(start * clusters, end * clusters)); };
  const score = silhouetteCosine(x, n, d, labels, m, { dots: kernel, sums });
  const seconds = (performance.now() - t0) / 1000;
  const diff = jsScore === undefined ? '' : `, |Δ| vs float64 kernel ${Math.abs(score - jsScore).toExponential(1)}`;
  console.log(`silhouetteCosine, ONNX Runtime float32 GEMM, n=${n} d=${d} M=${m}: ${seconds.toFixed(2)} s (cluster sums and the O(n·d) passes included), score ${score.toFixed(6)}${diff}`);
  await gemm.release();
}
if (values.kmeans) {
  let js: Int32Array | undefined;
  if (!values['no-js']) {
    t0 = performance.now();
    const r = kMeans(x, n, d, m, { seed: 1, restarts: 1 });
    js = r.labels;
    console.log(`kMeans, float64 JS kernel, n=${n} d=${d} k=${m}, 1 restart: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${r.iterations} iterations, inertia ${r.inertia.toFixed(3)}`);
  }
  if (values.onnx) {
    const gemm = await onnxGemm();
    if (!gemm) throw new Error('onnxruntime-node did not load');
    const dots: AsyncDotKernel = async (rows, dim, start, end, centers, count, out) => {
      const y = await gemm.nt(rows.subarray(start * dim, end * dim), Float32Array.from(centers), new Float32Array(count), end - start, dim, count);
      for (let i = 0; i < y.length; i++) out[i] = y[i];
    };
    t0 = performance.now();
    const r = await kMeansAsync(x, n, d, m, { seed: 1, restarts: 1, dots, blockRows: 8192 });
    const agree = js ? `, NMI with the JS run ${normalizedMutualInformation(js, r.labels).toFixed(4)}` : '';
    console.log(`kMeansAsync, ONNX Runtime float32 GEMM, n=${n} d=${d} k=${m}, 1 restart: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${r.iterations} iterations, inertia ${r.inertia.toFixed(3)}${agree}`);
    await gemm.release();
  }
}
