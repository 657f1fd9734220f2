// Density contours under the points: a kernel density of the shown points over a fixed grid in the map's
// normalised space (d3-contour), computed once per set of shown points; panning and zooming only move them (an
// affine transform from grid units to canvas pixels taken from the plot's camera), so they stay in data space.
// Pure apart from the painter for the PNG export.
import { contourDensity } from 'd3-contour';
import type { ViewInfo } from './PointCloud.js';

/** Grid units across the normalised square [-1, 1]². */
export const CONTOUR_GRID = 512;
/** Density levels drawn (d3 picks "nice" thresholds near this many). */
const LEVELS = 8;
/** Kernel bandwidth in grid units: about 1.5% of the map's width. */
const BANDWIDTH = 8;
export const CONTOUR_FILL = '#5b6b85';
export const CONTOUR_STROKE = '#41506a';

/** One density level: its threshold and its outline as an SVG path in grid units (y down). */
export interface DensityContour { value: number; path: string }

/** Grid coordinates of a normalised point (y flipped, so grid y grows downward as screen y does). */
export const toGrid = (x: number, y: number): [number, number] => [((x + 1) / 2) * CONTOUR_GRID, ((1 - y) / 2) * CONTOUR_GRID];

function ringsToPath(coordinates: number[][][][]): string {
  let d = '';
  for (const polygon of coordinates) {
    for (const ring of polygon) {
      ring.forEach(([x, y], k) => { d += `${k ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`; });
      d += 'Z';
    }
  }
  return d;
}

/** The density contours of the points `shown` (all when null), lowest level first; none for fewer than 3 points. */
export function densityContours(x: Float32Array, y: Float32Array, shown: number[] | null): DensityContour[] {
  const idx = shown ?? Array.from({ length: x.length }, (_, i) => i);
  if (idx.length < 3) return [];
  const density = contourDensity<number>()
    .x((i) => toGrid(x[i], y[i])[0])
    .y((i) => toGrid(x[i], y[i])[1])
    .size([CONTOUR_GRID, CONTOUR_GRID])
    .cellSize(4)
    .bandwidth(BANDWIDTH)
    .thresholds(LEVELS);
  return density(idx)
    .filter((c) => c.coordinates.length > 0)
    .map((c) => ({ value: c.value, path: ringsToPath(c.coordinates as number[][][][]) }));
}

/** [a, d, e, f] of the SVG/canvas matrix(a, 0, 0, d, e, f) taking grid units to canvas pixels under the view. */
export function gridTransform(view: Pick<ViewInfo, 'toScreen'>): [number, number, number, number] {
  const [bx, by] = view.toScreen(0, 0);
  const ax = (view.toScreen(1, 0)[0] - view.toScreen(-1, 0)[0]) / 2;
  const ay = (view.toScreen(0, 1)[1] - view.toScreen(0, -1)[1]) / 2;
  return [(2 * ax) / CONTOUR_GRID, (-2 * ay) / CONTOUR_GRID, bx - ax, by + ay];
}

/** Fill opacity of each level: the levels nest, so denser regions darken as their fills stack. */
export const LEVEL_OPACITY = 0.07;

/** Paints the contours into a canvas at `scale` device pixels per CSS pixel (the PNG export, under the points). */
export function paintContours(ctx: CanvasRenderingContext2D, contours: DensityContour[], view: Pick<ViewInfo, 'toScreen'>, scale: number): void {
  const [a, d, e, f] = gridTransform(view);
  ctx.save();
  for (const c of contours) {
    ctx.setTransform(a * scale, 0, 0, d * scale, e * scale, f * scale);
    const p = new Path2D(c.path);
    ctx.globalAlpha = LEVEL_OPACITY;
    ctx.fillStyle = CONTOUR_FILL;
    ctx.fill(p, 'evenodd');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }
  ctx.restore();
}
