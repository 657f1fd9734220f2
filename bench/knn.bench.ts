// Where the projection switches from the exact kNN (blocked GEMM, n²) to NN-descent (workers/umap/remote.ts,
// searchesExactly): both on the same seeded clustered unit vectors for growing n, CPU seconds (the machine is shared,
// so wall time says more about the other engineers' load than about the code), wall seconds and NN-descent's recall
// of the exact 15 neighbours. Usage: npx tsx bench/knn.bench.ts [--n 2000,5000,10000,20000] [--d 50,256]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { clusteredUnitVectors } from '../tests/umap/clustered.js';
import { loadGemm } from '../workers/ksae/gemm.js';
import { exactKnn } from '../workers/umap/knn.js';
import { nnDescent } from '../workers/umap/nn-descent.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '2000,5000,10000,20000' }, d: { type: 'string', default: '50,256' } } });
const gemm = await loadGemm();
const k = 15;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
console.log(`kNN bench, ${new Date().toISOString()}, GEMM ${gemm.kind}, load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
for (const d of values.d.split(',').map(Number)) for (const n of values.n.split(',').map(Number)) {
  const { x } = clusteredUnitVectors(n, d, 30, 3, 0.3, 3);
  let c = cpu(), t = performance.now();
  const exact = await exactKnn(x, n, d, k, { gemm });
  const exactCpu = cpu() - c, exactWall = (performance.now() - t) / 1000;
  c = cpu(); t = performance.now();
  const approx = nnDescent(x, n, d, k, { seed: 1 });
  const ndCpu = cpu() - c, ndWall = (performance.now() - t) / 1000;
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const want = new Set(exact.indices.subarray(i * k, i * k + k));
    for (let j = 0; j < k; j++) if (want.has(approx.indices[i * k + j])) hit++;
  }
  console.log(`n=${n} d=${d}: exact ${exactCpu.toFixed(2)} s CPU (${exactWall.toFixed(2)} s wall) | NN-descent ${ndCpu.toFixed(2)} s CPU (${ndWall.toFixed(2)} s wall), `
    + `recall@15 ${(hit / (n * k)).toFixed(4)}, ${approx.stats.rounds} rounds | load ${loadavg()[0].toFixed(1)}`);
}
await gemm.release();
