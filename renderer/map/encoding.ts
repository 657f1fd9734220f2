// Pure data shaping for the map view: projection coordinates to regl-scatterplot's normalised space, a colour
// encoding (category index per point, one colour per index), the legend, which points are shown, and the plotted
// points as CSV rows. No DOM, so it is unit-tested in Node.
import type { MapBounds, MapCategory, MapPoints } from '../../main/api/contract/index.js';
import { conditionColor } from '../../main/figures/theme.js';

export const COLOR_BYS = ['theme', 'code', 'condition', 'round', 'scenario', 'score', 'none'] as const;
export type ColorBy = (typeof COLOR_BYS)[number];

/** Unselected points when a selection exists, and points without a value. */
export const GREY = '#c3c8d0';
export const MISSING_LABEL = '(none)';
/** Colour steps of a continuous encoding (one extra index holds missing values). */
export const CONTINUOUS_STEPS = 64;
/** Room left around the points so the outermost ones are not cut by the canvas edge. */
const PADDING = 1.05;

/** Categories beyond 20 reuse colours; the legend still lists each by name. */
const CATEGORY_PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#17becf',
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#aec7e8', '#ffbb78',
];
/** Viridis, sampled at nine stops and interpolated between them. */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

/** Positions in [-1, 1], one scale for both axes so the map keeps its aspect. */
export interface Normalised { x: Float32Array; y: Float32Array; toNdc: (x: number, y: number) => [number, number] }

export function normalise(x: ArrayLike<number>, y: ArrayLike<number>, b: MapBounds): Normalised {
  const cx = (b.xMin + b.xMax) / 2;
  const cy = (b.yMin + b.yMax) / 2;
  const half = (Math.max(b.xMax - b.xMin, b.yMax - b.yMin) / 2) * PADDING || 1;
  const toNdc = (px: number, py: number): [number, number] => [(px - cx) / half, (py - cy) / half];
  const nx = new Float32Array(x.length);
  const ny = new Float32Array(y.length);
  for (let i = 0; i < x.length; i++) {
    nx[i] = (x[i] - cx) / half;
    ny[i] = (y[i] - cy) / half;
  }
  return { x: nx, y: ny, toNdc };
}

/** The bounds of live positions (a running projection's preview carries none). */
export function boundsOf(x: ArrayLike<number>, y: ArrayLike<number>): MapBounds {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < xMin) xMin = x[i];
    if (x[i] > xMax) xMax = x[i];
    if (y[i] < yMin) yMin = y[i];
    if (y[i] > yMax) yMax = y[i];
  }
  return x.length ? { xMin, xMax, yMin, yMax } : { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
}

export interface LegendItem {
  /** The colour index points of this item carry. */
  index: number;
  value: string | null;
  label: string;
  color: string;
  count: number;
}

