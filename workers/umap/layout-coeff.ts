// The layout's two gradient coefficients as functions of the squared distance d², read from tables instead of
// computed: attraction −2ab·d²^(b−1)/(a·d²^b + 1) and repulsion 2γb/((0.001 + d²)(a·d²^b + 1)), umap-learn's.
// They are evaluated about 2·10⁸ times per 30,000-point layout, and the power (even as 2^(b·log₂ d²) from tables)
// and the division were most of a negative sample's cost. A table is indexed by d²'s float32 bits: exponent and
// top 10 mantissa bits pick a node (1,024 per power of two, so the nodes are evenly spaced within each binade
// and consecutive across binades), the remaining 13 bits interpolate linearly to the next node. Relative error
// below 2e-6 for min_dist 0.001–0.99 (tests/umap/layout-coeff.test.ts), far under the noise of the SGD's
// sampling. Outside 2⁻⁴⁰ ≤ d² < 2⁴⁰ (never met in a layout; beyond it float32 nodes would lose precision) the
// formula is used. The tables depend on a, b and γ only, so each thread builds them once per curve (82,000 nodes,
// one power each).

const MANTISSA_BITS = 10;
const LOW_BITS = 23 - MANTISSA_BITS;
const FRACTION = 1 / (1 << LOW_BITS);
/** Float32 bit patterns of 2⁻⁴⁰ and 2⁴⁰, the range the tables cover. */
const LOWEST = (127 - 40) << 23, HIGHEST = (127 + 40) << 23;
const FIRST = LOWEST >>> LOW_BITS;
const NODES = (HIGHEST >>> LOW_BITS) - FIRST + 1;

const f32 = new Float32Array(1);
const bits32 = new Int32Array(f32.buffer);

export interface GradientTables {
  a: number; b: number; gamma: number;
  attract: Float32Array; repel: Float32Array;
}

export function exactAttraction(a: number, b: number, d2: number): number {
  const pb = Math.pow(d2, b);
  return (-2 * a * b * (pb / d2)) / (a * pb + 1);
}

export function exactRepulsion(a: number, b: number, gamma: number, d2: number): number {
  return (2 * gamma * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
}

let last: GradientTables | null = null;

/** The tables of one curve (the last one built is kept: a thread runs one layout at a time). */
export function gradientTables(a: number, b: number, gamma: number): GradientTables {
  if (last && last.a === a && last.b === b && last.gamma === gamma) return last;
  const attract = new Float32Array(NODES), repel = new Float32Array(NODES);
  for (let i = 0; i < NODES; i++) {
    const node = i + FIRST;
    const x = Math.pow(2, (node >>> MANTISSA_BITS) - 127) * (1 + (node & ((1 << MANTISSA_BITS) - 1)) / (1 << MANTISSA_BITS));
    const pb = Math.pow(x, b);
    attract[i] = (-2 * a * b * (pb / x)) / (a * pb + 1);
    repel[i] = (2 * gamma * b) / ((0.001 + x) * (a * pb + 1));
  }
  last = { a, b, gamma, attract, repel };
  return last;
}

/** The attraction coefficient at d² > 0. */
export function attraction(t: GradientTables, d2: number): number {
  f32[0] = d2;
  const bits = bits32[0];
  if (bits < LOWEST || bits >= HIGHEST) return exactAttraction(t.a, t.b, d2);
  const i = (bits >>> LOW_BITS) - FIRST, lo = t.attract[i];
  return lo + (bits & ((1 << LOW_BITS) - 1)) * FRACTION * (t.attract[i + 1] - lo);
}

/** The repulsion coefficient at d² > 0. */
export function repulsion(t: GradientTables, d2: number): number {
  f32[0] = d2;
  const bits = bits32[0];
  if (bits < LOWEST || bits >= HIGHEST) return exactRepulsion(t.a, t.b, t.gamma, d2);
  const i = (bits >>> LOW_BITS) - FIRST, lo = t.repel[i];
  return lo + (bits & ((1 << LOW_BITS) - 1)) * FRACTION * (t.repel[i + 1] - lo);
}
