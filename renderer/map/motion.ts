// Level of detail while the map moves. Without a GPU (SwiftShader) a frame's cost is the canvas's pixels plus every
// point's vertex work, so while the camera pans or zooms the point cloud draws a fixed-size, spatially stratified
// subsample at a lower canvas resolution, and the full set at full resolution once the view has settled — as map
// tools do. Selection, hover and lasso act on the full set: the subsample only exists while the view moves.

/** What the map draws while its view moves; `above`: the number of shown points from which it applies at all. */
export interface MotionLod {
  above: number;
  /** Points drawn while moving (about: every non-empty grid cell keeps at least one). */
  sample: number;
  /** Canvas resolution while moving, as a fraction of the device pixel ratio. */
  scale: number;
  /** Quiet time after the last camera change (with no button held) before the full set is drawn again. */
  settleMs: number;
}

export const DEFAULT_MOTION_LOD: MotionLod = { above: 50_000, sample: 30_000, scale: 0.5, settleMs: 150 };

const GRID = 64;

/** A fixed per-point key (a 32-bit integer hash of the index), so the same points are drawn every time. */
function pointKey(i: number): number {
  let h = Math.imul(i ^ 0x5bd1e995, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * About `max` of `indices` (all points when null), spread like the points themselves: the [-1, 1]² square is cut
 * into a 64 × 64 grid and each non-empty cell keeps ceil(its count × max / total) points, those with the smallest
 * keys, so sparse regions stay visible and dense clusters stay dense. Ascending indices (regl-scatterplot's filter
 * sorts what it gets with an insertion sort). Deterministic.
 */
export function stratifiedSample(x: ArrayLike<number>, y: ArrayLike<number>, indices: readonly number[] | null, max: number): number[] {
  const n = indices ? indices.length : x.length;
  const at = (k: number) => (indices ? indices[k] : k);
  if (n <= max) return Array.from({ length: n }, (_, k) => at(k)).sort((a, b) => a - b);
  const cellOf = (v: number) => Math.min(GRID - 1, Math.max(0, Math.floor(((v + 1) / 2) * GRID)));
  const cells = new Int32Array(n);
  const counts = new Int32Array(GRID * GRID + 1);
  for (let k = 0; k < n; k++) {
    const i = at(k);
    const c = cellOf(x[i]) * GRID + cellOf(y[i]);
    cells[k] = c;
    counts[c + 1]++;
  }
  // Counting sort by cell: each cell's points lie in byCell[start[c] .. start[c + 1]).
  const start = new Int32Array(GRID * GRID + 1);
  for (let c = 0; c < GRID * GRID; c++) start[c + 1] = start[c] + counts[c + 1];
  const fill = start.slice(0, GRID * GRID);
  const byCell = new Int32Array(n);
  for (let k = 0; k < n; k++) byCell[fill[cells[k]]++] = at(k);
  const ratio = max / n;
  const out: number[] = [];
  for (let c = 0; c < GRID * GRID; c++) {
    const [lo, hi] = [start[c], start[c + 1]];
    if (hi === lo) continue;
    const quota = Math.ceil((hi - lo) * ratio);
    const members = Array.from(byCell.subarray(lo, hi));
    if (quota < members.length) members.sort((a, b) => pointKey(a) - pointKey(b) || a - b);
    for (let m = 0; m < Math.min(quota, members.length); m++) out.push(members[m]);
  }
  return out.sort((a, b) => a - b);
}

/** The sorted union of two ascending index lists (the subsample and the selection, which stays drawn). */
export function unionSorted(a: readonly number[], b: readonly number[]): number[] {
  if (!b.length) return [...a];
  const sortedB = [...b].sort((p, q) => p - q);
  const out: number[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < sortedB.length) {
    const v = j >= sortedB.length || (i < a.length && a[i] <= sortedB[j]) ? a[i++] : sortedB[j++];
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/**
 * Makes window.devicePixelRatio read `factor` times its value until the returned function restores it.
 * regl-scatterplot sizes its canvases and points by that ratio (read on every frame), so this is how its canvas
 * resolution drops during motion with the points' on-screen size, the camera and the mouse mapping unchanged.
 */
export function scaleDevicePixelRatio(factor: number): () => void {
  const own = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio');
  const base = window.devicePixelRatio;
  Object.defineProperty(window, 'devicePixelRatio', { configurable: true, get: () => base * factor });
  return () => {
    if (own) Object.defineProperty(window, 'devicePixelRatio', own);
    else delete (window as { devicePixelRatio?: number }).devicePixelRatio;
  };
}