export interface Encoding {
  colorBy: ColorBy;
  kind: 'categorical' | 'continuous';
  /** Per point: an index into `colors`. */
  values: Float32Array;
  colors: string[];
  /** One item per category (continuous: only the missing values, when there are any). */
  legend: LegendItem[];
  /** Continuous only: the value range the colour steps span, and the ramp. */
  range: { min: number; max: number; ramp: string[]; title: string } | null;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** `steps` colours evenly along VIRIDIS. */
export function ramp(steps: number): string[] {
  const stops = VIRIDIS.map(hexToRgb);
  return Array.from({ length: steps }, (_, i) => {
    const t = steps === 1 ? 0 : (i / (steps - 1)) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    const rgb = stops[k].map((c, j) => Math.round(c + (stops[k + 1][j] - c) * f));
    return '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join('');
  });
}

function categorical(colorBy: ColorBy, cat: MapCategory, colorOf: (value: string, i: number) => string): Encoding {
  const k = cat.values.length;
  const values = new Float32Array(cat.codes.length);
  const counts = new Array<number>(k + 1).fill(0);
  cat.codes.forEach((c, i) => {
    const idx = c >= 0 && c < k ? c : k;
    values[i] = idx;
    counts[idx]++;
  });
  const colors = [...cat.values.map((v, i) => colorOf(v, i)), GREY];
  const legend: LegendItem[] = cat.values.map((v, i) => ({ index: i, value: v, label: cat.labels[i] ?? v, color: colors[i], count: counts[i] }));
  if (counts[k] > 0) legend.push({ index: k, value: null, label: MISSING_LABEL, color: GREY, count: counts[k] });
  return { colorBy, kind: 'categorical', values, colors, legend, range: null };
}

function continuous(score: NonNullable<MapPoints['score']>): Encoding {
  const { values: raw } = score;
  const min = score.min ?? 0;
  const max = score.max ?? 0;
  const span = max - min;
  const values = new Float32Array(raw.length);
  let missing = 0;
  raw.forEach((v, i) => {
    if (v == null) {
      values[i] = CONTINUOUS_STEPS;
      missing++;
    } else {
      values[i] = span > 0 ? Math.round(((v - min) / span) * (CONTINUOUS_STEPS - 1)) : 0;
    }
  });
  const colors = [...ramp(CONTINUOUS_STEPS), GREY];
  const legend: LegendItem[] = missing ? [{ index: CONTINUOUS_STEPS, value: null, label: 'no score', color: GREY, count: missing }] : [];
  return { colorBy: 'score', kind: 'continuous', values, colors, legend, range: { min, max, ramp: colors.slice(0, CONTINUOUS_STEPS), title: `${score.dimension}` } };
}

/** The colour encoding of `colorBy`, or a single colour when the attribute is absent (no theme model, no score set). */
export function encode(points: MapPoints, colorBy: ColorBy): Encoding {
  const a = points.attributes;
  if (colorBy === 'condition') return categorical(colorBy, a.condition, (v, i) => conditionColor(v, i));
  if (colorBy === 'round') return categorical(colorBy, a.round, (_v, i) => CATEGORY_PALETTE[i % CATEGORY_PALETTE.length]);
  if (colorBy === 'scenario') return categorical(colorBy, a.scenario, (_v, i) => CATEGORY_PALETTE[i % CATEGORY_PALETTE.length]);
  if (colorBy === 'theme' && a.theme) return categorical(colorBy, a.theme, (_v, i) => CATEGORY_PALETTE[i % CATEGORY_PALETTE.length]);
  // The codebook's own colours, so a code looks the same here as on the coding page; uncoded points are grey.
  if (colorBy === 'code' && a.code) return categorical(colorBy, a.code, (_v, i) => a.code!.colors[i] ?? GREY);
  if (colorBy === 'score' && points.score) return continuous(points.score);
  return { colorBy: 'none', kind: 'categorical', values: new Float32Array(points.n), colors: ['#4e79a7'], legend: [], range: null };
}

/**
 * Indices of the points to draw: those the filter keeps (`visible`, null = all) whose colour index is not hidden.
 * Null when every point is shown, so the view can skip filtering.
 */
export function shownIndices(n: number, visible: number[] | null, values: Float32Array, hidden: ReadonlySet<number>): number[] | null {
  if (!visible && hidden.size === 0) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (visible && !visible[i]) continue;
    if (hidden.size && hidden.has(values[i])) continue;
    out.push(i);
  }
  return out.length === n ? null : out;
}

function categoryValue(cat: MapCategory | null, i: number): string | null {
  if (!cat) return null;
  const c = cat.codes[i];
  return c >= 0 && c < cat.values.length ? cat.values[c] : null;
}

/** The plotted points (shown ones, in projection order) as CSV rows: key, position and every attribute. */
export function pointRows(p: MapPoints, shown: number[] | null): Record<string, unknown>[] {
  const idx = shown ?? Array.from({ length: p.n }, (_, i) => i);
  const a = p.attributes;
  return idx.map((i) => ({
    index: i,
    conversation_id: p.conversations[p.conversation[i]],
    turn: p.turn[i],
    sentence_index: p.sentenceIndex[i],
    x: p.x[i],
    y: p.y[i],
    condition: categoryValue(a.condition, i),
    round: categoryValue(a.round, i),
    scenario: categoryValue(a.scenario, i),
    ...(a.theme ? { theme: categoryValue(a.theme, i) } : {}),
    ...(a.code ? { code: attributeOf(a.code, i)?.label ?? null } : {}),
    ...(p.score ? { [`score_${p.score.dimension}`]: p.score.values[i] } : {}),
  }));
}

/** A value of a categorical attribute of point i, for the tooltip. */
export function attributeOf(cat: MapCategory | null, i: number): { value: string; label: string } | null {
  if (!cat) return null;
  const c = cat.codes[i];
  return c >= 0 && c < cat.values.length ? { value: cat.values[c], label: cat.labels[c] ?? cat.values[c] } : null;
}
