// Seeded synthetic embeddings for kSAE tests: unit vectors scattered around a few unit centres.
import { mulberry32 } from '../../main/analysis/random.js';

export interface Synthetic {
  data: Float32Array;
  n: number;
  d: number;
  /** The centre each row was drawn around. */
  cluster: Int32Array;
}

/** n unit vectors in d dimensions around `clusters` random unit centres, with spread `noise`. */
export function clusteredUnitVectors(n: number, d: number, clusters: number, seed: number, noise = 0.3): Synthetic {
  const rng = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const centres = new Float64Array(clusters * d).map(gauss);
  const data = new Float32Array(n * d);
  const cluster = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const c = r % clusters;
    cluster[r] = c;
    let cn = 0;
    for (let i = 0; i < d; i++) cn += centres[c * d + i] ** 2;
    let s = 0;
    const v = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      v[i] = centres[c * d + i] / Math.sqrt(cn) + (noise / Math.sqrt(d)) * gauss();
      s += v[i] * v[i];
    }
    for (let i = 0; i < d; i++) data[r * d + i] = v[i] / Math.sqrt(s);
  }
  return { data, n, d, cluster };
}
