// Krippendorff's alpha with 1,000 bootstrap replicates at the 100x study's size: 290,400 conversations rated by
// two raters on 1-5, six dimensions (as `agreement` runs them), seeded. Usage: npx tsx bench/alpha.bench.ts [--units N]
import { parseArgs } from 'node:util';
import { krippendorffAlphaBootstrap } from '../main/analysis/krippendorff.js';
import { mulberry32 } from '../main/analysis/random.js';

const { values } = parseArgs({ options: { units: { type: 'string', default: '290400' } } });
const U = Number(values.units);
const rng = mulberry32(5);
const times: number[] = [];
for (let d = 0; d < 6; d++) {
  const a = new Float64Array(U);
  const b = new Float64Array(U);
  for (let i = 0; i < U; i++) {
    a[i] = 1 + Math.floor(rng() * 5);
    b[i] = Math.max(1, Math.min(5, a[i] + Math.floor(rng() * 3) - 1));
  }
  const t0 = performance.now();
  const r = krippendorffAlphaBootstrap([a, b], { reps: 1000 });
  times.push(performance.now() - t0);
  process.stderr.write(`dimension ${d + 1}: alpha ${r.alpha.toFixed(4)} [${r.ci.map((x) => x.toFixed(4)).join(', ')}] ${times[d].toFixed(0)} ms\n`);
}
console.log(`| alpha bootstrap | ${U.toLocaleString('en')} units × 2 raters, 6 dimensions, 1,000 replicates each | ${(times.reduce((x, y) => x + y, 0) / 1000).toFixed(2)} s in all | goal ≤ 2 s |`);
